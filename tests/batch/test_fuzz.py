"""Fuzz the readers and a batch with mutated sample files (seeded, reproducible).

Each case is a sample file with one mutation: bit flips, truncation, spliced bytes, shuffled or
dropped zip members, or an oversized field (a huge page count or stream length, a zip member
claiming gigabytes, a 300 KB line, deep nesting). ``read_document`` must return a Document or
raise a DocumentError whose message is one line naming the file; any other exception fails. The
same cases then go through ``run_batch`` mixed with good files, which must all get their normal
result.

``CREDSCAN_FUZZ_CASES`` sets the number of cases (default 300; ``make fuzz`` runs thousands) and
``CREDSCAN_FUZZ_SEED`` the seed (a failure message names the seed and case to replay it).
"""

from __future__ import annotations

import io
import os
import random
import re
import signal
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from scanner.batch import BatchStats, run_batch, scan_file
from scanner.documents import Document, DocumentError, read_document
from tests.batch.conftest import BROKEN, GOOD

CASES = int(os.environ.get("CREDSCAN_FUZZ_CASES", "300"))
SEED = int(os.environ.get("CREDSCAN_FUZZ_SEED", "20261125"))
CASE_SECONDS = 20  # a direct read slower than this is a hang

SOURCES = [p for p in GOOD + BROKEN if p.stat().st_size > 0]


def flip_bits(rng: random.Random, data: bytes, _: str) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 64)):
        i = rng.randrange(len(out))
        out[i] ^= 1 << rng.randrange(8)
    return bytes(out)


def truncate(rng: random.Random, data: bytes, _: str) -> bytes:
    return data[: rng.randrange(len(data))]


def splice(rng: random.Random, data: bytes, _: str) -> bytes:
    i = rng.randrange(len(data))
    j = min(len(data), i + rng.randint(1, 4096))
    if rng.random() < 0.5:  # duplicate a piece elsewhere
        k = rng.randrange(len(data))
        return data[:k] + data[i:j] * rng.randint(1, 8) + data[k:]
    return data[:i] + rng.randbytes(rng.randint(1, 512)) + data[j:]


def shuffle_zip(rng: random.Random, data: bytes, name: str) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zin:
            if sum(info.file_size for info in zin.infolist()) > 10_000_000:  # the zip bomb
                return flip_bits(rng, data, name)
            members = [(info, zin.read(info)) for info in zin.infolist()]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return flip_bits(rng, data, name)
    rng.shuffle(members)
    action = rng.choice(["shuffle", "drop", "corrupt", "duplicate"])
    if action == "drop" and members:
        members.pop(rng.randrange(len(members)))
    elif action == "corrupt" and members:
        k = rng.randrange(len(members))
        info, body = members[k]
        if body:
            members[k] = (info, flip_bits(rng, body, name) if rng.random() < 0.5 else truncate(rng, body, name))
    elif action == "duplicate" and members:
        members.append(rng.choice(members))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, body in members:
            # the member's own date: writestr(name) stamps the current second, and two calls
            # straddling a second gave two different mutants
            with_warnings_ignored(lambda i=info, b=body: zout.writestr(
                zipfile.ZipInfo(i.filename, date_time=i.date_time), b, zipfile.ZIP_DEFLATED))
    return buf.getvalue()


def with_warnings_ignored(fn: Callable[[], object]) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Duplicate name" is the point of the case
        fn()


def oversize(rng: random.Random, data: bytes, name: str) -> bytes:
    suffix = Path(name).suffix.lower()
    if data.startswith(b"%PDF") or b"%PDF" in data[:1024]:
        fields = list(re.finditer(rb"/(Count|Length|Size|N|First|W) (\d+)", data))
        if fields and rng.random() < 0.8:
            m = rng.choice(fields)
            huge = str(rng.choice([2**31 - 1, 10**9, 99999, 2**63])).encode()
            return data[: m.start(2)] + huge + data[m.end(2):]
        i = rng.randrange(len(data))
        return data[:i] + b"(" + b"A" * 500_000 + b")" + data[i:]
    if data.startswith(b"PK"):
        out = bytearray(data)
        heads = [m.start() for m in re.finditer(rb"PK\x01\x02", data)]
        if heads:
            h = rng.choice(heads)
            field = rng.choice([20, 24])  # compressed / uncompressed size in the central directory
            out[h + field : h + field + 4] = struct.pack("<I", rng.choice([0xFFFFFFF0, 10**9, 0]))
        return bytes(out)
    if suffix in (".json",) or data.lstrip()[:1] in (b"{", b"["):
        return b'{"basics": {"name": "' + b"A" * 500_000 + b'"}, "x": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"
    if suffix == ".rtf" or data.startswith(b"{\\rtf"):
        return b"{\\rtf1 " + b"{" * 100_000 + b"AWS" + b"}" * 100_000 + b"}"
    if suffix in (".html", ".htm"):
        return b"<html><body>" + b"<div>" * 60_000 + b"AWS ML Specialty" + b"</div>" * 60_000 + b"</body></html>"
    if suffix == ".tex":
        return data + b"\\begin{itemize}" * 20_000 + b"{" * 50_000
    return data + b"AWS Certified Machine Learning " * 10_000  # one 300 KB line


