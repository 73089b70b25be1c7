"""The moderators' desk over HTTP: who may open it, every action from the pages, the audit log."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
from sqlalchemy import func, select

from share.gallery.models import Creation, Image
from share.gallery.web.pages import desk as desk_pages
from tests.share.gallery.conftest import PASSWORD, Site, design, level, upload
from tests.share.gallery.live import LiveServer
from tests.share.gallery.web.conftest import count_queries, csrf_of, plain, web_client

ROLES = ["anonymous", "user", "banned", "moderator", "admin"]


def sign_in(c: httpx.Client, name: str) -> httpx.Client:
    """Sign ``c`` in through the pages as ``name`` (made by ``site.user``)."""
    token = csrf_of(c.get("/signin").text)
    r = c.post("/signin", data={"name": name, "password": PASSWORD, "csrf": token})
    assert r.status_code == 303, r.text
    return c


@contextmanager
def signed_in(server: LiveServer, name: str) -> Iterator[httpx.Client]:
    """A page client signed in as ``name``, closed afterwards."""
    with web_client(server) as c:
        yield sign_in(c, name)


def as_role(site: Site, role: str) -> httpx.Client:
    if role == "anonymous":
        return web_client(site.server)
    name = f"{role}1"
    site.user(name, role="user" if role == "banned" else role, banned=role == "banned")
    return sign_in(web_client(site.server), name)


def post(c: httpx.Client, path: str, **data: str) -> httpx.Response:
    """Post a desk form as the desk page would (with this browser's CSRF token)."""
    return c.post(path, data={"csrf": csrf_of(c.get("/desk").text), **data})


def audit(site: Site, mod: httpx.Client) -> list[tuple[str | None, str, str, str]]:
    """(actor, action, what, reason) of every audit row, newest first, from the API."""
    rows = mod.get("/moderation/audit").json()
    return [
        (a["actor"], a["action"], a["to_state"] or (a["user"] or ""), a["reason"]) for a in rows
    ]


def flash_of(c: httpx.Client, r: httpx.Response, back: str = "/desk") -> str:
    assert r.status_code == 303, r.text
    assert r.headers["location"] == back
    found = re.search(r'<p class="flash" role="status">([^<]*)</p>', c.get(back).text)
    assert found, "no flash message after the action"
    return found.group(1)


@pytest.mark.parametrize("role", ROLES)
def test_every_role_against_every_desk_route(site: Site, role: str) -> None:
    alice = site.user("alice")
    tee = upload(alice, design("Tee")).json()["id"]
    mod_api = site.user("mona", role="moderator")
    c = as_role(site, role)
    c.get("/signin")  # a CSRF cookie, so only the role decides
    token = c.cookies["cc_csrf"]
    gets = ["/desk", "/desk/featured", "/desk/audit"]
    posts = {
        f"/desk/c/{tee}/state": {"to": "published", "reason": "fine"},
        f"/desk/c/{tee}/feature": {"reason": "lovely"},
        f"/desk/c/{tee}/unfeature": {"back": "/desk/featured"},
        "/desk/featured": {"creation": f"http://gallery.example/c/{tee}", "reason": "again"},
        "/desk/u/alice/ban": {"reason": "spam", "days": "7"},
        "/desk/u/alice/unban": {"reason": "sorry"},
    }
    for path in gets:
        r = c.get(path)
        if role == "anonymous":
            assert (r.status_code, r.headers["location"]) == (303, f"/signin?next={path}")
        elif role in ("user", "banned"):
            assert r.status_code == 403 and "text/html" in r.headers["content-type"]
            assert "only moderators and admins may open the moderators&#39; desk" in r.text
        else:
            assert r.status_code == 200, r.text
            assert 'aria-current="page"' in r.text and "<h1>Moderators' desk</h1>" in r.text
    for path, data in posts.items():
        r = c.post(path, data={"csrf": token, **data})
        if role == "anonymous":  # after signing in: the queue, not a GET of a form's target
            assert (r.status_code, r.headers["location"]) == (303, "/signin?next=/desk")
        elif role in ("user", "banned"):
            assert r.status_code == 403
        else:
            assert r.status_code == 303, r.text
            back = "/desk/featured" if path == "/desk/featured" else data.get("back", "/desk")
            assert r.headers["location"] == back
    rows = audit(site, mod_api)
    if role in ("moderator", "admin"):
        actor = f"{role}1"
        assert rows == [
            (actor, "unban", "alice", "sorry"),
            (actor, "ban", "alice", "spam"),
            (actor, "feature", "", "again"),
            (actor, "unfeature", "", ""),
            (actor, "feature", "", "lovely"),
            (actor, "move", "published", "fine"),
        ]
    else:
        assert rows == []
    c.close()


def test_signing_in_comes_back_to_the_filtered_audit_log(site: Site) -> None:
    site.user("mona", role="moderator")
    with web_client(site.server) as c:
        r = c.get("/desk/audit?action=ban&actor=mona")
        assert r.headers["location"] == "/signin?next=/desk/audit%3Faction%3Dban%26actor%3Dmona"
        page = c.get(r.headers["location"]).text
        assert 'name="next" value="/desk/audit?action=ban&amp;actor=mona"' in page
        r = c.post(
            "/signin",
            data={
                "name": "mona",
                "password": PASSWORD,
                "csrf": csrf_of(page),
                "next": "/desk/audit?action=ban&actor=mona",
            },
        )
        assert r.headers["location"] == "/desk/audit?action=ban&actor=mona"
        assert '<option value="ban" selected>' in c.get(r.headers["location"]).text


def test_a_banned_moderator_cannot_use_the_desk(site: Site) -> None:
    site.user("max", role="moderator", banned=True)
    with signed_in(site.server, "max") as c:
        r = c.get("/desk")
        assert r.status_code == 403 and "max is banned: spam" in r.text


def test_approve_hide_reject_and_reopen_from_the_queue(site: Site) -> None:
    alice = site.user("alice")
    mod_api = site.user("mona", role="moderator")
    one, two, three = (upload(alice, design(t)).json()["id"] for t in ("One", "Two", "Three"))
    with signed_in(site.server, "mona") as c:
        page = c.get("/desk").text
        for ident in (one, two, three):  # every new creation is queued, with its three moves
            form = page[page.index(f'action="/desk/c/{ident}/state"') :].split("</form>")[0]
            buttons = re.findall(r'name="to" value="(\w+)"[^>]*>(\w+)</button>', form)
            assert buttons == [("published", "Approve"), ("hidden", "Hide"), ("rejected", "Reject")]
        r = post(c, f"/desk/c/{one}/state", to="published", reason="looks fine")
        assert flash_of(c, r) == f"Approved {one}: it is published now."
        r = post(c, f"/desk/c/{two}/state", to="hidden", reason="a logo")
        assert flash_of(c, r) == f"Hidden {two}: it is hidden now."
        r = post(c, f"/desk/c/{three}/state", to="rejected", reason="blank")
        assert flash_of(c, r) == f"Rejected {three}: it is rejected now."
        assert "The queue is empty" in c.get("/desk").text
        r = post(c, f"/desk/c/{three}/state", to="new", reason="on second look")
        assert flash_of(c, r) == f"Reopened {three}: it is new now."
    assert audit(site, mod_api) == [
        ("mona", "move", "new", "on second look"),
        ("mona", "move", "rejected", "blank"),
        ("mona", "move", "hidden", "a logo"),
        ("mona", "move", "published", "looks fine"),
    ]
    states = {i: site.anon.get(f"/creations/{i}").status_code for i in (one, two)}
    assert states == {one: 200, two: 404}


def test_a_move_needs_a_reason_a_fresh_form_and_the_transition_table(site: Site) -> None:
    alice = site.user("alice")
    mod_api = site.user("mona", role="moderator")
    tee = upload(alice, design("Tee")).json()["id"]
    with signed_in(site.server, "mona") as c:
        r = post(c, f"/desk/c/{tee}/state", to="hidden", reason="   ")
        assert r.status_code == 400
        assert "reason: say why you hide it (it goes in the audit log)" in r.text
        r = c.post(f"/desk/c/{tee}/state", data={"to": "hidden", "reason": "x", "csrf": "forged"})
        assert r.status_code == 403 and "reload the page" in r.text
        post(c, f"/desk/c/{tee}/state", to="rejected", reason="blank")
        r = post(c, f"/desk/c/{tee}/state", to="published", reason="changed my mind")
        assert r.status_code == 409
        assert "a rejected creation cannot become published (from rejected: new)" in r.text
        r = post(c, f"/desk/c/{tee}/state", to="bogus", reason="why not")
        assert r.status_code == 409 and "cannot become bogus" in r.text
        r = post(c, "/desk/c/no-such-id/state", to="hidden", reason="x")
        assert r.status_code == 404 and "no creation no-such-id in this gallery" in r.text
    assert [row[1:3] for row in audit(site, mod_api)] == [("move", "rejected")]


def test_ban_and_unban_from_the_desk(site: Site) -> None:
    alice = site.user("alice")
    site.user("max", role="moderator")
    site.user("root", role="admin")
    mod_api = site.user("mona", role="moderator")
    upload(alice, design("Tee"))
    with signed_in(site.server, "mona") as c:
        page = plain(c.get("/desk").text)
        assert 'action="/desk/u/alice/ban"' in page and "<summary>Ban alice</summary>" in page
        r = post(c, "/desk/u/alice/ban", reason="", days="7")
        assert r.status_code == 400 and "reason: say why you ban them" in r.text
        for days in ("0", "-3", "soon", "nan", "inf", "36501"):
            r = post(c, "/desk/u/alice/ban", reason="spam", days=days)
            assert r.status_code == 400, days
            assert "days: give a number of days above 0 and at most 36500, or forever" in r.text
        r = post(c, "/desk/u/alice/ban", reason="spam", days="7")
        assert flash_of(c, r) == "Banned alice for 7 days."
        assert upload(alice, design("More")).status_code == 403
        page = plain(c.get("/desk").text)
        assert "alice is banned until " in page and "<q>spam</q>" in page
        assert "Lift the ban on alice" in page
        r = post(c, "/desk/u/alice/unban", reason="")
        assert flash_of(c, r) == "Lifted the ban on alice."
        r = post(c, "/desk/u/alice/ban", reason="again", days="forever")
        assert flash_of(c, r) == "Banned alice without end."
        assert "alice is banned without end" in plain(c.get("/desk").text)
        r = post(c, "/desk/u/max/ban", reason="x", days="1")
        assert r.status_code == 403
        assert "max is a moderator: only an admin may ban a moderator" in r.text
        r = post(c, "/desk/u/nobody/ban", reason="x", days="1")
        assert r.status_code == 404 and "no user &#39;nobody&#39;" in r.text
    with signed_in(site.server, "root") as c:
        r = post(c, "/desk/u/max/ban", reason="rogue", days="1.5")
        assert flash_of(c, r) == "Banned max for 1.5 days."
    assert audit(site, mod_api) == [
        ("root", "ban", "max", "rogue"),
        ("mona", "ban", "alice", "again"),
        ("mona", "unban", "alice", ""),
        ("mona", "ban", "alice", "spam"),
    ]


def test_the_queue_shows_previews_reports_history_and_only_the_allowed_moves(
    site: Site,
) -> None:
    alice = site.user("alice")
    bob = site.user("bob")
    carol = site.user("carol")
    admin = site.user("root", role="admin")
    tee = upload(
        alice, design("Tee", colors={"white": "#ffffff", "navy": "#1b2a4a"}, tags=["shirt"])
    ).json()
    data, replay = level("Jump")
    jump = upload(bob, data, replay).json()
    data, replay = level("Walk")
    walk = upload(bob, data, replay).json()
    for ident in (tee["id"], walk["id"]):
        admin.post(f"/creations/{ident}/state", json={"to": "published", "reason": "ok"})
    r = carol.post(
        f"/creations/{tee['id']}/reports", json={"reason": "copyright", "details": "my drawing"}
    )
    assert r.status_code == 201
    with signed_in(site.server, "root") as c:
        page = plain(c.get("/desk").text)
    assert "2 waiting" in page  # the reported tee and the new level, not the published level
    assert page.index(f'id="c-{tee["id"]}"') < page.index(f'id="c-{jump["id"]}"')
    assert walk["id"] not in page
    tee_item, jump_item = page.split(f'id="c-{jump["id"]}"')
    assert f"/api/v1/creations/{tee['id']}/thumbnail.png?revision=1" in tee_item
    for colour in ("navy", "white"):
        assert f"/api/v1/creations/{tee['id']}/mockups/{colour}.png?revision=1" in tee_item
    assert 'alt="Tee: the mockup in navy"' in tee_item
    assert '<strong>copyright</strong> from <a href="/u/carol">carol</a>' in tee_item
    assert '<blockquote dir="auto">my drawing</blockquote>' in tee_item
    assert "<summary>History (1)</summary>" in tee_item and "new → published: <q>ok</q>" in tee_item
    assert "new account" in tee_item and "shirt" in tee_item and "1 open report<" in tee_item
    buttons = re.findall(r'name="to" value="(\w+)"', tee_item)
    assert buttons == ["hidden", "rejected"]  # a published creation is not approved again
    assert re.findall(r'name="to" value="(\w+)"', jump_item) == ["published", "hidden", "rejected"]
    assert f"/api/v1/creations/{jump['id']}/thumbnail.png?revision=1" in jump_item
    assert "mockups/" not in jump_item and "open report" not in jump_item
    with site.server.gallery.sessions() as session:  # the clear-run animation, when rendered
        has_clip = session.scalar(
            select(func.count())
            .select_from(Image)
            .join(Creation, Creation.pk == Image.creation_pk)
            .where(Creation.id == jump["id"], Image.name == "clip")
        )
    assert (f"/api/v1/creations/{jump['id']}/clip.webp?revision=1" in jump_item) == bool(has_clip)
    for url in re.findall(r'src="(/api/v1/[^"]+)"', page):  # every preview is there
        got = site.anon.get(url.removeprefix("/api/v1"))
        assert got.status_code == 200 and got.headers["content-type"].startswith("image/"), url


def test_the_queue_runs_as_many_statements_for_10_items_as_for_2(site: Site) -> None:
    alice = site.user("alice")
    reporter = site.user("bob")
    admin = site.user("root", role="admin")
    counts = []
    with signed_in(site.server, "root") as c:
        for total in (2, 10):
            while len(admin.get("/moderation/queue").json()) < total:
                n = len(admin.get("/moderation/queue").json())
                tee = upload(alice, design(f"Tee {n}", colors={"white": "#ffffff"})).json()["id"]
                reporter.post(f"/creations/{tee}/reports", json={"reason": "spam"})
                admin.post(f"/creations/{tee}/state", json={"to": "published", "reason": "x"})
                reporter.post(f"/creations/{tee}/reports", json={"reason": "other", "details": "d"})
            with count_queries(site.server) as seen:
                page = c.get("/desk")
            assert page.status_code == 200 and f"{total} waiting" in page.text
            counts.append(len(seen))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 14, counts


def test_the_audit_log_filters_and_pages(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    alice = site.user("alice")
    bob = site.user("bob")
    mod_api = site.user("mona", role="moderator")
    site.user("root", role="admin")
    tee = upload(alice, design("Tee")).json()["id"]
    mod_api.post(f"/creations/{tee}/state", json={"to": "published", "reason": "fine"})
    for i in range(3):
        mod_api.post("/users/bob/ban", json={"reason": f"spam {i}", "days": 1})
        mod_api.delete("/users/bob/ban")
    site.user("carol").post(f"/creations/{tee}/reports", json={"reason": "spam"})
    bob.post(f"/creations/{tee}/reports", json={"reason": "spam"})  # bob is not banned now
    monkeypatch.setattr(desk_pages, "AUDIT_PAGE", 3)
    with signed_in(site.server, "root") as c:

        def rows(query: str) -> list[str]:
            r = c.get("/desk/audit" + query)
            assert r.status_code == 200, r.text
            return re.findall(r'<td data-label="Action"><a [^>]*>(\w+)</a>', r.text)

        # 8 rows: a move, 3 bans and 3 unbans, then the gallery's requeue; 3 a page
        assert rows("") == ["move", "unban", "ban"]
        first = c.get("/desk/audit").text
        older = re.search(r'href="/desk/audit\?before=(\d+)" rel="next"', first)
        assert older and 'rel="prev"' not in first
        second = c.get(f"/desk/audit?before={older.group(1)}").text
        assert re.findall(r'data-label="Action"><a [^>]*>(\w+)<', second) == [
            "unban",
            "ban",
            "unban",
        ]
        newer = re.search(r'href="/desk/audit\?after=(\d+)" rel="prev"', second)
        assert newer
        assert rows(f"?after={newer.group(1)}") == ["move", "unban", "ban"]
        assert rows("?action=ban") == ["ban", "ban", "ban"]
        assert 'rel="next"' not in c.get("/desk/audit?action=ban").text  # all 3 on one page
        assert 'href="/desk/audit?actor=mona&amp;before=' in c.get("/desk/audit?actor=mona").text
        assert rows("?actor=system") == ["move"]
        assert rows("?actor=MONA&action=move") == ["move"]
        assert rows(f"?creation={tee[:8]}") == ["move", "move"]
        assert rows("?actor=nobody") == []
        assert "No audit rows match these filters." in c.get("/desk/audit?actor=nobody").text
        r = c.get("/desk/audit?action=delete")
        assert r.status_code == 400
        assert "action: &#39;delete&#39; is not one of move, appeal, ban" in r.text
        assert c.get("/desk/audit?before=x").status_code == 400


def test_feature_and_unfeature_from_the_desk(site: Site) -> None:
    alice = site.user("alice")
    mod_api = site.user("mona", role="moderator")
    tee = upload(alice, design("Tee")).json()["id"]
    cap = upload(alice, design("Cap")).json()["id"]
    with signed_in(site.server, "mona") as c:
        assert "Feature on the home page" not in c.get("/desk").text  # new: approve it first
        r = post(c, f"/desk/c/{tee}/feature")
        assert r.status_code == 409
        assert f"only a published creation can be featured: {tee} is new" in r.text
        for ident in (tee, cap):
            post(c, f"/desk/c/{ident}/state", to="published", reason="fine")
        page = c.get("/desk/featured").text
        assert "Nothing is featured" in page
        assert page.count('action="/desk/c/') == 2 and "Recently published" in page
        r = post(c, "/desk/featured", creation=f"  {site.server.url}/c/{tee}/ ", reason="great")
        assert r.headers["location"] == "/desk/featured"
        assert flash_of(c, r, "/desk/featured") == f"Featured {tee} on the home page."
        r = post(c, "/desk/featured", creation=tee)
        assert r.status_code == 409 and f"{tee} is already featured" in r.text
        r = post(c, "/desk/featured", creation="   ")
        assert r.status_code == 400
        assert "creation: give a creation&#39;s id or the address of its page" in r.text
        r = post(c, "/desk/featured", creation="nope")
        assert r.status_code == 404 and "no creation nope in this gallery" in r.text
        page = c.get("/desk/featured").text
        now = page[page.index('id="now"') : page.index('id="by-id"')]
        assert "Tee" in now and "Cap" not in now and f"/desk/c/{tee}/unfeature" in now
        # a featured creation that is reported shows in the queue as featured
        site.user("bob").post(f"/creations/{tee}/reports", json={"reason": "spam"})
        page = c.get("/desk").text
        assert "Featured on the home page." in page and f"/desk/c/{tee}/unfeature" in page
        r = post(c, f"/desk/c/{tee}/unfeature", reason="reported")
        assert flash_of(c, r) == f"Stopped featuring {tee}."
        r = post(c, f"/desk/c/{tee}/unfeature", back="https://evil.example/")
        assert r.status_code == 409 and f"{tee} is not featured" in r.text
        r = post(c, f"/desk/c/{cap}/feature", back="https://evil.example/")
        assert r.headers["location"] == "/desk"  # only a desk page is a way back
    assert [(a, r) for _, a, _, r in audit(site, mod_api)][:3] == [
        ("feature", ""),
        ("unfeature", "reported"),
        ("feature", "great"),
    ]
