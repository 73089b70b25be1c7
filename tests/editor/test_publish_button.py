"""The Publish button, driven through the editor's loop by the Pilot, against a real gallery
(``cocreate gallery serve`` on 127.0.0.1): sign-in and clear-run checks, publishing, carrying on
as the gallery's revision (and as a remix), and errors as one status line."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import msgspec
import pygame
import pytest

from editor import publish as pub
from editor.app import EditorApp
from editor.pilot import Pilot
from editor.playtest import Playtest
from editor.session import EditorSession
from engine import codec
from engine.document import LevelDocument, ReplayDocument
from engine.fileio import load
from engine.replay import iter_inputs
from engine.sim.world import DT, Status
from share.client import config
from tests.editor.conftest import KEY_OF, new_account
from tests.share.client.conftest import GalleryProcess

LEVELS = Path(__file__).resolve().parents[2] / "levels"
SQUARE = [(200.0, 200.0), (296.0, 200.0), (296.0, 296.0), (200.0, 296.0)]
"""Up in the sky at the start: out of the way of the sample's clear run."""


def sign_in(gallery: GalleryProcess, user: str, token: str) -> None:
    """What ``cocreate login`` leaves on this machine."""
    cfg = config.Config(server=gallery.url)
    cfg.accounts[gallery.url] = config.Account(token=token, user=user)
    config.save(cfg)


pytestmark = pytest.mark.usefixtures("own_config")


def sample() -> tuple[LevelDocument, list[int]]:
    doc = load(LEVELS / "first-steps.cocreate")
    replay = load(LEVELS / "first-steps.replay.cocreate")
    assert isinstance(doc, LevelDocument) and isinstance(replay, ReplayDocument)
    return doc, list(iter_inputs(replay.replay.inputs))


def fresh(doc: LevelDocument) -> LevelDocument:
    """The sample as a new creation of its own (a new id)."""
    return msgspec.structs.replace(doc, id=str(uuid.uuid4()))


@pytest.fixture
def app(tmp_path: Path) -> Iterator[EditorApp]:
    doc, _ = sample()
    editor = EditorApp(EditorSession(fresh(doc), tmp_path / "steps.cocreate"))
    Pilot(editor).frames(2)
    yield editor
    pygame.quit()


def post_key(kind: int, key: int) -> None:
    pygame.event.post(pygame.event.Event(kind, key=key, mod=0, unicode="", scancode=0))


def clear_by_playing(app: EditorApp, pilot: Pilot, inputs: list[int]) -> None:
    """F5, then hold the keys of the sample's replay frame by frame (one tick each) to the
    goal, then Esc: the editor keeps the clear run."""
    post_key(pygame.KEYDOWN, pygame.K_F5)  # play starts in this frame, with its first keys
    held: set[int] = set()
    playtest: Playtest | None = None
    for buttons in inputs:
        for bit, key in KEY_OF.items():
            down = bool(buttons & bit)
            if down and key not in held:
                post_key(pygame.KEYDOWN, key)
                held.add(key)
            elif not down and key in held:
                post_key(pygame.KEYUP, key)
                held.discard(key)
        pilot.frames(1, dt=DT)
        playtest = app.playtest
        assert playtest is not None
        if playtest.world.status is not Status.PLAYING:
            break
    for key in held:
        post_key(pygame.KEYUP, key)
    assert playtest is not None and playtest.world.status is Status.CLEARED
    run = playtest.clear_run
    assert run is not None and run.inputs == tuple(inputs[: len(run.inputs)])
    pilot.press(pygame.K_ESCAPE)
    assert app.playtest is None
    assert run.clears(app.session.doc)
    assert app.clear_run is run


def press_publish(app: EditorApp, pilot: Pilot) -> None:
    """Click Publish and wait for the upload it starts (if any) to end; a frame then shows
    the result in the status bar."""
    pilot.click(*app.toolbar.publish.rect.center)
    assert app.wait_publish(30)
    pilot.frames(1)


def draw_square(app: EditorApp, pilot: Pilot, dx: float = 0.0) -> None:
    pilot.press(pygame.K_p)
    for x, y in [*SQUARE, SQUARE[0]]:
        pilot.click(*app.to_screen(x + dx, y))
    pilot.press(pygame.K_v)


def clear_run_of(doc: LevelDocument, inputs: list[int]) -> pub.ClearRun:
    """A clear run of ``doc`` recorded without the editor (for another user's upload)."""
    from engine.sim.verify import simulate

    world = simulate(doc, inputs)
    assert world.status is Status.CLEARED
    return pub.ClearRun.record(doc, inputs[: world.tick], world)


def held_by(gallery: GalleryProcess, ident: str) -> tuple[int, bytes]:
    """The gallery's latest revision of ``ident`` and its bytes."""
    with gallery.api() as api:
        r = api.get(f"/creations/{ident}")
        assert r.status_code == 200, r.text
        data = api.get(f"/creations/{ident}/download").content
    return int(r.json()["revision"]), data