MUTATIONS: dict[str, Callable[[random.Random, bytes, str], bytes]] = {
    "flip": flip_bits,
    "truncate": truncate,
    "splice": splice,
    "zip": shuffle_zip,
    "oversize": oversize,
}


def cases(n: int, seed: int) -> list[tuple[str, bytes]]:
    """``n`` (name, bytes) cases; the same seed gives the same cases."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        source = rng.choice(SOURCES)
        kind = rng.choice(list(MUTATIONS))
        if kind == "zip" and not source.read_bytes().startswith(b"PK"):
            kind = "flip"
        data = MUTATIONS[kind](rng, source.read_bytes(), source.name)
        out.append((f"fuzz-{i:05d}-{kind}-{source.name}", data))
    return out


class Hang(Exception):
    pass


def _alarm(signum, frame):
    raise Hang()


def test_readers_return_a_document_or_a_clean_error():
    problems = []
    old = signal.signal(signal.SIGALRM, _alarm)
    try:
        for name, data in cases(CASES, SEED):
            signal.alarm(CASE_SECONDS)
            try:
                doc = read_document(data, name=name)
                assert isinstance(doc, Document)
            except DocumentError as err:
                message = str(err)
                if "\n" in message or not message.startswith(f"{name}: ") or len(message) > 400:
                    problems.append(f"{name}: unclean message {message[:200]!r}")
                if data[:4096] and data[:64].decode("latin-1") in message:
                    problems.append(f"{name}: message dumps content")
            except Hang:
                problems.append(f"{name}: still reading after {CASE_SECONDS} s")
            except Exception as exc:  # the point of the test
                problems.append(f"{name}: {type(exc).__name__}: {str(exc)[:200]}")
            finally:
                signal.alarm(0)
    finally:
        signal.signal(signal.SIGALRM, old)
    assert not problems, f"seed {SEED}, {len(problems)} of {CASES} cases:\n" + "\n".join(problems)


def test_a_batch_of_mutants_and_good_files(tmp_path, nlp_now):
    folder = tmp_path / "in"
    folder.mkdir()
    files: list[Path] = []
    good: list[Path] = []
    for i, (name, data) in enumerate(cases(CASES, SEED)):
        path = folder / name
        path.write_bytes(data)
        files.append(path)
        if i % 10 == 0:  # a good file every ten mutants
            src = GOOD[(i // 10) % len(GOOD)]
            ok = folder / f"good-{i:05d}-{src.name}"
            ok.write_bytes(src.read_bytes())
            files.append(ok)
            good.append(ok)
    expected = {str(p): scan_file(p, nlp_now).to_dict() for p in good}
    stats = BatchStats()
    results = list(run_batch(files, workers=2, timeout=30, stats=stats, db=tmp_path / "s.db"))
    assert [r.path for r in results] == [str(p) for p in files]
    for r in results:
        if r.path in expected:
            assert r.to_dict() == expected[r.path], r.path
        elif not r.ok:
            assert "\n" not in r.error and r.error.startswith(f"{r.path}: "), r.error
            assert r.error_code != "internal-error", r.error
    assert stats.crashes == 0 and stats.timeouts == 0, [r.error for r in results
                                                         if r.error_code in ("crashed", "timeout")]


@pytest.mark.parametrize("kind", list(MUTATIONS))
def test_each_mutation_is_reproducible(kind):
    source = next(p for p in SOURCES if p.suffix == ".docx")
    data = source.read_bytes()
    assert MUTATIONS[kind](random.Random(5), data, source.name) == MUTATIONS[kind](
        random.Random(5), data, source.name)
