"""credscan: find machine-learning credentials in resumes and job postings.

The public API (see README, "Use from Python")::

    import scanner
    result = scanner.scan("cv.pdf")                  # ScanResult, to_dict(): credscan.scan/1
    scanner.demands("posting.html")                  # Demands: credscan.demands/2
    scanner.audit("cv.pdf", "posting.html")          # Audit: credscan.audit/1
    scanner.rank("posting.html", "resumes/")         # Ranking: credscan.rank/1
    scanner.stats("postings/")                       # Stats: credscan.stats/1

Only the names in ``__all__`` are public; the modules under ``scanner`` are credscan's own and
change without notice. They are imported on first use, so ``import scanner`` stays cheap (the
CLI imports it for ``__version__``; spaCy loads when the first document is scanned).
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Audit",
    "Demands",
    "DocumentError",
    "KindWarning",
    "LexiconError",
    "Ranking",
    "ScanResult",
    "Stats",
    "__version__",
    "audit",
    "demands",
    "rank",
    "scan",
    "stats",
    "versions",
]

_LAZY = {
    "audit": "scanner.api",
    "demands": "scanner.api",
    "rank": "scanner.api",
    "scan": "scanner.api",
    "stats": "scanner.api",
    "versions": "scanner.api",
    "KindWarning": "scanner.api",
    "Audit": "scanner.report",
    "Demands": "scanner.report",
    "Ranking": "scanner.report",
    "Stats": "scanner.report",
    "ScanResult": "scanner.results",
    "DocumentError": "scanner.documents.errors",
    "LexiconError": "scanner.lexicon",
}

if TYPE_CHECKING:
    from scanner.api import KindWarning, audit, demands, rank, scan, stats, versions
    from scanner.documents.errors import DocumentError
    from scanner.lexicon import LexiconError
    from scanner.report import Audit, Demands, Ranking, Stats
    from scanner.results import ScanResult


class _Package(types.ModuleType):
    """Keeps ``scanner.scan`` the API function. The detection step lives in the submodule
    ``scanner/scan.py``, and importing a submodule binds it on its package, which would put the
    module where the function is. ``from scanner.scan import scan_document`` still gets the
    module (through ``sys.modules``); ``import scanner.scan as m`` would not, so don't."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "scan" and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'scanner' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # once: later look-ups are plain attribute reads
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
