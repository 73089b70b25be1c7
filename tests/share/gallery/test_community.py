"""Ratings, plays and reports, for each role that matters."""

from __future__ import annotations

import uuid

from tests.share.gallery.conftest import Site, design, level, replay_of, send_clear, upload


def test_a_level_gets_hearts_and_a_design_scores(site: Site) -> None:
    alice = site.user("alice")
    bob = site.user("bob")
    carol = site.user("carol")
    lvl = upload(alice, *level()).json()["id"]
    tee = upload(alice, design()).json()["id"]
    assert bob.put(f"/creations/{lvl}/rating", json={"value": 1}).json() == {
        "count": 1,
        "mean": None,
    }
    bob.put(f"/creations/{tee}/rating", json={"value": 5})
    r = carol.put(f"/creations/{tee}/rating", json={"value": 2})
    assert r.json() == {"count": 2, "mean": 3.5}
    r = carol.put(f"/creations/{tee}/rating", json={"value": 4})  # changed, not added
    assert r.json() == {"count": 2, "mean": 4.5}
    assert site.anon.get(f"/creations/{tee}").json()["rating"] == {"count": 2, "mean": 4.5}
    assert carol.delete(f"/creations/{tee}/rating").status_code == 204
    assert site.anon.get(f"/creations/{tee}").json()["rating"]["count"] == 1


def test_a_level_takes_only_a_heart(site: Site) -> None:
    alice = site.user("alice")
    bob = site.user("bob")
    lvl = upload(alice, *level()).json()["id"]
    r = bob.put(f"/creations/{lvl}/rating", json={"value": 3})
    assert r.status_code == 422
    assert r.json() == {"detail": "a level takes a heart (value 1), not 3"}
    assert bob.put(f"/creations/{lvl}/rating", json={"value": 6}).status_code == 422


def test_rating_needs_an_account_that_is_not_the_owner_nor_banned(site: Site) -> None:
    alice = site.user("alice")
    banned = site.user("mallory", banned=True)
    tee = upload(alice, design()).json()["id"]
    assert site.anon.put(f"/creations/{tee}/rating", json={"value": 3}).status_code == 401
    r = alice.put(f"/creations/{tee}/rating", json={"value": 5})
    assert r.status_code == 403
    assert r.json() == {"detail": "you cannot rate your own creation"}
    r = banned.put(f"/creations/{tee}/rating", json={"value": 0})
    assert r.status_code == 403
    assert r.json() == {"detail": "mallory is banned without end: spam"}


def test_plays_and_clears_give_a_clear_rate(site: Site) -> None:
    alice = site.user("alice")
    bob = site.user("bob")
    lvl = upload(alice, *level()).json()["id"]
    for cleared in (True, False, False):
        assert bob.post(f"/creations/{lvl}/plays", json={"cleared": cleared}).status_code == 204
    got = site.anon.get(f"/creations/{lvl}").json()
    assert (got["plays"], got["clears"]) == (3, 1)
    tee = upload(alice, design()).json()["id"]
    r = bob.post(f"/creations/{tee}/plays", json={"cleared": True})
    assert r.status_code == 422
    assert r.json() == {"detail": f"creation {tee} is a design: only levels are played"}
    assert site.anon.post(f"/creations/{lvl}/plays", json={"cleared": True}).status_code == 401


def test_a_play_sent_again_with_its_key_is_counted_once(site: Site) -> None:
    alice, bob = site.user("alice"), site.user("bob")
    data, replay = level()
    lvl = upload(alice, data, replay).json()["id"]
    key = str(uuid.uuid4())
    for _ in range(2):  # a retry after a lost answer
        r = bob.post(f"/creations/{lvl}/plays", json={"cleared": False, "key": key})
        assert r.status_code == 204
    got = site.anon.get(f"/creations/{lvl}").json()
    assert (got["plays"], got["clears"]) == (1, 0)
    run_key = str(uuid.uuid4())
    for status in (201, 200):  # the same clear run, sent twice: one cleared play
        r = send_clear(bob, lvl, replay_of(data), key=run_key)
        assert r.status_code == status, r.text
    got = site.anon.get(f"/creations/{lvl}").json()
    assert (got["plays"], got["clears"]) == (2, 1)
    r = bob.post(f"/creations/{lvl}/plays", json={"cleared": True, "key": "not-a-uuid"})
    assert r.status_code == 422


def test_a_report_is_filed_once_per_person(site: Site) -> None:
    alice = site.user("alice")
    bob = site.user("bob")
    tee = upload(alice, design()).json()["id"]
    r = bob.post(f"/creations/{tee}/reports", json={"reason": "spam", "details": "ads"})
    assert r.status_code == 201
    assert (r.json()["reason"], r.json()["creation"]) == ("spam", tee)
    r = bob.post(f"/creations/{tee}/reports", json={"reason": "other"})
    assert r.status_code == 409
    assert r.json() == {"detail": "you have already reported this creation; a moderator will look"}


def test_a_report_reason_comes_from_the_fixed_list(site: Site) -> None:
    alice = site.user("alice")
    bob = site.user("bob")
    tee = upload(alice, design()).json()["id"]
    r = bob.post(f"/creations/{tee}/reports", json={"reason": "boring"})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "reason"]


def test_reports_need_an_account_that_is_not_banned(site: Site) -> None:
    alice = site.user("alice")
    banned = site.user("mallory", banned=True)
    tee = upload(alice, design()).json()["id"]
    assert site.anon.post(f"/creations/{tee}/reports", json={"reason": "spam"}).status_code == 401
    assert banned.post(f"/creations/{tee}/reports", json={"reason": "spam"}).status_code == 403
