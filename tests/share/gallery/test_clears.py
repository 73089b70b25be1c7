"""Clear runs and a level's fastest clears: sent as replays, re-simulated, one best per player."""

from __future__ import annotations

import datetime as dt

from engine import codec
from engine.sim.inputs import Buttons
from share.gallery.models import User
from tests.share.gallery.conftest import (
    Site,
    design,
    level,
    makers_replay,
    replay_of,
    send_clear,
    upload,
)


def board(site: Site, ident: str, **params: int) -> dict[str, object]:
    r = site.anon.get(f"/creations/{ident}/clears", params=params)
    assert r.status_code == 200, r.text
    body: dict[str, object] = r.json()
    return body


def runs(site: Site, ident: str, **params: int) -> list[tuple[int, str, int]]:
    """(rank, user, ticks) of each entry shown."""
    items = board(site, ident, **params)["items"]
    assert isinstance(items, list)
    return [(i["rank"], i["user"], i["ticks"]) for i in items]


def test_a_clear_is_kept_listed_first_and_counted_as_a_cleared_play(site: Site) -> None:
    alice, bob = site.user("alice"), site.user("bob")
    data, _replay = level("Hop")
    ident = upload(alice, data, makers_replay(data)).json()["id"]
    r = send_clear(bob, ident, replay_of(data, wait=30))
    assert r.status_code == 201, r.text
    got = r.json()
    assert (got["best"], got["rank"], got["entries"]) == (True, 1, 1)
    clear = got["clear"]
    assert (clear["rank"], clear["user"], clear["revision"]) == (1, "bob", 1)
    assert (clear["ticks"], clear["seconds"], clear["score"], clear["deaths"]) == (
        361,
        361 / 60,
        0,
        0,
    )
    assert clear["replay"] == f"/api/v1/creations/{ident}/clears/{clear['id']}/replay"
    listed = board(site, ident)
    assert (listed["revision"], listed["entries"]) == (1, 1)
    assert listed["items"] == [clear]
    shown = site.anon.get(f"/creations/{ident}").json()
    assert (shown["plays"], shown["clears"]) == (1, 1)


def test_a_slower_run_is_counted_but_the_best_stays_and_a_faster_one_replaces_it(
    site: Site,
) -> None:
    alice, bob = site.user("alice"), site.user("bob")
    data, _replay = level("Hop")
    ident = upload(alice, data, makers_replay(data)).json()["id"]
    first = send_clear(bob, ident, replay_of(data, wait=30)).json()["clear"]
    r = send_clear(bob, ident, replay_of(data, wait=60))
    assert r.status_code == 200, r.text
    slower = r.json()
    assert (slower["best"], slower["rank"], slower["entries"]) == (False, 1, 1)
    assert (slower["clear"]["ticks"], slower["clear"]["id"], slower["clear"]["replay"]) == (
        391,
        None,
        None,
    )
    assert board(site, ident)["items"] == [first] == [slower["yours"]]  # the best that stays
    again = send_clear(bob, ident, replay_of(data, wait=30))  # as fast: the earlier run stays
    assert again.status_code == 200 and board(site, ident)["items"] == [first]
    r = send_clear(bob, ident, replay_of(data))
    assert r.status_code == 201, r.text
    faster = r.json()["clear"]
    assert faster["id"] != first["id"]
    assert runs(site, ident) == [(1, "bob", 333)]
    assert site.anon.get(first["replay"].removeprefix("/api/v1")).status_code == 404
    shown = site.anon.get(f"/creations/{ident}").json()
    assert (shown["plays"], shown["clears"]) == (4, 4)


def test_players_are_ranked_fastest_first_then_earliest(site: Site) -> None:
    alice, bob, carol, dan = (site.user(name) for name in ("alice", "bob", "carol", "dan"))
    data, _replay = level("Hop")
    ident = upload(alice, data, makers_replay(data)).json()["id"]
    assert send_clear(bob, ident, replay_of(data, wait=30)).json()["rank"] == 1
    r = send_clear(carol, ident, replay_of(data, wait=60)).json()
    assert (r["rank"], r["entries"], r["clear"]["rank"]) == (2, 2, 2)
    as_fast = replay_of(data, wait=30, held=int(Buttons.DOWN))  # bob's run in other inputs
    r = send_clear(dan, ident, as_fast).json()  # as fast as bob, later
    assert (r["rank"], r["entries"]) == (2, 3)
    r = send_clear(alice, ident, replay_of(data)).json()
    assert (r["rank"], r["entries"]) == (1, 4)
    assert runs(site, ident) == [
        (1, "alice", 333),
        (2, "bob", 361),
        (3, "dan", 361),
        (4, "carol", 391),
    ]
    assert runs(site, ident, limit=2) == [(1, "alice", 333), (2, "bob", 361)]
    assert board(site, ident, limit=2)["entries"] == 4
    slow = send_clear(
        alice, ident, replay_of(data, wait=45)
    ).json()  # would stand behind bob and dan
    assert (slow["best"], slow["clear"]["rank"], slow["rank"]) == (False, 3, 1)


