"""What ``cocreate pull`` and ``cocreate remix`` accept as a creation, and the URLs they print.

A creation is named by its id (``6f1c2d3e-…``), its page (``{server}/c/{id}``, optionally
``?revision=N``: what ``cocreate push`` prints and the browser's address bar shows), or its API
URL (``{server}/api/v1/creations/{id}``). Anything else is a usage error (exit 2), in one line.
Pure logic: no HTTP here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from engine.errors import ShareError

_ID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_BARE = re.compile(rf"{_ID}")
_PATH = re.compile(rf"(?P<root>.*?)/(?:c|api/v1/creations)/(?P<id>{_ID})/?")
FORMS = "an id, a page URL (SERVER/c/ID) or an API URL (SERVER/api/v1/creations/ID)"


class UsageError(ShareError):
    """A creation named in a form the client does not know: a usage error (exit 2)."""


@dataclass(frozen=True)
class Ref:
    id: str
    server: str | None = None
    """The gallery's root URL, when the creation was named by a URL."""
    revision: int | None = None
    """``?revision=N`` of a page URL."""


def parse(text: str) -> Ref:
    """The creation that ``text`` names; :class:`UsageError` when it names none."""
    ref = text.strip()
    if _BARE.fullmatch(ref):
        return Ref(ref.lower())
    bad = UsageError(f"{text}: is not a creation: give {FORMS}")
    try:
        url = urlsplit(ref)
    except ValueError as exc:
        raise bad from exc
    found = _PATH.fullmatch(url.path)
    if url.scheme not in ("http", "https") or not url.netloc or found is None:
        raise bad
    revision = None
    values = parse_qs(url.query).get("revision")
    if values:
        if len(values) > 1 or not values[0].isdigit() or int(values[0]) < 1:
            raise UsageError(f"{text}: revision must be one whole number from 1")
        revision = int(values[0])
    server = f"{url.scheme}://{url.netloc}{found['root']}"
    return Ref(found["id"].lower(), server, revision)


def page_url(server: str, ident: str, revision: int | None = None) -> str:
    """The creation's page in the gallery's web site (what ``cocreate push`` prints)."""
    return f"{server}/c/{ident}" + (f"?revision={revision}" if revision else "")


def api_url(server: str, ident: str) -> str:
    return f"{server}/api/v1/creations/{ident}"
