"""Uploads from strangers: size limits, and zip archives read in memory, member by member.

What a caller can rely on: no member is ever written under its own name (nothing is extracted:
each is read into memory through ``zipfile`` and staged later under a number), a zip's member
count, declared total size and each member's compression ratio are checked before anything is
inflated, and a member is never read past the size it declares. Whatever is wrong with one file
becomes an ``Upload`` with an ``error``: an error row, never a failed request, unless the
request as a whole is over a limit (``TooMuch``).
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from dataclasses import dataclass

from scanner.documents.limits import DEFAULT_LIMITS, MB, size

ZIP_MAGIC = b"PK\x03\x04"
RATIO_FLOOR = 1 * MB  # members smaller than this inflated are not held to the ratio (text compresses well)


@dataclass(frozen=True, slots=True)
class UploadLimits:
    """How much one request may bring. ``max_request_bytes`` is the body as sent (checked from
    its Content-Length, and counted as it arrives); the rest apply to the documents in it."""

    max_file_bytes: int = DEFAULT_LIMITS.max_bytes
    max_request_bytes: int = 200 * MB
    max_files: int = 2000  # documents per request, zip members included
    max_zip_members: int = 2000
    max_zip_bytes: int = 500 * MB  # a zip's members inflated, all together, as declared
    max_zip_ratio: float = 100.0
    max_text_chars: int = 1_000_000  # a pasted posting


class TooMuch(Exception):
    """The request as a whole is over a limit: refused with this message."""


@dataclass(frozen=True, slots=True)
class Upload:
    """One document of a request: its name as the user knows it, and its bytes or why not."""

    name: str
    data: bytes | None = None
    error: str | None = None
    code: str = "unreadable"


def is_archive(name: str, data: bytes) -> bool:
    """A zip of documents, not a document in a zip container (DOCX and other OOXML files carry
    ``[Content_Types].xml``; those go to the reader, which says what they are)."""
    if not data.startswith(ZIP_MAGIC):
        return False
    if name.lower().endswith(".zip"):
        return True
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return "[Content_Types].xml" not in zf.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _hidden(member: str) -> bool:
    parts = [p for p in member.split("/") if p not in ("", ".", "..")]
    return any(p.startswith(".") or p == "__MACOSX" for p in parts)


def expand(name: str, data: bytes, limits: UploadLimits) -> list[Upload]:
    """The documents of one uploaded file: itself, or each member of a zip (hidden files and
    folders skipped, as a folder walk skips them)."""
    if len(data) > limits.max_file_bytes and not is_archive(name, data):
        return [Upload(name, error=f"{name}: too large ({size(len(data))}, limit {size(limits.max_file_bytes)})",
                       code="too-large")]
    if not is_archive(name, data):
        return [Upload(name, data)]
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        return [Upload(name, error=f"{name}: not a readable zip archive ({exc})", code="corrupt")]
    with zf:
        members = [i for i in zf.infolist() if not i.is_dir() and not _hidden(i.filename)]
        if len(members) > limits.max_zip_members:
            raise TooMuch(f"{name}: {len(members)} files in the zip, limit {limits.max_zip_members}")
        declared = sum(i.file_size for i in members)
        if declared > limits.max_zip_bytes:
            raise TooMuch(f"{name}: {size(declared)} once unzipped, limit {size(limits.max_zip_bytes)}")
        return [_member(zf, info, name, limits) for info in members]


def _member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, archive: str, limits: UploadLimits) -> Upload:
    shown = f"{archive}/{posixpath.normpath(info.filename).lstrip('/')}"
    if info.flag_bits & 0x1:
        return Upload(shown, error=f"{shown}: encrypted in the zip", code="encrypted")
    if info.file_size > limits.max_file_bytes:
        return Upload(shown, error=f"{shown}: too large ({size(info.file_size)} unzipped, limit "
                                   f"{size(limits.max_file_bytes)})", code="too-large")
    ratio = info.file_size / max(1, info.compress_size)
    if info.file_size > RATIO_FLOOR and ratio > limits.max_zip_ratio:
        return Upload(shown, error=f"{shown}: compressed {ratio:.0f} to 1 (limit {limits.max_zip_ratio:.0f}): "
                                   "a zip bomb?", code="too-large")
    try:
        with zf.open(info) as f:
            body = f.read(info.file_size + 1)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, RuntimeError, ValueError) as exc:
        return Upload(shown, error=f"{shown}: cannot be unzipped ({' '.join(str(exc).split())[:120]})", code="corrupt")
    if len(body) > info.file_size:
        return Upload(shown, error=f"{shown}: larger than the zip declares", code="corrupt")
    return Upload(shown, body)


def collect(files: list[tuple[str, bytes]], limits: UploadLimits) -> list[Upload]:
    """Every document of a request's files, zips expanded; ``TooMuch`` past the request limits."""
    out: list[Upload] = []
    for name, data in files:
        out.extend(expand(name, data, limits))
        if len(out) > limits.max_files:
            raise TooMuch(f"more than {limits.max_files} documents in one request")
    return out