def test_each_revision_has_its_own_board_and_takes_only_its_own_replays(site: Site) -> None:
    alice, bob = site.user("alice"), site.user("bob")
    data, _replay = level("Hop")
    ident = upload(alice, data, makers_replay(data)).json()["id"]
    data2, _replay2 = level("Hop, again", ident=ident, revision=2)
    assert upload(alice, data2, makers_replay(data2)).status_code == 201
    r = send_clear(bob, ident, replay_of(data))  # the latest is revision 2
    assert r.status_code == 422
    assert r.json() == {"detail": ["replay.cocreate: is a replay of another level or revision"]}
    r = send_clear(bob, ident, replay_of(data), revision=1)
    assert r.status_code == 201, r.text
    assert r.json()["clear"]["revision"] == 1
    assert runs(site, ident, revision=1) == [(1, "bob", 333)]
    assert board(site, ident) == {"revision": 2, "entries": 0, "items": []}
    other, _ = level("Another")
    upload(alice, other, makers_replay(other))
    r = send_clear(bob, ident, replay_of(other), revision=2)
    assert r.status_code == 422
    assert r.json() == {"detail": ["replay.cocreate: is a replay of another level or revision"]}
    r = send_clear(bob, ident, replay_of(data), revision=3)
    assert r.status_code == 404
    assert r.json() == {"detail": [f"creation {ident} has no revision 3"]}


def test_a_run_that_does_not_clear_or_is_not_a_replay_is_refused(site: Site) -> None:
    alice, bob = site.user("alice"), site.user("bob")
    data, _replay = level("Hop")
    ident = upload(alice, data, makers_replay(data)).json()["id"]
    r = send_clear(bob, ident, replay_of(data, ticks=40))
    assert r.status_code == 422
    assert r.json() == {
        "detail": [
            "replay.cocreate: not cleared: the replay ended at tick 40 (0.67 s) before the goal "
            "was reached"
        ]
    }
    r = send_clear(bob, ident, data)  # the level itself
    assert r.status_code == 400
    assert r.json() == {"detail": ["replay.cocreate: $.kind: is 'level', not a replay"]}
    shown = site.anon.get(f"/creations/{ident}").json()
    assert (shown["plays"], shown["clears"]) == (0, 0)
    assert board(site, ident)["entries"] == 0


def test_who_may_send_a_run_and_of_what(site: Site) -> None:
    alice, bob = site.user("alice"), site.user("bob")
    mod = site.user("mona", role="moderator")
    banned = site.user("mallory", banned=True)
    data, _replay = level("Hop")
    ident = upload(alice, data, makers_replay(data)).json()["id"]
    r = send_clear(site.anon, ident, replay_of(data))
    assert r.status_code == 401
    assert r.json() == {
        "detail": "sign in first: send an API token as `Authorization: Bearer TOKEN`"
    }
    assert send_clear(banned, ident, replay_of(data)).status_code == 403
    tee = upload(alice, design()).json()["id"]
    r = send_clear(bob, tee, replay_of(data))
    assert r.status_code == 422
    assert r.json() == {"detail": [f"creation {tee} is a design: only levels are played"]}
    assert site.anon.get(f"/creations/{tee}/clears").status_code == 422
    hidden = upload(alice, *level("Secret")).json()["id"]
    assert mod.post(f"/creations/{hidden}/state", json={"to": "hidden"}).status_code == 200
    r = send_clear(bob, hidden, replay_of(data))
    assert r.status_code == 404
    assert r.json() == {"detail": [f"no creation {hidden} in this gallery"]}
    assert site.anon.get(f"/creations/{hidden}/clears").status_code == 404
    r = send_clear(bob, "no-such-level", replay_of(data))
    assert r.status_code == 404


