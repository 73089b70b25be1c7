"""The remix tree page and the author page."""

from __future__ import annotations

import re

from sqlalchemy import select

from share.gallery.models import Creation
from tests.share.gallery.conftest import Site, design, upload
from tests.share.gallery.web.conftest import plain, web_client
from tests.share.gallery.web.test_pages_public import titles


def remix_of(title: str, *parents: dict[str, object]) -> bytes:
    from engine.document import Parent

    return design(
        title,
        parents=[Parent(id=str(p["id"]), revision=1, digest=str(p["digest"])) for p in parents],
    )


def nodes(part: str) -> list[str]:
    """The titles of the tree's nodes in ``part`` of a page, in document order."""
    return re.findall(r'<span class="node-title">([^<]*)</span>', plain(part))


def test_the_tree_draws_ancestors_above_and_descendants_below(site: Site) -> None:
    ann, bob = site.user("ann"), site.user("bob")
    sea = upload(ann, design("Sea")).json()
    sky = upload(bob, design("Sky")).json()
    both = upload(bob, remix_of("Sea and Sky", sea, sky)).json()
    storm = upload(ann, remix_of("Storm", both)).json()
    upload(bob, remix_of("Calm", both))
    upload(ann, remix_of("Storm Night", storm))

    with web_client(site.server) as c:
        page = plain(c.get(f"/c/{both['id']}/tree").text)
        up, down = page.split('id="down-h"')
        assert sorted(nodes(up)) == ["Sea", "Sky"]  # siblings in id order, as the API's
        assert nodes(down) == ["Sea and Sky", "Storm", "Storm Night", "Calm"]
        assert 'class="node current" aria-current="page"' in down
        assert f'href="/c/{sea["id"]}?revision=1"' in up
        assert f'src="/api/v1/creations/{sea["id"]}/thumbnail.png?revision=1"' in up
        # nesting: Storm Night is inside Storm's list, Calm beside Storm
        assert re.search(r"Storm</span>.*?<ul>.*?Storm Night</span>.*?</ul>", down, re.S)

        leaf = c.get(f"/c/{storm['id']}/tree").text
        up, down = leaf.split('id="down-h"')
        found = nodes(up)
        assert found[0] == "Sea and Sky" and sorted(found[1:]) == ["Sea", "Sky"]  # nearest first
        assert nodes(down) == ["Storm", "Storm Night"]

        lone = c.get(f"/c/{sea['id']}/tree").text
        assert "Remixed from" not in lone

    with site.server.gallery.sessions() as session:  # a hidden ancestor shows as its id only
        row = session.scalar(select(Creation).where(Creation.id == sky["id"]))
        assert row is not None
        row.state = "hidden"
        session.commit()
    page = plain(site.anon.get(f"{site.server.url}/c/{both['id']}/tree").text)
    assert "Sky</span>" not in page.replace("Sea and Sky", "")
    assert f"A creation that is not shown ({sky['id']})" in page
    child = plain(site.anon.get(f"{site.server.url}/c/{both['id']}").text)
    assert f"a creation no longer shown ({sky['id']})" in child
    assert 'Remix of <a href="/c/' in child and ">Sea</a> by" in child


def test_the_author_page_lists_their_creations_and_remixes_by_others(site: Site) -> None:
    ann, bob = site.user("ann"), site.user("bob")
    sea = upload(ann, design("Sea")).json()
    upload(ann, design("Hills"))
    upload(bob, remix_of("Bob's Sea", sea))
    upload(ann, remix_of("Ann's own Sea", sea))
    upload(bob, design("Bob's Own"))

    with web_client(site.server) as c:
        page = plain(c.get("/u/ANN").text)  # names are found whatever their case
        theirs, others = page.split('id="remixes-h"')
        assert titles(theirs) == ["Ann's own Sea", "Hills", "Sea"]
        assert titles(others) == ["Bob's Sea"]
        assert "<h1>ann</h1>" in page
        r = c.get("/u/nobody")
        assert r.status_code == 404 and "no user &#39;nobody&#39; in this gallery" in r.text

        from share.gallery.web.pages import author

        old = author.PAGE_SIZE
        author.PAGE_SIZE = 2
        try:
            first = c.get("/u/ann").text
            assert titles(first.split('id="remixes-h"')[0]) == ["Ann's own Sea", "Hills"]
            more = re.search(r'href="(/u/ann\?cursor=[^"]+)" rel="next"', first)
            assert more
            second = c.get(more.group(1)).text
            assert titles(second) == ["Sea"] and "remixes-h" not in second
        finally:
            author.PAGE_SIZE = old
