"""Publish from the design editor, through its loop, against a real gallery (``cocreate gallery
serve`` on 127.0.0.1): sign-in, refusing a design with problems, publishing, carrying on as the
gallery's revision, and ``cocreate edit --server``."""

from __future__ import annotations

import argparse
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import msgspec
import pygame
import pytest

from cocreate import edit
from editor import publish as pub
from editor.design.app import DesignApp
from editor.design.pilot import DesignPilot
from editor.design.session import DesignSession
from engine.document import DesignDocument
from engine.edit.design import SetText
from engine.fileio import load, save
from share.client import config
from tests.editor.conftest import new_account
from tests.share.client.conftest import GalleryProcess

LEVELS = Path(__file__).resolve().parents[3] / "levels"


def sign_in(gallery: GalleryProcess, user: str, token: str, default: str = "") -> None:
    """What ``cocreate login`` leaves on this machine (``default``: another last gallery)."""
    cfg = config.Config(server=default or gallery.url)
    cfg.accounts[gallery.url] = config.Account(token=token, user=user)
    config.save(cfg)


pytestmark = pytest.mark.usefixtures("own_config")


def fresh_tee(folder: Path) -> Path:
    """The sample design as a new creation of its own (a new id), in ``folder``."""
    doc = load(LEVELS / "sunrise-tee.cocreate")
    assert isinstance(doc, DesignDocument)
    path = folder / "tee.cocreate"
    save(msgspec.structs.replace(doc, id=str(uuid.uuid4())), path)
    return path


@pytest.fixture
def app(tmp_path: Path) -> Iterator[DesignApp]:
    editor = DesignApp(DesignSession.open(fresh_tee(tmp_path)))
    DesignPilot(editor).frames(2)
    yield editor
    pygame.quit()


def revisions(gallery: GalleryProcess, ident: str) -> int:
    with gallery.api() as api:
        r = api.get(f"/creations/{ident}")
        assert r.status_code == 200, r.text
        return int(r.json()["revision"])


def test_signed_out_says_how_to_sign_in(app: DesignApp) -> None:
    pilot = DesignPilot(app)
    pilot.press(pygame.K_p, ctrl=True, shift=True)
    assert app.session.status == pub.sign_in_hint()
    assert app.session.status.startswith("Publish: sign in first (cocreate login --server ")


def test_publish_then_edit_and_publish_the_next_revision(
    app: DesignApp, gallery: GalleryProcess
) -> None:
    pilot = DesignPilot(app)
    sign_in(gallery, *new_account(gallery))
    ident = app.session.doc.id
    pilot.press(pygame.K_p, ctrl=True, shift=True)
    assert app.wait_publish(30)
    url = f"{gallery.url}/c/{ident}"
    assert app.session.status == f"Published: {url}"
    assert revisions(gallery, ident) == 1
    pilot.click(*app.to_screen(6.0, 6.5))
    pilot.press(pygame.K_RIGHT)
    pilot.click(*app.toolbar.buttons["publish"].rect.center)
    assert app.wait_publish(30)
    assert app.session.status == f"Published: {url} — save to keep revision 2"
    assert app.session.doc.revision == 2 and app.session.doc.id == ident
    assert revisions(gallery, ident) == 2
    pilot.press(pygame.K_p, ctrl=True, shift=True)  # unchanged: nothing new
    assert app.wait_publish(30)
    assert app.session.status == f"Published: {url}"
    assert revisions(gallery, ident) == 2
    pilot.press(pygame.K_s, ctrl=True)
    saved = load(app.session.path)  # type: ignore[arg-type]
    assert saved.revision == 2


def test_a_design_with_problems_is_refused_before_any_request(
    app: DesignApp, gallery: GalleryProcess
) -> None:
    pilot = DesignPilot(app)
    sign_in(gallery, *new_account(gallery))
    app.session.select(1)
    pilot.frames(1)
    assert app.session.apply(SetText(1, ""))  # the text field refuses this; a file may hold it
    pilot.frames(1)
    before = app.session.doc
    pilot.click(*app.toolbar.buttons["publish"].rect.center)
    assert app.session.status.startswith("Not published: $.design.layers[1]")
    assert app.session.doc is before
    with gallery.api() as api:
        assert api.get(f"/creations/{before.id}").status_code == 404


def test_a_wrong_token_is_one_status_line(app: DesignApp, gallery: GalleryProcess) -> None:
    sign_in(gallery, "nobody", "not-a-token")
    before = app.session.doc
    app.publish()
    assert app.wait_publish(30)
    assert app.session.status.startswith("Not published: ")
    assert "\n" not in app.session.status and app.session.doc is before


def test_cocreate_edit_server_is_where_the_design_editor_publishes(
    tmp_path: Path, gallery: GalleryProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    sign_in(gallery, *new_account(gallery), default="http://127.0.0.1:9")
    tee = fresh_tee(tmp_path)
    seen: list[str] = []

    def window(make: Callable[[], DesignApp]) -> int:
        made = make()
        try:
            made.publish()
            assert made.wait_publish(30)
            seen.append(made.session.status)
        finally:
            pygame.quit()
        return 0

    monkeypatch.setattr(edit, "_window", window)
    assert edit.run(argparse.Namespace(file=str(tee), server=gallery.url + "/")) == 0
    ident = load(tee).id
    assert seen == [f"Published: {gallery.url}/c/{ident}"]
