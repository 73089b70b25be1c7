"""The gallery's errors.

::

    GalleryError            anything the gallery reports to an operator (one line)
    ├── SchemaBehind        the database schema is not the code's (names the command to run)
    ├── CheckFailed         a worker could not finish a check (time or memory budget, crash)
    └── ShuttingDown        the gallery is stopping: its workers were stopped (retry: a 503)

Errors an HTTP client sees are ``HTTPException``\\ s with a ``detail`` that names what is wrong.
"""

from __future__ import annotations


class GalleryError(Exception):
    """Base of the gallery's own errors; ``str`` is one line."""


class SchemaBehind(GalleryError):
    """The database was made by another version of the code."""


class CheckFailed(GalleryError):
    """A check did not finish within its worker's time or memory budget, or the worker died."""


RETRY_SECONDS = 5
"""The ``Retry-After`` of a 503 for :class:`ShuttingDown`: about what a restart takes."""


class ShuttingDown(GalleryError):
    """A check was cut short because the gallery is stopping: its worker pool was closed, or
    its worker was stopped by a signal (SIGTERM, SIGINT or SIGHUP: what a service manager or
    Ctrl+C sends the gallery's processes). Not the upload's fault: a client tries again."""

    def __init__(self) -> None:
        super().__init__("the gallery is shutting down: try again in a moment")
