"""Stored and reflected XSS attempts, opened in a real Chromium: they show as text, run nothing.

Every text a user controls holds a payload that would set ``window.__xss`` and open a dialog if
it ran: a ``<script>``, an ``<img onerror>`` and quotes to break out of an attribute. Each page
that shows them is opened with a dialog hook; the test checks no dialog opened, ``window.__xss``
is undefined, no element carries an injected handler, and the payload's text is on the page.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import msgspec
import pytest

from engine import codec
from engine.document import DesignDocument, Parent
from tests.share.gallery.conftest import PASSWORD, Site, design, level, upload
from tests.share.gallery.live import LiveServer

pytestmark = pytest.mark.parametrize("server", ["sqlite"], indirect=True)


def payload(tag: str) -> str:
    """Text that runs script if a page puts it in HTML unescaped (in text or an attribute)."""
    return (
        f"{tag}\"'><script>window.__xss=1;alert('{tag}')</script>"
        f"<img src=x onerror=\"window.__xss=1;alert('{tag}')\">"
    )


def shown(tag: str) -> str:
    """The start of ``payload(tag)`` as a page must show it: as text."""
    return f"{COLOUR}<b>x</b>" if tag == COLOUR else f"{tag}\"'><script>window.__xss=1"


TITLE, DESCRIPTION, AUTHOR, TAG, TERMS = "T1", "D1", "A1", "G1", "C1"
REMIX, LEVEL = "T2", "T3"
COLOUR = "K1"
"""A garment colour's name holds ``K1<b>x</b>`` (a colour name is part of an image's name, at
most 80 characters)."""
REPORT, HIDE, REOPEN, PUBLISH, FEATURE, BAN = "R1", "M1", "M2", "M3", "F1", "B1"
LABEL = "L1"


@contextmanager
def browsing(browser: Any, server: LiveServer, user: str | None = None) -> Iterator[Any]:
    """A fresh Chromium context (signed in as ``user`` through the form) recording dialogs."""
    context = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    try:
        if user is not None:
            page.goto("/signin")
            page.get_by_label("User name").fill(user)
            page.get_by_label("Password").fill(PASSWORD)
            with page.expect_navigation():
                page.locator("main").get_by_role("button", name="Sign in").click()
        yield page
    finally:
        context.close()


INJECTED = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const handler = a.name.startsWith('on') || /^\\s*javascript:/i.test(a.value);
      if (handler) bad.push(el.tagName + ' ' + a.name);
    }
  }
  for (const s of document.querySelectorAll('script')) {
    if (s.textContent.includes('__xss')) bad.push('script ' + s.textContent.slice(0, 40));
  }
  return bad;
}"""


def check(page: Any, path: str, *tags: str, status: int = 200) -> str:
    """Open ``path``; nothing injected ran, and each of ``tags``' payloads shows as text."""
    response = page.goto(path)
    assert response.status == status, (path, response.status)
    page.wait_for_load_state("networkidle")  # an <img onerror> would have fired by now
    assert page.dialogs == [], (path, page.dialogs)
    assert page.evaluate("typeof window.__xss") == "undefined", path
    assert page.evaluate(INJECTED) == [], path
    text: str = page.evaluate("document.body.textContent")  # closed <details> too
    for tag in tags:
        assert shown(tag) in text, (path, tag)
    return path


def with_terms_and_colour(data: bytes) -> bytes:
    """A design with payloads in its contribution terms and a garment colour's name."""
    doc = codec.decode(data)
    assert isinstance(doc, DesignDocument)
    colour = doc.design.garment.colors[0]
    colours = [msgspec.structs.replace(colour, name=f"{COLOUR}<b>x</b>")]
    garment = msgspec.structs.replace(doc.design.garment, colors=colours)
    doc = msgspec.structs.replace(
        doc,
        meta=msgspec.structs.replace(doc.meta, terms=payload(TERMS)),
        design=msgspec.structs.replace(doc.design, garment=garment),
    )
    return codec.encode(doc)


