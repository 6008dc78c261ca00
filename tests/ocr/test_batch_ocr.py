"""OCR in a batch: scans are read in the workers, their results are stored like any other, and a
rescan serves them without OCR'ing again; another OCR mode is another setting."""

from __future__ import annotations

import shutil

from scanner.batch import BatchStats, run_batch
from scanner.documents import Limits
from tests.ocr import scans as make
from tests.ocr.conftest import EXPECTED, EXPECTED_TWO


def test_scans_in_a_two_worker_batch_are_read_stored_and_served_again(tesseract, scans, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    files = [
        shutil.copyfile(scans.path("scan.pdf"), folder / "a-scan.pdf"),
        shutil.copyfile(scans.digital, folder / "b-digital.pdf"),
        make.tiff([scans.page, scans.page_two], folder / "c-fax.tif"),
        shutil.copyfile(scans.path("scan.jpg"), folder / "d-photo.jpg"),
    ]
    db = tmp_path / "store.db"
    stats = BatchStats()
    first = list(run_batch(files, workers=2, timeout=60, db=db, stats=stats, progress=False))
    assert stats.scanned == 4 and stats.workers_started == 2
    assert [r.path for r in first] == [str(f) for f in files] and all(r.ok for r in first)
    got = {r.path.rsplit("/", 1)[1]: r for r in first}
    for name in ("a-scan.pdf", "b-digital.pdf", "d-photo.jpg"):
        assert {c.id: (c.status, c.year) for c in got[name].credentials} == EXPECTED, name
    assert {c.id: (c.status, c.year) for c in got["c-fax.tif"].credentials} == {**EXPECTED, **EXPECTED_TWO}
    ocr = {name: {m.ocr for c in r.credentials for m in c.mentions} for name, r in got.items()}
    assert ocr == {"a-scan.pdf": {True}, "b-digital.pdf": {False}, "c-fax.tif": {True}, "d-photo.jpg": {True}}

    again_stats = BatchStats()
    again = list(run_batch(files, workers=2, timeout=60, db=db, stats=again_stats, progress=False))
    assert (again_stats.scanned, again_stats.cached, again_stats.workers_started) == (0, 4, 0)
    # the OCR marks and confidences come back from the store (as the JSON contract rounds them)
    assert [r.to_dict() for r in again] == [r.to_dict() for r in first]

    never_stats = BatchStats()
    never = list(run_batch(files, workers=0, db=db, stats=never_stats, progress=False,
                           limits=Limits(ocr="never")))
    assert never_stats.scanned == 4  # another OCR mode is another setting: nothing served
    assert [r.error_code for r in never] == ["no-text", None, "unsupported", "unsupported"]
