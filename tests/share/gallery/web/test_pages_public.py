"""The public pages over a live gallery: home shelves, browse, a creation's page, rating, report."""

from __future__ import annotations

import html
import re

import httpx
import pytest
from sqlalchemy import select

from share.gallery.models import Creation, Image, Report, Revision, utcnow
from share.gallery.web.pages import browse
from share.gallery.web.pages.creation import LEAD_CHARS, LEAD_LINES, lead_of
from tests.share.gallery.conftest import PASSWORD, Site, design, level, upload
from tests.share.gallery.live import LiveServer
from tests.share.gallery.web.conftest import csrf_of, plain, web_client


def sign_in(c: httpx.Client, name: str) -> str:
    """Sign ``c`` in through the sign-in page; the page it lands on."""
    token = csrf_of(c.get("/signin").text)
    r = c.post("/signin", data={"name": name, "password": PASSWORD, "csrf": token})
    assert r.status_code == 303, r.text
    return c.get(r.headers["location"]).text


def titles(page: str) -> list[str]:
    """The card titles of a page, in order."""
    found = re.findall(r'class="card-title"><a href="/c/[^"]+">([^<]*)</a>', plain(page))
    return [html.unescape(t) for t in found]


def set_creation(server: LiveServer, ident: str, **values: object) -> None:
    with server.gallery.sessions() as session:
        row = session.scalar(select(Creation).where(Creation.id == ident))
        assert row is not None
        for key, value in values.items():
            setattr(row, key, value)
        session.commit()


def test_home_has_featured_new_top_this_week_and_most_remixed_shelves(site: Site) -> None:
    ann, bob = site.user("ann"), site.user("bob")
    data, replay = level("Cave Run")
    cave = upload(ann, data, replay).json()
    tee = upload(ann, design("Storm Tee")).json()["id"]
    remix, remix_replay = level("Cave Remix", parents=[(cave["id"], 1, cave["digest"])])
    assert upload(bob, remix, remix_replay).status_code == 201
    assert bob.put(f"/creations/{cave['id']}/rating", json={"value": 1}).status_code == 200
    set_creation(site.server, tee, featured_at=utcnow())

    page = site.anon.get(site.server.url + "/").text
    sections = re.split(r'<h2 id="section-', page)
    levels, designs = sections[1], sections[2]
    assert levels.startswith('level"') and designs.startswith('design"')
    shelf = {
        title: titles(part)
        for part in levels.split("<h3>")[1:]
        for title in [part.split(" <a", 1)[0]]
    }
    assert shelf == {
        "New levels": ["Cave Remix", "Cave Run"],
        "Top this week levels": ["Cave Run"],
        "Most remixed levels": ["Cave Run"],
    }
    assert "Featured designs" in designs and "Storm Tee" in designs
    assert "Featured levels" not in page  # an empty shelf is left out (but for "New")