def test_signed_out_says_how_to_sign_in(app: EditorApp) -> None:
    pilot = Pilot(app)
    doc = app.session.doc
    press_publish(app, pilot)
    assert app.session.status == pub.sign_in_hint()
    assert app.toolbar.status.text == app.session.status
    assert app.session.doc is doc and not app.session.dirty


def test_without_a_clear_run_says_to_play_first(app: EditorApp, gallery: GalleryProcess) -> None:
    sign_in(gallery, *new_account(gallery))
    pilot = Pilot(app)
    pilot.press(pygame.K_p, ctrl=True, shift=True)  # the shortcut
    assert app.session.status == pub.NEEDS_CLEAR
    pilot.press(pygame.K_F5)  # a play test that does not reach the goal
    pilot.hold(pygame.K_RIGHT, 20)
    pilot.press(pygame.K_ESCAPE)
    assert app.clear_run is None
    press_publish(app, pilot)
    assert app.session.status == pub.NEEDS_CLEAR
    with gallery.api() as api:
        assert api.get(f"/creations/{app.session.doc.id}").status_code == 404


def test_clear_publish_edit_clear_publish_revisions(
    app: EditorApp, gallery: GalleryProcess, tmp_path: Path
) -> None:
    user, token = new_account(gallery)
    sign_in(gallery, user, token)
    pilot = Pilot(app)
    session = app.session
    _, inputs = sample()
    ident = session.doc.id
    url = f"{gallery.url}/c/{ident}"

    clear_by_playing(app, pilot, inputs)
    first = session.doc
    press_publish(app, pilot)
    assert session.status == f"Published: {url}"
    assert held_by(gallery, ident) == (1, codec.encode(first))
    assert session.doc is first and not session.dirty  # revision 1 is what the gallery holds
    shot = app.save_screenshot(tmp_path / "published.png")
    assert shot.stat().st_size > 10_000

    draw_square(app, pilot)  # an edit: the clear run no longer proves this level
    press_publish(app, pilot)
    assert session.status == pub.NEEDS_CLEAR
    clear_by_playing(app, pilot, inputs)
    press_publish(app, pilot)
    assert session.status == f"Published: {url} — save to keep revision 2"
    doc = session.doc
    assert (doc.id, doc.revision, len(doc.level.shapes)) == (ident, 2, len(first.level.shapes) + 1)
    assert held_by(gallery, ident) == (2, codec.encode(doc))
    assert session.dirty and session.history.undo_label == "Set identity (revision 2)"

    press_publish(app, pilot)  # nothing changed since: the clear run still holds, no new revision
    assert session.status == f"Published: {url}"
    assert held_by(gallery, ident)[0] == 2 and session.doc is doc

    draw_square(app, pilot, dx=200)  # a further edit, cleared again: revision 3
    clear_by_playing(app, pilot, inputs)
    press_publish(app, pilot)
    assert session.status == f"Published: {url} — save to keep revision 3"
    assert held_by(gallery, ident) == (3, codec.encode(session.doc))
    pilot.press(pygame.K_s, ctrl=True)
    assert load(tmp_path / "steps.cocreate").revision == 3


def test_publishing_someone_elses_creation_carries_on_as_the_remix(
    app: EditorApp, gallery: GalleryProcess
) -> None:
    session = app.session
    original = session.doc
    _, inputs = sample()
    _, owner_token = new_account(gallery)  # another user published the level first
    pub.publish(original, clear_run_of(original, inputs), server=gallery.url, token=owner_token)
    sign_in(gallery, *new_account(gallery))
    pilot = Pilot(app)

    draw_square(app, pilot)
    clear_by_playing(app, pilot, inputs)
    press_publish(app, pilot)
    remix = session.doc
    assert remix.id != original.id and remix.revision == 1
    [parent] = remix.meta.parents
    assert (parent.id, parent.revision) == (original.id, 1)
    assert parent.digest == codec.digest(codec.encode(original))
    url = f"{gallery.url}/c/{remix.id}"
    assert session.status == f"Published: {url} — save to keep revision 1"
    assert held_by(gallery, remix.id) == (1, codec.encode(remix))

    draw_square(app, pilot, dx=200)
    clear_by_playing(app, pilot, inputs)
    press_publish(app, pilot)  # the remix's next revision, not yet another remix
    assert session.status == f"Published: {url} — save to keep revision 2"
    assert held_by(gallery, remix.id) == (2, codec.encode(session.doc))
    assert held_by(gallery, original.id)[0] == 1


def test_a_wrong_token_is_one_status_line_and_changes_nothing(
    app: EditorApp, gallery: GalleryProcess
) -> None:
    sign_in(gallery, "nobody", "not-a-token")
    pilot = Pilot(app)
    _, inputs = sample()
    clear_by_playing(app, pilot, inputs)
    doc = app.session.doc
    press_publish(app, pilot)
    status = app.session.status
    assert status.startswith("Not published: ") and "\n" not in status
    assert app.toolbar.status.text == status
    assert app.session.doc is doc and not app.session.dirty
    assert app.clear_run is not None and app.clear_run.clears(doc)
    with gallery.api() as api:
        assert api.get(f"/creations/{doc.id}").status_code == 404
