"""Browsing: list with filters and cursors, one creation, download with ETag and ranges."""

from __future__ import annotations

from tests.share.gallery.conftest import Site, design, level, upload


def test_list_filters_by_kind_tag_author_and_license(site: Site) -> None:
    alice = site.user("alice")
    bob = site.user("bob")
    upload(alice, *level("Meadow", tags=["Easy"], license="CC0-1.0"))
    upload(bob, *level("Cave", tags=["hard"]))
    upload(bob, design("Tee", tags=["easy"]))

    def titles(**params: str) -> list[str]:
        r = site.anon.get("/creations", params=params)
        assert r.status_code == 200, r.text
        return [c["title"] for c in r.json()["items"]]

    assert titles() == ["Tee", "Cave", "Meadow"]
    assert titles(kind="level") == ["Cave", "Meadow"]
    assert titles(kind="design") == ["Tee"]
    assert titles(tag="easy") == ["Tee", "Meadow"]
    assert titles(author="BOB") == ["Tee", "Cave"]
    assert titles(license="CC0-1.0") == ["Meadow"]
    assert titles(author="bob", kind="level", tag="hard") == ["Cave"]
    assert titles(author="nobody") == []


def test_pages_follow_the_cursor_to_the_end(site: Site) -> None:
    alice = site.user("alice")
    for i in range(5):
        upload(alice, design(f"Tee {i}"))
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        params = {"limit": "2", **({"cursor": cursor} if cursor else {})}
        page = site.anon.get("/creations", params=params).json()
        seen += [c["title"] for c in page["items"]]
        pages += 1
        cursor = page["next"]
        if cursor is None:
            break
    assert pages == 3
    assert seen == [f"Tee {i}" for i in (4, 3, 2, 1, 0)]


def test_a_bad_cursor_or_kind_is_refused(site: Site) -> None:
    r = site.anon.get("/creations", params={"cursor": "not-a-cursor"})
    assert r.status_code == 400
    assert r.json() == {"detail": "cursor: not one this gallery gave (use `next` of a page)"}
    assert site.anon.get("/creations", params={"kind": "replay"}).status_code == 422


def test_get_one_and_404_for_an_unknown_id(site: Site) -> None:
    alice = site.user("alice")
    made = upload(alice, design("Tee")).json()
    r = site.anon.get(f"/creations/{made['id']}")
    assert r.status_code == 200 and r.json()["title"] == "Tee"
    assert r.json()["rating"] == {"count": 0, "mean": None}
    r = site.anon.get("/creations/0b6f3a3e-4a8e-4a43-9a9b-7e0f3f8a1c11")
    assert r.status_code == 404
    assert r.json() == {
        "detail": "no creation 0b6f3a3e-4a8e-4a43-9a9b-7e0f3f8a1c11 in this gallery"
    }


def test_download_gives_the_bytes_with_the_digest_as_etag(site: Site) -> None:
    alice = site.user("alice")
    data, replay = level("Hop")
    made = upload(alice, data, replay).json()
    r = site.anon.get(f"/creations/{made['id']}/download")
    assert r.status_code == 200
    assert r.content == data
    assert r.headers["etag"] == f'"{made["digest"]}"'
    again = site.anon.get(
        f"/creations/{made['id']}/download", headers={"If-None-Match": r.headers["etag"]}
    )
    assert again.status_code == 304 and again.content == b""
    rep = site.anon.get(f"/creations/{made['id']}/replay")
    assert rep.status_code == 200 and rep.content == replay


def test_download_answers_a_range(site: Site) -> None:
    alice = site.user("alice")
    data = design("Tee")
    made = upload(alice, data).json()
    url = f"/creations/{made['id']}/download"
    r = site.anon.get(url, headers={"Range": "bytes=10-19"})
    assert r.status_code == 206
    assert r.content == data[10:20]
    assert r.headers["content-range"] == f"bytes 10-19/{len(data)}"
    r = site.anon.get(url, headers={"Range": "bytes=-5"})
    assert r.status_code == 206 and r.content == data[-5:]
    r = site.anon.get(url, headers={"Range": f"bytes={len(data)}-"})
    assert r.status_code == 416
    assert r.headers["content-range"] == f"bytes */{len(data)}"


def test_old_revisions_stay_downloadable(site: Site) -> None:
    alice = site.user("alice")
    first, replay = level("Hop")
    ident = upload(alice, first, replay).json()["id"]
    second, replay2 = level("Hop 2", ident=ident, revision=2)
    upload(alice, second, replay2)
    assert site.anon.get(f"/creations/{ident}/download").content == second
    assert site.anon.get(f"/creations/{ident}/download?revision=1").content == first
    r = site.anon.get(f"/creations/{ident}/download?revision=3")
    assert r.status_code == 404
    assert r.json() == {"detail": f"creation {ident} has no revision 3"}
    r = site.anon.get(f"/creations/{ident}/replay?revision=1")
    assert r.content == replay


def test_a_design_has_no_replay(site: Site) -> None:
    alice = site.user("alice")
    made = upload(alice, design()).json()
    r = site.anon.get(f"/creations/{made['id']}/replay")
    assert r.status_code == 404
    assert r.json() == {"detail": f"creation {made['id']} is a design: it has no replay"}