def test_stored_payloads_in_every_user_text_show_as_text(
    site: Site, browser: Any, server: LiveServer
) -> None:
    eve = site.user("eve")
    bob = site.user("bob")
    mod = site.user("mona", role="moderator")
    tee_file = with_terms_and_colour(
        design(
            payload(TITLE),
            description=payload(DESCRIPTION) + "\n[link](javascript:window.__xss=1)",
            author=payload(AUTHOR),
            tags=[payload(TAG), "zebra"],
        )
    )
    r = upload(eve, tee_file)
    assert r.status_code == 201, r.text
    tee = r.json()
    parent = Parent(id=tee["id"], revision=1, digest=tee["digest"])
    remix = upload(eve, design(payload(REMIX), parents=[parent])).json()
    data, replay = level(payload(LEVEL))
    lvl = upload(eve, data, replay).json()
    assert "id" in lvl and "id" in remix, (lvl, remix)

    # moderation: reasons, a report, a feature note and a ban reason hold payloads
    def move(ident: str, to: str, tag: str) -> None:
        r = mod.post(f"/creations/{ident}/state", json={"to": to, "reason": payload(tag)})
        assert r.status_code == 200, r.text

    move(tee["id"], "hidden", HIDE)
    move(tee["id"], "new", REOPEN)
    r = bob.post(
        f"/creations/{tee['id']}/reports", json={"reason": "other", "details": payload(REPORT)}
    )
    assert r.status_code == 201, r.text
    move(lvl["id"], "published", PUBLISH)
    move(remix["id"], "published", PUBLISH)
    r = site.anon.post(
        "/tokens", json={"name": "eve", "password": PASSWORD, "label": payload(LABEL)}
    )
    assert r.status_code == 201, r.text
    r = mod.post("/users/eve/ban", json={"reason": payload(BAN), "days": 3})
    assert r.status_code == 200, r.text

    covered: list[str] = []
    with browsing(browser, server, "mona") as page:  # features from the desk, with a note
        page.goto("/desk/featured")
        page.get_by_label("Creation id or page address").fill(lvl["id"])
        page.get_by_label("Note for the audit log").fill(payload(FEATURE))
        with page.expect_navigation():
            page.get_by_role("button", name="Feature", exact=True).click()
        assert page.get_by_role("status").inner_text().startswith("Featured ")
        covered += [
            check(
                page, "/desk", TITLE, AUTHOR, TAG, DESCRIPTION, REPORT, HIDE, REOPEN, BAN, COLOUR
            ),
            check(page, "/desk/audit", HIDE, REOPEN, PUBLISH, BAN, FEATURE, TITLE, LEVEL),
            check(page, f"/desk/audit?action=feature&actor=mona&creation={lvl['id'][:8]}", FEATURE),
            check(page, "/desk/featured", LEVEL, REMIX),
        ]
    with browsing(browser, server) as page:
        covered += [
            check(page, "/", TITLE, LEVEL, REMIX),
            check(page, "/browse", TITLE, LEVEL, REMIX),
            check(page, "/browse?q=zebra", TITLE),
            check(page, "/browse?tag=" + quote(payload(TAG).lower()), TITLE),
            check(page, f"/c/{tee['id']}", TITLE, DESCRIPTION, AUTHOR, TAG, TERMS, COLOUR),
            check(page, f"/c/{remix['id']}", REMIX, TITLE),
            check(page, f"/c/{lvl['id']}", LEVEL),
            check(page, f"/c/{tee['id']}/tree", TITLE, REMIX),
            check(page, f"/c/{remix['id']}/tree", TITLE, REMIX),
            check(page, "/u/eve", TITLE, LEVEL, REMIX),
        ]
    with browsing(browser, server, "eve") as page:
        covered.append(check(page, "/tokens", LABEL))
    print("pages covered:", ", ".join(covered))


def test_reflected_input_shows_as_text(
    site: Site, browser: Any, server: LiveServer, tmp_path: Path
) -> None:
    site.user("bob")
    site.user("mona", role="moderator")
    evil = payload("Q1")
    with browsing(browser, server) as page:
        check(page, "/browse?q=" + quote(evil), status=400)  # too many words to search for
        assert page.get_by_role("searchbox").first.input_value() == evil
        short = "<script>window.__xss=1</script>"
        check(page, "/browse?q=" + quote(short))
        assert page.get_by_role("searchbox").first.input_value() == short
        # in a path (no "/" in it: that would be another path), echoed by the 404 page
        plain = "Q2\"'><img src=x onerror=\"window.__xss=1;alert('Q2')\">"
        for where in ("c", "u"):
            check(page, f"/{where}/" + quote(plain, safe=""), status=404)
            assert "><img src=x onerror=" in page.locator("[role=alert]").inner_text()
        # a user name cannot hold "<": the form says so, and what was typed stays text
        page.goto("/signup")
        page.get_by_label("User name").fill(evil[:60])
        page.get_by_label("Password").fill(PASSWORD)
        page.locator("main").get_by_role("button", name="Sign up").click()
        page.wait_for_load_state("networkidle")
        assert "name: use 2 to 32 letters" in page.locator("[role=alert]").inner_text()
        assert page.get_by_label("User name").input_value() == evil[:60]
        assert page.dialogs == [] and page.evaluate("typeof window.__xss") == "undefined"
        assert page.evaluate(INJECTED) == []
    r = site.anon.post("/users", json={"name": "<script>x</script>", "password": PASSWORD})
    assert r.status_code == 422
    with browsing(browser, server, "mona") as page:
        check(page, "/desk/audit?actor=" + quote(evil[:64]))
        assert page.get_by_label("Who").input_value() == evil[:64]
        check(page, "/desk/audit?creation=" + quote(evil), status=400)
        assert page.get_by_label("Creation id").input_value() == evil
        assert (
            "creation: a creation id has at most 36 characters"
            in page.get_by_role("alert").inner_text()
        )
    with browsing(browser, server, "bob") as page:
        # a licence is one of a list or LicenseRef-…: the refusal quotes what was given, as text
        bad = design("Tee", license=payload("N1"))
        path = tmp_path / "bad.cocreate"
        path.write_bytes(bad)
        page.goto("/upload")
        page.get_by_label("Creation file").set_input_files(str(path))
        with page.expect_navigation():
            page.locator("main").get_by_role("button", name="Upload").click()
        errors = page.locator("#upload-errors").inner_text()
        assert "$.meta.license" in errors and "<script>window.__xss=1" in errors
        assert page.dialogs == [] and page.evaluate("typeof window.__xss") == "undefined"
        assert page.evaluate(INJECTED) == []
