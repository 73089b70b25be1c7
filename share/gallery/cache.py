"""A response cache for anonymous reads of the API, served as ready bytes before FastAPI routes.

What everyone sees of a creation (list, search, one creation, its revisions, lineage, files and
pictures) is the same for every anonymous visitor until something is written, so the answer to
``GET /api/v1/creations…`` without credentials is kept, byte for byte, under its path and query.
Every answer is filed under a stamp read before it was computed, and served only while the
stamp is unchanged; the stamp has two parts:

- **This process's writes**: a counter bumped by every commit on the gallery's engine (just
  before it: ORM or not) and by every commit of its sessions (just after it). So a write made
  here is seen by the very next read here, even one that raced with the commit.
- **The database's own change stamp**, read in one tiny statement on a connection of the
  cache's own: SQLite's ``PRAGMA data_version`` (changes whenever another connection commits;
  ~2 µs, read on every request) and PostgreSQL's ``pg_current_snapshot()`` (changes whenever a
  writing transaction of the cluster commits; a round trip, read at most every
  ``POLL_SECONDS``). So another server process's write (or ``cocreate gallery admin``'s, or a
  script's) is seen at once on SQLite and within 0.1 s on PostgreSQL.
- **What bypasses the cache**: a request with an ``Authorization`` header or a ``cc_session``
  cookie (owners and moderators see more than anonymous visitors), a ``Range`` or ``If-Range``
  header, ``Cache-Control: no-cache`` / ``no-store`` or ``Pragma: no-cache``; any method but GET;
  paths outside ``/api/v1/creations``. Only a whole 200 answer without ``Set-Cookie`` is kept.
- Answers carry an ``ETag`` (the digest of a file, else a hash of the bytes), and a matching
  ``If-None-Match`` (weak comparison, a list of tags, or ``*``) is answered 304.

Bounded: at most ``max_bytes`` in all (least recently used first out), ``max_entry`` each.
"""

from __future__ import annotations

import hashlib
import itertools
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

PREFIX = "/api/v1/creations"
MIB = 1024 * 1024
RETRY_SECONDS = 1.0
"""After the stamp could not be read, requests bypass the cache this long before a retry."""
POLL_SECONDS = {"postgresql": 0.1}
"""How often the database's stamp is read (else on every request): a PostgreSQL round trip per
request would cost a third of the cached throughput, and this process's own writes are seen at
once anyway (commit hooks), so only another process's writes wait up to this long."""

_BYPASS = (b"authorization", b"range", b"if-range")


@dataclass(frozen=True)
class Entry:
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: bytes

    @property
    def size(self) -> int:
        return len(self.body) + sum(len(k) + len(v) for k, v in self.headers) + 200


class Stamp:
    """The database's change stamp, read on a connection of its own (None when unreadable),
    at most once per ``poll`` seconds (0: on every call)."""

    def __init__(self, engine: Engine, *, poll: float | None = None) -> None:
        self.url = engine.url
        self.dialect = engine.dialect.name
        self.poll = POLL_SECONDS.get(self.dialect, 0.0) if poll is None else poll
        self._engine: Engine | None = None
        self._conn: Any = None
        self._retry_at = 0.0
        self._last: object | None = None
        self._read_at = 0.0
        self._lock = threading.Lock()
        if self.dialect == "postgresql":
            self.sql = "SELECT pg_current_snapshot()::text"
        elif self.dialect == "sqlite" and self.url.database not in (None, "", ":memory:"):
            self.sql = "PRAGMA data_version"
        else:  # an in-memory SQLite has nothing another connection could watch
            self.sql = ""

    def read(self) -> object | None:
        if not self.sql:
            return None
        now = time.monotonic()
        with self._lock:
            if self._last is not None and now - self._read_at < self.poll:
                return self._last
            if self._conn is None and now < self._retry_at:
                return None
            try:
                if self._conn is None:
                    self._connect()
                cursor = self._conn.cursor()
                cursor.execute(self.sql)
                row = cursor.fetchone()
                cursor.close()
                self._last, self._read_at = (None if row is None else row[0]), now
                return self._last
            except Exception:  # the database went away: bypass, reconnect a second later
                self._drop()
                self._last, self._retry_at = None, now + RETRY_SECONDS
                return None

    def _connect(self) -> None:
        options: dict[str, Any] = {"poolclass": NullPool}
        if self.dialect == "postgresql":
            options["isolation_level"] = "AUTOCOMMIT"  # each read sees the newest snapshot
        else:
            options["connect_args"] = {"check_same_thread": False}
        self._engine = create_engine(self.url, **options)
        self._conn = self._engine.raw_connection()

    def _drop(self) -> None:
        conn, engine = self._conn, self._engine
        self._conn = self._engine = None
        try:
            if conn is not None:
                conn.close()
        except Exception:  # pragma: no cover - closing a broken connection
            pass
        if engine is not None:
            engine.dispose()

    def close(self) -> None:
        with self._lock:
            self._drop()


