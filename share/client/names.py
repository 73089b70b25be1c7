"""File names made from creations' titles (:func:`slug`); titles printed on a terminal line
are :func:`engine.errors.shown`.

A title may be in any script, so a file name keeps letters and digits of any script; what file
systems or shells choke on (``/ \\ : * ? " < > |``, quotes, spaces and other punctuation,
control and bidi characters) becomes a ``-``, and a name never starts with a dot. Accented Latin
letters lose their accents (``Sóng biển`` → ``song-bien``), as slugs usually do; other scripts
keep theirs (``デザイン`` stays whole: its voicing marks are part of the letters).
"""

from __future__ import annotations

import re
import unicodedata

SLUG_CHARS = 60
"""At most this many characters of the title make a file name ..."""
SLUG_BYTES = 150
"""... and at most this many bytes of UTF-8, leaving room for ``-remix.rev-N.replay.cocreate``
within the 255 bytes most file systems allow."""

_LATIN_SPECIAL = {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l", "þ": "th"}
"""Latin letters without a decomposition, spelled as they commonly are in slugs."""
_KEPT = re.compile(r"[^\W_]|[\-_.]")


def _plain_latin(char: str) -> str:
    """``char`` without its accents when it is a Latin letter (``ó`` → ``o``), else itself."""
    if char in _LATIN_SPECIAL:
        return _LATIN_SPECIAL[char]
    if "LATIN" not in unicodedata.name(char, ""):
        return char
    bare = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    return bare or char


def _kept(char: str) -> bool:
    """A letter, digit or mark of any script, or ``- _ .``: what a file name keeps."""
    return bool(_KEPT.match(char)) or unicodedata.category(char).startswith("M")


def slug(title: str) -> str:
    """A file name's stem made from ``title`` (``creation`` when nothing of it is kept)."""
    text = unicodedata.normalize("NFKC", title).lower()
    text = "".join(_plain_latin(c) for c in text)
    text = "".join(c if _kept(c) else "-" for c in text)
    text = re.sub(r"-{2,}", "-", text).strip("-.")
    text = unicodedata.normalize("NFC", text)[:SLUG_CHARS]
    while len(text.encode()) > SLUG_BYTES:
        text = text[:-1]
    return text.strip("-.") or "creation"
