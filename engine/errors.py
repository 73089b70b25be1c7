"""The one exception tree of cocreate.

::

    CocreateError                   anything cocreate reports to a user (one line each)
    ├── FileAccessError             a path that is missing, a directory, or unreadable (CLI exit 2)
    ├── FormatError                 bytes that are not a valid creation (CLI exit 1)
    │   ├── CorruptFile             not msgpack, truncated, trailing bytes, bad UTF-8, ext types
    │   ├── LimitExceeded           a hard limit from ``engine.limits`` was passed while reading
    │   ├── SchemaError             one or more problems, each with a JSON path (``problems``)
    │   └── UnsupportedVersion      made by a newer cocreate, or older than any we can migrate
    ├── SaveError                   a file could not be written (nothing was changed)
    ├── EditError                   an edit that does not apply to the document (it is unchanged)
    └── ShareError                  the sync client could not do what was asked (nothing changed)
        ├── NetworkError            the gallery could not be reached, or stopped answering
        └── ServerError             the gallery answered with an error (``status``, its lines)

Every error has a one-line ``__str__``. ``source`` (a file name, or ``""``) is prefixed when set,
so the CLI prints ``levels/a.cocreate: $.level.shapes[3].points: polygon has 2 points, needs at
least 3``. Foreign errors (msgspec, msgpack, Pillow, shapely, OSError) are converted at one door
each and chained ``from exc``. Control characters that came from a file (a key named
``"a\nb"``) are shown escaped, so a message is always one line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

_ESCAPES = {c: repr(chr(c))[1:-1] for c in (*range(32), 0x7F, 0x85, 0x2028, 0x2029)}


def one_line(text: str) -> str:
    """``text`` with line breaks and other control characters escaped (``\\n``, ``\\x00``)."""
    return text.translate(_ESCAPES)


def image_trouble(exc: BaseException) -> str:
    """Why Pillow could not read an image, in a user's words where Pillow's name its own
    internals (a ``BytesIO`` at an address, a module's constant)."""
    text = str(exc)
    lower = text.lower()
    if type(exc).__name__ == "UnidentifiedImageError":
        return "it is not an image, or its header is damaged"
    if "decompressed data too large" in lower or "too much memory used in text chunks" in lower:
        return "a text or colour-profile chunk inflates to more than an image may hold (a zip bomb)"
    return text


BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""Unicode's bidirectional formatting characters: marks, embeddings, overrides, isolates."""
_BIDI_ESCAPES = {ord(c): f"\\u{ord(c):04x}" for c in BIDI_CONTROLS}


def shown(text: str) -> str:
    """``text`` (a title, a name) as printed on a terminal line: :func:`one_line`, and bidi
    controls escaped too (``\\u202e``), so that none reorders what follows it."""
    return one_line(text).translate(_BIDI_ESCAPES)


def bidi_escaped(text: str) -> str:
    """``text`` (JSON, say) with only its bidi controls escaped as ``\\uXXXX``."""
    return text.translate(_BIDI_ESCAPES)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a document, at a JSON path such as ``$.level.shapes[3].points``."""

    path: str
    message: str

    def __str__(self) -> str:
        return one_line(f"{self.path}: {self.message}")


class CocreateError(Exception):
    """Base of every error cocreate reports to a user."""

    def __init__(self, message: str, *, source: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.source = source

    def with_source(self, source: str) -> CocreateError:
        self.source = source
        return self

    def lines(self) -> list[str]:
        """One line per problem, each prefixed with the source when known."""
        return [str(self)]

    def __str__(self) -> str:
        return one_line(f"{self.source}: {self.message}" if self.source else self.message)


class FileAccessError(CocreateError):
    """A path that is not a readable file (missing, a directory, no permission)."""


class FormatError(CocreateError):
    """Bytes that are not a valid cocreate creation."""


class CorruptFile(FormatError):
    """Not a well-formed msgpack document: truncated, trailing bytes, bad UTF-8, ext types..."""


class LimitExceeded(FormatError):
    """A hard limit from :mod:`engine.limits` was passed; ``limit`` names it."""

    def __init__(self, message: str, *, limit: str, path: str = "$", source: str = "") -> None:
        self.limit = limit
        self.path = path
        super().__init__(f"{path}: {message} (limit {limit})", source=source)


class UnsupportedVersion(FormatError):
    """A format version this cocreate cannot read."""

    def __init__(self, message: str, *, version: int, source: str = "") -> None:
        self.version = version
        super().__init__(message, source=source)


class SchemaError(FormatError):
    """One or more problems with a document; ``problems`` holds every one found."""

    def __init__(self, problems: Iterable[Problem], *, source: str = "") -> None:
        self.problems = list(problems)
        if not self.problems:
            raise ValueError("SchemaError needs at least one problem")
        first = str(self.problems[0])
        more = len(self.problems) - 1
        message = first if not more else f"{first} (and {more} more)"
        super().__init__(message, source=source)

    def lines(self) -> list[str]:
        prefix = f"{self.source}: " if self.source else ""
        return [one_line(prefix) + str(p) for p in self.problems]


class SaveError(CocreateError):
    """A file could not be written; the old file, if any, is untouched."""


class EditError(CocreateError):
    """An edit command that does not apply to the document (``engine.edit``): an index past the
    end, an id already taken, an unknown material. The document is unchanged; the message names
    the JSON path, as validation does (``$.level.shapes[7]: no such shape (the level has 5)``)."""


class ShareError(CocreateError):
    """The sync client (``share.client``) could not do what was asked; local files are as they
    were."""


class NetworkError(ShareError):
    """The gallery could not be reached, or stopped answering, within the time limit."""


class ServerError(ShareError):
    """The gallery refused a request: ``status`` is the HTTP status, ``details`` its lines."""

    def __init__(self, status: int, details: Iterable[str], *, source: str = "") -> None:
        self.status = status
        self.details = [one_line(d) for d in details] or [f"HTTP {status}"]
        first = self.details[0]
        more = len(self.details) - 1
        super().__init__(first if not more else f"{first} (and {more} more)", source=source)

    def lines(self) -> list[str]:
        prefix = f"{self.source}: " if self.source else ""
        return [one_line(prefix) + d for d in self.details]
