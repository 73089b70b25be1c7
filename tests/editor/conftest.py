"""Editor tests run headless: SDL's dummy video and audio drivers, set before pygame loads."""

from __future__ import annotations

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"

from collections.abc import Iterator

import pygame
import pytest

from editor.app import EditorApp
from editor.pilot import Pilot
from editor.session import EditorSession


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
