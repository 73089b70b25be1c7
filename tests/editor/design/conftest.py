"""The design editor's tests: a window on a copy of the sunrise-tee sample, and a pilot for it."""

from __future__ import annotations

import shutil
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
