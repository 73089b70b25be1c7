"""The response cache of anonymous reads: every write is seen by the next read, and nobody's
private answer is ever served to anyone else.

On PostgreSQL these tests have a cluster of their own: the cache's stamp there changes with any
commit in the cluster (it is read in one cheap statement), so another test's writes, run at the
same time by another worker, would turn the hits these tests expect into misses."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from share.gallery.cache import POLL_SECONDS, Entry, ResponseCache
from tests.share.gallery.conftest import (
    Site,
    design,
    level,
    makers_replay,
    replay_of,
    send_clear,
    upload,
)
from tests.share.gallery.live import LiveServer
from tests.share.gallery.postgres import postgres_cluster


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    """A cluster no other test writes to (see the module's docstring)."""
    with postgres_cluster("the cache tests", shared=False) as url:
        yield url


def _cache(server: LiveServer) -> ResponseCache:
    cache: ResponseCache = server.app.state.cache
    return cache


def _served_from_cache(site: Site, path: str) -> httpx.Response:
    """GET ``path`` anonymously twice; the second answer must come from the cache."""
    first = site.anon.get(path)
    hits = _cache(site.server).hits
    second = site.anon.get(path)
    assert _cache(site.server).hits == hits + 1, "the second read was not a cache hit"
    assert second.content == first.content and second.status_code == first.status_code
    return second


def test_repeated_anonymous_reads_are_served_from_the_cache(site: Site) -> None:
    alice = site.user("alice")
    tee = upload(alice, design("Cached tee")).json()["id"]
    for path in ("/creations", "/creations?q=cached", f"/creations/{tee}"):
        r = _served_from_cache(site, path)
        assert r.status_code == 200
    r = _served_from_cache(site, f"/creations/{tee}/lineage")
    assert r.json()["tree"]["id"] == tee
    r = _served_from_cache(site, f"/creations/{tee}/thumbnail.png")
    assert r.headers["content-type"] == "image/png"


def test_an_upload_is_seen_by_the_next_anonymous_read(site: Site) -> None:
    alice = site.user("alice")
    assert _served_from_cache(site, "/creations").json()["items"] == []
    made = upload(alice, *level("Fresh level"))
    assert made.status_code == 201
    listed = site.anon.get("/creations").json()["items"]
    assert [c["title"] for c in listed] == ["Fresh level"]
    # what the upload answered is what everyone reads next
    assert site.anon.get(f"/creations/{made.json()['id']}").json() == made.json()


def test_a_new_revision_answers_as_the_next_read_does(site: Site) -> None:
    alice = site.user("alice")
    bob = site.user("bob")
    first = upload(alice, *level("Run")).json()
    assert bob.put(f"/creations/{first['id']}/rating", json={"value": 1}).status_code == 200
    second = upload(alice, *level("Run, take two", ident=first["id"], revision=2))
    assert second.status_code == 201
    assert second.json()["rating"] == {"count": 1, "mean": None}
    assert second.json()["revision"] == 2
    assert site.anon.get(f"/creations/{first['id']}").json() == second.json()


def test_the_fastest_clears_are_cached_and_a_new_clear_is_seen_by_the_next_read(
    site: Site,
) -> None:
    alice, bob = site.user("alice"), site.user("bob")
    data, _replay = level("Run")
    ident = upload(alice, data, makers_replay(data)).json()["id"]
    path = f"/creations/{ident}/clears"
    assert _served_from_cache(site, path).json()["entries"] == 0
    _served_from_cache(site, f"/creations/{ident}")
    assert send_clear(bob, ident, replay_of(data)).status_code == 201
    listed = site.anon.get(path).json()
    assert [(i["user"], i["ticks"]) for i in listed["items"]] == [("bob", 333)]
    assert site.anon.get(f"/creations/{ident}").json()["plays"] == 1
    replay = _served_from_cache(site, listed["items"][0]["replay"].removeprefix("/api/v1"))
    assert replay.headers["content-type"] == "application/vnd.cocreate"


def test_a_rating_is_seen_by_the_next_anonymous_read(site: Site) -> None:
    alice = site.user("alice")
    bob = site.user("bob")
    tee = upload(alice, design("Tee")).json()["id"]
    before = _served_from_cache(site, f"/creations/{tee}").json()
    assert before["rating"] == {"count": 0, "mean": None}
    assert bob.put(f"/creations/{tee}/rating", json={"value": 5}).status_code == 200
    assert site.anon.get(f"/creations/{tee}").json()["rating"] == {"count": 1, "mean": 5.0}
    top = site.anon.get("/creations?sort=top").json()["items"]
    assert top[0]["rating"]["count"] == 1


def test_a_moderation_move_is_seen_by_the_next_anonymous_read(site: Site) -> None:
    alice = site.user("alice")
    mod = site.user("mona", role="moderator")
    tee = upload(alice, design("Tee")).json()["id"]
    assert _served_from_cache(site, f"/creations/{tee}").json()["state"] == "new"
    _served_from_cache(site, "/creations")
    r = mod.post(f"/creations/{tee}/state", json={"to": "hidden", "reason": "a logo"})
    assert r.status_code == 200
    assert site.anon.get(f"/creations/{tee}").status_code == 404
    assert site.anon.get("/creations").json()["items"] == []
    mod.post(f"/creations/{tee}/state", json={"to": "published", "reason": "fixed"})
    assert site.anon.get(f"/creations/{tee}").json()["state"] == "published"


def test_a_report_that_requeues_is_seen_by_the_next_anonymous_read(site: Site) -> None:
    alice = site.user("alice")
    mod = site.user("mona", role="moderator")
    tee = upload(alice, design("Tee")).json()["id"]
    mod.post(f"/creations/{tee}/state", json={"to": "published", "reason": "fine"})
    assert _served_from_cache(site, f"/creations/{tee}").json()["state"] == "published"
    for name in ("bob", "carol"):  # the test gallery requeues at two reporters
        r = site.user(name).post(f"/creations/{tee}/reports", json={"reason": "spam"})
        assert r.status_code == 201
    assert site.anon.get(f"/creations/{tee}").json()["state"] == "new"


def test_a_ban_empties_the_cache(site: Site) -> None:
    alice = site.user("alice")
    mod = site.user("mona", role="moderator")
    tee = upload(alice, design("Tee")).json()["id"]
    _served_from_cache(site, f"/creations/{tee}")
    misses = _cache(site.server).misses
    r = mod.post("/users/alice/ban", json={"reason": "spam", "days": 1})
    assert r.status_code == 200
    assert site.anon.get(f"/creations/{tee}").status_code == 200
    assert _cache(site.server).misses == misses + 1, "a read after the ban was served stale"


def test_a_write_from_another_connection_is_seen_by_the_next_read(site: Site) -> None:
    """As a second server process (or a script) on the same database would write: on SQLite at
    once, on PostgreSQL once the stamp is read again (at most ``POLL_SECONDS`` later)."""
    alice = site.user("alice")
    tee = upload(alice, design("Tee")).json()["id"]
    assert _served_from_cache(site, f"/creations/{tee}").json()["plays"] == 0
    other = create_engine(site.server.settings.url, poolclass=NullPool)
    try:
        with other.begin() as conn:
            conn.execute(text("UPDATE creations SET plays = 7 WHERE id = :id"), {"id": tee})
    finally:
        other.dispose()
    time.sleep(POLL_SECONDS.get(other.dialect.name, 0.0))
    assert site.anon.get(f"/creations/{tee}").json()["plays"] == 7


def test_an_owner_sees_their_hidden_creation_and_nobody_else_gets_that_answer(
    site: Site,
) -> None:
    alice = site.user("alice")
    bob = site.user("bob")
    mod = site.user("mona", role="moderator")
    tee = upload(alice, design("Secret tee")).json()["id"]
    mod.post(f"/creations/{tee}/state", json={"to": "hidden", "reason": "a logo"})
    # the owner and the moderator read it first, several times
    for _ in range(3):
        assert alice.get(f"/creations/{tee}").json()["state"] == "hidden"
        assert mod.get(f"/creations/{tee}").json()["state"] == "hidden"
        assert alice.get(f"/creations/{tee}/download").status_code == 200
    for _ in range(2):
        r = site.anon.get(f"/creations/{tee}")
        assert r.status_code == 404
        assert r.json() == {"detail": f"no creation {tee} in this gallery"}
        assert site.anon.get(f"/creations/{tee}/download").status_code == 404
        assert bob.get(f"/creations/{tee}").status_code == 404
        assert site.anon.get("/creations").json()["items"] == []
    # and the anonymous answers never reach the owner either
    assert alice.get(f"/creations/{tee}").json()["state"] == "hidden"


def test_a_session_cookie_or_a_token_bypasses_the_cache(site: Site) -> None:
    alice = site.user("alice")
    tee = upload(alice, design("Tee")).json()["id"]
    _served_from_cache(site, f"/creations/{tee}")
    cache = _cache(site.server)
    hits, misses = cache.hits, cache.misses
    token = str(alice.headers["Authorization"]).removeprefix("Bearer ")
    with httpx.Client(base_url=site.server.url + "/api/v1", timeout=60) as browser:
        browser.cookies.set("cc_session", token)
        assert browser.get(f"/creations/{tee}").status_code == 200
    assert alice.get(f"/creations/{tee}").status_code == 200
    assert site.anon.get(f"/creations/{tee}", headers={"Cache-Control": "no-cache"}).is_success
    assert (cache.hits, cache.misses) == (hits, misses)


def test_a_range_request_is_answered_by_the_route(site: Site) -> None:
    alice = site.user("alice")
    data = design("Tee")
    tee = upload(alice, data).json()["id"]
    assert _served_from_cache(site, f"/creations/{tee}/download").content == data
    r = site.anon.get(f"/creations/{tee}/download", headers={"Range": "bytes=0-9"})
    assert r.status_code == 206 and r.content == data[:10]


def test_an_etag_answers_304_until_something_changes(site: Site) -> None:
    alice = site.user("alice")
    bob = site.user("bob")
    tee = upload(alice, design("Tee")).json()["id"]
    first = _served_from_cache(site, f"/creations/{tee}")
    etag = first.headers["etag"]
    r = site.anon.get(f"/creations/{tee}", headers={"If-None-Match": etag})
    assert r.status_code == 304 and r.content == b"" and r.headers["etag"] == etag
    bob.put(f"/creations/{tee}/rating", json={"value": 3})
    r = site.anon.get(f"/creations/{tee}", headers={"If-None-Match": etag})
    assert r.status_code == 200 and r.headers["etag"] != etag
    assert r.json()["rating"]["count"] == 1


def test_the_cache_keeps_the_most_recently_used_within_its_bound(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'g.sqlite3'}")
    cache = ResponseCache(engine, max_bytes=3 * 1300, max_entry=1300)
    try:
        stamp = cache.current()
        assert stamp is not None
        for key in (b"a", b"b", b"c"):
            cache.put(key, stamp, Entry([], b"x" * 1000, b'"e"'))
        assert cache.get(b"a", stamp) is not None  # a is now the most recent
        cache.put(b"d", stamp, Entry([], b"x" * 1000, b'"e"'))
        assert [k for k in (b"a", b"b", b"c", b"d") if cache.get(k, stamp)] == [b"a", b"c", b"d"]
        cache.put(b"big", stamp, Entry([], b"x" * 2000, b'"e"'))  # over max_entry: not kept
        assert cache.get(b"big", stamp) is None
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE t (x INTEGER)"))
        assert cache.current() != stamp
        assert cache.get(b"a", stamp) is None
    finally:
        cache.close()
        engine.dispose()


def test_an_unreachable_database_bypasses_the_cache() -> None:
    engine = create_engine("postgresql+psycopg://nobody:x@127.0.0.1:9/none")
    cache = ResponseCache(engine)
    try:
        assert cache.current() is None
        assert cache.current() is None  # not retried at once
    finally:
        cache.close()
