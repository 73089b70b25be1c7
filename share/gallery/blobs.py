"""Blobs: file bytes stored once by their sha256 digest, behind one small interface.

:class:`FolderStore` keeps ``ab/cdef…`` files under a folder, each written atomically
(``engine.fileio.write_atomic``), so a killed server leaves a whole blob or none. The gallery
writes a blob before the row that names it, so no row ever points at a missing blob. An
S3-compatible store can stand behind the same :class:`BlobStore` protocol.
"""

from __future__ import annotations

import functools
import hashlib
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Protocol

_DIGEST = re.compile(r"[0-9a-f]{64}")


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
        if path.is_file() and path.stat().st_size == len(data):
            return digest
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
        try:
            return self._path(digest).read_bytes()
        except FileNotFoundError as exc:
            raise KeyError(digest) from exc

    def has(self, digest: str) -> bool:
        try:
            return self._path(digest).is_file()
        except KeyError:
            return False
