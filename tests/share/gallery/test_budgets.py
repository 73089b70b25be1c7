"""Over HTTP: an upload whose check passes its time budget is refused, and the server answers."""

from __future__ import annotations

from tests.share.gallery.conftest import Site, level, upload

SERVER_SETTINGS = {"check_seconds": 0.05}


def test_a_check_past_its_budget_is_422_and_the_server_goes_on(site: Site) -> None:
    alice = site.user("alice")
    r = upload(alice, *level())
    assert r.status_code == 422
    assert r.json() == {
        "detail": [
            "mine.cocreate: the check took more than 0.05 s (its time budget) and was stopped"
        ]
    }
    assert site.server.gallery.workers.replaced >= 1
    assert site.anon.get("/health").json()["status"] == "ok"
    assert site.anon.get("/creations").json()["items"] == []
