"""Request rate limits, per address and per account: a token bucket per key.

A bucket holds up to ``limit`` requests and refills at ``limit / window`` per second, so a
client may burst to ``limit`` and then goes on at the sustained rate. A request that finds its
bucket empty is answered 429 with ``Retry-After`` (whole seconds until it would pass). Buckets
live in the server process (one ``cocreate gallery serve``): several processes behind one
address would each count their own.
"""

from __future__ import annotations

import json
import math
import threading
import time
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

MAX_KEYS = 100_000
"""Past this many buckets the full ones (idle clients) are dropped."""


class Limiter:
    """Token buckets of ``limit`` requests per ``window`` seconds; ``limit`` 0: no limit."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit = limit
        self.window = window
        self._buckets: dict[object, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, key: object) -> float:
        """Take one request from ``key``'s bucket: 0 when it may go on, else seconds to wait."""
        if self.limit <= 0:
            return 0.0
        rate = self.limit / self.window
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(key, (float(self.limit), now))
            tokens = min(float(self.limit), tokens + (now - last) * rate)
            if tokens < 1.0:
                self._buckets[key] = (tokens, now)
                return (1.0 - tokens) / rate
            self._buckets[key] = (tokens - 1.0, now)
            if len(self._buckets) > MAX_KEYS:
                self._forget_idle(now, rate)
            return 0.0

    def _forget_idle(self, now: float, rate: float) -> None:
        full = [
            k for k, (t, last) in self._buckets.items() if t + (now - last) * rate >= self.limit
        ]
        for k in full:
            del self._buckets[k]

    def reset(self) -> None:
        with self._lock:
            self._buckets.clear()

    def refusal(self, who: str, wait: float) -> tuple[str, dict[str, str]]:
        """The 429's detail and headers."""
        seconds = max(1, math.ceil(wait))
        detail = (
            f"too many requests from {who}: at most {self.limit} per {self.window:g} s; "
            f"try again in {seconds} s"
        )
        return detail, {"Retry-After": str(seconds)}


def client_address(scope: Scope, trusted: frozenset[str]) -> str:
    """The address a request comes from: its peer's, unless the peer is a trusted proxy; then
    the nearest address in ``X-Forwarded-For`` that is not a trusted proxy (each proxy appends
    the address it saw, so entries left of an untrusted one may be made up by the client)."""
    client = scope.get("client")
    peer = str(client[0]) if client else "unknown"
    if peer not in trusted:
        return peer
    forwarded = b",".join(v for k, v in scope["headers"] if k == b"x-forwarded-for")
    hops = [h.strip() for h in forwarded.decode("latin-1").split(",") if h.strip()]
    for hop in reversed(hops):
        if hop not in trusted:
            return hop
    return hops[0] if hops else peer


class AddressLimit:
    """ASGI middleware: the per-address limit, checked before anything else is done.
    ``X-Forwarded-For`` counts only from ``trusted`` proxies (else anyone could pick an
    address per request, and so a fresh bucket)."""

    def __init__(
        self, app: ASGIApp, *, limiter: Limiter, trusted: frozenset[str] = frozenset()
    ) -> None:
        self.app = app
        self.limiter = limiter
        self.trusted = trusted

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.limiter.limit <= 0:
            await self.app(scope, receive, send)
            return
        wait = self.limiter.take(client_address(scope, self.trusted))
        if not wait:
            await self.app(scope, receive, send)
            return
        detail, extra = self.limiter.refusal("this address", wait)
        body = json.dumps({"detail": detail}).encode()
        headers: list[Any] = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"retry-after", extra["Retry-After"].encode()),
        ]
        await send({"type": "http.response.start", "status": 429, "headers": headers})
        await send({"type": "http.response.body", "body": body})
