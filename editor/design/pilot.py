"""Driving a real :class:`~editor.design.app.DesignApp` from tests, as
:class:`editor.pilot.Pilot` drives the level editor: synthetic pygame events through the real
loop. Coordinates are window pixels; ``app.to_screen(x, y)`` gives a print-area inch's."""

from __future__ import annotations

from editor.design.app import DesignApp
from editor.pilot import Pilot


class DesignPilot(Pilot):
    def __init__(self, app: DesignApp) -> None:
        super().__init__(app)  # type: ignore[arg-type]  # the pilot uses only step and mouse
        self.design_app = app
