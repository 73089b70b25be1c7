"""Editor tests run headless: SDL's dummy video and audio drivers, set before pygame loads."""

from __future__ import annotations

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"

import uuid
from collections.abc import Iterator
from pathlib import Path

import pygame
import pytest

from editor.app import EditorApp
from editor.pilot import Pilot
from editor.session import EditorSession
from engine.sim.inputs import Buttons
from tests.share.client.conftest import PASSWORD, GalleryProcess

KEY_OF = {
    Buttons.LEFT: pygame.K_LEFT,
    Buttons.RIGHT: pygame.K_RIGHT,
    Buttons.JUMP: pygame.K_SPACE,
    Buttons.DOWN: pygame.K_DOWN,
}
"""The key that presses each button in a play test."""


def running(session: EditorSession) -> Iterator[EditorApp]:
    """An editor window on ``session`` after its first frames, closed afterwards (for an
    ``app`` fixture: ``yield from running(session)``)."""
    editor = EditorApp(session)
    Pilot(editor).frames(2)
    yield editor
    pygame.quit()


@pytest.fixture
def pilot(app: EditorApp) -> Pilot:
    """A pilot on the test module's ``app``."""
    return Pilot(app)


@pytest.fixture(scope="module")
def gallery(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GalleryProcess]:
    """A real gallery server on 127.0.0.1 for the test module."""
    g = GalleryProcess(tmp_path_factory.mktemp("gallery")).start()
    yield g
    g.stop()


@pytest.fixture
def own_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Sign-ins kept in the test's own config folder, no default gallery from the environment,
    a 1 s client deadline, and no ``--server`` override for Publish (the publish tests use it:
    ``pytestmark = pytest.mark.usefixtures("own_config")``)."""
    from editor import publish as pub

    monkeypatch.setenv("COCREATE_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("COCREATE_SERVER", raising=False)
    monkeypatch.setenv("COCREATE_CLIENT_DEADLINE", "1")
    pub.server = None
    yield
    pub.server = None


def new_account(gallery: GalleryProcess) -> tuple[str, str]:
    """A new user of the gallery and a token of theirs."""
    user = f"u{uuid.uuid4().hex[:10]}"
    gallery.register(user)
    with gallery.api() as api:
        r = api.post("/tokens", json={"name": user, "password": PASSWORD, "label": "test"})
        assert r.status_code == 201, r.text
        return user, str(r.json()["token"])
