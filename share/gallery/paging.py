"""Cursors of paged listings, and the names uploads are reported under: shared by the API's
routes and the web pages."""

from __future__ import annotations

import base64
import binascii
import math
import os
import re

from fastapi import HTTPException, UploadFile

from engine.errors import one_line
from share.gallery import crud


def upload_name(upload: UploadFile | None, default: str) -> str:
    """An uploaded file's base name, as one line (``default`` when it has none)."""
    raw = (upload.filename if upload is not None else None) or default
    return one_line(os.path.basename(raw.replace("\\", "/")) or default)


def cursor_of(sort: str, key: crud.Key) -> str:
    """The ``next`` of a page that ends at ``key`` (opaque to clients)."""
    value, pk = key
    raw = f"{sort}:{value!r}:{pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def key_after(cursor: str | None, sort: str) -> crud.Key | None:
    """Where the page after ``cursor`` starts; 400 for a cursor this gallery did not give."""
    if cursor is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raw = ""
    m = re.fullmatch(r"([a-z]{1,10}):(-?[0-9.e+-]{1,30}):([0-9]{1,18})", raw)
    value = _float(m[2]) if m else None
    if m is None or value is None or m[1] not in crud.SORTS:
        raise HTTPException(400, "cursor: not one this gallery gave (use `next` of a page)")
    if m[1] != sort:
        raise HTTPException(400, f"cursor: is a page of sort={m[1]}, not sort={sort}")
    return value, int(m[3])


def _float(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None
