"""One file: read its bytes once, hash them, scan them; the error results every engine gives.

This is the seam the engines share. The local worker pool (``scanner.batch.local``) and the Dask
engine (``scanner.batch.cluster``) both scan a file with ``_scan_path`` and turn what goes wrong
into the same failed results: a reader's error with its code, "unreadable" for the file system,
"timeout" past the time limit (``_timed_out``), "crashed" when the process died on it. What a
result was made under (``_made_by``, ``_settings``) is decided here too, so that the results
store and a shard directory key results the same way.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import signal
import stat
import time
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from scanner import __version__
from scanner.batch.walk import _backend_error, _strerror
from scanner.documents.errors import DocumentError, TooLargeError
from scanner.documents.limits import DEFAULT_LIMITS, Limits, size
from scanner.results import ScanResult, positional_pickle
from scanner.store import result_json

if TYPE_CHECKING:
    from spacy.language import Language


@positional_pickle
@dataclass(frozen=True, slots=True)
class _Read:
    """What scanning one file produced: the result (None: bytes equal ``known_sha``) and the
    stat taken before reading with the hash of the bytes read."""

    result: ScanResult | None
    json_text: str | None
    sha256: str | None
    size: int
    mtime_ns: int


def scan_file(path: str | Path, nlp: Language, *, kind: str | None = None,
              limits: Limits | None = None) -> ScanResult:
    """Read and scan one file in this process. Never raises for a bad file.

    Reader errors become failed results with the reader's code; OS errors (permissions, a file
    that vanished, a FIFO) become "unreadable". No time limit applies here: use ``run_batch`` for
    files from strangers when a hang matters.
    """
    name = str(path)
    return _scan_path(name, name, nlp, kind, limits or DEFAULT_LIMITS).result  # type: ignore[return-value]


def _scan_path(open_path: str, name: str, nlp: Language, kind: str | None, limits: Limits,
               known_sha: str | None = None, want_json: bool = False) -> _Read:
    """Read ``name``'s bytes once, hash them, and scan exactly those bytes.

    The stat is taken on the open file *before* reading, so a stored (size, mtime) never vouches
    for bytes newer than the ones scanned: a file that changes during the read looks changed to
    the next run and is hashed again.
    """
    try:
        fd = os.open(open_path, _OPEN_FLAGS)
    except OSError as exc:
        return _failed(name, f"{name}: cannot read ({_strerror(exc)})", "unreadable", want_json)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return _failed(name, f"{name}: cannot read (not a regular file)", "unreadable",
                           want_json)
        if st.st_size > limits.max_bytes:
            err = TooLargeError(name, f"{size(st.st_size)}, limit {size(limits.max_bytes)}")
            return _failed(name, str(err), err.code, want_json, st)
        data = _read_fd(fd, st.st_size, limits.max_bytes + 1)  # an extra byte: refused as too large
        after = os.fstat(fd)
    except OSError as exc:
        return _failed(name, f"{name}: cannot read ({_strerror(exc)})", "unreadable", want_json)
    finally:
        os.close(fd)
    changed = (after.st_size, after.st_mtime_ns) != (st.st_size, st.st_mtime_ns) or (
        len(data) != st.st_size and len(data) <= limits.max_bytes)
    sha = hashlib.sha256(data).hexdigest()
    if known_sha is not None and sha == known_sha:
        return _Read(None, None, sha, st.st_size, st.st_mtime_ns)
    result = _scan_bytes(data, name, nlp, kind, limits)
    if changed:
        result = dataclasses.replace(result, warnings=(
            *result.warnings, f"{name}: changed while being read; the result is for the bytes read"))
    return _Read(result, result_json(result) if want_json else None, sha, st.st_size, st.st_mtime_ns)


def _read_url(url: str, limits: Limits) -> bytes | ScanResult:
    """The bytes of a file named by an fsspec URL (``s3://``, ``gs://``, ``abfs://``,
    ``memory://``...), or the failed result saying why not, as for a local file.

    The size is checked before reading where the file system knows it; at most the limit and
    one byte are read. Whatever the backend raises on opening or reading (its errors are not
    all ``OSError``) is an "unreadable" result naming the file: one object must not end a job.
    Reading needs no pipeline, so threads of a worker can wait on the network side by side.
    """
    import fsspec

    try:
        fs, path = fsspec.core.url_to_fs(url)
        with fs.open(path, "rb") as f:
            known = getattr(f, "size", None)
            if isinstance(known, int) and known > limits.max_bytes:
                err = TooLargeError(url, f"{size(known)}, limit {size(limits.max_bytes)}")
                return ScanResult.failed(url, str(err), err.code)
            data = f.read(limits.max_bytes + 1)
    except Exception as exc:
        return ScanResult.failed(url, f"{url}: cannot read ({_backend_error(exc)})", "unreadable")
    if len(data) > limits.max_bytes:
        err = TooLargeError(url, f"over {size(limits.max_bytes)}")
        return ScanResult.failed(url, str(err), err.code)
    return data


def _scan_bytes(data: bytes, name: str, nlp: Language, kind: str | None, limits: Limits) -> ScanResult:
    from scanner.documents import read_document
    from scanner.scan import scan_document

    try:
        document = read_document(data, name=name, limits=limits)
        return scan_document(document, nlp, kind)
    except DocumentError as err:
        return ScanResult.failed(name, str(err), err.code)
    except (MemoryError, RecursionError) as exc:
        return ScanResult.failed(name, f"{name}: too complex to read ({type(exc).__name__})", "too-large")
    except Exception as exc:  # a reader bug must not end a batch of 10,000 files
        reason = " ".join(str(exc).split())[:200]
        return ScanResult.failed(name, f"{name}: internal error ({type(exc).__name__}: {reason})",
                                 "internal-error")


def _read_fd(fd: int, expected: int, limit: int) -> bytes:
    """Up to ``limit`` bytes: ``expected`` (the stat's size) and one more in one read, so that
    the bytes are not held twice (chunks, then joined), then the rest of a file that grew."""
    first = os.read(fd, min(expected + 1, limit))
    if len(first) <= expected:
        return first
    chunks = [first]
    left = limit - len(first)
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


# O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused after fstat)
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def _failed(name: str, error: str, code: str, want_json: bool,
            st: os.stat_result | None = None) -> _Read:
    result = ScanResult.failed(name, error, code)
    return _Read(result, result_json(result) if want_json else None, None,
                 st.st_size if st else -1, st.st_mtime_ns if st else -1)


def _timed_out(name: str, timeout: float) -> str:
    """The error of a file stopped by the time limit, whichever engine stopped it."""
    return f"{name}: timed out after {timeout:g} s"


def _test_hooks() -> tuple[str, str, str]:
    """Test-suite only: workers hang on / crash on / spin on paths containing these substrings.

    Read in the parent (the client) and handed to each worker, because a forkserver's or a
    cluster worker's environment is the one it started with.
    """
    env = os.environ.get
    return env("CREDSCAN_TEST_HANG", ""), env("CREDSCAN_TEST_CRASH", ""), env("CREDSCAN_TEST_SPIN", "")


def _apply_test_hooks(name: str, hooks: tuple[str, str, str]) -> None:
    """What ``_test_hooks`` asks for, on a file named ``name``: a hang nothing in the process
    can interrupt (a sleep, as a call stuck in native code), a crash (SIGSEGV), or a hang in
    Python code (a loop) that a time limit can interrupt."""
    hang, crash, spin = hooks
    if hang and hang in name:
        time.sleep(3600)
    if crash and crash in name:
        os.kill(os.getpid(), signal.SIGSEGV)
    if spin and spin in name:
        while True:
            time.sleep(0.01)


def _crashed(name: str, how: str) -> str:
    """The error of a file whose process died while reading it, whichever engine saw it die."""
    return f"{name}: worker crashed ({how}) while reading"


@lru_cache(maxsize=16)
def _settings(limits: Limits) -> str:
    """The options besides the kind that change a result (``Key.settings``): a result is served
    only to a scan under the same ones, and each set keeps its own row in the store."""
    fields = ",".join(f"{f.name}={getattr(limits, f.name)}" for f in dataclasses.fields(limits))
    return f"limits={fields}"


def _made_by() -> str:
    """The code and the year that judge a result (``Key.made_by``): statuses such as "expired"
    are judged against this year, and other code may read or match differently."""
    return f"credscan {__version__} ({_code_digest()}); as_of={dt.date.today().year}"


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """A digest of credscan's own source: results stored by other code (a newer checkout, an
    edited install) are not served as this code's answers. About a millisecond, once."""
    root = Path(__file__).resolve().parents[1]  # scanner/, not scanner/batch/
    digest = hashlib.sha256()
    # the kind model's weights and words decide answers as code does (the lexicon's own version
    # covers the other lexicon files)
    files = [*root.rglob("*.py"), *root.glob("pipeline/kind_model/*.json")]
    for path in sorted(files):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    kind_words = resources.files("scanner.lexicons") / "kind.yaml"
    if kind_words.is_file():
        digest.update(b"lexicons/kind.yaml\0" + kind_words.read_bytes())
    return digest.hexdigest()[:12]

