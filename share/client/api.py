"""The gallery's HTTP API as the sync client uses it (httpx), with retries and a time limit.

Every httpx error and every error status is converted here, at one door, to a one-line
:class:`~engine.errors.ShareError` (``NetworkError`` or ``ServerError``), chained ``from exc``.
Transient failures (the connection refused or dropped, a timeout, 502/503/504) are retried with
exponential backoff until ``deadline`` seconds have passed since the request began. Uploads are
safe to retry: the same bytes again are the same creation (the gallery answers 200).
"""

from __future__ import annotations

import io
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from typing import Any

import httpx

from engine.errors import NetworkError, ServerError, one_line

TIMEOUT = httpx.Timeout(30.0, connect=5.0)
"""Per request: 5 s to connect, 30 s between bytes (a clear check takes a few seconds)."""
DEADLINE = 10.0
"""Seconds, in all, that one call keeps retrying transient failures (``$COCREATE_CLIENT_DEADLINE``
sets another)."""
BACKOFF = 0.25
"""First wait between tries; doubled after each."""
TRANSIENT_STATUS = frozenset({502, 503, 504})

_WARNED: set[str] = set()
"""The galleries whose refusal of this machine's token has been told on stderr (once each)."""


def _warn_token_refused(server: str) -> None:
    """Say once per gallery, on stderr, that its sign-in is no longer valid and reads go on."""
    if server not in _WARNED:
        _WARNED.add(server)
        print(
            f"warning: your sign-in to {server} is no longer valid (cocreate login); "
            "going on without it",
            file=sys.stderr,
        )


Advance = Callable[[int], None]
"""Told the bytes sent or received so far (of one try: a retry starts again from 0)."""
Progress = Callable[[str, int], AbstractContextManager[Advance]]
"""Given a label and the bytes in all, a context in which to report progress (``progress.bar``)."""


def _no_progress(label: str, total: int) -> AbstractContextManager[Advance]:
    return nullcontext(lambda done: None)


class _Counted(io.BytesIO):
    """Bytes for an upload that report how far the upload has read them (httpx reads a file
    field in 64 KiB chunks and seeks back to 0 on each try)."""

    def __init__(self, data: bytes, moved: Callable[[], None]) -> None:
        super().__init__(data)
        self._moved = moved

    def read(self, size: int | None = -1, /) -> bytes:
        chunk = super().read(size)
        self._moved()
        return chunk


@dataclass(frozen=True)
class Remote:
    """What the gallery holds of a creation: its latest revision."""

    id: str
    kind: str
    owner: str
    revision: int
    digest: str
    title: str = ""


def _remote(body: dict[str, Any]) -> Remote:
    return Remote(
        id=str(body["id"]),
        kind=str(body.get("kind", "")),
        owner=str(body.get("owner", "")),
        revision=int(body["revision"]),
        digest=str(body["digest"]),
        title=str(body.get("title", "")),
    )


def _details(response: httpx.Response) -> list[str]:
    try:
        detail = response.json().get("detail")
    except (ValueError, AttributeError):
        detail = None
    if isinstance(detail, str):
        return [detail]
    if isinstance(detail, list):
        return [d if isinstance(d, str) else _field_problem(d) for d in detail]
    return [f"the gallery answered HTTP {response.status_code}"]


def _is_json(response: httpx.Response) -> bool:
    return "json" in response.headers.get("content-type", "")


def _field_problem(problem: Any) -> str:
    """One of FastAPI's 422 items as a line: ``password: String should have …``."""
    if not isinstance(problem, dict):
        return str(problem)
    where = problem.get("loc") or []
    field = str(where[-1]) if where else ""
    message = str(problem.get("msg", problem))
    return f"{field}: {message}" if field else message


def _deadline() -> float:
    import os

    try:
        return float(os.environ.get("COCREATE_CLIENT_DEADLINE", DEADLINE))
    except ValueError:
        return DEADLINE


