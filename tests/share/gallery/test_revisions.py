"""The gallery's own revision checks: a new creation starts at 1, a revision builds on the
latest, and two pushes of one revision at once are told the truth (409)."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from engine.document import Parent
from share.gallery import crud
from tests.share.gallery.conftest import Site, design, upload


def test_a_new_creation_is_refused_at_any_revision_but_1(site: Site) -> None:
    alice = site.user("alice")
    r = upload(alice, _design_at(3))
    assert r.status_code == 409
    (line,) = r.json()["detail"]
    ident = line.split("creation ")[1].split(" ")[0]
    assert line == (
        f"mine.cocreate: $.revision: is 3, but creation {ident} is new to this gallery: a new "
        "creation (a remix too) is uploaded as revision 1"
    )
    assert site.anon.get(f"/creations/{ident}").status_code == 404


def test_a_remix_is_a_new_creation_so_it_starts_at_1_too(site: Site) -> None:
    alice, bob = site.user("alice"), site.user("bob")
    original = upload(alice, design("Original")).json()
    parent = Parent(id=original["id"], revision=1, digest=original["digest"])
    r = upload(bob, _design_at(2, parents=[parent]))
    assert r.status_code == 409
    assert "a new creation (a remix too) is uploaded as revision 1" in r.json()["detail"][0]
    r = upload(bob, _design_at(1, parents=[parent]))
    assert r.status_code == 201, r.text


def test_an_older_revision_than_the_latest_is_409_and_says_what_to_do(site: Site) -> None:
    alice = site.user("alice")
    ident = upload(alice, design("Tee")).json()["id"]
    for n in (2, 3):
        assert upload(alice, _design_at(n, ident=ident, title=f"Tee {n}")).status_code == 201
    r = upload(alice, _design_at(2, ident=ident, title="Tee 2, elsewhere"))
    assert r.status_code == 409
    assert r.json() == {
        "detail": [
            f"mine.cocreate: $.revision: revision 2 of {ident} is in the gallery already, and "
            "the latest is 3: pull it, then push yours as revision 4"
        ]
    }
    r = upload(alice, _design_at(5, ident=ident))
    assert r.status_code == 409
    assert r.json() == {
        "detail": [
            f"mine.cocreate: $.revision: is 5, but the latest revision of {ident} is 3: a new "
            "revision must build on it, as revision 4"
        ]
    }


def test_two_pushes_of_one_revision_at_once_the_loser_is_told_it_lost_a_race(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The loser's check passed (it read revision 1 as the latest), then the winner committed
    revision 2 before the loser's rows: the database refuses the second revision 2."""
    alice = site.user("alice")
    ident = upload(alice, design("Tee")).json()["id"]
    winner: list[int] = []
    checked = crud._check_parents

    def race(*args: Any, **kwargs: Any) -> Any:  # after the revision check, before any write
        if not winner:
            winner.append(0)
            t = threading.Thread(
                target=lambda: winner.append(
                    upload(alice, _design_at(2, ident=ident, title="Winner")).status_code
                )
            )
            t.start()
            t.join(60)
        return checked(*args, **kwargs)

    monkeypatch.setattr(crud, "_check_parents", race)
    r = upload(alice, _design_at(2, ident=ident, title="Loser"))
    assert winner == [0, 201]
    assert r.status_code == 409
    assert r.json() == {
        "detail": [
            f"mine.cocreate: $.revision: revision 2 of {ident} was just published by another "
            "upload: pull it, then push yours as revision 3"
        ]
    }
    shown = site.anon.get(f"/creations/{ident}").json()
    assert (shown["revision"], shown["title"]) == (2, "Winner")


def _design_at(
    revision: int, *, ident: str | None = None, title: str = "A design", **meta: Any
) -> bytes:
    """A design at ``revision`` (of ``ident``, or of a new id)."""
    import msgspec

    from engine import codec
    from engine.document import DesignDocument

    doc = codec.decode(design(title, ident=ident, **meta))
    assert isinstance(doc, DesignDocument)
    return codec.encode(msgspec.structs.replace(doc, revision=revision))
