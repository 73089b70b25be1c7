"""Rate limits per address and per account: 429 with ``Retry-After``."""

from __future__ import annotations

import time

from share.gallery.ratelimit import Limiter
from tests.share.gallery.conftest import Site

SERVER_SETTINGS = {"rate_per_address": 12, "rate_per_account": 4, "rate_window": 60.0}


def test_an_address_past_its_limit_is_told_when_to_come_back(site: Site) -> None:
    for _ in range(12):
        assert site.anon.get("/creations").status_code == 200
    r = site.anon.get("/creations")
    assert r.status_code == 429
    assert r.headers["retry-after"] == "5"  # 12 per minute: one more every 5 s
    assert r.json() == {
        "detail": "too many requests from this address: at most 12 per 60 s; try again in 5 s"
    }
    assert site.anon.post("/users", json={"name": "zed", "password": "x" * 8}).status_code == 429
    # X-Forwarded-For from a client that is no trusted proxy is not believed
    other = site.anon.get("/creations", headers={"X-Forwarded-For": "192.0.2.7"})
    assert other.status_code == 429


def test_an_account_past_its_limit_is_refused_on_every_token(site: Site) -> None:
    alice = site.user("alice")  # 2 requests from this address
    bob = site.user("bob")  # 2 more
    for _ in range(4):
        assert alice.get("/users/me").status_code == 200
    r = alice.get("/users/me")
    assert r.status_code == 429
    assert r.headers["retry-after"] == "15"
    assert r.json() == {
        "detail": "too many requests from this account: at most 4 per 60 s; try again in 15 s"
    }
    token = site.anon.post("/tokens", json={"name": "alice", "password": "correct horse battery"})
    second = token.json()["token"]
    r = site.anon.get("/users/me", headers={"Authorization": f"Bearer {second}"})
    assert r.status_code == 429  # the account, not the token, is limited
    assert bob.get("/users/me").status_code == 200  # the 12th request from this address


def test_a_bucket_refills_at_the_limit_rate() -> None:
    limiter = Limiter(2, 0.2)
    assert limiter.take("a") == 0.0 and limiter.take("a") == 0.0
    wait = limiter.take("a")
    assert 0.05 < wait <= 0.1
    assert limiter.take("b") == 0.0  # each key its own bucket
    time.sleep(wait + 0.01)
    assert limiter.take("a") == 0.0
    assert limiter.take("a") > 0.0
    assert Limiter(0, 60.0).take("a") == 0.0  # 0: no limit
