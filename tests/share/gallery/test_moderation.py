"""Moderation: the transition table over HTTP, the queue, bans, roles, and the audit log."""

from __future__ import annotations

import pytest

from share.gallery.moderation import FLOW, may_move, next_states
from tests.share.gallery.conftest import Site, design, upload

STATES = ["new", "published", "hidden", "rejected"]


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("to", STATES)
def test_every_move_for_every_role(state: str, to: str) -> None:
    allowed = {m.to: m.who for m in FLOW[state]}
    for role, owner in [("user", False), ("user", True), ("moderator", False), ("admin", False)]:
        refusal = may_move(role, is_owner=owner, state=state, to=to)
        if to not in allowed:
            assert refusal is not None and refusal[0] == 409
            continue
        who = allowed[to]
        expected = role in who or (owner and "owner" in who)
        assert (refusal is None) == expected, (state, to, role, owner)


def test_next_states_drive_the_buttons() -> None:
    assert next_states("moderator", is_owner=False, state="new") == [
        "published",
        "hidden",
        "rejected",
    ]
    assert next_states("user", is_owner=True, state="rejected") == ["new"]
    assert next_states("user", is_owner=False, state="hidden") == []
    assert next_states("system", is_owner=False, state="published") == ["new"]


def test_a_moderator_publishes_hides_and_the_audit_says_so(site: Site) -> None:
    alice = site.user("alice")
    mod = site.user("mona", role="moderator")
    tee = upload(alice, design("Tee")).json()["id"]
    r = mod.post(f"/creations/{tee}/state", json={"to": "published", "reason": "looks fine"})
    assert r.status_code == 200 and r.json()["state"] == "published"
    r = mod.post(f"/creations/{tee}/state", json={"to": "hidden", "reason": "a logo"})
    assert r.json()["state"] == "hidden"
    # hidden: gone for the public and other users, still there for its owner
    assert site.anon.get(f"/creations/{tee}").status_code == 404
    assert site.user("bob").get(f"/creations/{tee}").status_code == 404
    assert alice.get(f"/creations/{tee}").json()["state"] == "hidden"
    assert site.anon.get("/creations").json()["items"] == []
    audit = mod.get("/moderation/audit").json()
    assert [(a["actor"], a["from_state"], a["to_state"], a["reason"]) for a in audit] == [
        ("mona", "published", "hidden", "a logo"),
        ("mona", "new", "published", "looks fine"),
    ]
    assert all(a["creation"] == tee for a in audit)


def test_a_user_cannot_moderate_and_a_bad_move_is_409(site: Site) -> None:
    alice = site.user("alice")
    bob = site.user("bob")
    mod = site.user("mona", role="moderator")
    tee = upload(alice, design("Tee")).json()["id"]
    r = bob.post(f"/creations/{tee}/state", json={"to": "hidden"})
    assert r.status_code == 403
    assert r.json() == {"detail": "only a moderator may move a new creation to hidden"}
    r = alice.post(f"/creations/{tee}/state", json={"to": "published"})
    assert r.status_code == 403
    assert site.anon.post(f"/creations/{tee}/state", json={"to": "hidden"}).status_code == 401
    mod.post(f"/creations/{tee}/state", json={"to": "rejected"})
    r = mod.post(f"/creations/{tee}/state", json={"to": "published"})
    assert r.status_code == 409
    assert r.json() == {
        "detail": "a rejected creation cannot become published (from rejected: new)"
    }


def test_the_owner_appeals_a_rejection(site: Site) -> None:
    alice = site.user("alice")
    mod = site.user("mona", role="moderator")
    tee = upload(alice, design("Tee")).json()["id"]
    mod.post(f"/creations/{tee}/state", json={"to": "rejected", "reason": "blurry"})
    r = alice.post(f"/creations/{tee}/state", json={"to": "new", "reason": "sharper now"})
    assert r.status_code == 200 and r.json()["state"] == "new"
    audit = mod.get("/moderation/audit").json()
    assert (audit[0]["action"], audit[0]["actor"], audit[0]["reason"]) == (
        "appeal",
        "alice",
        "sharper now",
    )


