"""Publish uploads in the background: both windows go on drawing and editing while a real
gallery, behind a proxy that holds the upload (:class:`GatedProxy`), takes its time; a second
Publish meanwhile does nothing; New meanwhile keeps the new document's identity; closing waits."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import msgspec
import pygame
import pytest

from editor.app import EditorApp
from editor.design.app import DesignApp
from editor.design.pilot import DesignPilot
from editor.design.session import DesignSession
from editor.pilot import Pilot
from editor.publishing import ALREADY, ELSEWHERE, FINISHING
from editor.session import EditorSession
from engine import codec
from engine.document import LevelDocument
from engine.fileio import load
from share.client import config
from tests.editor.conftest import new_account
from tests.editor.design.test_publish import fresh_tee, revisions
from tests.editor.gated_proxy import GatedProxy
from tests.editor.test_publish_button import (
    SQUARE,
    clear_by_playing,
    draw_square,
    fresh,
    held_by,
    press_publish,
    sample,
)
from tests.share.client.conftest import GalleryProcess

pytestmark = pytest.mark.usefixtures("own_config")


@pytest.fixture
def proxy(gallery: GalleryProcess) -> Iterator[GatedProxy]:
    """The gallery behind a gate, signed in to as a new user (publishing goes through it)."""
    gated = GatedProxy(gallery.port)
    user, token = new_account(gallery)
    cfg = config.Config(server=gated.url)
    cfg.accounts[gated.url] = config.Account(token=token, user=user)
    config.save(cfg)
    yield gated
    gated.close()


@pytest.fixture
def level(tmp_path: Path) -> Iterator[EditorApp]:
    doc, _ = sample()
    editor = EditorApp(EditorSession(fresh(doc), tmp_path / "steps.cocreate"))
    Pilot(editor).frames(2)
    yield editor
    pygame.quit()


@pytest.fixture
def design(tmp_path: Path) -> Iterator[DesignApp]:
    editor = DesignApp(DesignSession.open(fresh_tee(tmp_path)))
    DesignPilot(editor).frames(2)
    yield editor
    pygame.quit()


def frames_until(pilot: Pilot, event: threading.Event) -> int:
    """Run frames until ``event`` is set (the upload waits at the gate); how many ran.

    Between frames it waits a little, as the window's 60 fps clock does: frames run back to
    back would hold the GIL nearly all the time, and the upload thread (which checks the
    clear run in the simulation first) would crawl, which the real window never does."""
    end = time.monotonic() + 15
    count = 0
    while not event.is_set():
        assert time.monotonic() < end, "the upload never reached the gallery"
        pilot.frames(1)
        event.wait(0.005)
        count += 1
    return count


def design_publish_held(app: DesignApp, pilot: DesignPilot, proxy: GatedProxy) -> None:
    """Ctrl+Shift+P with the gate closed, then frames until the upload waits at it."""
    proxy.gate.clear()
    pilot.press(pygame.K_p, ctrl=True, shift=True)
    frames_until(pilot, proxy.held)


def test_the_level_editor_draws_edits_and_saves_while_it_uploads(
    level: EditorApp, proxy: GatedProxy, gallery: GalleryProcess, tmp_path: Path
) -> None:
    pilot = Pilot(level)
    session = level.session
    _, inputs = sample()
    clear_by_playing(level, pilot, inputs)
    press_publish(level, pilot)  # revision 1, with the gate open
    ident = session.doc.id
    url = f"{proxy.url}/c/{ident}"
    assert session.status == f"Published: {url}"
    draw_square(level, pilot)
    clear_by_playing(level, pilot, inputs)
    uploaded = session.doc
    shapes = len(uploaded.level.shapes)

    proxy.gate.clear()
    pilot.click(*level.toolbar.publish.rect.center)
    frames_until(pilot, proxy.held)
    assert level.publisher.busy
    assert session.status.startswith("Publishing First Steps…")
    spot = level.to_screen(SQUARE[0][0] + 248, SQUARE[0][1] + 48)
    before = level.surface.get_at((round(spot[0]), round(spot[1])))
    draw_square(level, pilot, dx=200)  # an edit while the upload waits: drawn at once
    assert len(session.doc.level.shapes) == shapes + 1
    assert level.surface.get_at((round(spot[0]), round(spot[1]))) != before
    time.sleep(1.05)
    pilot.frames(1)
    assert session.status.startswith("Publishing First Steps… (")
    assert "s) — Added shape " in session.status  # the edit's message follows
    assert level.toolbar.status.text == session.status
    level.save_screenshot(tmp_path / "publishing.png")
    pilot.press(pygame.K_s, ctrl=True)  # saving works meanwhile
    assert session.status.endswith(" — Saved steps.cocreate") and level.publisher.busy
    saved = load(tmp_path / "steps.cocreate")
    assert isinstance(saved, LevelDocument) and saved.revision == 1
    assert len(saved.level.shapes) == shapes + 1

    proxy.gate.set()
    assert level.wait_publish(30)
    pilot.frames(1)
    assert session.status == f"Published: {url} without your later edits — save to keep revision 2"
    assert level.toolbar.status.text == session.status
    doc = session.doc  # the edit made meanwhile, carried on as revision 2
    assert (doc.id, doc.revision, len(doc.level.shapes)) == (ident, 2, shapes + 1)
    assert session.dirty and session.history.undo_label == "Set identity (revision 2)"
    assert held_by(gallery, ident) == (
        2,
        codec.encode(msgspec.structs.replace(uploaded, revision=2)),
    )
    assert proxy.uploads == 2
    pilot.press(pygame.K_s, ctrl=True)
    saved = load(tmp_path / "steps.cocreate")
    assert isinstance(saved, LevelDocument)
    assert (saved.revision, len(saved.level.shapes)) == (2, shapes + 1)


def test_a_second_publish_meanwhile_says_already_publishing_and_uploads_once(
    design: DesignApp, proxy: GatedProxy, gallery: GalleryProcess
) -> None:
    pilot = DesignPilot(design)
    session = design.session
    design_publish_held(design, pilot, proxy)
    assert session.status == "Publishing Chase the Sunrise…"
    pilot.click(*design.toolbar.buttons["publish"].rect.center)
    assert session.status == ALREADY and design.toolbar.status.text == ALREADY
    pilot.press(pygame.K_p, ctrl=True, shift=True)
    assert session.status == ALREADY
    proxy.gate.set()
    assert design.wait_publish(30)
    assert session.status == f"Published: {proxy.url}/c/{session.doc.id}"
    assert proxy.uploads == 1 and revisions(gallery, session.doc.id) == 1
    assert not design.publisher.busy


def test_new_during_an_upload_does_not_take_the_published_identity(
    design: DesignApp, proxy: GatedProxy, gallery: GalleryProcess
) -> None:
    pilot = DesignPilot(design)
    old = design.session
    ident = old.doc.id
    pilot.press(pygame.K_p, ctrl=True, shift=True)  # revision 1, with the gate open
    assert design.wait_publish(30)
    pilot.click(*design.to_screen(6.0, 6.5))
    pilot.press(pygame.K_RIGHT)
    pilot.press(pygame.K_s, ctrl=True)  # saved: New asks nothing
    design_publish_held(design, pilot, proxy)  # revision 2 on its way
    pilot.press(pygame.K_n, ctrl=True)
    new = design.session
    assert new is not old and not new.dirty
    first = new.doc
    pilot.frames(2)
    proxy.gate.set()
    assert design.wait_publish(30)
    assert new.status == f"Published: {proxy.url}/c/{ident}{ELSEWHERE}"
    assert new.doc is first and not new.dirty and not new.history.can_undo
    assert revisions(gallery, ident) == 2 and old.doc.revision == 1


def test_closing_waits_for_the_upload_to_end(
    design: DesignApp, proxy: GatedProxy, gallery: GalleryProcess
) -> None:
    pilot = DesignPilot(design)
    design_publish_held(design, pilot, proxy)
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    threading.Timer(0.5, proxy.gate.set).start()
    design.run()  # the QUIT ends the loop; closing waits for the upload
    assert not design.running and not design.publisher.busy
    assert design.session.status == f"Published: {proxy.url}/c/{design.session.doc.id}"
    assert revisions(gallery, design.session.doc.id) == 1


def test_closing_stops_waiting_after_its_limit(
    design: DesignApp, proxy: GatedProxy, tmp_path: Path
) -> None:
    pilot = DesignPilot(design)
    design_publish_held(design, pilot, proxy)
    start = time.monotonic()
    assert not design.finish_publish(limit=0.3)
    assert 0.3 <= time.monotonic() - start < 5
    assert design.session.status == FINISHING and design.toolbar.status.text == FINISHING
    design.save_screenshot(tmp_path / "finishing.png")
    proxy.gate.set()
    assert design.wait_publish(30)
    assert design.session.status.startswith("Published: ")
