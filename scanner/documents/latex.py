"""LaTeX resumes read from source: the text LaTeX would typeset, one paragraph or item a line.

Hand-written rather than a TeX engine: comments go first (a commented-out credential is not a
credential), then the preamble; the body is scanned once. Sectioning commands give headings,
``\\item`` items, ``\\\\`` and blank lines end lines, tabular ``&`` becomes " | ". Macros the
document defines with ``\\newcommand``/``\\def``/``\\newenvironment`` are expanded (resume
templates wrap every entry in one), so ``\\resumeItem{...}`` still reads as an item. Formatting
commands keep their text argument; layout commands (``\\vspace``, ``\\usepackage``, colours,
lengths) are dropped with their arguments; any other command is dropped and its arguments kept.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field

from scanner.documents.model import Document, LineKind
from scanner.documents.normalize import to_row

_SECTIONS = frozenset(
    [
        "part",
        "chapter",
        "section",
        "subsection",
        "subsubsection",
        "paragraph",
        "subparagraph",
        "cvsection",
    ]
)
_KEEP = frozenset(
    [
        "textbf",
        "textit",
        "emph",
        "underline",
        "uline",
        "textsc",
        "texttt",
        "textrm",
        "textsf",
        "textup",
        "textmd",
        "textnormal",
        "textsl",
        "mbox",
        "fbox",
        "framebox",
        "text",
        "hbox",
        "centerline",
        "footnote",
        "caption",
        "title",
        "author",
        "date",
        "MakeUppercase",
        "MakeLowercase",
        "uppercase",
        "lowercase",
        "textsuperscript",
        "textsubscript",
    ]
)
# command -> (optional args to skip, mandatory args to drop, then keep the next one?)
_DROP: dict[str, tuple[int, int, bool]] = {
    **dict.fromkeys(
        [
            "label",
            "ref",
            "pageref",
            "eqref",
            "vspace",
            "hspace",
            "pagestyle",
            "thispagestyle",
            "geometry",
            "hypersetup",
            "newgeometry",
            "pagenumbering",
            "bibliographystyle",
            "bibliography",
            "input",
            "include",
            "hyphenation",
            "linespread",
            "setmainfont",
            "setsansfont",
            "setmonofont",
            "color",
            "pagecolor",
            "cline",
            "usetikzlibrary",
            "addbibresource",
            "urlstyle",
        ],
        (1, 1, False),
    ),
    **dict.fromkeys(
        ["usepackage", "documentclass", "includegraphics", "setlist", "cite"], (2, 1, False)
    ),
    **dict.fromkeys(
        ["setlength", "addtolength", "setcounter", "addtocounter", "fontsize"], (0, 2, False)
    ),
    "definecolor": (1, 3, False),
    "titleformat": (2, 4, False),
    "titlespacing": (0, 4, False),
    "rule": (1, 2, False),
    "href": (0, 1, True),
    "textcolor": (1, 1, True),
    "colorbox": (1, 1, True),
    "raisebox": (2, 1, True),
    "parbox": (3, 1, True),
    "makebox": (2, 0, True),
    "resizebox": (0, 2, True),
    "scalebox": (0, 1, True),
    "multicolumn": (0, 2, True),
    "multirow": (2, 2, True),
}
_SYMBOLS = {
    "LaTeX": "LaTeX",
    "LaTeXe": "LaTeX2e",
    "TeX": "TeX",
    "ldots": "…",
    "dots": "…",
    "textellipsis": "…",
    "textbar": "|",
    "textbullet": "•",
    "bullet": "•",
    "cdot": "·",
    "textperiodcentered": "·",
    "textendash": "–",
    "textemdash": "—",
    "textasciitilde": "~",
    "textbackslash": "\\",
    "textregistered": "®",
    "texttrademark": "™",
    "copyright": "©",
    "textcopyright": "©",
    "times": "×",
    "pm": "±",
    "sim": "~",
    "approx": "≈",
    "leq": "≤",
    "geq": "≥",
    "le": "≤",
    "ge": "≥",
    "rightarrow": "→",
    "to": "→",
    "textdegree": "°",
    "ss": "ß",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "o": "ø",
    "O": "Ø",
    "aa": "å",
    "AA": "Å",
    "l": "ł",
    "L": "Ł",
    "i": "ı",
    "j": "ȷ",
    "euro": "€",
    "pounds": "£",
    "textquoteright": "'",
    "textquoteleft": "'",
    "textquotedblleft": '"',
    "textquotedblright": '"',
    "textless": "<",
    "textgreater": ">",
    "textunderscore": "_",
    "S": "§",
    "P": "¶",
}
_SPACES = frozenset(
    [
        "quad",
        "qquad",
        "enspace",
        "enskip",
        "hfill",
        "hfil",
        "hss",
        "vfill",
        "thinspace",
        "medspace",
        "thickspace",
        "space",
        "nobreakspace",
        "newline",
        "linebreak",
    ]
)
_BREAKS = frozenset(["par", "newline", "linebreak", "cr"])
_ACCENTS = {
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    '"': "\u0308",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "c": "\u0327",
    "v": "\u030c",
    "u": "\u0306",
    "H": "\u030b",
    "r": "\u030a",
    "k": "\u0328",
    "d": "\u0323",
    "b": "\u0331",
}
_TABULAR = frozenset(
    ["tabular", "tabular*", "tabularx", "tabulary", "longtable", "array", "tabu", "supertabular"]
)
_VERBATIM = frozenset(["verbatim", "verbatim*", "lstlisting", "minted", "Verbatim"])
_SKIP_ENVS = frozenset(["comment", "figure*", "tikzpicture"])

_COMMAND = re.compile(r"\\([A-Za-z@]+)\*?|\\(.)", re.S)
_PLAIN = re.compile(r"[^\\{}$&~\n\-`'^_%\[\]]+")
_DIMENSION = re.compile(
    r"\s*-?[\d.]+\s*(?:pt|mm|cm|in|em|ex|bp|pc|sp)(?:\s*(?:plus|minus)\s*-?[\d.]+\s*\w+)*"
)

_DEF = re.compile(r"\\([A-Za-z@]+)((?:#\d)*)\s*")  # \def\name#1#2{...}

MAX_EXPANSIONS = 20_000
MAX_DEPTH = 40


def strip_comments(source: str) -> str:
    """Remove ``%`` comments (not ``\\%``) with the line break that ends them, as TeX does."""
    return _strip_comments(source)[0]


def _strip_comments(source: str) -> tuple[str, list[int]]:
    """:func:`strip_comments`, and where each line of ``source`` starts in the result (line
    ``k`` at ``starts[k - 1]``), so that text found in the result can name its source line."""
    out: list[str] = []
    starts = [0]
    size = 0
    i, n = 0, len(source)
    while i < n:
        c = source[i]
        if c == "\\" and i + 1 < n:
            out.append(source[i : i + 2])
            size += 2
            if source[i + 1] == "\n":
                starts.append(size)
            i += 2
        elif c == "%":
            end = source.find("\n", i)
            if end < 0:
                break
            # A comment line of its own vanishes entirely; a trailing one joins the lines.
            i = end + 1
            starts.append(size)
            while i < n and source[i] in " \t":
                i += 1
        else:
            out.append(c)
            size += 1
            if c == "\n":
                starts.append(size)
            i += 1
    return "".join(out), starts


@dataclass(slots=True)
class _Macro:
    nargs: int
    default: str | None
    body: str
    end: str | None = None  # environments: the code run at \end


@dataclass(slots=True)
class _Converter:
    macros: dict[str, _Macro] = field(default_factory=dict)
    envs: dict[str, _Macro] = field(default_factory=dict)
    lines: list[tuple[str, LineKind, int]] = field(default_factory=list)
    buffer: list[str] = field(default_factory=list)
    kind: LineKind = "text"
    row: bool = False
    expansions: int = 0
    # where text comes from: the body being read, the offset in it that the text emitted now
    # stems from (a macro's or group's text: where it is called), and where the line started
    body: str | None = None
    here: int = 0
    start: int = -1

    # -- output ---------------------------------------------------------------------------
    def emit(self, text: str) -> None:
        if self.start < 0 and not text.isspace():
            self.start = self.here
        self.buffer.append(text)

    def flush(self, next_kind: LineKind = "text") -> None:
        text = "".join(self.buffer).strip()
        if text:
            kind = "cell" if self.row and self.kind == "text" else self.kind
            self.lines.append((text, kind, self.start))
        elif self.kind == "item" and next_kind == "text":
            next_kind = "item"  # "\item" then a break before any text: the text is the item
        self.start = -1
        self.buffer.clear()
        self.kind = next_kind
        self.row = False

    # -- scanning -------------------------------------------------------------------------
    def convert(self, s: str, depth: int = 0) -> None:
        if depth > MAX_DEPTH:
            return
        top = s is self.body
        i, n = 0, len(s)
        while i < n:
            if top:
                self.here = i
            c = s[i]
            if c == "\\":
                i = self.command(s, i, depth)
            elif c == "{":
                inner, i = _group(s, i)
                self.convert(inner, depth + 1)
            elif c == "\n":
                j = i + 1
                while j < n and s[j] in " \t\r":
                    j += 1
                if j < n and s[j] == "\n":
                    self.flush()
                    i = j + 1
                else:
                    self.emit(" ")
                    i += 1
            elif c == "-":
                j = i
                while j < n and s[j] == "-":
                    j += 1
                self.emit({1: "-", 2: "–"}.get(j - i, "—"))
                i = j
            elif c == "`":
                double = s.startswith("``", i)
                self.emit("“" if double else "'")
                i += 2 if double else 1
            elif c == "'":
                double = s.startswith("''", i)
                self.emit("”" if double else "'")
                i += 2 if double else 1
            elif c == "&":
                self.emit(" | ")
                self.row = True
                i += 1
            elif c == "~":
                self.emit("\u00a0")
                i += 1
            elif c in "$}^_":
                i += 1
                if c in "^_" and i < n and s[i] != "{":
                    self.emit(s[i])
                    i += 1
            else:
                m = _PLAIN.match(s, i)
                if m:
                    self.emit(m.group())
                    i = m.end()
                else:
                    self.emit(c)
                    i += 1

    def command(self, s: str, i: int, depth: int) -> int:
        m = _COMMAND.match(s, i)
        if m is None:  # a lone backslash at the end
            return len(s)
        i = m.end()
        symbol = m.group(2)
        if symbol is not None:
            return self.control_symbol(symbol, s, i, depth)
        name = m.group(1)
        starred = s[m.end() - 1] == "*"
        if name in _ACCENTS and i < len(s) and (s[i] == "{" or (s[i].isalpha() and len(name) == 1)):
            return self.accent(name, s, i)
        j = i
        while j < len(s) and s[j] in " \t":
            j += 1
        if (
            name in self.macros
            and name not in _SECTIONS
            and name != "item"
            and self.expansions < MAX_EXPANSIONS
        ):
            return self.expand(self.macros[name], s, j, depth)
        if name in _SECTIONS:
            _, j = _optional(s, j)
            arg, j = _argument(s, j)
            self.flush("heading")
            self.convert(arg, depth + 1)
            self.flush()
            return j
        if name == "item":
            self.flush("item")
            label, j = _optional(s, j)
            if label and any(ch.isalnum() for ch in label):
                self.convert(label, depth + 1)
                self.emit(" ")
            return j
        if name == "begin":
            return self.begin(s, j, depth)
        if name == "end":
            return self.end(s, j, depth)
        if name in ("newcommand", "renewcommand", "providecommand", "DeclareRobustCommand"):
            return self.define(s, j)
        if name in ("newenvironment", "renewenvironment"):
            return self.define_env(s, j)
        if name == "def":
            return self.define_def(s, j)
        if name == "let":
            for _ in range(2):
                _, j = _argument(s, j)
            return j
        if name in ("url", "path", "nolinkurl"):
            arg, j = _argument(s, j)
            self.emit(arg)
            return j
        if name in _KEEP:
            _, j = _optional(s, j)
            arg, j = _argument(s, j)
            self.convert(arg, depth + 1)
            return j
        if name in _DROP:
            optional, drop, keep = _DROP[name]
            for _ in range(optional):
                _, j = _optional(s, j)
            for _ in range(drop):
                _, j = _argument(s, j)
                _, j = _optional(s, j)
            if keep:
                arg, j = _argument(s, j)
                self.convert(arg, depth + 1)
            if name in ("vspace", "hspace") and not starred:
                self.emit(" ")
            return j
        if name in ("vskip", "hskip", "kern"):
            d = _DIMENSION.match(s, i)
            self.emit(" ")
            return d.end() if d else i
        if name in _SYMBOLS:  # as in TeX, the space after a control word is not text
            self.emit(_SYMBOLS[name])
            return j + 2 if _brace_pair(s, j) else j
        if name in _BREAKS:
            self.flush()
            return j
        if name in _SPACES:
            self.emit(" ")
            return j
        # Unknown: drop the command, keep its braced arguments as words.
        if s.startswith("[", i):
            _, i = _optional(s, i)
        while i < len(s) and s[i] == "{":
            arg, i = _group(s, i)
            self.convert(arg, depth + 1)
            if i < len(s) and s[i] == "{":
                self.emit(" ")
        return i

    def control_symbol(self, symbol: str, s: str, i: int, depth: int) -> int:
        if symbol == "\\":  # \\ line break, with an optional star and [length]
            if s.startswith("*", i):
                i += 1
            _, i = _optional(s, i)
            self.flush()
            return i
        if symbol in _ACCENTS and i < len(s):
            return self.accent(symbol, s, i)
        if symbol in "&%$#_{}":
            self.emit(symbol)
        elif symbol in " ,;:>\n\t":
            self.emit(" ")
        elif symbol == "-":
            self.emit("\u00ad")
        return i

    def accent(self, mark: str, s: str, i: int) -> int:
        if s[i] == "{":
            base, i = _group(s, i)
        else:
            base, i = s[i], i + 1
        base = {"\\i": "i", "\\j": "j"}.get(base.strip(), base.strip())
        if len(base) == 1:
            self.emit(unicodedata.normalize("NFC", base + _ACCENTS[mark]))
        else:
            self.emit(base)
        return i

    # -- environments ---------------------------------------------------------------------
    def begin(self, s: str, i: int, depth: int) -> int:
        env, i = _argument(s, i)
        env = env.strip()
        if env in self.envs and self.expansions < MAX_EXPANSIONS:
            return self.expand(self.envs[env], s, i, depth)
        if env in _VERBATIM or env in _SKIP_ENVS:
            end = s.find(f"\\end{{{env}}}", i)
            end = len(s) if end < 0 else end
            if env in _VERBATIM:
                _, body_start = _optional(s, i)
                self.flush()
                at = body_start
                for line in s[body_start:end].splitlines(keepends=True):
                    if s is self.body:
                        self.here = at
                    at += len(line)
                    self.emit(line.rstrip("\r\n"))
                    self.flush()
            return end + len(f"\\end{{{env}}}")
        _, i = _optional(s, i)
        if env in _TABULAR:
            if env in ("tabular*", "tabularx", "tabulary"):
                _, i = _argument(s, i)
            _, i = _optional(s, i)
            _, i = _argument(s, i)
        elif env == "minipage":
            _, i = _optional(s, i)
            _, i = _optional(s, i)
            _, i = _argument(s, i)
        elif env in ("multicols", "multicols*"):
            _, i = _argument(s, i)
        self.flush()
        return i

    def end(self, s: str, i: int, depth: int) -> int:
        env, i = _argument(s, i)
        env = env.strip()
        macro = self.envs.get(env)
        if macro is not None and macro.end is not None and self.expansions < MAX_EXPANSIONS:
            self.expansions += 1
            self.convert(macro.end, depth + 1)
        self.flush()
        return i

    # -- macros ---------------------------------------------------------------------------
    def define(self, s: str, i: int) -> int:
        if s.startswith("*", i):
            i += 1
        name, i = _argument(s, i)
        nargs, i = _optional(s, i)
        default, i = _optional(s, i)
        body, i = _argument(s, i)
        name = name.strip().lstrip("\\")
        if name:
            self.macros[name] = _Macro(_arg_count(nargs), default, body)
        return i

    def define_env(self, s: str, i: int) -> int:
        name, i = _argument(s, i)
        nargs, i = _optional(s, i)
        default, i = _optional(s, i)
        start, i = _argument(s, i)
        finish, i = _argument(s, i)
        self.envs[name.strip()] = _Macro(_arg_count(nargs), default, start, finish)
        return i

    def define_def(self, s: str, i: int) -> int:
        m = _DEF.match(s, i)
        if m is None:
            return i
        body, j = _argument(s, m.end())
        self.macros[m.group(1)] = _Macro(len(m.group(2)) // 2, None, body)
        return j

    def expand(self, macro: _Macro, s: str, i: int, depth: int) -> int:
        self.expansions += 1
        args: list[str] = []
        for k in range(macro.nargs):
            if k == 0 and macro.default is not None:
                value, i = _optional(s, i)
                args.append(macro.default if value is None else value)
            else:
                value, i = _argument(s, i)
                args.append(value)
        body = re.sub(
            r"#([1-9#])",
            lambda m: (
                "#"
                if m.group(1) == "#"
                else (args[int(m.group(1)) - 1] if int(m.group(1)) <= len(args) else "")
            ),
            macro.body,
        )
        self.convert(body, depth + 1)
        return i


def _arg_count(nargs: str | None) -> int:
    """The ``[n]`` of a definition: how many arguments the macro takes (at most 9)."""
    return min(int(nargs), 9) if nargs and nargs.strip().isdecimal() else 0  # "²" is a digit, not a number


def _brace_pair(s: str, i: int) -> bool:
    return s.startswith("{}", i)


def _group(s: str, i: int) -> tuple[str, int]:
    """The content of the balanced ``{...}`` starting at ``s[i]``, and the index after it."""
    end = _closing(s, i + 1, "}")
    return (s[i + 1 :], len(s)) if end < 0 else (s[i + 1 : end], end + 1)


def _argument(s: str, i: int) -> tuple[str, int]:
    """A mandatory argument: a braced group, a control sequence or one character."""
    n = len(s)
    while i < n and s[i] in " \t\n":
        i += 1
    if i >= n:
        return "", n
    if s[i] == "{":
        return _group(s, i)
    if s[i] == "\\":
        m = _COMMAND.match(s, i)
        if m:
            return m.group(), m.end()
    return s[i], i + 1


def _optional(s: str, i: int) -> tuple[str | None, int]:
    """An optional ``[...]`` argument (brackets inside braces do not count)."""
    j = i
    while j < len(s) and s[j] in " \t":
        j += 1
    if not s.startswith("[", j):
        return None, i
    end = _closing(s, j + 1, "]")
    return (None, i) if end < 0 else (s[j + 1 : end], end + 1)


def _closing(s: str, k: int, closer: str) -> int:
    """Index of the first ``closer`` from ``k`` outside braces opened after ``k``, or -1.

    Escaped characters (a backslash and the character after it) are skipped.
    """
    depth = 0
    n = len(s)
    while k < n:
        c = s[k]
        if c == "\\":
            k += 2
            continue
        if c == closer and depth <= 0:
            return k
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        k += 1
    return -1


def read_latex(source: str, name: str) -> Document:
    """The body's text (the preamble only for its macro definitions), on page 1."""
    source, starts = _strip_comments(source.replace("\r\n", "\n").replace("\r", "\n"))
    converter = _Converter()
    begin = source.find("\\begin{document}")
    offset = 0
    if begin >= 0:
        _collect_definitions(converter, source[:begin])
        offset = begin + len("\\begin{document}")
        body = source[offset:]
        end = body.find("\\end{document}")
        body = body if end < 0 else body[:end]
    else:
        body = source
    converter.body = body
    converter.convert(body)
    converter.flush()
    rows = [
        to_row(1, text, kind, number=bisect_right(starts, offset + start) if start >= 0 else 0)
        for text, kind, start in converter.lines
    ]
    return Document.build(name, "latex", rows)


def _collect_definitions(converter: _Converter, preamble: str) -> None:
    """Run the preamble for its macro definitions only; its text is discarded."""
    converter.convert(preamble)
    converter.lines.clear()
    converter.buffer.clear()
    converter.start = -1
    converter.kind = "text"
    converter.row = False