def test_a_banned_players_run_is_left_off_the_board(site: Site) -> None:
    alice, bob, carol = site.user("alice"), site.user("bob"), site.user("carol")
    data, _replay = level("Hop")
    ident = upload(alice, data, makers_replay(data)).json()["id"]
    fast = send_clear(bob, ident, replay_of(data)).json()["clear"]
    send_clear(carol, ident, replay_of(data, wait=30))
    with site.server.gallery.sessions() as session:
        row = session.query(User).filter_by(name="bob").one()
        row.banned_until, row.ban_reason = dt.datetime(9999, 12, 31), "cheating"
        session.commit()
    listed = board(site, ident)
    assert listed["entries"] == 1
    assert runs(site, ident) == [(1, "carol", 361)]
    assert site.anon.get(fast["replay"].removeprefix("/api/v1")).status_code == 404


def test_a_runs_replay_downloads_as_the_exact_bytes_sent(site: Site) -> None:
    alice, bob = site.user("alice"), site.user("bob")
    data, _replay = level("Hop")
    ident = upload(alice, data, makers_replay(data)).json()["id"]
    sent = replay_of(data, wait=12)
    clear = send_clear(bob, ident, sent).json()["clear"]
    r = site.anon.get(clear["replay"].removeprefix("/api/v1"))
    assert r.status_code == 200
    assert r.content == sent
    assert r.headers["content-type"] == "application/vnd.cocreate"
    assert r.headers["etag"] == f'"{codec.digest(sent)}"'
    r = site.anon.get(f"/creations/{ident}/clears/999999/replay")
    assert r.status_code == 404
    assert r.json() == {"detail": f"creation {ident} has no clear run 999999"}


def test_the_board_takes_a_limit_from_1_to_100(site: Site) -> None:
    alice = site.user("alice")
    data, _replay = level("Hop")
    ident = upload(alice, data, makers_replay(data)).json()["id"]
    for limit in (0, 101):
        r = site.anon.get(f"/creations/{ident}/clears", params={"limit": limit})
        assert r.status_code == 422, limit
    for limit in (1, 100):
        assert board(site, ident, limit=limit)["items"] == []
    assert site.anon.get(f"/creations/{ident}/clears", params={"revision": 0}).status_code == 422


def test_the_makers_published_replay_sent_by_someone_else_is_refused(site: Site) -> None:
    alice, bob = site.user("alice"), site.user("bob")
    data, _replay = level("Hop")
    ident = upload(alice, data, makers_replay(data)).json()["id"]
    published = site.anon.get(f"/creations/{ident}/replay").content
    r = send_clear(bob, ident, published)
    assert r.status_code == 409
    assert r.json() == {
        "detail": [
            "replay.cocreate: the same run, input for input, as alice's: a clear must be your "
            "own play"
        ]
    }
    assert board(site, ident)["entries"] == 0
    shown = site.anon.get(f"/creations/{ident}").json()
    assert (shown["plays"], shown["clears"]) == (0, 0)  # a copy counts nothing
    longer = replay_of(data, ticks=500, held=int(Buttons.DOWN))  # more inputs after the goal
    assert send_clear(bob, ident, longer).status_code == 409
    assert send_clear(alice, ident, published).status_code == 201  # the maker's own play
    assert send_clear(bob, ident, replay_of(data)).status_code == 201  # the same time, his own


def test_a_run_on_the_board_sent_by_another_player_is_refused(site: Site) -> None:
    alice, bob, carol = site.user("alice"), site.user("bob"), site.user("carol")
    data, _replay = level("Hop")
    ident = upload(alice, data, makers_replay(data)).json()["id"]
    clear = send_clear(bob, ident, replay_of(data, wait=30)).json()["clear"]
    bobs = site.anon.get(clear["replay"].removeprefix("/api/v1")).content
    r = send_clear(carol, ident, bobs)
    assert r.status_code == 409
    assert r.json() == {
        "detail": [
            "replay.cocreate: the same run, input for input, as bob's: a clear must be your "
            "own play"
        ]
    }
    assert send_clear(carol, ident, replay_of(data, wait=30, ticks=450)).status_code == 409
    again = send_clear(bob, ident, bobs)  # his own run again: counted, not kept (as before)
    assert (again.status_code, again.json()["best"]) == (200, False)
    assert runs(site, ident) == [(1, "bob", 361)]
