"""Load and validate the lexicon: the credentials, near misses, section headings and cues.

The lexicon is data a recruiter reads and extends (``lexicons/*.yaml``, or their own files given
with ``--lexicon``), so every mistake in it is reported with the file, the entry, the field and
what was expected, all at once rather than one per run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.resources
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml

_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Category = Literal["cloud-certification", "framework-certificate", "foundational-specialization"]
Cloud = Literal["aws", "gcp", "azure", "none"]
Lifecycle = Literal["active", "retired", "closed"]
Direction = Literal["forward", "backward", "bidirectional"]

CATEGORIES = ("cloud-certification", "framework-certificate", "foundational-specialization")
CLOUDS = ("aws", "gcp", "azure", "none")
LIFECYCLES = ("active", "retired", "closed")
DIRECTIONS = ("forward", "backward", "bidirectional")
# "prep": a prep course, practice exams, training videos named with the credential: the name is
# the material's subject, not a claim of the credential (the mention becomes the near miss PREP_ID)
RESUME_CUES = ("earned", "in-progress", "planned", "expired", "mentioned", "prep")
POSTING_CUES = ("required", "preferred", "mentioned", "prep")
PREP_ID = "exam-prep"
ROLES = ("credentials", "education", "experience", "skills", "summary", "other")
LEVELS = ("required", "preferred", "mentioned")

BUILTIN_FILES = ("credentials.yaml", "near_misses.yaml", "sections.yaml", "cues.yaml")


class LexiconError(ValueError):
    """The lexicon data is wrong. ``problems`` lists one ``file: entry: field: expected`` each."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True, slots=True)
class Fact:
    """A fact from the field guide or an issuer page, and how far to trust it."""

    source: str = "unknown"
    verified: bool = False


@dataclass(frozen=True, slots=True)
class StudyHours(Fact):
    low: int | None = None
    high: int | None = None
    note: str | None = None

    def text(self) -> str:
        if self.low is None:
            return "unknown"
        span = f"{self.low}" if self.high in (None, self.low) else f"{self.low}-{self.high}"
        return f"~{span} h" if self.high in (None, self.low) else f"{span} h"


@dataclass(frozen=True, slots=True)
class Cost(Fact):
    usd: int | None = None
    text: str = "unknown"


@dataclass(frozen=True, slots=True)
class SalaryImpact(Fact):
    text: str = "unknown"
    low_usd: int | None = None
    high_usd: int | None = None


@dataclass(frozen=True, slots=True)
class Validity(Fact):
    years: int | None = None


@dataclass(frozen=True, slots=True)
class Status(Fact):
    value: Lifecycle = "active"
    date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Redirect:
    """Words on the same line that mean a look-alike was meant (e.g. Coursera's TensorFlow course)."""

    when_line_has: tuple[str, ...]
    to: str


@dataclass(frozen=True, slots=True)
class Credential:
    id: str
    name: str
    issuer: str
    category: Category
    cloud: Cloud
    short_name: str = ""
    aliases: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    generic: tuple[str, ...] = ()
    study_hours: StudyHours = field(default_factory=StudyHours)
    cost: Cost = field(default_factory=Cost)
    salary_impact: SalaryImpact = field(default_factory=SalaryImpact)
    validity: Validity = field(default_factory=Validity)
    status: Status = field(default_factory=Status)
    successors: tuple[str, ...] = ()
    redirect: Redirect | None = None
    note: str | None = None

    @property
    def label(self) -> str:
        return self.short_name or self.name

    @property
    def can_earn(self) -> bool:
        return self.status.value == "active"


@dataclass(frozen=True, slots=True)
class NearMiss:
    id: str
    name: str
    issuer: str = ""
    aliases: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    generic: tuple[str, ...] = ()
    looks_like: str | None = None
    successor: str | None = None

    @property
    def label(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True)
class Section:
    name: str
    headings: tuple[str, ...]
    role: str | None = None
    level: str | None = None


@dataclass(frozen=True, slots=True)
class Cue:
    literal: str
    category: str
    direction: Direction
    applies_to: Literal["resume", "posting"]
    until: bool = False  # its year is when the credential lapses, not when it was earned