def test_browse_filters_sorts_searches_and_pages(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    ann, bob = site.user("ann"), site.user("bob")
    for title, tags, lic in (
        ("Red Rocket", ["space"], "CC0-1.0"),
        ("Blue Rocket", ["space", "blue"], "CC-BY-4.0"),
        ("Green Field", ["grass"], "CC-BY-4.0"),
    ):
        assert upload(ann, design(title, tags=tags, license=lic)).status_code == 201
    data, replay = level("Rocket Cave")
    cave = upload(ann, data, replay).json()["id"]
    assert bob.put(f"/creations/{cave}/rating", json={"value": 1}).status_code == 200

    with web_client(site.server) as c:
        page = c.get("/browse").text
        assert titles(page) == ["Rocket Cave", "Green Field", "Blue Rocket", "Red Rocket"]
        assert re.findall(r'<option value="(CC[^"]*)"', page) == ["CC-BY-4.0", "CC0-1.0"]
        for query, expected in (
            ("q=rocket", ["Rocket Cave", "Blue Rocket", "Red Rocket"]),
            ("q=rocket&kind=design", ["Blue Rocket", "Red Rocket"]),
            ("tag=space&license=CC0-1.0", ["Red Rocket"]),
            ("kind=level&tag=&license=&q=&sort=new", ["Rocket Cave"]),
            ("sort=top", ["Rocket Cave", "Green Field", "Blue Rocket", "Red Rocket"]),
        ):
            r = c.get(f"/browse?{query}")
            assert r.status_code == 200 and titles(r.text) == expected, query
        assert "matching “rocket”" in plain(c.get("/browse?q=rocket").text)

        monkeypatch.setattr(browse, "PAGE_SIZE", 3)
        first = c.get("/browse?kind=design&sort=new").text
        assert titles(first) == ["Green Field", "Blue Rocket", "Red Rocket"]
        monkeypatch.setattr(browse, "PAGE_SIZE", 2)
        first = c.get("/browse?kind=design").text
        assert titles(first) == ["Green Field", "Blue Rocket"]
        more = re.search(r'href="([^"]+)" rel="next">Next page', first)
        assert more
        second = c.get(html.unescape(more.group(1))).text
        assert titles(second) == ["Red Rocket"] and 'rel="next"' not in second
        assert 'href="/browse?kind=design&amp;sort=new">First page' in second

        r = c.get("/browse?q=%21%21")
        assert r.status_code == 400
        assert "q: no words to search for (letters or digits)" in r.text
        assert 'id="f-q"' in r.text  # shown next to the form
        r = c.get("/browse?sort=best")
        assert r.status_code == 400 and "sort: is &#39;best&#39;; choose one of new" in r.text
        r = c.get("/browse?cursor=nonsense")
        assert r.status_code == 400 and "cursor: not one this gallery gave" in r.text


def test_a_level_page_shows_everything_about_it(site: Site) -> None:
    ann, bob = site.user("ann"), site.user("bob")
    data, replay = level(
        "Cave Run",
        description="Jump the gap.\nThen run.",
        tags=["caves", "hard mode"],
        terms="Credit me & keep it free.",
        license="CC-BY-SA-4.0",
    )
    cave = upload(ann, data, replay).json()
    ident = cave["id"]
    data2, replay2 = level("Cave Run Deluxe", ident=ident, revision=2)
    assert upload(ann, data2, replay2).status_code == 201
    remix, remix_replay = level("Cave Remix", parents=[(ident, 1, cave["digest"])])
    remix_id = upload(bob, remix, remix_replay).json()["id"]

    with web_client(site.server) as c:
        page = plain(c.get(f"/c/{ident}").text)
        assert '<h1 id="title">Cave Run Deluxe</h1>' in page
        assert 'href="/u/ann">ann</a>' in page
        assert f'href="/api/v1/creations/{ident}/download?revision=2"' in page
        assert f"cocreate remix {site.server.url}/c/{ident}</code>" in page
        assert f'src="/api/v1/creations/{ident}/thumbnail.png?revision=2"' in page
        assert "<dt>Remixes</dt><dd><a href=" in page and ">1</a></dd>" in page
        assert f'<a href="/c/{ident}?revision=1">Revision 1</a>' in page
        assert "Sign in</a> to give it a heart" in page

        old = plain(c.get(f"/c/{ident}?revision=1").text)
        assert '<h1 id="title">Cave Run</h1>' in old
        assert "Jump the gap.\nThen run." in old  # line breaks kept (white-space: pre-wrap)
        assert "Credit me &amp; keep it free." in old
        assert "CC-BY-SA-4.0" in old
        assert '<a href="/browse?tag=hard%20mode">#hard mode</a>' in old
        assert "You are looking at revision 1" in old

        r = c.get(f"/c/{ident}?revision=9")
        assert r.status_code == 404 and f"creation {ident} has no revision 9" in r.text

        child = plain(c.get(f"/c/{remix_id}").text)
        assert f'Remix of <a href="/c/{ident}?revision=1">Cave Run Deluxe</a>' in child
        assert 'by <a href="/u/ann">ann</a> (revision 1)' in child

    def clip_row(present: bool) -> None:
        """Make revision 2 have a clip image row, or none."""
        with site.server.gallery.sessions() as session:
            creation = session.scalar(select(Creation).where(Creation.id == ident))
            assert creation is not None
            rev = session.scalar(
                select(Revision).where(Revision.creation_pk == creation.pk, Revision.n == 2)
            )
            assert rev is not None
            key = (creation.pk, 2, "clip")
            row = session.get(Image, key)
            if present and row is None:
                session.add(Image(creation_pk=creation.pk, n=2, name="clip", digest=rev.digest))
            elif not present and row is not None:
                session.delete(row)
            session.commit()

    clip_row(True)
    page = site.anon.get(f"{site.server.url}/c/{ident}").text
    assert f'<img class="clip" src="/api/v1/creations/{ident}/clip.webp?revision=2"' in page
    clip_row(False)
    page = site.anon.get(f"{site.server.url}/c/{ident}").text
    assert "clip.webp" not in page and f"{ident}/thumbnail.png?revision=2" in page


def test_a_design_page_offers_every_garment_colour_without_script(site: Site) -> None:
    ann = site.user("ann")
    tee = upload(ann, design("Tee", colors={"white": "#ffffff", "navy": "#1f2a44"})).json()["id"]
    with web_client(site.server) as c:
        page = c.get(f"/c/{tee}").text
        assert f'src="/api/v1/creations/{tee}/mockups/white.png?revision=1"' in page
        assert f'href="/c/{tee}?colour=navy"' in page
        assert 'style="background: #1f2a44"' in page
        assert f'href="/c/{tee}?colour=white" aria-current="true">' in page
        navy = plain(c.get(f"/c/{tee}?colour=navy").text)
        assert f'src="/api/v1/creations/{tee}/mockups/navy.png?revision=1"' in navy
        assert "On a navy t-shirt" in navy
        assert "On a white t-shirt" in plain(c.get(f"/c/{tee}?colour=purple").text)  # unknown
        for name in ("white", "navy"):
            r = c.get(f"/api/v1/creations/{tee}/mockups/{name}.png")
            assert r.status_code == 200


def test_hearting_scoring_and_reporting_through_the_forms(site: Site) -> None:
    ann = site.user("ann")
    site.user("bob")
    data, replay = level("Cave")
    cave = upload(ann, data, replay).json()["id"]
    tee = upload(ann, design("Tee")).json()["id"]
    with web_client(site.server) as c:
        page = sign_in(c, "bob")
        page = c.get(f"/c/{cave}").text
        r = c.post(f"/c/{cave}/rating", data={"value": "1", "csrf": csrf_of(page)})
        assert r.status_code == 303 and r.headers["location"] == f"/c/{cave}#rate"
        page = plain(c.get(f"/c/{cave}").text)
        assert "You gave Cave a heart." in page and "Take the heart back" in page
        assert site.anon.get(f"/creations/{cave}").json()["rating"]["count"] == 1
        r = c.post(f"/c/{cave}/rating", data={"value": "remove", "csrf": csrf_of(page)})
        assert r.status_code == 303
        assert site.anon.get(f"/creations/{cave}").json()["rating"]["count"] == 0

        page = c.get(f"/c/{tee}").text
        assert page.count('type="radio"') == 6
        r = c.post(f"/c/{tee}/rating", data={"value": "4", "csrf": csrf_of(page)})
        assert r.status_code == 303
        page = plain(c.get(f"/c/{tee}").text)
        assert "You scored Tee 4 out of 5." in page and "(now 4)" in page
        assert site.anon.get(f"/creations/{tee}").json()["rating"]["mean"] == 4.0
        r = c.post(f"/c/{tee}/rating", data={"value": "9", "csrf": csrf_of(page)})
        assert r.status_code == 400 and "a score is a whole number 0 to 5" in r.text
        r = c.post(f"/c/{tee}/rating", data={"value": "4", "csrf": "forged"})
        assert r.status_code == 403

        page = c.get(f"/c/{cave}").text
        assert '<option value="personal-info">' in page
        form = {"reason": "spam", "details": "ads <b>everywhere</b>", "csrf": csrf_of(page)}
        r = c.post(f"/c/{cave}/report", data=form)
        assert r.status_code == 303
        assert "a moderator will look at your report" in c.get(f"/c/{cave}").text
        r = c.post(f"/c/{cave}/report", data=form)
        assert r.status_code == 409 and "you have already reported this creation" in r.text
        r = c.post(f"/c/{cave}/report", data=form | {"reason": "boring"})
        assert r.status_code == 400 and "reason: is &#39;boring&#39;" in r.text
    with site.server.gallery.sessions() as session:
        reports = session.scalars(select(Report)).all()
        assert [(r.reason, r.details) for r in reports] == [("spam", "ads <b>everywhere</b>")]

    with web_client(site.server) as c:  # the owner cannot rate their own
        page = sign_in(c, "ann")
        page = c.get(f"/c/{cave}").text
        assert "This is yours" in page
        r = c.post(f"/c/{cave}/rating", data={"value": "1", "csrf": csrf_of(page)})
        assert r.status_code == 403 and "you cannot rate your own creation" in r.text
    with web_client(site.server) as c:  # anonymous: sent to sign in
        assert "Sign in</a> to report it" in c.get(f"/c/{cave}").text
        token = csrf_of(c.get("/signin").text)
        r = c.post(f"/c/{cave}/rating", data={"value": "1", "csrf": token})
        assert r.status_code == 303 and r.headers["location"] == "/signin?next=/"
        # from the creation's page, signing in brings them back to it (not to the POST target)
        back = {"referer": f"{site.server.url}/c/{cave}?revision=1"}
        r = c.post(f"/c/{cave}/rating", data={"value": "1", "csrf": token}, headers=back)
        assert r.headers["location"] == f"/signin?next=/c/{cave}%3Frevision%3D1"
        elsewhere = {"referer": f"http://evil.example/c/{cave}"}
        r = c.post(f"/c/{cave}/rating", data={"value": "1", "csrf": token}, headers=elsewhere)
        assert r.headers["location"] == "/signin?next=/"


def test_hidden_creations_follow_the_apis_visibility_rules(site: Site) -> None:
    ann = site.user("ann")
    site.user("mod", "moderator")
    tee = upload(ann, design("Secret Tee")).json()["id"]
    set_creation(site.server, tee, state="hidden")
    with web_client(site.server) as c:
        r = c.get(f"/c/{tee}")
        assert r.status_code == 404 and f"no creation {tee} in this gallery" in r.text
        assert c.get(f"/c/{tee}/tree").status_code == 404
        assert "Secret Tee" not in c.get("/browse").text
        assert "Secret Tee" not in c.get("/").text
        assert "Secret Tee" not in c.get("/u/ann").text
    for who in ("ann", "mod"):
        with web_client(site.server) as c:
            sign_in(c, who)
            page = c.get(f"/c/{tee}").text
            assert "Secret Tee" in page and "This creation is hidden" in page


def test_every_user_text_is_escaped(site: Site) -> None:
    evil = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    ann = site.user("ann")
    data, replay = level(evil, description=evil, tags=[evil[:40]], terms=evil, author=evil)
    ident = upload(ann, data, replay).json()["id"]
    remix, remix_replay = level(
        "Child", parents=[(ident, 1, upload(ann, data, replay).json()["digest"])]
    )
    upload(ann, remix, remix_replay)
    with web_client(site.server) as c:
        for path in (
            "/",
            "/browse",
            f"/c/{ident}",
            f"/c/{ident}/tree",
            "/u/ann",
            "/browse?q=alert",
        ):
            page = c.get(path).text
            assert "<script>alert" not in page and "<img src=x" not in page, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in c.get(f"/c/{ident}").text


def test_lead_of_cuts_at_a_line_end_else_a_space_and_keeps_every_word() -> None:
    assert lead_of("") == ("", "")
    assert lead_of("One line.\n\nTwo.") == ("One line.\n\nTwo.", "")
    lines = [f"line {i}" for i in range(10)]
    lead, rest = lead_of("\n".join(lines))
    assert lead.split("\n") == lines[:LEAD_LINES]
    assert rest.split("\n") == lines[LEAD_LINES:]
    text = "x" * 50 + " " + "y" * 700
    assert lead_of(text) == ("x" * 50 + " " + "y" * (LEAD_CHARS - 51), "y" * (751 - LEAD_CHARS))
    text = "word " * 200
    lead, rest = lead_of(text)
    assert len(lead) <= LEAD_CHARS and lead.endswith("word")
    assert f"{lead} {rest}" == text.strip()
