"""The detection pipeline: ``spacy.blank("en")``, a candidate tokenizer and six registered components.

    tokenizer          candidate lines of a Document -> Doc of canonical words (candidates.py)
    credscan_sections  section headings -> doc.spans["credscan_sections"]
    credscan_kind      resume or posting, with a confidence
    credscan_matcher   exact names, aliases, exam codes -> doc.spans["credscan_candidates"]
    credscan_fuzzy     typos and word-order variants (rapidfuzz) -> more candidates
    credscan_resolve   generic-alias guard, redirects, overlaps -> doc.spans["credscan_mentions"]
    credscan_context   status (resume) / level and alternatives (posting) on each mention

Components get the lexicon through their config (a list of extra lexicon files, JSON-safe), and
load it through one cache, so building a pipeline parses the YAML once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

from scanner.lexicon import Lexicon, cached_lexicon
from scanner.pipeline.words import Canon, build_canon

COMPONENTS = (
    "credscan_sections",
    "credscan_kind",
    "credscan_matcher",
    "credscan_fuzzy",
    "credscan_resolve",
    "credscan_context",
)


def get_lexicon(files: Sequence[str | Path] = ()) -> Lexicon:
    return cached_lexicon(files)


# derived from the lexicon, cached on its content version so an edited lexicon is never stale
@lru_cache(maxsize=8)
def _cached_canon(files: tuple[str, ...], version: str) -> Canon:
    return build_canon(cached_lexicon(files))


def get_canon(files: Sequence[str | Path] = ()) -> Canon:
    lexicon = cached_lexicon(files)
    return _cached_canon(tuple(str(f) for f in files), lexicon.version)


@lru_cache(maxsize=8)
def _cached_patterns(files: tuple[str, ...], version: str):
    from scanner.pipeline.matcher import pattern_table

    return pattern_table(cached_lexicon(files), get_canon(files))


def get_patterns(files: Sequence[str | Path] = ()):
    """The matcher's pattern table (shared by the exact and the fuzzy matcher)."""
    return _cached_patterns(tuple(str(f) for f in files), cached_lexicon(files).version)


def build_pipeline(lexicon_files: Sequence[str | Path] = (), *, as_of_year: int = 0) -> Language:
    """A ready pipeline over the shipped lexicon plus ``lexicon_files``.

    ``as_of_year`` is the year past date ranges are judged against (0: this year).
    Raises ``LexiconError`` when a lexicon file is wrong.
    """
    # importing the modules registers the factories
    from scanner.pipeline import candidates, context, fuzzy, kind, matcher, resolve, sections  # noqa: F401

    files = [str(f) for f in lexicon_files]
    lexicon = get_lexicon(files)
    tokenizer = {"@tokenizers": "credscan_candidates.v1", "lexicon_files": files}
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": tokenizer}})
    for name in COMPONENTS:
        config: dict[str, object] = {"lexicon_files": files}
        if name == "credscan_context":
            config["as_of_year"] = as_of_year
        nlp.add_pipe(name, config=config)
    nlp.meta["credscan_lexicon_version"] = lexicon.version
    return nlp


_shared: dict[tuple[tuple[str, ...], str, int], Language] = {}


def shared_pipeline(lexicon_files: Sequence[str | Path] = ()) -> Language:
    """One pipeline per process for these lexicon files, rebuilt when a file or the year changes.

    Batch workers use this: the forkserver builds the default one before it forks them (see
    ``scanner.pipeline.preload``), so a worker, or the replacement for one cut off by the time
    limit, starts scanning at once instead of spending ~0.1 s building its own.
    """
    files = tuple(str(f) for f in lexicon_files)
    key = (files, cached_lexicon(files).version, dt.date.today().year)
    nlp = _shared.get(key)
    if nlp is None:
        _shared.clear()
        nlp = _shared[key] = build_pipeline(files)
    return nlp
