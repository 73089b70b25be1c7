"""Blobs: file bytes stored once by their sha256 digest, behind one small interface.

:class:`FolderStore` keeps ``ab/cdef…`` files under a folder, each written atomically
(``engine.fileio.write_atomic``), so a killed server leaves a whole blob or none. The gallery
writes a blob before the row that names it, so no row ever points at a missing blob. An
S3-compatible store can stand behind the same :class:`BlobStore` protocol.

Blobs nothing names any more are removed by ``share.gallery.sweep``. Two habits of the store
keep that safe while uploads run: :meth:`FolderStore.put` of bytes already stored touches their
file, so a file the sweep may take was not just put again; and :meth:`FolderStore.discard` first
renames the file aside (``NAME.sweep``), so a put from then on writes a new file, and only then
looks at when it was last touched, putting it back if that was after the sweep began.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple, Protocol

_DIGEST = re.compile(r"[0-9a-f]{64}")
_ASIDE = ".sweep"
"""The suffix of a file a sweep has set aside while it decides about it."""


class Stored(NamedTuple):
    """A blob in the store: its digest, size in bytes, and when it was last put (POSIX time)."""

    digest: str
    size: int
    touched: float


@functools.cache
def _writers() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(8, thread_name_prefix="cocreate-blob")


class BlobStore(Protocol):
    def put(self, data: bytes) -> str:
        """Store ``data`` (once: the same bytes again are not written again); its digest."""
        ...

    def put_many(self, items: list[bytes]) -> list[str]:
        """Store each of ``items`` (at once where the store can); their digests, in order."""
        ...

    def get(self, digest: str) -> bytes:
        """The bytes of ``digest``; KeyError when there are none."""
        ...

    def has(self, digest: str) -> bool: ...

    def stored(self) -> Iterator[Stored]:
        """Every blob in the store (for the sweep), after putting back any a sweep that was
        stopped half-way left set aside."""
        ...

    def discard(self, digest: str, *, untouched_since: float) -> int:
        """Remove blob ``digest`` unless it was put at or after ``untouched_since`` (POSIX time);
        the bytes freed (0 when it was kept or missing)."""
        ...


class FolderStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def _path(self, digest: str) -> Path:
        if not _DIGEST.fullmatch(digest):
            raise KeyError(digest)
        return self.root / digest[:2] / digest[2:]

    def put(self, data: bytes) -> str:
        from engine.fileio import write_atomic

        digest = hashlib.sha256(data).hexdigest()
        path = self._path(digest)
        try:
            os.utime(path)  # put again: a sweep that began before now keeps it
            if path.stat().st_size == len(data):
                return digest
        except FileNotFoundError:
            pass
        path.parent.mkdir(exist_ok=True)
        write_atomic(path, data)
        return digest

    def put_many(self, items: list[bytes]) -> list[str]:
        """Each written and fsynced in its own thread: an upload's file, replay and pictures
        wait for one disk flush, not one after another."""
        if len(items) <= 1:
            return [self.put(data) for data in items]
        return list(_writers().map(self.put, items))

    def get(self, digest: str) -> bytes:
        path = self._path(digest)
        for candidate in (path, _aside(path)):  # a sweep may hold it aside this moment
            try:
                return candidate.read_bytes()
            except FileNotFoundError:
                continue
        raise KeyError(digest)

    def has(self, digest: str) -> bool:
        try:
            path = self._path(digest)
        except KeyError:
            return False
        return path.is_file() or _aside(path).is_file()

    def stored(self) -> Iterator[Stored]:
        for folder in sorted(self.root.iterdir()):
            if len(folder.name) != 2 or not folder.is_dir():
                continue
            for entry in sorted(os.scandir(folder), key=lambda e: e.name):
                name = entry.name
                if name.endswith(_ASIDE):
                    name = name.removesuffix(_ASIDE)
                    _put_back(Path(entry.path), folder / name)
                if not _DIGEST.fullmatch(folder.name + name):
                    continue
                try:
                    st = (folder / name).stat()
                except FileNotFoundError:
                    continue
                yield Stored(folder.name + name, st.st_size, st.st_mtime)

    def discard(self, digest: str, *, untouched_since: float) -> int:
        path = self._path(digest)
        aside = _aside(path)
        try:
            os.rename(path, aside)  # from here on, a put of these bytes writes a new file
        except FileNotFoundError:
            return 0
        st = aside.stat()
        if st.st_mtime >= untouched_since:  # put again while the sweep looked: keep it
            _put_back(aside, path)
            return 0
        aside.unlink()
        return st.st_size


def _aside(path: Path) -> Path:
    return path.with_name(path.name + _ASIDE)


def _put_back(aside: Path, path: Path) -> None:
    """Return a file set aside to its place (the same bytes when a put wrote it anew)."""
    with contextlib.suppress(FileNotFoundError):
        os.replace(aside, path)
