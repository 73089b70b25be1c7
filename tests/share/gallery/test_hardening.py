"""The API refuses what a careless or hostile client sends: bounds, loose types, spoofed
addresses, huge bodies; and answers conditional downloads as HTTP says."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from share.gallery.limits import MAX_ECHO_CHARS, MAX_JSON_BYTES
from share.gallery.ratelimit import client_address
from share.gallery.settings import Settings, parse_proxies
from tests.share.gallery.conftest import PASSWORD, Site, level, upload
from tests.share.gallery.live import LiveServer, client, settings_for

# -- bans: bounded days, and who may not be banned ----------------------------------------------


def test_a_ban_longer_than_a_century_is_422_naming_days(site: Site) -> None:
    site.user("alice")
    mod = site.user("mod", "moderator")
    for days in (1e10, 99999999, 36501, 0, -1):
        r = mod.post("/users/alice/ban", json={"reason": "spam", "days": days})
        assert r.status_code == 422, days
        assert [e["loc"] for e in r.json()["detail"]] == [["body", "days"]]
    r = mod.post("/users/alice/ban", json={"reason": "spam", "days": 36500})
    assert r.status_code == 200, r.text
    assert r.json()["banned_until"] is not None


def test_nobody_bans_themselves_or_an_admin(site: Site) -> None:
    root = site.user("root", "admin")
    site.user("boss", "admin")
    mod = site.user("mod", "moderator")
    r = root.post("/users/root/ban", json={"reason": "test"})
    assert (r.status_code, r.json()) == (403, {"detail": "you cannot ban yourself"})
    r = mod.post("/users/mod/ban", json={"reason": "test"})
    assert (r.status_code, r.json()) == (403, {"detail": "you cannot ban yourself"})
    r = root.post("/users/boss/ban", json={"reason": "test"})
    assert r.status_code == 403
    assert r.json() == {"detail": "boss is an admin: nobody bans an admin"}


# -- strict request bodies --------------------------------------------------------------------


def test_loose_types_in_a_body_are_422(site: Site) -> None:
    alice, bob = site.user("alice"), site.user("bob")
    lvl = upload(alice, *level()).json()["id"]
    for value in ("1", True, 1.0):
        r = bob.put(f"/creations/{lvl}/rating", json={"value": value})
        assert r.status_code == 422, value
        assert r.json()["detail"][0]["loc"] == ["body", "value"]
    for cleared in ("yes", 1, "true"):
        r = bob.post(f"/creations/{lvl}/plays", json={"cleared": cleared})
        assert r.status_code == 422, cleared
    assert site.anon.get(f"/creations/{lvl}").json()["plays"] == 0
    r = site.anon.post("/users", json={"name": 12345, "password": PASSWORD})
    assert r.status_code == 422
    assert bob.put(f"/creations/{lvl}/rating", json={"value": 1}).status_code == 200
    assert bob.post(f"/creations/{lvl}/plays", json={"cleared": True}).status_code == 204


def test_an_integer_is_still_a_number_of_days(site: Site) -> None:
    site.user("alice")
    mod = site.user("mod", "moderator")
    assert mod.post("/users/alice/ban", json={"reason": "x", "days": 2}).status_code == 200
    assert mod.post("/users/alice/ban", json={"reason": "x", "days": 0.5}).status_code == 200


# -- body sizes and what a 422 echoes ---------------------------------------------------------


def _body_of(size: int) -> bytes:
    """A JSON body of exactly ``size`` bytes for ``POST /users`` (its password too long)."""
    shell = json.dumps({"name": "zed", "password": ""}).encode()
    return shell[:-2] + b"x" * (size - len(shell)) + b'"}'


def test_a_json_body_over_its_limit_is_413_before_it_is_read(site: Site) -> None:
    at = site.anon.post(
        "/users", content=_body_of(MAX_JSON_BYTES), headers={"content-type": "application/json"}
    )
    assert at.status_code == 422  # read: the password is too long
    past = site.anon.post(
        "/users",
        content=_body_of(MAX_JSON_BYTES + 1),
        headers={"content-type": "application/json"},
    )
    assert past.status_code == 413
    assert past.json() == {
        "detail": "the request body is more than 65,536 bytes, the most a JSON body may be"
    }
    # 50 MB announced, not one byte sent (and no Content-Type: read as JSON): refused at once
    with socket.create_connection(("127.0.0.1", site.server.port), timeout=10) as sock:
        sock.sendall(
            b"POST /api/v1/users HTTP/1.1\r\nHost: gallery\r\nContent-Length: 52428800\r\n\r\n"
        )
        answer = sock.recv(4096)
    assert answer.startswith(b"HTTP/1.1 413 ") and len(answer) < 400


def test_a_streamed_json_body_is_cut_off_at_its_limit(site: Site) -> None:
    def chunks() -> Iterator[bytes]:
        data = _body_of(MAX_JSON_BYTES + 1)
        for i in range(0, len(data), 4096):
            yield data[i : i + 4096]

    r = site.anon.post("/users", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert "the most a JSON body may be" in r.json()["detail"]


def test_an_upload_keeps_its_own_larger_limit(site: Site) -> None:
    alice = site.user("alice")
    r = upload(alice, b"x" * (2 * MAX_JSON_BYTES))  # not a .cocreate: read, then refused
    assert r.status_code == 400, r.text
    assert "not a cocreate creation" in r.json()["detail"][0]


def test_a_422_does_not_echo_long_inputs(site: Site) -> None:
    r = site.anon.post("/users", json={"name": "zed", "password": "p" * 20_000})
    assert r.status_code == 422
    [error] = r.json()["detail"]
    assert error["loc"] == ["body", "password"]
    assert error["input"] == "p" * MAX_ECHO_CHARS + "…"
    r = site.anon.post("/users", json={"name": ["n"] * 5000, "password": PASSWORD})
    assert r.status_code == 422 and len(r.content) < 1000
    assert "input" not in r.json()["detail"][0]
    r = site.anon.post("/users", json={"name": "z", "password": PASSWORD})
    assert r.json()["detail"][0]["input"] == "z"  # a short input is still shown


# -- conditional downloads --------------------------------------------------------------------


def test_if_none_match_uses_weak_comparison_lists_and_star(site: Site) -> None:
    alice = site.user("alice")
    made = upload(alice, *level()).json()
    path = f"/creations/{made['id']}/download"
    tag = f'"{made["digest"]}"'
    for c in (site.anon, alice):  # the cache's answer, and the route's
        for header in (f"W/{tag}", f'"nope", W/{tag}', f'"nope",{tag}', "*"):
            r = c.get(path, headers={"If-None-Match": header})
            assert r.status_code == 304, (header, r.status_code)
            assert r.headers["etag"] == tag
        r = c.get(path, headers={"If-None-Match": 'W/"nope"'})
        assert r.status_code == 200 and r.content


# -- who the address is: X-Forwarded-For only from a trusted proxy ----------------------------


def _scope(peer: str, forwarded: str | None) -> dict[str, object]:
    headers = [] if forwarded is None else [(b"x-forwarded-for", forwarded.encode())]
    return {"type": "http", "client": (peer, 5000), "headers": headers}


def test_the_address_is_the_peer_unless_the_peer_is_a_trusted_proxy() -> None:
    proxy = frozenset({"10.0.0.2"})
    assert client_address(_scope("203.0.113.9", "1.2.3.4"), frozenset()) == "203.0.113.9"
    assert client_address(_scope("203.0.113.9", "1.2.3.4"), proxy) == "203.0.113.9"
    assert client_address(_scope("10.0.0.2", "1.2.3.4"), proxy) == "1.2.3.4"
    # the client made up the first entry; the proxy appended the address it saw
    assert client_address(_scope("10.0.0.2", "6.6.6.6, 198.51.100.4"), proxy) == "198.51.100.4"
    assert client_address(_scope("10.0.0.2", None), proxy) == "10.0.0.2"


def test_trusted_proxies_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("COCREATE_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("COCREATE_TRUSTED_PROXIES", raising=False)
    assert Settings.from_env().trusted_proxies == frozenset()
    monkeypatch.setenv("COCREATE_TRUSTED_PROXIES", " 10.0.0.2, ::1 ,")
    assert Settings.from_env().trusted_proxies == {"10.0.0.2", "::1"}
    with pytest.raises(ValueError, match="'proxy' is not an IP address"):
        parse_proxies("10.0.0.2,proxy")


@pytest.fixture(scope="module")
def proxied(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A gallery that trusts this machine as its reverse proxy, 3 requests a minute each."""
    settings = settings_for(
        tmp_path_factory.mktemp("proxied"),
        rate_per_address=3,
        rate_per_account=0,
        trusted_proxies=frozenset({"127.0.0.1"}),
        argon2_time_cost=1,
        argon2_memory_kib=1024,
    )
    live = LiveServer(settings).start()
    yield live
    live.stop()


def test_behind_a_trusted_proxy_each_forwarded_address_has_its_own_limit(
    proxied: LiveServer,
) -> None:
    with client(proxied) as c:

        def get(address: str) -> httpx.Response:
            return c.get("/creations", headers={"X-Forwarded-For": address})

        assert [get("192.0.2.7").status_code for _ in range(4)] == [200, 200, 200, 429]
        assert get("192.0.2.8").status_code == 200
        assert get("1.1.1.1, 192.0.2.7").status_code == 429  # a made-up first hop changes nothing
