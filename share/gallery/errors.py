"""The gallery's errors.

::

    GalleryError            anything the gallery reports to an operator (one line)
    ├── SchemaBehind        the database schema is not the code's (names the command to run)
    └── CheckFailed         a worker could not finish a check (time or memory budget, crash)

Errors an HTTP client sees are ``HTTPException``\\ s with a ``detail`` that names what is wrong.
"""

from __future__ import annotations


class GalleryError(Exception):
    """Base of the gallery's own errors; ``str`` is one line."""


class SchemaBehind(GalleryError):
    """The database was made by another version of the code."""


class CheckFailed(GalleryError):
    """A check did not finish within its worker's time or memory budget, or the worker died."""
