"""Jinja2 set-up: autoescaped templates, and ``render`` that fills in what every page needs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup, escape

from engine import __version__
from share.gallery.web.session import csrf_token, finish, flash_message

_HERE = Path(__file__).parent


def _ago(when: dt.datetime | None) -> str:
    """``3 days ago``: how long before now (UTC) ``when`` was."""
    if when is None:
        return "never"
    seconds = (dt.datetime.now(dt.UTC).replace(tzinfo=None) - when).total_seconds()
    for unit, size in (("year", 365 * 86400), ("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            n = int(seconds // size)
            return f"{n} {unit}{'s' if n != 1 else ''} ago"
    return "just now"


FSI, PDI = "\u2068", "\u2069"
"""FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE: the marks :func:`isolate` puts around text."""


def _bdi(text: object) -> Markup:
    """``text`` escaped and isolated in ``<bdi>``: a title or name with right-to-left letters or
    bidi controls (U+202E) cannot reorder the page's words around it."""
    return Markup("<bdi>{}</bdi>").format(text)


def isolate(text: object) -> str:
    """``text`` between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE: the same isolation as
    :func:`_bdi` where no markup may go (attributes, ``<title>``, one-line messages). Marks
    inside ``text`` are dropped, so that they always pair up."""
    inner = str(text).replace(FSI, "").replace(PDI, "")
    return f"{FSI}{inner}{PDI}"


def _marked(text: object) -> Markup:
    """``text`` escaped, its :func:`isolate` marks turned into ``<bdi>`` elements (when they
    pair up): a message that names a title reads the same, and copies without the marks."""
    escaped = escape(text)
    depth = 0
    for char in escaped:
        depth += (char == FSI) - (char == PDI)
        if depth < 0:
            return escaped
    if depth:
        return escaped
    return Markup(str(escaped).replace(FSI, "<bdi>").replace(PDI, "</bdi>"))


def _clear_rate(plays: int, clears: int) -> str:
    return "no plays yet" if plays == 0 else f"{100 * clears / plays:.0f}% cleared"


env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(_HERE / "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
env.filters["ago"] = _ago
env.filters["bdi"] = _bdi
env.filters["isolate"] = isolate
env.filters["marked"] = _marked
env.filters["urlpart"] = lambda s: quote(str(s), safe="")
env.globals["clear_rate"] = _clear_rate
env.globals["urlencode"] = urlencode
env.globals["version"] = __version__


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """The page ``template`` with ``context``, plus ``user``, ``csrf``, ``flash`` and ``path``."""
    flash = flash_message(request)
    request.state.flash_shown = bool(flash)
    context.setdefault("user", getattr(request.state, "web_user", None))
    html = env.get_template(template).render(
        request=request, csrf=csrf_token(request), flash=flash, path=request.url.path, **context
    )
    response = HTMLResponse(html, status_code=status_code)
    finish(request, response)
    return response
