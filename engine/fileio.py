"""Reading and writing creation files: size-checked reads, atomic saves.

A save writes a temporary file in the same folder, fsyncs it, renames it over the target with
``os.replace`` and fsyncs the folder: a crash at any moment leaves the old file or the new one,
whole, never a mix (``tests/engine/test_fileio.py`` kills writers at random moments to show it).
A writer killed mid-save leaves its temporary file; the next save of that file removes it.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import sys
from typing import TYPE_CHECKING

from engine import codec, limits
from engine.document import Document
from engine.errors import FileAccessError, LimitExceeded, SaveError

if TYPE_CHECKING:  # pathlib and tempfile are imported where a file is written: reading, the
    from pathlib import Path  # common case (cocreate validate), starts faster without them


def read_bytes(path: str | os.PathLike[str], *, max_bytes: int = limits.MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file, refusing directories, missing paths and oversized files."""
    name = os.fspath(path)
    try:
        # Not blocking: opening a named pipe (FIFO) for reading would wait for a writer.
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        with open(os.open(name, flags), "rb") as f:
            st = os.fstat(f.fileno())
            if stat.S_ISDIR(st.st_mode):
                raise FileAccessError("is a directory, not a file", source=name)
            if not stat.S_ISREG(st.st_mode):
                raise FileAccessError("is not a regular file", source=name)
            if st.st_size > max_bytes:
                raise LimitExceeded(
                    f"file is {st.st_size:,} bytes, more than {max_bytes:,}",
                    limit="MAX_FILE_BYTES",
                    source=name,
                )
            data = f.read(max_bytes + 1)
    except FileNotFoundError as exc:
        raise FileAccessError("no such file", source=name) from exc
    except IsADirectoryError as exc:
        raise FileAccessError("is a directory, not a file", source=name) from exc
    except PermissionError as exc:
        raise FileAccessError("permission denied", source=name) from exc
    except OSError as exc:
        raise FileAccessError(f"cannot read: {exc.strerror or exc}", source=name) from exc
    if len(data) > max_bytes:  # grew while we read
        raise LimitExceeded(
            f"file is more than {max_bytes:,} bytes", limit="MAX_FILE_BYTES", source=name
        )
    return data


def load(path: str | os.PathLike[str]) -> Document:
    """Read and decode a creation file (older versions migrated); raise a CocreateError."""
    name = os.fspath(path)
    return codec.decode(read_bytes(name), source=name)


def save(doc: Document, path: str | os.PathLike[str]) -> bytes:
    """Write ``doc`` canonically and atomically; return the bytes written."""
    data = codec.encode(doc)
    write_atomic(path, data)
    return data


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace ``path`` with ``data`` so that readers see the old or the new file, whole."""
    from pathlib import Path

    target = Path(os.fspath(path))
    if target.is_symlink():  # replace the file the link points at, and keep the link
        target = Path(os.path.realpath(target))
    try:
        _write_atomic(target, data)
    except OSError as exc:
        raise SaveError(f"cannot save: {exc.strerror or exc}", source=str(target)) from exc


def _write_atomic(target: Path, data: bytes) -> None:
    folder = target.parent
    if target.is_dir():
        raise SaveError("is a directory", source=str(target))
    if not folder.is_dir():
        problem = "is not a folder" if folder.exists() else "does not exist"
        raise SaveError(f"folder {folder} {problem}", source=str(target))
    remove_stale_temps(target)
    fd = -1
    tmp_name = ""
    try:
        fd, tmp_name = _locked_temp(target)
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
        try:  # keep the mode of the file being replaced; a new file gets rw-r--r--
            mode = stat.S_IMODE(target.stat().st_mode)
        except FileNotFoundError:
            mode = 0o644
        os.fchmod(fd, mode)
        os.replace(tmp_name, target)
        tmp_name = ""
        _fsync_dir(folder)
    finally:
        if tmp_name:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
        if fd >= 0:
            os.close(fd)  # releases the lock


# -- temporary files ------------------------------------------------------------------------------
#
# A save writes ``.NAME.XXXXXXXX.tmp`` next to ``NAME`` and holds an exclusive ``flock`` on it
# until it has been renamed. A writer that is killed leaves its temporary file behind, unlocked
# (the kernel drops a dead process's locks). The next save of ``NAME`` removes every such file
# it can lock, so at most one is ever left over, and never one that a live writer is using.


_TEMP_STEM_BYTES = 200
"""A temporary name adds 14 bytes to the target's (at most 255): longer stems are shortened."""


def _temp_prefix(target: Path) -> str:
    stem = target.name
    while len(os.fsencode(stem)) > _TEMP_STEM_BYTES:
        stem = stem[:-1]
    return f".{stem}."


def temp_pattern(target: Path) -> re.Pattern[str]:
    """The names of ``target``'s temporary files (``tempfile.mkstemp``'s 8 random characters)."""
    return re.compile(re.escape(_temp_prefix(target)) + r"[a-z0-9_]{8}\.tmp")


def _locked_temp(target: Path) -> tuple[int, str]:
    """A new temporary file next to ``target``, open and exclusively locked."""
    while True:
        import tempfile

        fd, name = tempfile.mkstemp(prefix=_temp_prefix(target), suffix=".tmp", dir=target.parent)
        try:
            _lock(fd, blocking=True)
            # a clean-up may have removed it between mkstemp and the lock: then make another
            if os.stat(name).st_ino == os.fstat(fd).st_ino:
                return fd, name
        except FileNotFoundError:
            pass
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)


def remove_stale_temps(target: Path) -> list[str]:
    """Remove temporary files of ``target`` that no live writer holds; return their names."""
    if sys.platform == "win32":  # no flock: leave them
        return []
    pattern = temp_pattern(target)
    removed: list[str] = []
    try:
        entries = [e.path for e in os.scandir(target.parent) if pattern.fullmatch(e.name)]
    except OSError:
        return removed
    for name in entries:
        try:
            fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            continue
        try:
            if not _lock(fd, blocking=False):
                continue  # a live writer
            if os.stat(name, follow_symlinks=False).st_ino == os.fstat(fd).st_ino:
                os.unlink(name)
                removed.append(name)
        except OSError:
            continue
        finally:
            os.close(fd)
    return removed


def _lock(fd: int, *, blocking: bool) -> bool:
    """Lock ``fd`` exclusively; False if another holds it (or, without blocking, if unsure)."""
    if sys.platform == "win32":
        return blocking
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
    except BlockingIOError:
        return False
    except OSError:  # a file system without locks: write anyway, remove nothing
        return blocking
    return True


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
