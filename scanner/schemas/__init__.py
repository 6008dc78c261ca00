"""The published JSON Schemas (draft 2020-12) of every JSON document credscan prints.

Each document names its contract in its ``schema`` field (``"credscan.audit/1"``); the schema of
that contract ships in this package as ``audit-1.json`` (``/`` becomes ``-``, the ``credscan.``
prefix is dropped) with ``$id`` ``urn:credscan:audit/1``. A change that is not additive bumps
the contract's version, so a consumer can pin the one it was written for; CHANGELOG.md says what
changed in each.

Where ``--format jsonl`` prints something other than the whole document (a demand, a ranked
resume, a line of text per line), the schema describes that line under ``$defs/record``.

Loading is plain ``importlib.resources`` + ``json``: no validator is needed to read a schema,
only to use one (jsonschema is a test dependency, not a runtime one).
"""

from __future__ import annotations

import importlib.resources
import json
from functools import cache
from typing import Any

PREFIX = "credscan."
URN = "urn:credscan:"


def file_of(name: str) -> str:
    """The file a contract's schema ships in: ``"credscan.scan-list/1"`` -> ``"scan-list-1.json"``."""
    short = name.removeprefix(PREFIX)
    contract, sep, version = short.partition("/")
    if not sep or not contract or not version.isdigit() or "/" in version:
        raise KeyError(f"not a contract name: {name!r} (expected e.g. 'credscan.scan/1')")
    return f"{contract}-{version}.json"


def name_of(file: str) -> str:
    """The contract a schema file holds: ``"scan-list-1.json"`` -> ``"credscan.scan-list/1"``."""
    stem = file.removesuffix(".json")
    contract, _, version = stem.rpartition("-")
    return f"{PREFIX}{contract}/{version}"


@cache
def _files() -> dict[str, str]:
    root = importlib.resources.files(__name__)
    return {name_of(f.name): f.name for f in root.iterdir() if f.name.endswith(".json")}


def names() -> list[str]:
    """Every published contract, e.g. ``["credscan.audit/1", "credscan.demands/2", ...]``, sorted."""
    return sorted(_files())


def resolve(name: str) -> str:
    """The full contract name for what a person may type: ``"credscan.scan/1"``, ``"scan/1"``, or
    ``"scan"`` (the newest version published). Raises ``KeyError`` naming the known ones."""
    full = name if name.startswith(PREFIX) else PREFIX + name
    files = _files()
    if full in files:
        return full
    if "/" not in full:
        versions = [n for n in files if n.partition("/")[0] == full]
        if versions:
            return max(versions, key=lambda n: int(n.partition("/")[2]))
    raise KeyError(f"no published schema {name!r}; known: {', '.join(names())}")


@cache
def _text(name: str) -> str:
    return importlib.resources.files(__name__).joinpath(_files()[name]).read_text(encoding="utf-8")


def load(name: str) -> dict[str, Any]:
    """The JSON Schema of contract ``name`` (see ``resolve`` for the spellings accepted), as a
    fresh dict the caller may change. Raises ``KeyError`` for an unknown contract."""
    return json.loads(_text(resolve(name)))


def text(name: str) -> str:
    """The schema file's text as shipped, for printing (``credscan schema NAME``)."""
    return _text(resolve(name))
