"""No N+1: each page runs the same number of SQL statements for 2 creations as for 12."""

from __future__ import annotations

import httpx

from tests.share.gallery.conftest import Site, design, upload
from tests.share.gallery.web.conftest import count_queries, plain, web_client
from tests.share.gallery.web.test_pages_public import sign_in


def statements(site: Site, c: httpx.Client, paths: dict[str, str]) -> dict[str, int]:
    counts = {}
    for name, path in paths.items():
        with count_queries(site.server) as seen:
            r = c.get(path)
        assert r.status_code == 200, (path, r.text[-500:])
        counts[name] = len(seen)
    return counts


def test_pages_run_as_many_statements_for_12_creations_as_for_2(site: Site) -> None:
    ann, bob = site.user("ann"), site.user("bob")
    site.user("cat")
    root = upload(ann, design("Root", tags=["sea"])).json()
    child = upload(bob, remix_of_tagged("Child", root)).json()

    with web_client(site.server) as c:
        sign_in(c, "cat")

        def pages(deepest: str) -> dict[str, str]:
            return {
                "home": "/",
                "browse": "/browse?tag=sea&sort=top",
                "search": "/browse?q=root",
                "creation": f"/c/{deepest}",
                "tree": f"/c/{root['id']}/tree",
                "deepest tree": f"/c/{deepest}/tree",
                "author": "/u/ann",
            }

        few = statements(site, c, pages(child["id"]))

        last = child
        for i in range(10):  # a chain of remixes by both, each rated: every shelf fills
            owner = ann if i % 2 else bob
            last = upload(owner, remix_of_tagged(f"Root {i}", last)).json()
            rater = bob if owner is ann else ann
            assert (
                rater.put(f"/creations/{last['id']}/rating", json={"value": 3}).status_code == 200
            )
        assert len(site.anon.get("/creations?limit=100").json()["items"]) == 12

        many = statements(site, c, pages(last["id"]))
        page = plain(c.get(f"/c/{last['id']}").text)
        assert "Further back:" in page and ">Root</a>" in page  # every ancestor credited
    assert many == few, f"2 creations: {few}; 12 creations: {many}"
    assert max(many.values()) <= 16, many


def remix_of_tagged(title: str, parent: dict[str, object]) -> bytes:
    from engine.document import Parent

    return design(
        title,
        tags=["sea"],
        parents=[Parent(id=str(parent["id"]), revision=1, digest=str(parent["digest"]))],
    )