@dataclass(frozen=True, slots=True)
class Lexicon:
    credentials: tuple[Credential, ...]
    near_misses: tuple[NearMiss, ...]
    sections: tuple[Section, ...]
    cues: tuple[Cue, ...]
    spellings: Mapping[str, tuple[str, ...]]
    phrases: Mapping[str, tuple[str, ...]]
    version: str
    files: tuple[str, ...]
    title_words: tuple[str, ...] = ()
    credential_words: tuple[str, ...] = ()
    job_words: tuple[str, ...] = ()  # a line with one is a job held ("Senior", "Lead", "II")
    other_issuers: tuple[str, ...] = ()  # a generic name beside one of these is another school's
    job_nouns: tuple[str, ...] = ()  # right after a title-like name: a job ("… Specialist role")
    issuer_hints: tuple[str, ...] = ()  # words that name a generic alias's issuer ("Coursera", "Andrew Ng")
    abbreviations: tuple[str, ...] = ()  # a full stop after these ends a word, not a sentence
    reach_filler: tuple[str, ...] = ()  # words a redirect's reach does not count ("issued by", "via")
    # a table cell under a cue's column ("Required" / "Obbligatoria": "Yes" / "Sì")
    affirmative_words: tuple[str, ...] = ()
    negative_words: tuple[str, ...] = ()
    date_fields: tuple[str, ...] = ()  # a record's date keys: a past year there means earned
    index: Mapping[str, Credential | NearMiss] = field(default_factory=dict, repr=False, compare=False)

    def credential(self, credential_id: str) -> Credential:
        entry = self.index.get(credential_id)
        if not isinstance(entry, Credential):
            raise KeyError(credential_id)
        return entry

    def entry(self, entry_id: str) -> Credential | NearMiss | None:
        return self.index.get(entry_id)

    def name_of(self, entry_id: str) -> str:
        entry = self.entry(entry_id)
        return entry.name if entry else entry_id


# --- validation -------------------------------------------------------------------------------

_CRED_KEYS = {
    "id": str, "name": str, "short_name": str, "issuer": str, "category": str, "cloud": str,
    "aliases": list, "codes": list, "generic": list, "study_hours": dict, "cost": dict,
    "salary_impact": dict, "validity": dict, "status": dict, "successors": list,
    "redirect": dict, "note": str,
}
_NEAR_KEYS = {
    "id": str, "name": str, "issuer": str, "aliases": list, "codes": list, "generic": list,
    "looks_like": str, "successor": str,
}
_FACT_KEYS: dict[str, dict[str, tuple[type, ...]]] = {
    "study_hours": {"low": (int,), "high": (int,), "note": (str,)},
    "cost": {"usd": (int,), "text": (str,)},
    "salary_impact": {"text": (str,), "low_usd": (int,), "high_usd": (int,)},
    "validity": {"years": (int, type(None))},
    "status": {"value": (str,), "date": (dt.date, str)},
}
_FACT_TYPES = {
    "study_hours": StudyHours, "cost": Cost, "salary_impact": SalaryImpact,
    "validity": Validity, "status": Status,
}
# plain word lists a lexicon file may hold at its top, each merged over the files
WORD_LISTS = ("title_words", "credential_words", "job_words", "job_nouns", "other_issuers", "issuer_hints",
              "abbreviations", "reach_filler", "affirmative_words", "negative_words", "date_fields")
_TOP_KEYS = {"version", "credentials", "near_misses", "sections", "cues", "spellings", "phrases",
             *WORD_LISTS}


