"""HTML: a report as one self-contained page, from the same Jinja2 templates as the web app.

Templates read a report's JSON contract (``credscan.demands/2``, ``audit/1``, ``rank/1``,
``stats/1``), so a page, an e-mailed report and the API say the same thing. Autoescaping is on:
every piece of document text (file names, evidence lines) is escaped, and the one filter that
writes markup (``highlight``) escapes what it wraps. A standalone report inlines its styles,
draws its charts as inline SVG, carries a policy that forbids scripts and network loads, and
so opens offline, attached to an e-mail.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from scanner import __version__

# the result part of a page for each contract, and the page title
PARTS = {
    "credscan.demands/2": ("_demands.html", "Posting check"),
    "credscan.audit/1": ("_audit.html", "CV audit"),
    "credscan.rank/1": ("_rank.html", "Shortlist"),
    "credscan.stats/1": ("_stats.html", "Market view"),
}


def pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def _find(text: str, match: str) -> tuple[int, int] | None:
    """Where ``match`` stands in ``text`` (any case, any run of spaces); for a name that wraps
    onto the next line, where its longest first part of two words or more does."""
    words = match.split()
    for k in range(len(words), min(2, len(words)) - 1, -1):
        found = re.search(r"\s+".join(map(re.escape, words[:k])), text, re.IGNORECASE)
        if found:
            return found.span()
    return None


def highlight(text: str | None, match: str | None) -> Markup:
    """``text`` escaped, with the words that matched (``match``) wrapped in ``<mark>``."""
    text = text or ""
    span = _find(text, match) if match and match.strip() else None
    if span is None:
        return escape(text)
    a, b = span
    return Markup("{}<mark>{}</mark>{}").format(text[:a], text[a:b], text[b:])


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=PackageLoader("scanner.web", "templates"), autoescape=select_autoescape(("html",)),
                      trim_blocks=True, lstrip_blocks=True, auto_reload=False)
    env.filters["pct"] = pct
    env.filters["highlight"] = highlight
    env.globals["version"] = __version__
    return env


@lru_cache(maxsize=1)
def stylesheet() -> str:
    return resources.files("scanner.web").joinpath("static/credscan.css").read_text(encoding="utf-8")


def part_of(data: dict[str, Any]) -> tuple[str, str]:
    """(template, title) of the result part for a report's JSON; ValueError for another schema."""
    try:
        return PARTS[data.get("schema", "")]
    except KeyError:
        raise ValueError(f"no HTML view of {data.get('schema')!r}: html is for demands, audit, rank and stats") from None


def html_report(data: dict[str, Any], *, generated: dt.datetime | None = None) -> str:
    """One self-contained HTML file for a report: styles inline, charts as SVG, no script, no
    network at view time."""
    part, title = part_of(data)
    when = (generated or dt.datetime.now()).strftime("%Y-%m-%d %H:%M")
    return environment().get_template("report.html").render(
        data=data, part=part, title=title, standalone=True, css=stylesheet(), generated=when, nav=())
