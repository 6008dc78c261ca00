"""Keyword-search baseline: the Boolean strings a sourcer types into a job board or ATS.

The queries live in ``baseline.yaml``; this module parses and evaluates them.

Grammar (keywords are case-insensitive; phrases must be double-quoted)::

    query    := or_expr EOF
    or_expr  := and_expr ( "OR" and_expr )*
    and_expr := not_expr ( "AND" not_expr | not_expr_starting_with_NOT )*
    not_expr := "NOT" not_expr | primary
    primary  := PHRASE | "(" or_expr ")"
    PHRASE   := '"' any characters except '"' '"'

So NOT binds tightest, then AND, then OR; ``"a" NOT "b"`` means ``"a" AND NOT "b"``
(the job-board idiom). A phrase matches when it occurs in the document, compared
case-insensitively, with every run of whitespace (line breaks included) collapsed to one
space, and on word boundaries: a phrase that starts or ends with a letter or digit must not
be glued to another letter or digit ("ML" does not match inside "HTML"), which is how a
job board's word index behaves. Nothing else is normalised: no stemming, no wildcards,
no fuzzy matching, and punctuation such as dashes must match literally.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

BASELINE_PATH = Path(__file__).with_name("baseline.yaml")


class QueryError(ValueError):
    """A Boolean query that does not follow the grammar."""


# --------------------------------------------------------------------------- syntax tree

@dataclass(frozen=True)
class Phrase:
    text: str


@dataclass(frozen=True)
class And:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    part: Node


Node = Phrase | And | Or | Not


# --------------------------------------------------------------------------- tokens

@dataclass(frozen=True)
class Token:
    kind: str  # PHRASE, AND, OR, NOT, LPAREN, RPAREN, EOF
    value: str
    pos: int


_KEYWORDS = {"AND", "OR", "NOT"}
_WORD = re.compile(r"[A-Za-z]+")


def tokenize(query: str) -> list[Token]:
    """Split a query into tokens; raise QueryError on anything outside the grammar."""
    tokens: list[Token] = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch.isspace():
            i += 1
        elif ch == '"':
            end = query.find('"', i + 1)
            if end < 0:
                raise QueryError(f"unterminated phrase starting at {i}: {query[i:]!r}")
            text = " ".join(query[i + 1 : end].split())
            if not text:
                raise QueryError(f"empty phrase at {i}")
            tokens.append(Token("PHRASE", text, i))
            i = end + 1
        elif ch == "(":
            tokens.append(Token("LPAREN", ch, i))
            i += 1
        elif ch == ")":
            tokens.append(Token("RPAREN", ch, i))
            i += 1
        else:
            m = _WORD.match(query, i)
            word = m.group(0).upper() if m else ""
            if word not in _KEYWORDS:
                bad = m.group(0) if m else ch
                raise QueryError(f"unexpected {bad!r} at {i}: quote phrases, use AND/OR/NOT")
            tokens.append(Token(word, word, i))
            i = m.end()
    tokens.append(Token("EOF", "", n))
    return tokens


# --------------------------------------------------------------------------- parser

class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.i = 0

    def peek(self) -> Token:
        return self.tokens[self.i]

    def take(self, kind: str) -> Token:
        tok = self.peek()
        if tok.kind != kind:
            raise QueryError(f"expected {kind} at {tok.pos}, found {tok.kind} {tok.value!r}")
        self.i += 1
        return tok

    def or_expr(self) -> Node:
        parts = [self.and_expr()]
        while self.peek().kind == "OR":
            self.take("OR")
            parts.append(self.and_expr())
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def and_expr(self) -> Node:
        parts = [self.not_expr()]
        while self.peek().kind in {"AND", "NOT"}:
            if self.peek().kind == "AND":
                self.take("AND")
            parts.append(self.not_expr())
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def not_expr(self) -> Node:
        if self.peek().kind == "NOT":
            self.take("NOT")
            return Not(self.not_expr())
        return self.primary()

    def primary(self) -> Node:
        tok = self.peek()
        if tok.kind == "PHRASE":
            self.i += 1
            return Phrase(tok.value)
        if tok.kind == "LPAREN":
            self.take("LPAREN")
            node = self.or_expr()
            self.take("RPAREN")
            return node
        raise QueryError(f"expected a phrase or '(' at {tok.pos}, found {tok.kind} {tok.value!r}")


@lru_cache(maxsize=256)
def parse(query: str) -> Node:
    """Parse a Boolean query into a syntax tree (raise QueryError if malformed)."""
    parser = _Parser(tokenize(query))
    node = parser.or_expr()
    parser.take("EOF")
    return node


# --------------------------------------------------------------------------- evaluation

def normalise(text: str) -> str:
    """Casefold and collapse whitespace: the only normalisation the baseline does."""
    return " ".join(text.casefold().split())


@lru_cache(maxsize=1024)
def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    body = re.escape(normalise(phrase))
    head = r"(?<![^\W_])" if phrase[:1].isalnum() else ""
    tail = r"(?![^\W_])" if phrase[-1:].isalnum() else ""
    return re.compile(head + body + tail)


def phrase_in(phrase: str, normalised_text: str) -> bool:
    """Whether ``phrase`` occurs in already-normalised text, on word boundaries."""
    return _phrase_pattern(phrase).search(normalised_text) is not None


def evaluate(node: Node, normalised_text: str) -> bool:
    """Evaluate a syntax tree against text already passed through :func:`normalise`."""
    if isinstance(node, Phrase):
        return phrase_in(node.text, normalised_text)
    if isinstance(node, And):
        return all(evaluate(part, normalised_text) for part in node.parts)
    if isinstance(node, Or):
        return any(evaluate(part, normalised_text) for part in node.parts)
    if isinstance(node, Not):
        return not evaluate(node.part, normalised_text)
    raise TypeError(f"not a query node: {node!r}")


def matches(query: str, text: str) -> bool:
    """Whether the Boolean ``query`` matches the document ``text``."""
    return evaluate(parse(query), normalise(text))


@lru_cache(maxsize=4)
def load_queries(path: Path = BASELINE_PATH) -> dict[str, str]:
    """The credential id -> Boolean query table from baseline.yaml."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    queries = data["queries"]
    return {str(k): " ".join(str(v).split()) for k, v in queries.items()}


def search(text: str, queries: dict[str, str] | None = None) -> set[str]:
    """The credential ids whose baseline query matches ``text``."""
    table = load_queries() if queries is None else queries
    norm = normalise(text)
    return {cid for cid, query in table.items() if evaluate(parse(query), norm)}


def main(argv: list[str]) -> int:
    """``python tests/eval/baseline.py FILE...``: print the ids the baseline finds in each file."""
    paths = argv or ["-"]
    for p in paths:
        text = sys.stdin.read() if p == "-" else Path(p).read_text(encoding="utf-8", errors="replace")
        print(f"{p}: {', '.join(sorted(search(text))) or '-'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