class Gallery:
    """A client of one gallery (``server`` is its root URL), signed in when ``token`` is set.

    A read (what anyone may see: a creation, its bytes, a board) that the gallery refuses with
    401 because the token is bad or expired is sent again without it, after one warning line on
    stderr (unless ``warn_refused`` is False: a command that only writes says it once, its own
    way): a stale sign-in never stops a pull or a play. Writes always send the token, so they
    still fail with the gallery's own message (sign in again). A URL where no cocreate gallery
    answers (a page's address given as the server) is said so, in one line."""

    def __init__(
        self,
        server: str,
        token: str | None = None,
        *,
        deadline: float | None = None,
        transport: httpx.BaseTransport | None = None,
        progress: Progress | None = None,
        warn_refused: bool = True,
    ) -> None:
        self.server = server
        self.warn_refused = warn_refused
        self.deadline = _deadline() if deadline is None else deadline
        self.progress: Progress = progress or _no_progress
        self.requests = 0
        """Requests sent (each try counts)."""
        self._signed = {"Authorization": f"Bearer {token}"} if token else {}
        self.token_refused = False
        """Whether the gallery refused the token on a read (reads go on without it)."""
        self._http = httpx.Client(base_url=server + "/api/v1", timeout=TIMEOUT, transport=transport)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Gallery:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the one door ------------------------------------------------------------------------

    def _headers(self, read: bool) -> dict[str, str]:
        """The token, unless this is a read and the gallery has refused it."""
        return {} if read and self.token_refused else self._signed

    def _send(
        self, method: str, url: str, ok: Iterable[int] = (200,), *, read: bool = False, **kw: Any
    ) -> httpx.Response:
        def attempt() -> httpx.Response:
            return self._http.request(method, url, headers=self._headers(read), **kw)

        return self._reading(attempt, ok) if read else self._retrying(attempt, ok)

    def _reading(
        self, attempt: Callable[[], httpx.Response], ok: Iterable[int] = (200,)
    ) -> httpx.Response:
        """A read: as :meth:`_retrying`, and once more without the token when it is refused."""
        try:
            return self._retrying(attempt, ok)
        except ServerError as exc:
            if exc.status != 401 or not self._signed or self.token_refused:
                raise
        self.token_refused = True
        if self.warn_refused:
            _warn_token_refused(self.server)
        return self._retrying(attempt, ok)

    def _retrying(
        self, attempt: Callable[[], httpx.Response], ok: Iterable[int] = (200,)
    ) -> httpx.Response:
        """``attempt()`` until it answers one of ``ok``; again after a transient failure."""
        ok = tuple(ok)
        start = time.monotonic()
        wait = BACKOFF
        while True:
            self.requests += 1
            try:
                response = attempt()
            except httpx.TransportError as exc:
                problem: httpx.TransportError | httpx.Response = exc
            else:
                if response.status_code == 404 and not _is_json(response):
                    raise self._not_a_gallery()
                if response.status_code in ok:
                    return response
                if response.status_code not in TRANSIENT_STATUS:
                    raise ServerError(response.status_code, _details(response))
                problem = response
            if time.monotonic() - start + wait > self.deadline:
                raise self._network_error(problem)
            time.sleep(wait)
            wait *= 2

    def _not_a_gallery(self) -> ServerError:
        """A 404 that is not the API's JSON: no cocreate gallery answers at ``server``."""
        from urllib.parse import urlsplit

        parts = urlsplit(self.server)
        root = f"{parts.scheme}://{parts.netloc}"
        like = f", like {root}" if root != self.server else ""
        return ServerError(
            404,
            [
                f"{self.server} is not a cocreate gallery (nothing answers at "
                f"{self.server}/api/v1): give the gallery's root URL{like}"
            ],
        )

    def _network_error(self, problem: httpx.TransportError | httpx.Response) -> NetworkError:
        if isinstance(problem, httpx.Response):
            return NetworkError(
                f"the gallery at {self.server} is not answering (HTTP {problem.status_code}, "
                f"{self.deadline:g} s of retries): try again later"
            )
        if isinstance(problem, httpx.ConnectError):
            why = "cannot connect"
        elif isinstance(problem, httpx.TimeoutException):
            why = "it stopped answering (timed out)"
        else:
            why = f"the connection broke ({one_line(str(problem)) or type(problem).__name__})"
        error = NetworkError(
            f"the gallery at {self.server} cannot be reached: {why}; nothing was changed"
        )
        error.__cause__ = problem
        return error

    # -- accounts ----------------------------------------------------------------------------

    def register(self, name: str, password: str) -> None:
        self._send("POST", "/users", (201,), json={"name": name, "password": password})

    def sign_in(self, name: str, password: str, label: str) -> str:
        body = {"name": name, "password": password, "label": label}
        return str(self._send("POST", "/tokens", (201,), json=body).json()["token"])

    def me(self) -> str:
        return str(self._send("GET", "/users/me").json()["name"])

    def revoke(self, token: str) -> bool:
        """Revoke ``token`` (this client's own); False when the gallery no longer knows it."""
        for row in self._send("GET", "/tokens").json():
            if token.startswith(str(row["prefix"])):
                self._send("DELETE", f"/tokens/{row['id']}", (204,))
                return True
        return False

    # -- creations ---------------------------------------------------------------------------

    def creation(self, ident: str) -> Remote | None:
        """The latest revision of ``ident``, or None when the gallery has none (that you see)."""
        response = self._send("GET", f"/creations/{ident}", (200, 404), read=True)
        return None if response.status_code == 404 else _remote(response.json())

    def revision_digest(self, ident: str, revision: int) -> str | None:
        rows = self._send("GET", f"/creations/{ident}/revisions", read=True).json()
        return next((str(r["digest"]) for r in rows if r["revision"] == revision), None)

    def states(self, idents: list[str]) -> dict[str, Remote | None]:
        """The latest revision of many creations in one request (None: not in the gallery)."""
        if not idents:
            return {}
        rows = self._send("POST", "/sync/state", read=True, json={"ids": idents}).json()["items"]
        found: dict[str, Remote | None] = dict.fromkeys(idents)
        for row in rows:
            found[str(row["id"])] = None if row.get("revision") is None else _remote(row)
        return found

    def download(self, ident: str, revision: int | None = None, *, replay: bool = False) -> bytes:
        """The bytes of a revision (the latest by default), checked against their digest."""
        import hashlib

        params = {} if revision is None else {"revision": revision}
        what = "replay" if replay else "download"
        body: list[bytes] = []

        def attempt() -> httpx.Response:
            body.clear()
            url = f"/creations/{ident}/{what}"
            headers = self._headers(read=True)
            with self._http.stream("GET", url, params=params, headers=headers) as response:
                if response.status_code != 200:
                    response.read()  # for the error's detail
                    return response
                total = int(response.headers.get("content-length") or 0)
                got = 0
                with self.progress(f"{what} {ident[:8]}", total) as advance:
                    for chunk in response.iter_bytes():
                        body.append(chunk)
                        got += len(chunk)
                        advance(got)
                return response

        response = self._reading(attempt)
        data = b"".join(body)
        etag = response.headers.get("etag", "").strip('"')
        got = hashlib.sha256(data).hexdigest()
        if etag != got:
            raise NetworkError(
                f"the download of {ident} was damaged (sha256 {got[:12]}…, the gallery says "
                f"{etag[:12] or 'nothing'}…): nothing was changed; try again"
            )
        return data

    def upload(
        self, name: str, data: bytes, replay: tuple[str, bytes] | None = None
    ) -> tuple[Remote, bool]:
        """Upload a creation; (what the gallery holds now, whether it was new to the gallery)."""
        parts = [("file", name, data)] + ([("replay", *replay)] if replay is not None else [])
        total = sum(len(part[2]) for part in parts)
        with self.progress(f"upload {name}", total) as advance:
            streams: list[_Counted] = []

            def moved() -> None:
                advance(sum(s.tell() for s in streams))

            streams += [_Counted(blob, moved) for _field, _name, blob in parts]
            files = {
                field: (file_name, stream, "application/octet-stream")
                for (field, file_name, _blob), stream in zip(parts, streams, strict=True)
            }
            response = self._send("POST", "/creations", (200, 201), files=files)
        return _remote(response.json()), response.status_code == 201

    # -- plays and clear runs ----------------------------------------------------------------

    def post_clear(self, ident: str, replay: bytes, revision: int | None = None) -> dict[str, Any]:
        """Send a clear run of level ``ident`` (at ``revision``, else its latest): the gallery
        re-simulates ``replay``, counts a play that cleared, and keeps the run when it is this
        user's best. The answer's JSON (``ClearResult`` in docs/api.md): ``best`` is False when
        an earlier run of theirs stays. Send this OR :meth:`post_play`, never both, per play."""
        files = {"replay": ("replay.cocreate", replay, "application/octet-stream")}
        form = {"key": str(uuid.uuid4())}  # one play: a retry of this request counts once
        if revision is not None:
            form["revision"] = str(revision)
        response = self._send(
            "POST", f"/creations/{ident}/clears", (200, 201), files=files, data=form
        )
        result: dict[str, Any] = response.json()
        return result

    def clears(self, ident: str, revision: int, *, limit: int = 10) -> dict[str, Any]:
        """The board of fastest clears of level ``ident`` at ``revision`` (``ClearBoard`` in
        docs/api.md): ``entries`` and the first ``limit`` runs, fastest first."""
        params = {"revision": revision, "limit": limit}
        board: dict[str, Any] = self._send(
            "GET", f"/creations/{ident}/clears", read=True, params=params
        ).json()
        return board

    def post_play(self, ident: str, cleared: bool) -> str | None:
        """Count a play of level ``ident`` (its clear rate): for a play with no clear run to
        send (one that did not clear). Why the gallery did not count it (its maker's own
        play), or None when it did."""
        play = {"cleared": cleared, "key": str(uuid.uuid4())}  # a retry counts once
        answer = self._send("POST", f"/creations/{ident}/plays", (204,), json=play)
        if answer.headers.get("Cocreate-Counted", "true").lower() != "false":
            return None
        return one_line(answer.headers.get("Cocreate-Reason") or "the gallery did not count it")


@contextmanager
def connect(server: str, token: str | None = None) -> Iterator[Gallery]:
    gallery = Gallery(server, token)
    try:
        yield gallery
    finally:
        gallery.close()