class _Checker:
    """Collects problems so a user sees every mistake in one run."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def keys(self, where: str, data: Mapping[str, Any], allowed: Mapping[str, Any]) -> None:
        for key in data:
            if key not in allowed:
                self.add(where, f"unknown field {key!r} (allowed: {', '.join(sorted(allowed))})")
        for key, typ in allowed.items():
            if key in data and data[key] is not None and not isinstance(data[key], typ):
                self.add(f"{where}: {key}", f"expected {_type_name(typ)}, got {_type_name(type(data[key]))}")

    def strings(self, where: str, values: Any) -> tuple[str, ...]:
        out = []
        for i, value in enumerate(values or ()):
            if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip():
                out.append(str(value).strip())
            else:
                self.add(f"{where}[{i}]", f"expected a non-empty text, got {value!r}")
        return tuple(out)

    def choice(self, where: str, value: Any, allowed: Iterable[str]) -> None:
        allowed = tuple(allowed)
        if value not in allowed:
            self.add(where, f"expected one of {', '.join(allowed)}, got {value!r}")


def _type_name(typ: Any) -> str:
    names = {str: "a text", int: "a whole number", list: "a list", dict: "a mapping", bool: "true/false"}
    if isinstance(typ, tuple):
        return " or ".join(names.get(t, t.__name__) for t in typ)
    return names.get(typ, typ.__name__)


def _fact(check: _Checker, where: str, name: str, data: Mapping[str, Any]) -> Fact:
    allowed = {**_FACT_KEYS[name], "source": (str,), "verified": (bool,)}
    check.keys(where, data, allowed)
    kwargs = {k: v for k, v in data.items() if k in allowed}
    if name == "status":
        check.choice(f"{where}: value", data.get("value", "active"), LIFECYCLES)
        if isinstance(kwargs.get("date"), str):
            try:
                kwargs["date"] = dt.date.fromisoformat(kwargs["date"])
            except ValueError:
                check.add(f"{where}: date", f"expected a date YYYY-MM-DD, got {kwargs['date']!r}")
                kwargs["date"] = None
    return _FACT_TYPES[name](**kwargs)


def _credential(check: _Checker, where: str, data: Mapping[str, Any], base: Credential | None) -> Credential | None:
    check.keys(where, data, _CRED_KEYS)
    if base is None:
        for key in ("id", "name", "issuer", "category", "cloud"):
            if not data.get(key):
                check.add(where, f"missing field {key!r} (a new credential needs id, name, issuer, category, cloud)")
        if any(not isinstance(data.get(k), str) or not data[k].strip() for k in ("id", "name")):
            return None
    kwargs: dict[str, Any] = {}
    for key in ("id", "name", "short_name", "issuer", "category", "cloud", "note"):
        if isinstance(data.get(key), str):
            kwargs[key] = data[key].strip()
    if "category" in kwargs:
        check.choice(f"{where}: category", kwargs["category"], CATEGORIES)
    if "cloud" in kwargs:
        check.choice(f"{where}: cloud", kwargs["cloud"], CLOUDS)
    for key in ("aliases", "codes", "generic", "successors"):
        if isinstance(data.get(key), list):
            values = check.strings(f"{where}: {key}", data[key])
            kwargs[key] = tuple(dict.fromkeys((*getattr(base, key), *values))) if base else values
    for key in _FACT_TYPES:
        if isinstance(data.get(key), dict):
            kwargs[key] = _fact(check, f"{where}: {key}", key, data[key])
    if isinstance(data.get("redirect"), dict):
        red = data["redirect"]
        check.keys(f"{where}: redirect", red, {"when_line_has": list, "to": str})
        if not red.get("to") or not red.get("when_line_has"):
            check.add(f"{where}: redirect", "expected both 'when_line_has' (a list) and 'to' (an id)")
        else:
            kwargs["redirect"] = Redirect(check.strings(f"{where}: redirect", red["when_line_has"]), red["to"])
    if base is not None:
        return replace(base, **kwargs)
    kwargs.setdefault("issuer", "")
    kwargs.setdefault("category", "cloud-certification")
    kwargs.setdefault("cloud", "none")
    return Credential(**kwargs)


_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MIN_NAME_CHARS = 4  # letters and digits: "ML" would match in every other resume


def _check_entry(check: _Checker, where: str, data: Mapping[str, Any]) -> None:
    """What a well-formed entry can still get wrong: a name too short to name anything, ranges
    upside down, negative money or years."""
    names = [data.get("name"), *(data.get("aliases") or ())]
    for name in names:
        if isinstance(name, str) and sum(ch.isalnum() for ch in name) < MIN_NAME_CHARS:
            check.add(f"{where}: name/aliases", f"{name!r} is too short to name a credential (it would match "
                                                 f"everywhere); at least {MIN_NAME_CHARS} letters or digits")
    pairs = (("study_hours", "low", "high"), ("salary_impact", "low_usd", "high_usd"))
    for fact, lo, hi in pairs:
        values = data.get(fact)
        if isinstance(values, dict):
            a, b = values.get(lo), values.get(hi)
            for k, v in ((lo, a), (hi, b)):
                if isinstance(v, int | float) and v < 0:
                    check.add(f"{where}: {fact}: {k}", f"must not be negative, got {v}")
            if isinstance(a, int | float) and isinstance(b, int | float) and a > b:
                check.add(f"{where}: {fact}", f"{lo} {a} is more than {hi} {b}")
    for fact, k in (("cost", "usd"), ("validity", "years")):
        values = data.get(fact)
        if isinstance(values, dict) and isinstance(values.get(k), int | float) and values[k] < 0:
            check.add(f"{where}: {fact}: {k}", f"must not be negative, got {values[k]}")


def _near_miss(check: _Checker, where: str, data: Mapping[str, Any], base: NearMiss | None) -> NearMiss | None:
    check.keys(where, data, _NEAR_KEYS)
    if base is None and (not data.get("id") or not data.get("name")):
        check.add(where, "missing field 'id' or 'name' (a near miss needs both)")
        return None
    if base is None and not (isinstance(data["id"], str) and isinstance(data["name"], str)):
        return None  # keys() has said what type was expected
    kwargs: dict[str, Any] = {k: data[k].strip() for k in ("id", "name", "issuer", "looks_like", "successor") if isinstance(data.get(k), str)}
    for key in ("aliases", "codes", "generic"):
        if isinstance(data.get(key), list):
            values = check.strings(f"{where}: {key}", data[key])
            kwargs[key] = tuple(dict.fromkeys((*getattr(base, key), *values))) if base else values
    return replace(base, **kwargs) if base else NearMiss(**kwargs)


def _variants(check: _Checker, where: str, data: Any) -> dict[str, tuple[str, ...]]:
    if not isinstance(data, dict):
        check.add(where, "expected a mapping of word: [variants]")
        return {}
    out = {}
    for key, values in data.items():
        if not isinstance(values, list):
            check.add(f"{where}: {key}", "expected a list of variants")
            continue
        out[str(key).lower()] = tuple(v.lower() for v in check.strings(f"{where}: {key}", values))
    return out


def _read_yaml(path: str, text: str, check: _Checker) -> dict[str, Any]:
    try:
        data = yaml.load(text, Loader=_YamlLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}: line {mark.line + 1}" if mark else path
        check.add(where, f"not valid YAML ({getattr(exc, 'problem', None) or exc})")
        return {}
    if data is None:
        return {}
    if not isinstance(data, dict):
        check.add(path, "expected a mapping at the top (version: 1, then credentials:, near_misses:, ...)")
        return {}
    check.keys(path, data, {k: object for k in _TOP_KEYS})
    if data.get("version", 1) != 1:
        check.add(f"{path}: version", f"expected 1, got {data.get('version')!r}")
    return data


def _builtin_texts() -> list[tuple[str, str]]:
    root = importlib.resources.files("scanner.lexicons")
    return [(f"lexicons/{name}", (root / name).read_text(encoding="utf-8")) for name in BUILTIN_FILES]


def load_lexicon(extra: Iterable[str | Path] = (), *, builtin: bool = True) -> Lexicon:
    """Load the shipped lexicon, then each ``extra`` file on top (aliases add, new ids append).

    Raises ``LexiconError`` listing every problem found.
    """
    check = _Checker()
    texts = _builtin_texts() if builtin else []
    for path in extra:
        try:
            texts.append((str(path), Path(path).read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as exc:
            check.add(str(path), f"cannot read lexicon file ({exc.__class__.__name__}: {exc})")
    creds: dict[str, Credential] = {}
    nears: dict[str, NearMiss] = {}
    sections: dict[str, Section] = {}
    cues: list[Cue] = []
    spellings: dict[str, tuple[str, ...]] = {}
    phrases: dict[str, tuple[str, ...]] = {}
    word_lists: dict[str, list[str]] = {key: [] for key in WORD_LISTS}
    origin: dict[str, str] = {}  # the file that first defined each id, for messages about it
    digest = hashlib.sha256()
    for path, text in texts:
        digest.update(path.encode() + b"\0" + text.encode() + b"\0")
        data = _read_yaml(path, text, check)
        in_file: set[str] = set()  # an id twice in one file is a slip; in another file it extends the entry
        for key, table, other, build in (("credentials", creds, nears, _credential), ("near_misses", nears, creds, _near_miss)):
            for i, item in _list(check, path, data, key):
                ident = item.get("id") if isinstance(item.get("id"), str) else None
                where = f"{path}: {key}[{i}]" + (f" ({ident})" if ident else "")
                if ident in other:
                    kind = "credential" if other is creds else "near miss"
                    check.add(where, f"id {ident!r} is already a {kind}")
                    continue
                if ident is not None:
                    if ident in in_file:
                        check.add(where, f"duplicate id {ident!r} in this file (extend an entry from another file)")
                        continue
                    in_file.add(ident)
                    if not _ID_RE.match(ident):
                        check.add(where, f"id {ident!r}: lower-case letters and digits joined by '-', no spaces")
                _check_entry(check, where, item)
                entry = build(check, where, item, table.get(ident or ""))
                if entry:
                    table[entry.id] = entry
                    origin.setdefault(entry.id, path)
        for i, item in _list(check, path, data, "sections"):
            where = f"{path}: sections[{i}]"
            check.keys(where, item, {"name": str, "headings": list, "role": str, "level": str})
            if not isinstance(item.get("name"), str) or not isinstance(item.get("headings"), list):
                check.add(where, "expected 'name' and a list of 'headings'")
                continue
            if item.get("role") is not None:
                check.choice(f"{where}: role", item["role"], ROLES)
            if item.get("level") is not None:
                check.choice(f"{where}: level", item["level"], LEVELS)
            old = sections.get(item["name"])
            headings = check.strings(f"{where}: headings", item["headings"])
            sections[item["name"]] = Section(
                name=item["name"],
                headings=tuple(dict.fromkeys((*(old.headings if old else ()), *headings))),
                role=item.get("role", old.role if old else None),
                level=item.get("level", old.level if old else None),
            )
        for i, item in _list(check, path, data, "cues"):
            where = f"{path}: cues[{i}]" + (f" ({item.get('literal')})" if item.get("literal") else "")
            check.keys(where, item, {"literal": str, "category": str, "direction": str, "applies_to": str,
                                     "until": bool})
            applies = item.get("applies_to")
            check.choice(f"{where}: applies_to", applies, ("resume", "posting"))
            check.choice(f"{where}: direction", item.get("direction"), DIRECTIONS)
            check.choice(f"{where}: category", item.get("category"), RESUME_CUES if applies == "resume" else POSTING_CUES)
            if item.get("until") is True and (item.get("category"), applies) != ("earned", "resume"):
                check.add(f"{where}: until", "only an earned cue on resumes has a year it lapses")
            if item.get("literal"):
                cues.append(Cue(str(item["literal"]).lower(), item.get("category", ""), item.get("direction", "bidirectional"),
                                applies, item.get("until") is True))
        if "spellings" in data:
            spellings.update(_variants(check, f"{path}: spellings", data["spellings"]))
        if "phrases" in data:
            phrases.update(_variants(check, f"{path}: phrases", data["phrases"]))
        for key, words in word_lists.items():
            if key in data:
                if isinstance(data[key], list):
                    words.extend(w.lower() for w in check.strings(f"{path}: {key}", data[key]))
                else:
                    check.add(f"{path}: {key}", "expected a list of words")
    known = set(creds) | set(nears)
    for cred in creds.values():
        for succ in cred.successors:
            if succ not in known:
                check.add(f"{origin[cred.id]}: credentials ({cred.id}): successors",
                          f"unknown id {succ!r} (known: credential and near-miss ids)")
        if cred.redirect and cred.redirect.to not in known:
            check.add(f"{origin[cred.id]}: credentials ({cred.id}): redirect: to", f"unknown id {cred.redirect.to!r}")
        for g in cred.generic:
            if g not in cred.aliases and g != cred.name:
                check.add(f"{origin[cred.id]}: credentials ({cred.id}): generic", f"{g!r} must also be listed as an alias")
    for near in nears.values():
        if near.looks_like and near.looks_like not in creds:
            check.add(f"{origin[near.id]}: near_misses ({near.id}): looks_like",
                      f"unknown credential id {near.looks_like!r}")
    if any(c.category == "prep" for c in cues) and PREP_ID not in nears:
        check.add("cues", f"'prep' cues turn a mention into the near miss {PREP_ID!r}, which no near_misses file defines")
    if check.problems:
        raise LexiconError(check.problems)
    return Lexicon(
        credentials=tuple(creds.values()),
        near_misses=tuple(nears.values()),
        sections=tuple(sections.values()),
        cues=tuple(cues),
        spellings=spellings,
        phrases=phrases,
        version=digest.hexdigest()[:16],
        files=tuple(p for p, _ in texts),
        **{key: tuple(dict.fromkeys(words)) for key, words in word_lists.items()},
        index={**creds, **nears},
    )


@lru_cache(maxsize=8)
def _cached(files: tuple[str, ...], stamps: tuple[tuple[int, int], ...]) -> Lexicon:
    return load_lexicon(files)


def cached_lexicon(files: Iterable[str | Path] = ()) -> Lexicon:
    """``load_lexicon`` once per set of extra files and their state on disk.

    Keyed on each file's size and mtime too, so a long-lived process (a batch parent, a web page)
    sees an edited lexicon instead of a stale one. Shared by the pipeline, the batch and the CLI.
    """
    names = tuple(str(f) for f in files)
    stamps = []
    for name in names:
        try:
            st = Path(name).stat()
            stamps.append((st.st_size, st.st_mtime_ns))
        except OSError:
            stamps.append((-1, -1))  # load_lexicon reports it
    return _cached(names, tuple(stamps))


def _list(check: _Checker, path: str, data: Mapping[str, Any], key: str) -> list[tuple[int, dict[str, Any]]]:
    """The entries under ``key`` that are mappings, each with its position in the file's list."""
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        check.add(f"{path}: {key}", "expected a list of entries")
        return []
    good = []
    for i, item in enumerate(value):
        if isinstance(item, dict):
            good.append((i, item))
        else:
            check.add(f"{path}: {key}[{i}]", f"expected a mapping (field: value), got {item!r}")
    return good
