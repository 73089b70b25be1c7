"""Reading and writing creation files: size-checked reads, atomic saves.

A save writes a temporary file in the same folder, fsyncs it, renames it over the target with
``os.replace`` and fsyncs the folder: a crash at any moment leaves the old file or the new one,
whole, never a mix (``tests/engine/test_fileio.py`` kills writers at random moments to show it).
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from engine import codec, limits
from engine.document import Document
from engine.errors import FileAccessError, LimitExceeded, SaveError


def read_bytes(path: str | os.PathLike[str], *, max_bytes: int = limits.MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file, refusing directories, missing paths and oversized files."""
    name = os.fspath(path)
    try:
        with Path(name).open("rb") as f:
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
    target = Path(os.fspath(path))
    folder = target.parent
    if target.is_dir():
        raise SaveError("is a directory", source=str(target))
    tmp_name = ""
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        try:  # keep the mode of the file being replaced; a new file gets rw-r--r--
            mode = stat.S_IMODE(target.stat().st_mode)
        except OSError:
            mode = 0o644
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, target)
        tmp_name = ""
        _fsync_dir(folder)
    except OSError as exc:
        raise SaveError(f"cannot save: {exc.strerror or exc}", source=str(target)) from exc
    finally:
        if tmp_name:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


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
