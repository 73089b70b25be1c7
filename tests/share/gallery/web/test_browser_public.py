"""The public pages in a real Chromium: sign up, upload, search, heart, tree, report; screenshots.

SQLite only (the pages are the same over PostgreSQL, which the other page tests cover).
``COCREATE_SCREENSHOTS=1`` also writes the screenshots to ``docs/images/web-*.png``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import msgspec
import pytest
from sqlalchemy import select

from engine import codec
from engine.document import Parent
from share.gallery.models import Creation, Report, utcnow
from share.gallery.seed import seed
from tests.share.gallery.conftest import Site, level, send_clear, upload
from tests.share.gallery.live import LiveServer

ROOT = Path(__file__).resolve().parents[4]
PASSWORD = "correct horse battery"
SERVER_SETTINGS = {"max_upload_bytes": 8 * 1024 * 1024}  # the sample designs carry fonts


pytestmark = pytest.mark.parametrize("server", ["sqlite"], indirect=True)
"""SQLite only: the page tests cover PostgreSQL, and the pages are the same over both."""


def sign_up(page: Any, name: str) -> None:
    page.goto("/signup")
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url("**/")


def test_sign_up_upload_search_heart_tree_and_report(page: Any, site: Site, tmp_path: Path) -> None:
    data, replay = level("Moonlit Caves", description="Hop over the gap", tags=["night"])
    (tmp_path / "caves.cocreate").write_bytes(data)
    (tmp_path / "caves.replay.cocreate").write_bytes(replay)

    sign_up(page, "dora")
    page.get_by_role("link", name="Upload").click()
    page.get_by_label("Creation file").set_input_files(tmp_path / "caves.cocreate")
    page.get_by_role("button", name="Upload").click()  # no replay: refused, next to the form
    assert page.locator("#upload-errors li").all_inner_texts() == [
        "caves.cocreate: a level is published with the replay that clears it (choose it under "
        "“Replay (levels only)”)"
    ]
    page.get_by_label("Creation file").set_input_files(tmp_path / "caves.cocreate")
    page.get_by_label("Replay (levels only)").set_input_files(tmp_path / "caves.replay.cocreate")
    page.get_by_role("button", name="Upload").click()
    page.wait_for_url("**/c/*")
    assert "Uploaded Moonlit Caves (revision 1)." in page.inner_text("p.flash")
    ident = page.url.rsplit("/", 1)[1]
    assert page.get_by_role("heading", level=1).inner_text() == "Moonlit Caves"

    bob = site.user("bob")  # a remix, uploaded through the API
    cave = site.anon.get(f"/creations/{ident}").json()
    remix, remix_replay = level("Caves Remixed", parents=[(ident, 1, cave["digest"])])
    assert upload(bob, remix, remix_replay).status_code == 201

    page.get_by_role("button", name="Sign out").click()
    sign_up(page, "eve")
    page.get_by_label("Search creations").fill("moonlit")
    page.get_by_label("Search creations").press("Enter")
    page.wait_for_url("**/browse?q=moonlit")
    cards = page.locator(".card .card-title")
    assert cards.all_inner_texts() == ["Moonlit Caves"]
    cards.first.get_by_role("link").click()
    page.wait_for_url(f"**/c/{ident}")

    page.get_by_role("button", name="Give a heart").click()
    page.wait_for_url(f"**/c/{ident}#rate")
    assert "You gave Moonlit Caves a heart." in page.inner_text("p.flash")
    assert "Hearts\n♥ 1" in page.locator(".counts").inner_text()
    assert site.anon.get(f"/creations/{ident}").json()["rating"]["count"] == 1

    page.get_by_role("link", name="See the remix tree").click()
    page.wait_for_url(f"**/c/{ident}/tree")
    assert page.locator(".node.current .node-title").inner_text() == "Moonlit Caves"
    assert page.locator(".descendants li li .node-title").all_inner_texts() == ["Caves Remixed"]
    page.get_by_role("link", name="Caves Remixed").click()
    page.wait_for_url("**/c/*?revision=*")
    assert "Remix of Moonlit Caves by dora" in page.locator(".credit").first.inner_text()
    page.go_back()
    page.get_by_role("link", name="Moonlit Caves").first.click()

    page.wait_for_url(f"**/c/{ident}*")
    page.get_by_text("Something wrong with it?").click()  # a <details>: no script needed
    page.get_by_label("Reason").select_option("broken")
    page.get_by_label("Details (optional)").fill("<b>the door never opens</b>")
    page.get_by_role("button", name="Send the report").click()
    page.wait_for_url(f"**/c/{ident}")
    assert "a moderator will look at your report" in page.inner_text("p.flash")
    with site.server.gallery.sessions() as session:
        reports = session.scalars(select(Report)).all()
        assert [(r.reason, r.details) for r in reports] == [
            ("broken", "<b>the door never opens</b>")
        ]


def test_a_stored_xss_attempt_shows_as_text_and_runs_nothing(page: Any, site: Site) -> None:
    evil = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
    ann = site.user("ann")
    data, replay = level(evil, description=evil, tags=["x<b>y"], terms=evil, author=evil)
    ident = upload(ann, data, replay).json()["id"]
    dialogs: list[str] = []

    def seen(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", seen)
    for path in ("/", "/browse?q=img", f"/c/{ident}", f"/c/{ident}/tree", "/u/ann"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
        assert page.locator("script").count() == 0, path  # the pages carry no script at all
    page.goto(f"/c/{ident}")
    assert page.get_by_role("heading", level=1).inner_text() == evil
    assert page.locator(".description").inner_text() == evil
    assert page.locator(".tags").inner_text() == "#x<b>y"
    assert dialogs == []


def test_the_main_pages_fit_a_phone_and_screenshots(
    browser: Any, server: LiveServer, site: Site, tmp_path: Path
) -> None:
    made = seed(server.gallery, ROOT / "levels")
    assert not made.refused, made.refused
    ids = _demo_family(site, server)
    pages = {
        "home": "/",
        "browse": "/browse?sort=top",
        "level": f"/c/{ids['level']}",
        "design": f"/c/{ids['design']}?colour=sky%20blue",
        "tree": f"/c/{ids['remix']}/tree",
    }
    out = tmp_path / "shots"
    out.mkdir()
    for width, height in ((1280, 900), (375, 812)):
        context = browser.new_context(
            base_url=server.url, viewport={"width": width, "height": height}
        )
        try:
            p = context.new_page()
            for name, path in pages.items():
                p.goto(path)
                p.evaluate("[...document.images].forEach(i => { i.loading = 'eager'; })")
                p.wait_for_load_state("networkidle")
                p.wait_for_function("[...document.images].every(i => i.complete)")
                wide = p.evaluate("document.documentElement.scrollWidth")
                assert wide <= width, f"{name} is {wide} px wide in a {width} px window"
                broken = p.evaluate(
                    "[...document.images].filter(i => !i.complete || !i.naturalWidth).length"
                )
                assert broken == 0, f"{name}: {broken} images did not load"
                missing_alt = p.evaluate("[...document.images].filter(i => !i.alt).length")
                assert missing_alt == 0, name
                p.screenshot(path=str(out / f"web-{name}-{width}.png"), full_page=width > 400)
        finally:
            context.close()
    if os.environ.get("COCREATE_SCREENSHOTS"):
        for shot in out.iterdir():
            shutil.copy(shot, ROOT / "docs" / "images" / shot.name)


def _demo_family(site: Site, server: LiveServer) -> dict[str, str]:
    """Remixes of the samples by a few people, ratings and plays: a gallery worth a picture."""
    with server.gallery.sessions() as session:
        rows = {c.title: c for c in session.scalars(select(Creation))}
        tee, steps = rows["Chase the Sunrise"], rows["First Steps"]
        tee.featured_at = utcnow()
        rows["Switch and Door"].featured_at = utcnow()
        ids = {"design": tee.id, "level": steps.id}
        session.commit()
    mia, leo, ada = site.user("mia"), site.user("leo"), site.user("ada")
    sunrise = (ROOT / "levels" / "sunrise-tee.cocreate").read_bytes()
    first = _remix(sunrise, "Sunset Run", ["retro", "sunset"])
    r = upload(mia, first)
    assert r.status_code == 201, r.text
    ids["remix"] = r.json()["id"]
    second = _remix(sunrise, "Sunrise, Night Edition", ["night"])
    assert upload(leo, second).status_code == 201
    third = _remix(first, "Sunset Run (Purple)", ["purple"])
    assert upload(ada, third).status_code == 201
    for who, value in ((mia, 5), (leo, 4), (ada, 5)):
        assert (
            who.put(f"/creations/{ids['design']}/rating", json={"value": value}).status_code == 200
        )
        assert who.put(f"/creations/{ids['level']}/rating", json={"value": 1}).status_code == 200
        for cleared in (True, False, True):
            who.post(f"/creations/{ids['level']}/plays", json={"cleared": cleared})
    # mia's clear run, on the level's board of fastest clears: the sample's run, a tick later
    # (the sample's own replay is its maker's: the gallery refuses it as a copy)
    assert send_clear(mia, ids["level"], _sample_run_after(1)).status_code == 201
    return ids


def _remix(data: bytes, title: str, tags: list[str]) -> bytes:
    import uuid

    doc = codec.decode(data)
    meta = msgspec.structs.replace(
        doc.meta,
        title=title,
        tags=tags,
        parents=[Parent(id=doc.id, revision=doc.revision, digest=codec.digest(data))],
    )
    return codec.encode(msgspec.structs.replace(doc, id=str(uuid.uuid4()), revision=1, meta=meta))


def _sample_run_after(wait: int) -> bytes:
    """A replay of the sample level first-steps: its own replay's inputs after ``wait`` ticks
    standing still."""
    from engine.document import LevelDocument, ReplayDocument
    from engine.replay import iter_inputs
    from engine.sim.verify import make_replay, simulate

    data = (ROOT / "levels" / "first-steps.cocreate").read_bytes()
    doc = codec.decode(data)
    sample = codec.decode((ROOT / "levels" / "first-steps.replay.cocreate").read_bytes())
    assert isinstance(doc, LevelDocument) and isinstance(sample, ReplayDocument)
    inputs = [0] * wait + list(iter_inputs(sample.replay.inputs))
    return codec.encode(make_replay(doc, codec.digest(data), inputs, simulate(doc, inputs)))
