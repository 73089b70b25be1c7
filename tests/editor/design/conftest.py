"""The design editor's tests: a window on a copy of the sunrise-tee sample, and a pilot for it."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pygame
import pytest

from editor.design.app import DesignApp
from editor.design.pilot import DesignPilot
from editor.design.session import DesignSession

LEVELS = Path(__file__).resolve().parents[3] / "levels"


@pytest.fixture
def app(tmp_path: Path) -> Iterator[DesignApp]:
    tee = tmp_path / "tee.cocreate"
    shutil.copy(LEVELS / "sunrise-tee.cocreate", tee)
    editor = DesignApp(DesignSession.open(tee))
    DesignPilot(editor).frames(2)
    yield editor
    pygame.quit()


@pytest.fixture
def pilot(app: DesignApp) -> DesignPilot:
    return DesignPilot(app)


def edit_in_a_process(path: Path, before_quit: str, after: str) -> subprocess.CompletedProcess[str]:
    """The real ``cocreate edit PATH`` under SDL's dummy driver, its window's loop wrapped:
    ``before_quit`` runs (indented code, ``self`` the window) before a QUIT is posted and the
    real loop runs; ``after`` runs when it returns (say, printing what the test checks)."""
    from tests.conftest import COCREATE, subprocess_env

    code = (
        "import sys, pygame\n"
        "import editor.design.app as app\n"
        "from editor.design.pilot import DesignPilot\n"
        "run = app.DesignApp.run\n"
        "def wrapped(self):\n"
        f"{before_quit}"
        "    pygame.event.post(pygame.event.Event(pygame.QUIT))\n"
        "    run(self)\n"
        f"{after}"
        "app.DesignApp.run = wrapped\n"
        "from cocreate.cli import main\n"
        "sys.exit(main(['edit', sys.argv[1]]))\n"
    )
    env = subprocess_env()
    env["SDL_VIDEODRIVER"] = "dummy"
    env["SDL_AUDIODRIVER"] = "dummy"
    return subprocess.run(
        [str(COCREATE.parent / "python"), "-c", code, str(path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
