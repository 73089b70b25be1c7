"""The moderators' desk in a real Chromium: hide a reported creation, see the audit row.

With ``COCREATE_SCREENSHOTS=DIR`` set, the layout test also saves the desk's pages at 1280 and
375 px wide as ``DIR/web-desk*.png`` (how ``docs/images/web-desk*.png`` are made).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from share.gallery.models import Creation, utcnow
from tests.share.gallery.conftest import PASSWORD, Site, design, level, upload
from tests.share.gallery.live import LiveServer

pytestmark = pytest.mark.parametrize("server", ["sqlite"], indirect=True)


def sign_in(page: Any, name: str, start: str) -> None:
    """Open ``start`` signed out, get sent to the sign-in form, and come back signed in."""
    page.goto(start)
    assert page.url.endswith(f"/signin?next={start}")
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**{start}")


def test_a_moderator_hides_a_reported_creation_and_sees_the_audit_row(
    site: Site, page: Any, browser: Any, server: LiveServer
) -> None:
    alice = site.user("alice")
    mod_api = site.user("mona", role="moderator")
    tee = upload(alice, design("Sunrise tee", colors={"white": "#ffffff"})).json()["id"]
    mod_api.post(f"/creations/{tee}/state", json={"to": "published", "reason": "fine"})
    details = {"bob": "it copies my logo", "carol": "same logo as bob's shop"}
    for name, text in details.items():  # two reports send it back to the queue
        r = site.user(name).post(
            f"/creations/{tee}/reports", json={"reason": "copyright", "details": text}
        )
        assert r.status_code == 201
    anon = browser.new_context(base_url=server.url)
    try:
        assert anon.new_page().goto(f"/c/{tee}").status == 200

        sign_in(page, "mona", "/desk")
        item = page.locator(f"article#c-{tee}")
        assert item.get_by_role("heading", name="Sunrise tee").is_visible()
        assert item.get_by_text("it copies my logo").is_visible()
        assert item.get_by_text("2 open reports").is_visible()
        thumb = item.get_by_role("img", name="design thumbnail: Sunrise tee")
        page.wait_for_function(  # it loads (lazily): fails after the default timeout if not
            "img => img.complete && img.naturalWidth > 0", arg=thumb.element_handle()
        )
        # by keyboard: the reason, then Tab past Approve to Hide, and Enter
        item.get_by_label("Reason").fill("a copy of a shop's logo")
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Hide"
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url == f"{server.url}/desk"
        assert page.get_by_role("status").inner_text() == f"Hidden {tee}: it is hidden now."
        assert page.get_by_text("The queue is empty").is_visible()

        page.get_by_role("link", name="Audit log").click()
        page.wait_for_url("**/desk/audit")
        first = page.locator("table.desk-audit tbody tr").first
        assert first.locator("td").all_inner_texts() == [
            "just now",
            "mona",
            "move",
            f"Sunrise tee {tee[:8]}",
            "new → hidden",
            "a copy of a shop's logo",
        ]

        gone = anon.new_page()
        assert gone.goto(f"/c/{tee}").status == 404  # hidden: not there for anonymous visitors
        assert gone.get_by_role("heading", name="Not found").is_visible()
        assert gone.goto(f"/api/v1/creations/{tee}/thumbnail.png").status == 404
    finally:
        anon.close()


def _seed(site: Site) -> None:
    """A queue with a design (mockups), a reported level and a new one; some audit rows."""
    alice, bob, carol, dan = (site.user(n) for n in ("alice", "bob", "carol", "dan"))
    mod = site.user("mona", role="moderator")
    upload(
        alice,
        design(
            "Sunrise tee",
            colors={"white": "#ffffff", "navy": "#1b2a4a", "sand": "#e8d8b0"},
            tags=["shirt", "sun"],
            description="A warm sunrise over hills.\nPrinted front and back.",
        ),
    )
    data, replay = level("Cliff jumper", description="Jump the gaps; mind the spikes.")
    jumper = upload(bob, data, replay).json()["id"]
    mod.post(f"/creations/{jumper}/state", json={"to": "published", "reason": "fun level"})
    for who, why, text in (
        (carol, "offensive", "The sign at the end has a rude word on it."),
        (dan, "other", ""),
    ):
        who.post(f"/creations/{jumper}/reports", json={"reason": why, "details": text})
    for title in ("Geo tank", "Tile garden"):
        ident = upload(dan, design(title, colors={"white": "#ffffff"})).json()["id"]
        mod.post(f"/creations/{ident}/state", json={"to": "published", "reason": "nice"})
    data, replay = level("First steps")
    first = upload(alice, data, replay).json()["id"]
    mod.post(f"/creations/{first}/state", json={"to": "published", "reason": "a good start"})
    with site.server.gallery.sessions() as session:
        session.query(Creation).filter_by(id=first).one().featured_at = utcnow()
        session.commit()
    for i in range(2):
        mod.post("/users/dan/ban", json={"reason": f"spam links #{i + 1}", "days": 1})
        mod.delete("/users/dan/ban")


def test_the_desk_fits_a_phone_and_a_desktop(site: Site, browser: Any, server: LiveServer) -> None:
    _seed(site)
    out = os.environ.get("COCREATE_SCREENSHOTS")
    for width in (1280, 375):
        context = browser.new_context(base_url=server.url, viewport={"width": width, "height": 900})
        try:
            page = context.new_page()
            sign_in(page, "mona", "/desk")
            for name, path in (
                ("", "/desk"),
                ("-audit", "/desk/audit"),
                ("-featured", "/desk/featured"),
            ):
                page.goto(path)
                overflow = page.evaluate("document.documentElement.scrollWidth")
                assert overflow <= width, (path, width, overflow)  # no sideways scrolling
                page.evaluate("document.querySelectorAll('img').forEach(i => i.loading = 'eager')")
                page.wait_for_function("[...document.images].every(i => i.complete)")
                broken = page.evaluate(
                    "[...document.images].filter(i => !(i.complete && i.naturalWidth)).length"
                )
                assert broken == 0, path
                if out:
                    shot = Path(out) / f"web-desk{name}-{width}.png"
                    page.screenshot(path=str(shot), full_page=width == 1280 or name != "")
        finally:
            context.close()
