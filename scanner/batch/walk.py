"""The folder walk: which files a batch scans, in a fixed order, and what it leaves out and why.

Shared by every engine (the local worker pool, the Dask engine) and by ``scanner.rank``/``stats``
given folders: the same paths give the same files in the same order, so a rerun of a batch meets
the same files and a distributed job cuts the same partitions.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Skipped:
    """A path ``walk`` found but will not scan, and why (for a "skipped" list on stderr).

    ``lost``: the path could not even be looked at (an unlistable folder, a failing stat), so
    whatever it holds would go missing silently; ``run_batch`` turns it into an error result.
    """

    path: Path | str  # a str for a URL
    reason: str
    lost: bool = False

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def walk(paths: Iterable[str | Path], *,
         follow_symlinks: bool = False) -> Iterator[Path | str | Skipped]:
    """Files to scan under ``paths``, depth first, each folder's entries sorted by name.

    A path given explicitly is always yielded (even hidden, linked or special: the reader then
    says what it is). Inside folders every regular file is yielded whatever its extension, or
    none: the reader decides by the content (a resume saved without ".pdf" is still read, a
    photo gets an error result saying it is an image). Names starting with "." and Word's "~$"
    lock files are skipped silently; special files, folders entered already and symbolic links
    (unless ``follow_symlinks``) are yielded as ``Skipped``. What cannot be looked at (an
    unlistable folder, a followed link that is broken or loops) is a ``lost`` ``Skipped``: the
    batch gives it an error result. A file named twice (``scan dir dir/cv.pdf``) is yielded the
    first time only; every folder is entered at most once, identified by (device, inode), so link
    loops and bind-mount loops end. Memory grows with the folders entered and the paths named,
    not with the files yielded: a walk of ten million files does not remember them.

    A URL (``s3://bucket/cvs/``, ``memory://...``: anything fsspec opens but the local disk) is
    walked the same way through fsspec and its files yielded as URL strings under the prefix
    given; only an engine that reads URLs (``scanner.batch.cluster``) can scan them.
    """
    seen: set[tuple[int, int]] = set()  # folders entered (loops end)
    listed: set[tuple[int, int]] = set()  # folders whose files were all yielded
    named: set[str] = set()  # files named explicitly and yielded, by absolute path
    urls: set[str] = set()  # URLs named explicitly and yielded
    url_roots: list[str] = []  # URL prefixes walked
    cwd = os.getcwd()

    def absolute(path: Path) -> str:
        return os.path.normpath(os.path.join(cwd, path))

    for raw in paths:
        if isinstance(raw, str) and is_url(raw):
            if raw in urls or (any(_inside(raw, root) for root in url_roots) and _is_remote_file(raw)):
                continue
            for found in _walk_url(raw):
                if found == raw:  # a file, named
                    urls.add(raw)
                elif not isinstance(found, Skipped):
                    if raw not in url_roots:
                        url_roots.append(raw.rstrip("/"))
                    if found in urls:
                        continue
                yield found
            continue
        path = Path(raw)
        try:
            st = path.stat()
        except OSError:
            if absolute(path) not in named:
                named.add(absolute(path))
                yield path  # scan_file reports why it cannot be read
            continue
        if stat.S_ISDIR(st.st_mode):
            for item in _walk_dir(path, st, seen, listed, follow_symlinks):
                if isinstance(item, Skipped) or not named or absolute(item) not in named:
                    yield item
        elif absolute(path) not in named and not _walked_already(path, listed, follow_symlinks):
            named.add(absolute(path))
            yield path


def _inside(url: str, root: str) -> bool:
    """Whether walking the URL prefix ``root`` yielded ``url`` (under it, nothing hidden on the way)."""
    if not url.startswith(root + "/"):
        return False
    return not any(part.startswith((".", "~$")) for part in url[len(root) + 1:].split("/"))


def _is_remote_file(url: str) -> bool:
    import fsspec

    try:
        fs, path = fsspec.core.url_to_fs(url)
        return fs.info(path)["type"] == "file"
    except Exception:  # missing or unreachable: it was not yielded by a walk
        return False


def _walked_already(path: Path, listed: set[tuple[int, int]], follow: bool) -> bool:
    """Whether a folder walked before yielded the file ``path`` names (``scan dir dir/cv.pdf``):
    its folder was listed, and the walk yields every regular file there but hidden ones and
    links it does not follow."""
    if not listed or path.name.startswith((".", "~$")):
        return False
    try:
        parent = os.stat(path.parent)
        if (parent.st_dev, parent.st_ino) not in listed:
            return False
        own = os.lstat(path)
        if stat.S_ISLNK(own.st_mode):
            return follow and stat.S_ISREG(os.stat(path).st_mode)
        return stat.S_ISREG(own.st_mode)
    except OSError:
        return False


def _walk_dir(root: Path, root_st: os.stat_result, seen: set[tuple[int, int]],
              listed: set[tuple[int, int]], follow: bool) -> Iterator[Path | Skipped]:
    ident = (root_st.st_dev, root_st.st_ino)
    if ident in seen:
        return
    seen.add(ident)
    # an explicit stack of (folder, iterator over its entries): no recursion limit however deep
    stack: list[tuple[Path, Iterator[os.DirEntry[str]]]] = []
    listing = _list_dir(root)
    if isinstance(listing, Skipped):
        yield listing
        return
    listed.add(ident)
    stack.append((root, iter(listing)))
    while stack:
        folder, entries = stack[-1]
        entry = next(entries, None)
        if entry is None:
            stack.pop()
            continue
        name = entry.name
        if name.startswith((".", "~$")):
            continue
        path = folder / name
        try:
            is_link = entry.is_symlink()
            if is_link and not follow:
                yield Skipped(path, "symbolic link, not followed")
                continue
            # the folder listing already says "regular file" (no stat call) for most entries
            if not is_link and entry.is_file(follow_symlinks=False):
                mode = stat.S_IFREG
            else:
                try:
                    st = entry.stat(follow_symlinks=True)
                except FileNotFoundError:
                    if is_link:  # asked to follow it: what it pointed at is lost, say so
                        yield Skipped(path, f"broken symbolic link (to {_link_target(path)})",
                                      lost=True)
                    continue  # vanished since the folder was listed
                mode = st.st_mode
                if stat.S_ISDIR(mode):
                    ident = (st.st_dev, st.st_ino)
                    if ident in seen:
                        loop = " (link loop)" if is_link else ""
                        yield Skipped(path, f"folder already visited{loop}")
                        continue
                    seen.add(ident)
                    listing = _list_dir(path)
                    if isinstance(listing, Skipped):
                        yield listing
                    else:
                        listed.add(ident)
                        stack.append((path, iter(listing)))
                    continue
            if not stat.S_ISREG(mode):
                yield Skipped(path, "not a regular file")
                continue
        except OSError as exc:  # a link loop, a failing stat: it would have been scanned
            yield Skipped(path, f"cannot inspect ({_strerror(exc)})", lost=True)
            continue
        yield path


def _link_target(path: Path) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "?"


def _list_dir(path: Path) -> list[os.DirEntry[str]] | Skipped:
    try:
        with os.scandir(path) as it:
            return sorted(it, key=lambda e: e.name)
    except OSError as exc:
        return Skipped(path, f"cannot list folder ({_strerror(exc)})", lost=True)


def _strerror(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def is_url(name: str) -> bool:
    """Whether ``name`` is a URL for fsspec rather than a local path (``file://`` counts as local;
    an existing local path wins, however it is spelled)."""
    scheme, sep, _ = name.partition("://")
    return bool(sep) and scheme.isidentifier() and scheme not in ("file", "local") and not os.path.exists(name)


def _walk_url(url: str) -> Iterator[str | Skipped]:
    """``walk`` for one URL: the object itself, or what its prefix holds, in the same order."""
    import fsspec

    try:
        fs, root = fsspec.core.url_to_fs(url)
        kind = fs.info(root)["type"]
    except FileNotFoundError:
        yield url  # the scan says it is missing
        return
    except Exception as exc:
        yield Skipped(url, f"cannot inspect ({_backend_error(exc)})", lost=True)
        return
    if kind != "directory":
        yield url
        return
    base, root = url.rstrip("/"), root.rstrip("/")

    def listing(folder: str) -> list[dict[str, object]] | Skipped:
        try:
            return sorted(fs.ls(folder, detail=True), key=lambda e: str(e["name"]).rstrip("/"))
        except Exception as exc:
            return Skipped(base + folder[len(root):], f"cannot list folder ({_backend_error(exc)})", lost=True)

    first = listing(root)
    if isinstance(first, Skipped):
        yield first
        return
    stack = [iter(first)]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        name = str(entry["name"]).rstrip("/")
        if not name.startswith(root + "/") or name.rsplit("/", 1)[-1].startswith((".", "~$")):
            continue  # the folder itself, as some stores list it, or a hidden name
        found = base + name[len(root):]
        if entry.get("type") == "directory":
            entries = listing(name)
            if isinstance(entries, Skipped):
                yield entries
            else:
                stack.append(iter(entries))
        elif entry.get("type") == "file":
            yield found
        else:
            yield Skipped(found, "not a regular file")


def _backend_error(exc: Exception) -> str:
    """A one-line reason for a failed remote call, worded as a local one would be."""
    if isinstance(exc, FileNotFoundError):
        return "No such file or directory"
    if isinstance(exc, PermissionError):
        return "Permission denied"
    if isinstance(exc, IsADirectoryError):
        return "not a regular file"
    text = " ".join(str(exc).split())[:200]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
