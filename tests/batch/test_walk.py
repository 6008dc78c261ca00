"""walk(): deterministic, skips hidden things, names what it does not scan, never loops."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scanner.batch import Skipped, walk


def tree(root: Path, names: list[str]) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")


def names(items, root: Path) -> list[str]:
    return [
        f"skip:{i.path.relative_to(root)}" if isinstance(i, Skipped) else str(i.relative_to(root))
        for i in items
    ]


def test_recursive_sorted_and_hidden_skipped(tmp_path):
    tree(tmp_path, ["b.pdf", "a.docx", "sub/z.txt", "sub/c.md", ".hidden.pdf", ".git/x.pdf",
                    "~$lock.docx", "sub/.DS_Store", "A.PDF", "sub/deeper/r.resume.json"])
    got = names(walk([tmp_path]), tmp_path)
    assert got == ["A.PDF", "a.docx", "b.pdf", "sub/c.md", "sub/deeper/r.resume.json", "sub/z.txt"]
    assert got == names(walk([tmp_path]), tmp_path)  # deterministic


def test_every_extension_or_none_is_yielded_for_the_reader_to_sniff(tmp_path):
    """The type is sniffed from the content: a folder walk does not drop a resume saved without
    an extension, or under one it does not know; hidden files stay out."""
    tree(tmp_path, ["cv.doc", "photo.jpg", "notes", "table.xlsx", "r.HTM", "r.rtf", "r.tex",
                    ".hidden", "~$lock.docx"])
    items = list(walk([tmp_path]))
    assert not any(isinstance(i, Skipped) for i in items)
    assert [p.name for p in items] == ["cv.doc", "notes", "photo.jpg", "r.HTM", "r.rtf", "r.tex",
                                       "table.xlsx"]
    assert str(Skipped(tmp_path / "photo.jpg", "x")) == f"{tmp_path / 'photo.jpg'}: x"


def test_a_file_named_twice_is_yielded_once(tmp_path, monkeypatch):
    """``scan dir dir/a.pdf``, ``scan a.pdf ./a.pdf``: one result per file."""
    tree(tmp_path, ["dir/a.pdf", "dir/b.pdf"])
    monkeypatch.chdir(tmp_path)
    items = list(walk(["dir", "dir/a.pdf", "./dir/b.pdf", tmp_path / "dir" / "a.pdf", "dir/../dir"]))
    assert items == [Path("dir/a.pdf"), Path("dir/b.pdf")]
    assert list(walk(["dir/b.pdf", "dir"])) == [Path("dir/b.pdf"), Path("dir/a.pdf")]


def test_explicit_paths_are_yielded_as_given(tmp_path):
    tree(tmp_path, [".hidden.pdf", "odd.xyz"])
    missing = tmp_path / "missing.pdf"
    items = list(walk([tmp_path / ".hidden.pdf", tmp_path / "odd.xyz", missing]))
    assert items == [tmp_path / ".hidden.pdf", tmp_path / "odd.xyz", missing]


def test_dot_folder_given_explicitly_is_walked(tmp_path, monkeypatch):
    tree(tmp_path, ["a.txt"])
    monkeypatch.chdir(tmp_path)
    assert list(walk(["."])) == [Path("a.txt")]


def test_symlinks_not_followed_by_default(tmp_path):
    tree(tmp_path, ["real/a.pdf", "other/b.pdf"])
    (tmp_path / "real" / "link.pdf").symlink_to(tmp_path / "other" / "b.pdf")
    (tmp_path / "real" / "dirlink").symlink_to(tmp_path / "other", target_is_directory=True)
    got = names(walk([tmp_path / "real"]), tmp_path)
    assert got == ["real/a.pdf", "skip:real/dirlink", "skip:real/link.pdf"]
    followed = names(walk([tmp_path / "real"], follow_symlinks=True), tmp_path)
    assert followed == ["real/a.pdf", "real/dirlink/b.pdf", "real/link.pdf"]


def test_symlink_loop_terminates(tmp_path):
    tree(tmp_path, ["top/a.txt", "top/sub/b.txt"])
    (tmp_path / "top" / "sub" / "up").symlink_to(tmp_path / "top", target_is_directory=True)
    (tmp_path / "top" / "self").symlink_to(tmp_path / "top" / "self")  # a link to itself
    items = list(walk([tmp_path / "top"], follow_symlinks=True))
    files = [str(i.relative_to(tmp_path)) for i in items if isinstance(i, Path)]
    assert files == ["top/a.txt", "top/sub/b.txt"]
    reasons = {i.path.name: i.reason for i in items if isinstance(i, Skipped)}
    assert reasons["up"] == "folder already visited (link loop)"
    assert "self" in reasons
    # the same folder given twice is walked once
    assert len([i for i in walk([tmp_path / "top", tmp_path / "top"]) if isinstance(i, Path)]) == 2


def test_broken_link_and_special_files(tmp_path):
    """A followed link that points nowhere is lost (an error result, as a link loop is); a FIFO
    is noted."""
    tree(tmp_path, ["a.txt"])
    (tmp_path / "gone.pdf").symlink_to(tmp_path / "nowhere.pdf")
    os.mkfifo(tmp_path / "pipe.txt")
    skipped = {i.path.name: (i.reason, i.lost) for i in walk([tmp_path], follow_symlinks=True)
               if isinstance(i, Skipped)}
    assert skipped == {"gone.pdf": (f"broken symbolic link (to {tmp_path / 'nowhere.pdf'})", True),
                       "pipe.txt": ("not a regular file", False)}
    unfollowed = {i.path.name: i.lost for i in walk([tmp_path]) if isinstance(i, Skipped)}
    assert unfollowed == {"gone.pdf": False, "pipe.txt": False}


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_unreadable_folder_is_noted(tmp_path):
    tree(tmp_path, ["locked/a.txt", "b.txt"])
    (tmp_path / "locked").chmod(0)
    try:
        items = list(walk([tmp_path]))
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert items[0] == tmp_path / "b.txt"
    assert isinstance(items[1], Skipped) and items[1].reason.startswith("cannot list folder")
    assert items[1].lost