class ResponseCache:
    """Answers by key, all valid for one stamp (this process's writes, the database's change
    stamp); LRU within ``max_bytes``. ``sessions``: the sessions whose commits count as writes
    at once (with every commit on ``engine``)."""

    def __init__(
        self,
        engine: Engine,
        sessions: sessionmaker[Session] | None = None,
        *,
        poll: float | None = None,
        max_bytes: int = 64 * MIB,
        max_entry: int = MIB,
    ) -> None:
        self.stamp = Stamp(engine, poll=poll)
        self._counter = itertools.count(1)
        self._writes = 0
        self._listening: list[tuple[Any, str]] = [(engine, "commit")]
        if sessions is not None:
            self._listening.append((sessions, "after_commit"))
        for target, name in self._listening:
            event.listen(target, name, self._written)
        self.max_bytes = max_bytes
        self.max_entry = max_entry
        self._entries: OrderedDict[bytes, Entry] = OrderedDict()
        self._valid_for: object | None = None
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def _written(self, *_args: object) -> None:
        """A commit on the engine (just before it) or of a session (just after it)."""
        self._writes = next(self._counter)

    def current(self) -> object | None:
        """The stamp now; entries of an older stamp are dropped. None: do not cache."""
        database = self.stamp.read()
        if database is None:
            return None
        stamp = (self._writes, database)
        if stamp != self._valid_for:
            with self._lock:
                self._entries.clear()
                self._bytes = 0
                self._valid_for = stamp
        return stamp

    def get(self, key: bytes, stamp: object) -> Entry | None:
        with self._lock:
            if stamp != self._valid_for:
                return None
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: bytes, stamp: object, entry: Entry) -> None:
        size = entry.size
        if size > self.max_entry:
            return
        with self._lock:
            if stamp != self._valid_for:  # written meanwhile: the answer may be stale
                return
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= old.size
            self._entries[key] = entry
            self._bytes += size
            while self._bytes > self.max_bytes and self._entries:
                _key, dropped = self._entries.popitem(last=False)
                self._bytes -= dropped.size

    def close(self) -> None:
        for target, name in self._listening:
            if event.contains(target, name, self._written):
                event.remove(target, name, self._written)
        self.stamp.close()


def _cacheable(scope: Scope) -> bool:
    if scope["type"] != "http" or scope["method"] != "GET":
        return False
    path: str = scope["path"]
    if not path.startswith(PREFIX) or (len(path) > len(PREFIX) and path[len(PREFIX)] != "/"):
        return False
    for name, value in scope["headers"]:
        if name in _BYPASS:
            return False
        if name == b"cookie" and b"cc_session=" in value:
            return False
        if name in (b"cache-control", b"pragma") and b"no-" in value.lower():
            return False
    return True


def _if_none_match(scope: Scope) -> bytes | None:
    for name, value in scope["headers"]:
        if name == b"if-none-match":
            return bytes(value)
    return None


def etag_matches(header: str | None, etag: str) -> bool:
    """Whether an ``If-None-Match`` header matches ``etag``: ``*``, or one of its tags by
    HTTP's weak comparison (``W/"x"`` matches ``"x"``; RFC 9110 §13.1.2)."""
    if header is None:
        return False
    tags = [t.strip().removeprefix("W/") for t in header.split(",")]
    return etag.removeprefix("W/") in tags or "*" in tags


def _matches(header: bytes | None, etag: bytes) -> bool:
    if header is None:
        return False
    return etag_matches(header.decode("latin-1"), etag.decode("latin-1"))


_KEEP_ON_304 = (b"etag", b"cache-control", b"content-location", b"date", b"expires", b"vary")


async def _send_entry(send: Send, entry: Entry, if_none_match: bytes | None) -> None:
    if _matches(if_none_match, entry.etag):
        headers = [(k, v) for k, v in entry.headers if k in _KEEP_ON_304]
        await send({"type": "http.response.start", "status": 304, "headers": headers})
        await send({"type": "http.response.body", "body": b""})
        return
    await send({"type": "http.response.start", "status": 200, "headers": entry.headers})
    await send({"type": "http.response.body", "body": entry.body})


class CacheMiddleware:
    """ASGI middleware: anonymous GETs of creations from ``cache``, before any routing."""

    def __init__(self, app: ASGIApp, *, cache: ResponseCache) -> None:
        self.app = app
        self.cache = cache

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not _cacheable(scope):
            await self.app(scope, receive, send)
            return
        stamp = self.cache.current()
        if stamp is None:
            await self.app(scope, receive, send)
            return
        key = scope["path"].encode() + b"?" + scope["query_string"]
        entry = self.cache.get(key, stamp)
        if entry is not None:
            self.cache.hits += 1
            await _send_entry(send, entry, _if_none_match(scope))
            return
        self.cache.misses += 1
        await self._fill(scope, receive, send, key, stamp)

    async def _fill(
        self, scope: Scope, receive: Receive, send: Send, key: bytes, stamp: object
    ) -> None:
        """Run the app; keep its answer when it is a whole 200 without cookies."""
        start: Message | None = None
        passing = False

        async def capture(message: Message) -> None:
            nonlocal start, passing
            if passing:
                await send(message)
                return
            if message["type"] == "http.response.start":
                start = message
                return
            assert start is not None
            headers: list[tuple[bytes, bytes]] = list(start.get("headers", []))
            whole = message["type"] == "http.response.body" and not message.get("more_body")
            keep = (
                whole
                and start["status"] == 200
                and all(k.lower() != b"set-cookie" for k, _v in headers)
            )
            if not keep:
                passing = True
                await send(start)
                await send(message)
                return
            body: bytes = message.get("body", b"")
            etag = next((v for k, v in headers if k.lower() == b"etag"), None)
            if etag is None:
                etag = b'"' + hashlib.blake2b(body, digest_size=16).hexdigest().encode() + b'"'
                headers.append((b"etag", etag))
            entry = Entry(headers, body, etag)
            self.cache.put(key, stamp, entry)
            await _send_entry(send, entry, _if_none_match(scope))

        await self.app(scope, receive, capture)
