"""The request-body limit, checked before the body is read (``Content-Length``) and while it
streams in (a chunked body), so an oversized upload costs the server almost nothing."""

from __future__ import annotations

import html
import json
from typing import Any

from fastapi import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send


def too_large_message(limit: int) -> str:
    return f"the request body is more than {limit:,} bytes, the most an upload may be"


class BodyTooLarge(HTTPException):
    """Raised from ``receive`` once a streamed body passes the limit (FastAPI passes it on)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, too_large_message(limit))


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Too large · cocreate</title><link rel="stylesheet" href="/static/style.css"></head>
<body><main id="main"><section class="narrow"><h1>Too large</h1>
<p class="error" role="alert">{message}</p>
<p><a href="/upload">Back to the upload form</a> · <a href="/">the gallery</a></p>
</section></main></body></html>
"""


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
    """ASGI middleware: 413 for a request body over ``max_bytes``."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_bytes:
            if _is_page(scope) and int(length) <= DRAIN_FACTOR * self.max_bytes:
                await _drain(receive, int(length))
            await self._refuse(scope, send)
            return
        seen = 0
        started = False

        async def receive_limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
            return message

        async def send_tracked(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive_limited, send_tracked)
        except BodyTooLarge:
            if not started:
                if _is_page(scope):
                    await _drain(receive, DRAIN_FACTOR * self.max_bytes - seen)
                await self._refuse(scope, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        message = too_large_message(self.max_bytes)
        if not _is_page(scope):
            body, kind = json.dumps({"detail": message}).encode(), b"application/json"
        else:  # a web page's form: a page that says so, with the way back
            body, kind = _PAGE.format(message=html.escape(message)).encode(), b"text/html"
        headers: list[Any] = [
            (b"content-type", kind),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})
