"""A maker and their own creation: no report of it, and their own plays (and clear runs) are
taken but not counted; everyone else's count, moderators' and admins' too."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from share.gallery.models import Creation, Report
from tests.share.gallery.conftest import (
    Site,
    design,
    level,
    makers_replay,
    replay_of,
    send_clear,
    upload,
)

OWN_REPORT = (
    "you made this creation: change it with a new revision (cocreate push) instead of reporting it"
)
OWN_PLAY = "you made this level: a maker's own plays are not counted"


def counts(site: Site, ident: str) -> tuple[int, int]:
    got = site.anon.get(f"/creations/{ident}").json()
    return got["plays"], got["clears"]


def trend(site: Site, ident: str) -> float:
    with site.server.gallery.sessions() as session:
        row = session.scalar(select(Creation.trend).where(Creation.id == ident))
        assert row is not None
        return float(row)


def test_a_maker_cannot_report_their_own_creation_and_others_still_can(site: Site) -> None:
    alice, bob = site.user("alice"), site.user("bob")
    mona = site.user("mona", role="moderator")
    tee = upload(alice, design()).json()["id"]
    lvl = upload(mona, *level()).json()["id"]  # a moderator's own level is hers too
    for maker, ident in ((alice, tee), (mona, lvl)):
        r = maker.post(f"/creations/{ident}/reports", json={"reason": "spam", "details": "x"})
        assert r.status_code == 403
        assert r.json() == {"detail": OWN_REPORT}
    with site.server.gallery.sessions() as session:
        assert session.scalars(select(Report)).all() == []
    assert bob.post(f"/creations/{tee}/reports", json={"reason": "spam"}).status_code == 201
    assert mona.post(f"/creations/{tee}/reports", json={"reason": "other"}).status_code == 201
    r = alice.post(f"/creations/{tee}/reports", json={"reason": "other"})  # still refused
    assert (r.status_code, r.json()) == (403, {"detail": OWN_REPORT})


def test_a_makers_own_plays_are_taken_but_not_counted(site: Site) -> None:
    alice, bob = site.user("alice"), site.user("bob")
    lvl = upload(alice, *level()).json()["id"]
    before = trend(site, lvl)
    for body in ({"cleared": True}, {"cleared": False, "key": str(uuid.uuid4())}):
        r = alice.post(f"/creations/{lvl}/plays", json=body)
        assert r.status_code == 204, r.text
        assert (r.headers["cocreate-counted"], r.headers["cocreate-reason"]) == (
            "false",
            OWN_PLAY,
        )
        assert r.content == b""
    assert counts(site, lvl) == (0, 0)
    assert trend(site, lvl) == before  # nor does it trend
    r = bob.post(f"/creations/{lvl}/plays", json={"cleared": True})
    assert r.status_code == 204
    assert r.headers["cocreate-counted"] == "true"
    assert "cocreate-reason" not in r.headers
    assert counts(site, lvl) == (1, 1)
    assert trend(site, lvl) > before
    played = site.anon.get("/creations", params={"sort": "played", "kind": "level"}).json()
    assert [(c["id"], c["plays"]) for c in played["items"]] == [(lvl, 1)]


def test_a_play_sent_again_with_its_key_still_says_counted(site: Site) -> None:
    alice, bob = site.user("alice"), site.user("bob")
    lvl = upload(alice, *level()).json()["id"]
    play = {"cleared": False, "key": str(uuid.uuid4())}
    for _ in range(2):  # a retry after a lost answer: the play is counted, once
        r = bob.post(f"/creations/{lvl}/plays", json=play)
        assert (r.status_code, r.headers["cocreate-counted"]) == (204, "true")
    assert counts(site, lvl) == (1, 0)


def test_moderators_and_admins_plays_count_like_anyones(site: Site) -> None:
    alice = site.user("alice")
    mona, ada = site.user("mona", role="moderator"), site.user("ada", role="admin")
    data, _replay = level()
    lvl = upload(alice, data, makers_replay(data)).json()["id"]
    for player in (mona, ada):
        r = player.post(f"/creations/{lvl}/plays", json={"cleared": False})
        assert (r.status_code, r.headers["cocreate-counted"]) == (204, "true")
    assert send_clear(ada, lvl, replay_of(data)).status_code == 201
    assert counts(site, lvl) == (3, 1)


def test_a_makers_clear_run_goes_on_the_board_but_counts_no_play(site: Site) -> None:
    alice, bob = site.user("alice"), site.user("bob")
    data, _replay = level("Hop")
    lvl = upload(alice, data, makers_replay(data)).json()["id"]
    board = site.anon.get(f"/creations/{lvl}/clears").json()
    assert (board["entries"], board["items"]) == (0, [])  # the upload's clear is not on it
    r = send_clear(alice, lvl, replay_of(data, wait=30))
    assert r.status_code == 201, r.text
    assert (r.json()["best"], r.json()["rank"], r.json()["entries"]) == (True, 1, 1)
    r = send_clear(alice, lvl, replay_of(data), key=str(uuid.uuid4()))  # faster: replaces it
    assert (r.status_code, r.json()["clear"]["ticks"]) == (201, 333)
    assert counts(site, lvl) == (0, 0)
    assert send_clear(bob, lvl, replay_of(data, wait=12)).status_code == 201
    assert counts(site, lvl) == (1, 1)
    board = site.anon.get(f"/creations/{lvl}/clears").json()
    assert [(i["rank"], i["user"], i["ticks"]) for i in board["items"]] == [
        (1, "alice", 333),
        (2, "bob", 345),
    ]
