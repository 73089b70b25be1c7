"""The client's one door to HTTP: retries with backoff for transient failures, within a time
limit, and every failure one line (httpx's MockTransport stands in for the gallery)."""

from __future__ import annotations

import hashlib
import time

import httpx
import pytest

from engine.errors import NetworkError, ServerError
from share.client.api import Gallery


def _gallery(handler, deadline: float = 2.0) -> Gallery:
    return Gallery(
        "http://gallery.test", "tok", deadline=deadline, transport=httpx.MockTransport(handler)
    )


def test_transient_answers_are_retried_until_one_succeeds() -> None:
    answers = [503, 502, 200]

    def handler(request: httpx.Request) -> httpx.Response:
        status = answers.pop(0)
        return httpx.Response(status, json={"name": "alice"} if status == 200 else {})

    with _gallery(handler) as g:
        assert g.me() == "alice"
        assert g.requests == 3


def test_a_gallery_that_keeps_failing_gives_up_at_the_time_limit_in_one_line() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(503)

    start = time.monotonic()
    with _gallery(handler, deadline=1.0) as g, pytest.raises(NetworkError) as caught:
        g.me()
    assert time.monotonic() - start < 1.0
    assert g.requests == 3  # after 0.25 s and 0.5 s; another 1 s wait would pass the limit
    assert str(caught.value) == (
        "the gallery at http://gallery.test is not answering (HTTP 503, 1 s of retries): "
        "try again later"
    )


def test_connection_refused_says_cannot_connect_and_nothing_changed() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    with _gallery(handler, deadline=0.3) as g, pytest.raises(NetworkError) as caught:
        g.me()
    assert str(caught.value) == (
        "the gallery at http://gallery.test cannot be reached: cannot connect; nothing was changed"
    )
    assert isinstance(caught.value.__cause__, httpx.ConnectError)


def test_an_error_answer_is_not_retried_and_keeps_the_gallerys_lines() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            400, json={"detail": ["a.cocreate: $.id: bad", "a.cocreate: $.x: worse"]}
        )

    with _gallery(handler) as g, pytest.raises(ServerError) as caught:
        g.upload("a.cocreate", b"junk")
    assert g.requests == 1
    assert caught.value.status == 400
    assert caught.value.lines() == ["a.cocreate: $.id: bad", "a.cocreate: $.x: worse"]


def test_a_download_whose_bytes_do_not_match_the_etag_is_refused() -> None:
    good = hashlib.sha256(b"the real bytes").hexdigest()

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b"the damaged bytes", headers={"ETag": f'"{good}"'})

    with _gallery(handler) as g, pytest.raises(NetworkError) as caught:
        g.download("6f1c2d3e-0000-4000-8000-000000000001")
    bad = hashlib.sha256(b"the damaged bytes").hexdigest()
    assert str(caught.value) == (
        f"the download of 6f1c2d3e-0000-4000-8000-000000000001 was damaged (sha256 {bad[:12]}…, "
        f"the gallery says {good[:12]}…): nothing was changed; try again"
    )
