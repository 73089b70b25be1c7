"""Reading a creation file for a subcommand: on failure the error is printed, one line per
problem on stderr, and the exit code comes back instead (2: not a readable file; 1: not a
valid creation, or not of the kind the command needs)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from engine.document import Document
    from engine.errors import CocreateError


def report(exc: CocreateError, *, also_usage: tuple[type[CocreateError], ...] = ()) -> int:
    """Print ``exc`` one line per problem on stderr; return its exit code: 2 for a path that is
    not a readable file (or one of ``also_usage``), else 1."""
    from engine.errors import FileAccessError

    for line in exc.lines():
        print(line, file=sys.stderr)
    return 2 if isinstance(exc, (FileAccessError, *also_usage)) else 1


class Read(NamedTuple):
    document: Document
    data: bytes
    version_read: int


def read_creation(path: str) -> Read | int:
    """The decoded file (older versions migrated), or the exit code after saying why not."""
    from engine import codec
    from engine.errors import FileAccessError, FormatError
    from engine.fileio import read_bytes

    try:
        data = read_bytes(path)
        decoded = codec.read(data, source=path)
    except (FileAccessError, FormatError) as exc:
        return report(exc)
    return Read(decoded.document, data, decoded.version_read)


def read_valid(path: str, kind: str) -> Read | int:
    """Like :func:`read_creation`, also refusing a file of another kind (``level``,
    ``design``) or with any validation problem."""
    from engine.validation import validate

    read = read_creation(path)
    if isinstance(read, int):
        return read
    found = str(type(read.document).__struct_config__.tag)
    if found != kind:
        print(f"{path}: is a {found}, not a {kind}", file=sys.stderr)
        return 1
    problems = validate(read.document)
    if problems:
        for problem in problems:
            print(f"{path}: {problem}", file=sys.stderr)
        return 1
    return read
