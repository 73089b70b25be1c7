"""The request-body limits, checked before the body is read (``Content-Length``) and while it
streams in (a chunked body), so an oversized body costs the server almost nothing: a JSON body
(what every route but uploads and web forms reads) has a small limit of its own."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from fastapi import HTTPException
from fastapi.encoders import jsonable_encoder
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_JSON_BYTES = 64 * 1024
"""The largest JSON request body: the biggest (``POST /sync/state``, 1,000 ids) is ~40 KB."""


def too_large_message(limit: int, what: str = "an upload") -> str:
    return f"the request body is more than {limit:,} bytes, the most {what} may be"


class BodyTooLarge(HTTPException):
    """Raised from ``receive`` once a streamed body passes the limit (FastAPI passes it on)."""

    def __init__(self, limit: int, what: str) -> None:
        super().__init__(413, too_large_message(limit, what))


MAX_ECHO_CHARS = 100
"""A 422 shows at most this much of an input it refuses: a long one is cut, not sent back."""


def echo_limited(errors: Sequence[Any]) -> list[dict[str, Any]]:
    """Validation errors (FastAPI's 422 ``detail``) whose ``input`` is short: a long string is
    cut to ``MAX_ECHO_CHARS`` characters and ``…``; any other long value is left out."""
    out = []
    for error in errors:
        error = dict(error)
        if "input" in error:
            shown = json.dumps(jsonable_encoder(error["input"]))
            if len(shown) > MAX_ECHO_CHARS:
                value = error.pop("input")
                if isinstance(value, str):
                    error["input"] = value[:MAX_ECHO_CHARS] + "…"
        out.append(error)
    return out


def is_json(headers: dict[bytes, bytes]) -> bool:
    """Whether a body is read as JSON: FastAPI reads one without a ``Content-Type`` as JSON
    too, and ``application/json`` or any ``…+json``."""
    kind = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
    return not kind or kind == b"application/json" or kind.endswith(b"+json")


DRAIN_FACTOR = 4
"""A web form's oversized body is read (and dropped) up to this many times the limit before
the 413 page is sent: a browser still sending shows a reset connection instead of the page.
An API client gets its 413 at once, from the headers."""


def _is_page(scope: Scope) -> bool:
    return not str(scope.get("path", "")).startswith("/api/")


async def _drain(receive: Receive, most: int | None = None) -> None:
    """Read and drop the rest of a request body (at most ``most`` more bytes)."""
    left = most
    while left is None or left > 0:
        message = await receive()
        if message["type"] != "http.request":
            return
        if left is not None:
            left -= len(message.get("body", b""))
        if not message.get("more_body", False):
            return


class BodyLimit:
    """ASGI middleware: 413 for a request body over ``max_bytes`` (a JSON body: over
    ``max_json_bytes``)."""

    def __init__(
        self, app: ASGIApp, *, max_bytes: int, max_json_bytes: int = MAX_JSON_BYTES
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.max_json_bytes = max_json_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        if is_json(headers):
            limit, what = min(self.max_json_bytes, self.max_bytes), "a JSON body"
        else:
            limit, what = self.max_bytes, "an upload"
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > limit:
            if _is_page(scope) and int(length) <= DRAIN_FACTOR * limit:
                await _drain(receive, int(length))
            await _refuse(scope, receive, send, too_large_message(limit, what))
            return
        seen = 0
        started = False

        async def receive_limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(limit, what)
            return message

        async def send_tracked(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive_limited, send_tracked)
        except BodyTooLarge as exc:
            if not started:
                if _is_page(scope):
                    await _drain(receive, DRAIN_FACTOR * limit - seen)
                await _refuse(scope, receive, send, str(exc.detail))


async def _refuse(scope: Scope, receive: Receive, send: Send, message: str) -> None:
    """The 413: JSON for the API, the site's error page for a web form."""
    if _is_page(scope):  # a web page's form: a page that says so, with the way back
        from share.gallery.web.routes import too_large_page

        page = await run_in_threadpool(too_large_page, Request(scope), message)
        page.headers["connection"] = "close"
        await page(scope, receive, send)
        return
    body = json.dumps({"detail": message}).encode()
    headers: list[Any] = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
    ]
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": body})
