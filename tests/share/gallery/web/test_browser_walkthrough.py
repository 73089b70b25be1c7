"""What a tester's walk through the pages found, in a real Chromium: the report form's reason
is chosen, never assumed; a design's mockup names its garment; the revision list and the desk
name the revision shown; every page has a favicon.

With ``COCREATE_SCREENSHOTS=DIR`` set, the pages are also saved as ``DIR/walk-*.png``.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import httpx
import msgspec
import pytest
from PIL import Image
from sqlalchemy import select

from engine import codec
from engine.document import DesignDocument
from share.gallery.models import Report
from tests.share.gallery.conftest import PASSWORD, Site, design, level, upload
from tests.share.gallery.live import LiveServer
from tests.share.gallery.web.conftest import csrf_of, sign_up, web_client

pytestmark = pytest.mark.parametrize("server", ["sqlite"], indirect=True)


def _shot(page: Any, name: str) -> None:
    out = os.environ.get("COCREATE_SCREENSHOTS")
    if out:
        page.screenshot(path=str(Path(out) / f"walk-{name}.png"), full_page=True)


def _sign_in(page: Any, name: str) -> None:
    page.goto("/signin")
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")


@pytest.mark.parametrize("script", [True, False], ids=["js", "no-js"])
def test_a_report_needs_a_chosen_reason_and_a_missing_one_is_refused_on_the_page(
    site: Site, browser: Any, server: LiveServer, script: bool
) -> None:
    alice = site.user("alice")
    data, replay = level("Reported level")
    ident = upload(alice, data, replay).json()["id"]
    site.user("rita")
    context = browser.new_context(base_url=server.url, java_script_enabled=script)
    try:
        page = context.new_page()
        _sign_in(page, "rita")
        page.goto(f"/c/{ident}")
        page.get_by_text("Something wrong with it?").click()
        reason = page.get_by_label("Reason")
        assert reason.input_value() == ""  # nothing chosen for the reporter
        assert reason.locator("option:checked").inner_text() == "Choose a reason…"
        assert reason.locator("option[value='']").is_disabled()
        page.get_by_role("button", name="Send the report").click()  # the browser holds it back
        assert page.url.endswith(f"/c/{ident}")
        assert not reason.evaluate("select => select.validity.valid")
        _shot(page, f"report-form-{'js' if script else 'nojs'}")

        # sent anyway (an old page, a script): the gallery refuses it, on a page, in words
        page.evaluate("document.querySelector('#reason').removeAttribute('required')")
        page.get_by_role("button", name="Send the report").click()
        page.wait_for_load_state()
        assert page.get_by_role("heading", level=1).inner_text() == "That did not work"
        assert page.get_by_role("alert").inner_text() == (
            "Choose a reason for the report (the form's Reason list): nothing was sent."
        )
        _shot(page, f"report-refused-{'js' if script else 'nojs'}")
        page.get_by_role("link", name="Back to the page").click()  # to the creation reported
        page.wait_for_load_state()
        assert page.url.endswith(f"/c/{ident}")
    finally:
        context.close()
    with site.server.gallery.sessions() as session:
        assert session.scalars(select(Report)).all() == []


def test_a_report_without_a_reason_field_is_a_400_with_the_same_words(
    site: Site, server: LiveServer
) -> None:
    data, replay = level("Reported level")
    ident = upload(site.user("alice"), data, replay).json()["id"]
    with web_client(server) as c:
        sign_up(c, "rob")
        token = csrf_of(c.get(f"/c/{ident}").text)
        for form in ({"csrf": token}, {"csrf": token, "reason": ""}):
            r = c.post(f"/c/{ident}/report", data=form)
            assert r.status_code == 400, form
            assert "Choose a reason for the report (the form&#39;s Reason list)" in r.text
        r = c.post(f"/c/{ident}/report", data={"csrf": token, "reason": "spam"})
        assert r.status_code == 303


def _styled(title: str, style: str, colors: dict[str, str]) -> bytes:
    """A publishable design on a garment of ``style``."""
    doc = codec.decode(design(title, colors=colors))
    assert isinstance(doc, DesignDocument)
    garment = msgspec.structs.replace(doc.design.garment, style=style)
    return codec.encode(
        msgspec.structs.replace(doc, design=msgspec.structs.replace(doc.design, garment=garment))
    )


@pytest.mark.parametrize(
    ("style", "colour", "wearing"),
    [
        ("tank", "white", "a white tank top"),
        ("hoodie", "orange", "an orange hoodie"),
        ("longsleeve", "navy", "a navy long-sleeve shirt"),
        ("tshirt", "white", "a white t-shirt"),
    ],
)
def test_a_designs_mockup_names_its_garment_style_and_colour(
    site: Site, page: Any, style: str, colour: str, wearing: str
) -> None:
    data = _styled("Geo", style, {colour: "#ff8800" if colour == "orange" else "#ffffff"})
    ident = upload(site.user("dee"), data).json()["id"]
    page.goto(f"/c/{ident}")
    figure = page.locator(".preview figure")
    assert figure.locator("figcaption").inner_text() == f"On {wearing}"
    assert figure.get_by_role("img").get_attribute("alt") == f"Geo on {wearing}"
    if style == "tank":
        page.wait_for_function("[...document.images].every(i => i.complete)")
        _shot(page, "design-tank")


def test_the_revision_list_shows_only_each_revisions_number(site: Site, page: Any) -> None:
    alice = site.user("alice")
    data, replay = level("Steps")
    ident = upload(alice, data, replay).json()["id"]
    data, replay = level("Steps, higher", ident=ident, revision=2)
    assert upload(alice, data, replay).status_code == 201
    page.goto(f"/c/{ident}")
    revisions = page.locator(".revisions")
    assert revisions.evaluate("e => e.tagName") == "UL"
    assert revisions.locator("li").first.evaluate("li => getComputedStyle(li).listStyleType") == (
        "none"
    )
    lines = [line.split(" · ")[:2] for line in revisions.locator("li").all_inner_texts()]
    assert lines == [["Revision 2", "Steps, higher"], ["Revision 1", "Steps"]]
    _shot(page, "revisions")


def test_the_desk_names_the_revision_it_shows_of_a_remix(
    site: Site, page: Any, server: LiveServer
) -> None:
    alice, bob = site.user("alice"), site.user("bob")
    site.user("mona", role="moderator")
    data, replay = level("Original")
    original = upload(alice, data, replay).json()
    ident = None
    for n in range(1, 5):
        parents = [(original["id"], 1, original["digest"])]
        data, replay = level(f"Remix, take {n}", ident=ident, revision=n, parents=parents)
        r = upload(bob, data, replay)
        assert r.status_code == 201, r.text
        ident = r.json()["id"]
    _sign_in(page, "mona")
    page.goto("/desk")
    item = page.locator(f"article#c-{ident}")
    assert "level · revision 4 ·" in item.locator(".desk-meta").inner_text()
    for img in item.get_by_role("img").all():
        assert img.get_attribute("src").endswith("?revision=4")
    page.evaluate("document.querySelectorAll('img').forEach(i => i.loading = 'eager')")
    page.wait_for_function("[...document.images].every(i => i.complete)")
    _shot(page, "desk")


def test_every_page_links_a_favicon_that_is_served(
    site: Site, page: Any, server: LiveServer
) -> None:
    for path in ("/", "/browse", "/signin", "/no-such-page"):
        page.goto(path)
        assert page.locator("link[rel=icon]").get_attribute("href") == "/favicon.ico", path
    r = httpx.get(server.url + "/favicon.ico")
    assert (r.status_code, r.headers["content-type"]) == (200, "image/x-icon")
    icon = Image.open(io.BytesIO(r.content))
    assert icon.format == "ICO"
    assert icon.info["sizes"] == {(16, 16), (32, 32)}
    centre = icon.convert("RGBA").getpixel((16, 16))
    assert isinstance(centre, tuple) and centre[3] == 255  # drawn, not blank