def test_reports_from_several_people_send_it_back_to_the_queue(site: Site) -> None:
    alice = site.user("alice")
    admin = site.user("root", role="admin")
    tee = upload(alice, design("Tee")).json()["id"]
    admin.post(f"/creations/{tee}/state", json={"to": "published"})
    assert [q["creation"]["id"] for q in admin.get("/moderation/queue").json()] == []
    site.user("bob").post(f"/creations/{tee}/reports", json={"reason": "spam"})
    queue = admin.get("/moderation/queue").json()
    assert [(q["creation"]["state"], q["open_reports"]) for q in queue] == [("published", 1)]
    site.user("carol").post(f"/creations/{tee}/reports", json={"reason": "offensive"})
    [item] = admin.get("/moderation/queue").json()
    assert (item["creation"]["state"], item["open_reports"]) == ("new", 2)
    assert item["next_states"] == ["published", "hidden", "rejected"]
    top = admin.get("/moderation/audit").json()[0]
    assert (top["actor"], top["from_state"], top["to_state"], top["reason"]) == (
        None,
        "published",
        "new",
        "reported by 2 people",
    )
    admin.post(f"/creations/{tee}/state", json={"to": "published", "reason": "fine"})
    assert admin.get("/moderation/queue").json() == []  # the reports are resolved


def test_the_queue_and_audit_are_for_moderators(site: Site) -> None:
    bob = site.user("bob")
    assert site.anon.get("/moderation/queue").status_code == 401
    r = bob.get("/moderation/queue")
    assert r.status_code == 403
    assert r.json() == {"detail": "only a moderator or admin may do this"}
    assert bob.get("/moderation/audit").status_code == 403


def test_a_ban_stops_uploads_and_is_audited(site: Site) -> None:
    alice = site.user("alice")
    mod = site.user("mona", role="moderator")
    r = mod.post("/users/alice/ban", json={"reason": "spam", "days": 7})
    assert r.status_code == 200 and r.json()["banned_until"] is not None
    r = upload(alice, design())
    assert r.status_code == 403
    assert r.json()["detail"].startswith("alice is banned until ")
    assert r.json()["detail"].endswith(" UTC: spam")
    assert mod.delete("/users/alice/ban").status_code == 200
    assert upload(alice, design()).status_code == 201
    actions = [(a["action"], a["user"]) for a in mod.get("/moderation/audit").json()]
    assert actions == [("unban", "alice"), ("ban", "alice")]


def test_who_may_ban_whom(site: Site) -> None:
    bob = site.user("bob")
    mod = site.user("mona", role="moderator")
    site.user("max", role="moderator")
    admin = site.user("root", role="admin")
    assert bob.post("/users/mona/ban", json={"reason": "x"}).status_code == 403
    r = mod.post("/users/max/ban", json={"reason": "x"})
    assert r.status_code == 403
    assert r.json() == {"detail": "max is a moderator: only an admin may ban a moderator"}
    assert admin.post("/users/max/ban", json={"reason": "x"}).status_code == 200
    assert mod.post("/users/root/ban", json={"reason": "x"}).status_code == 403
    assert mod.post("/users/nobody/ban", json={"reason": "x"}).status_code == 404


def test_only_an_admin_changes_roles(site: Site) -> None:
    bob = site.user("bob")
    mod = site.user("mona", role="moderator")
    admin = site.user("root", role="admin")
    r = mod.put("/users/bob/role", json={"role": "moderator"})
    assert r.status_code == 403
    assert r.json() == {"detail": "only an admin may change roles"}
    r = admin.put("/users/bob/role", json={"role": "moderator"})
    assert r.json()["role"] == "moderator"
    assert bob.get("/moderation/queue").status_code == 200
