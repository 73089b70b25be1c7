"""Accounts and sign-in: register, tokens (listed, revoked), and what each role sees."""

from __future__ import annotations

from tests.share.gallery.conftest import PASSWORD, Site


def test_register_then_sign_in_gives_a_working_token(site: Site) -> None:
    r = site.anon.post("/users", json={"name": "alice", "password": PASSWORD})
    assert r.status_code == 201
    assert r.json()["name"] == "alice" and r.json()["role"] == "user"
    r = site.anon.post("/tokens", json={"name": "alice", "password": PASSWORD, "label": "laptop"})
    assert r.status_code == 201
    token = r.json()["token"]
    assert token.startswith("cct_") and r.json()["prefix"] == token[:8]
    me = site.anon.get("/users/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.json()["name"] == "alice"


def test_a_taken_name_is_refused_whatever_its_case(site: Site) -> None:
    site.user("alice")
    r = site.anon.post("/users", json={"name": "ALICE", "password": PASSWORD})
    assert r.status_code == 409
    assert r.json() == {"detail": "the name 'ALICE' is taken"}


def test_a_short_password_is_refused(site: Site) -> None:
    r = site.anon.post("/users", json={"name": "bob", "password": "short"})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "password"]


def test_wrong_password_is_401(site: Site) -> None:
    site.user("alice")
    r = site.anon.post("/tokens", json={"name": "alice", "password": "not the password"})
    assert r.status_code == 401
    assert r.json() == {"detail": "wrong name or password"}
    r = site.anon.post("/tokens", json={"name": "nobody", "password": PASSWORD})
    assert r.status_code == 401


def test_tokens_are_stored_hashed(site: Site) -> None:
    alice = site.user("alice")
    token = alice.headers["Authorization"].removeprefix("Bearer ")
    from sqlalchemy import select

    from share.gallery.models import Token

    with site.server.gallery.sessions() as session:
        stored = session.scalars(select(Token.token_hash)).all()
    assert len(stored) == 1
    assert token not in stored[0] and len(stored[0]) == 64


def test_missing_or_wrong_token_is_401(site: Site) -> None:
    r = site.anon.get("/users/me")
    assert r.status_code == 401
    assert r.json() == {
        "detail": "sign in first: send an API token as `Authorization: Bearer TOKEN`"
    }
    r = site.anon.get("/users/me", headers={"Authorization": "Bearer cct_not-a-token"})
    assert r.status_code == 401
    assert r.json() == {
        "detail": "the API token is not valid (revoked, or never issued): sign in again"
    }


def test_tokens_are_listed_without_the_secret_and_revoked(site: Site) -> None:
    alice = site.user("alice")
    second = site.anon.post(
        "/tokens", json={"name": "alice", "password": PASSWORD, "label": "phone"}
    ).json()
    listed = alice.get("/tokens").json()
    assert [t["label"] for t in listed] == ["", "phone"]
    assert all("token" not in t for t in listed)
    assert listed[1]["last_used"] is None
    r = alice.delete(f"/tokens/{second['id']}")
    assert r.status_code == 204
    r = site.anon.get("/users/me", headers={"Authorization": f"Bearer {second['token']}"})
    assert r.status_code == 401
    assert [t["label"] for t in alice.get("/tokens").json()] == [""]


def test_another_users_token_cannot_be_revoked(site: Site) -> None:
    alice = site.user("alice")
    bob = site.user("bob")
    bobs = bob.get("/tokens").json()[0]["id"]
    r = alice.delete(f"/tokens/{bobs}")
    assert r.status_code == 404
    assert r.json() == {"detail": f"you have no token {bobs}"}
    assert bob.get("/users/me").status_code == 200


def test_a_banned_user_can_still_sign_in_and_see_the_ban(site: Site) -> None:
    banned = site.user("mallory", banned=True)
    me = banned.get("/users/me").json()
    assert me["banned_until"].startswith("9999-12-31")
