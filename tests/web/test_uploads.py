"""Uploads from strangers: zips read in memory under their limits, names never used as paths."""

from __future__ import annotations

import io
import os
import zipfile

import pytest

from scanner.service import Staged, safe_name
from scanner.web.uploads import TooMuch, UploadLimits, collect, expand, is_archive
from tests.conftest import SAMPLES


def zipped(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_members_are_read_in_memory_and_staged_under_safe_names(tmp_path):
    data = zipped({"../../evil.txt": b"AWS", "/etc/passwd": b"root", "a/b/cv.md": b"# CV", "a/.git/config": b"x",
                   "__MACOSX/a/._cv.md": b"\x00"})
    docs = expand("batch.zip", data, UploadLimits())
    assert [(d.name, d.data) for d in docs] == [
        ("batch.zip/../../evil.txt", b"AWS"), ("batch.zip/etc/passwd", b"root"), ("batch.zip/a/b/cv.md", b"# CV")]
    with Staged() as staged:
        paths = [staged.add(d.data, d.name) for d in docs]
        assert all(os.path.dirname(p) == staged.dir for p in paths)
        assert [os.path.basename(p) for p in paths] == ["00000-evil.txt", "00001-passwd", "00002-cv.md"]
        assert oct(os.stat(staged.dir).st_mode & 0o777) == "0o700"
    assert not os.path.exists(staged.dir)


@pytest.mark.parametrize(("name", "safe"), [
    ("../../.bashrc", "bashrc"), ("C:\\Users\\x\\cv.pdf", "cv.pdf"), ("<img onerror=x>.txt", "_img_onerror_x_.txt"),
    ("", "document"), ("...", "document"), ("résumé 2024.docx", "r_sum_2024.docx")])
def test_safe_name(name, safe):
    assert safe_name(name) == safe


def test_a_zip_over_its_limits_is_refused_or_its_members_are_error_rows():
    many = zipped({f"cv{i}.txt": b"x" for i in range(6)})
    with pytest.raises(TooMuch, match="6 files in the zip, limit 5"):
        expand("many.zip", many, UploadLimits(max_zip_members=5))
    big = zipped({"a.txt": b"a" * 4000, "b.txt": b"b" * 4000})
    with pytest.raises(TooMuch, match="once unzipped"):
        expand("big.zip", big, UploadLimits(max_zip_bytes=6000))
    bomb = zipped({"bomb.txt": b"\0" * (3 * 1024 * 1024), "ok.txt": b"AWS"})
    docs = expand("bomb.zip", bomb, UploadLimits())
    assert "compressed" in docs[0].error and "a zip bomb?" in docs[0].error and docs[1].data == b"AWS"
    docs = expand("large.zip", zipped({"large.txt": b"y" * 5000}), UploadLimits(max_file_bytes=4000))
    assert docs[0].code == "too-large" and "large.zip/large.txt: too large" in docs[0].error
    with pytest.raises(TooMuch, match="more than 2 documents"):
        collect([("a.txt", b"a"), ("z.zip", zipped({"b.txt": b"b", "c.txt": b"c"}))], UploadLimits(max_files=2))


def test_broken_and_encrypted_zips_become_error_rows():
    data = bytearray(zipped({"cv.txt": b"AWS Certified Machine Learning - Specialty " * 50}))
    data[60:70] = b"\xff" * 10  # inside the compressed bytes
    docs = expand("damaged.zip", bytes(data), UploadLimits())
    assert docs[0].error and docs[0].error.startswith("damaged.zip/cv.txt: cannot be unzipped")
    truncated = zipped({"cv.txt": b"x" * 100})[:30]
    docs = expand("cut.zip", truncated, UploadLimits())
    assert docs[0].code == "corrupt" and docs[0].error.startswith("cut.zip: not a readable zip archive")
    enc = bytearray(zipped({"cv.txt": b"x"}, zipfile.ZIP_STORED))
    enc[6] |= 1  # the local header's encryption flag
    cd = enc.rfind(b"PK\x01\x02")
    enc[cd + 8] |= 1  # and the central directory's
    docs = expand("secret.zip", bytes(enc), UploadLimits())
    assert docs[0].code == "encrypted"


def test_a_docx_is_a_document_not_an_archive():
    docx = (SAMPLES / "resumes" / "jordan-smith.docx").read_bytes()
    assert not is_archive("jordan-smith.docx", docx)
    assert is_archive("cvs.zip", zipped({"a.txt": b"a"})) and is_archive("cvs", zipped({"a.txt": b"a"}))
    docs = expand("jordan-smith.docx", docx, UploadLimits())
    assert [(d.name, d.data == docx) for d in docs] == [("jordan-smith.docx", True)]
