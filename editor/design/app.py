"""The design editor window: toolbar, canvas, side column and status bar around one
:class:`DesignSession`.

``DesignApp.step(events, dt)`` is one frame, as in the level editor: pygame_gui's manager sees
every event first, what it does not take goes to the canvas, then ``update(dt)`` and drawing;
``run()`` is that step in a 60 fps loop, and tests drive ``step`` through
:class:`editor.design.pilot.DesignPilot`.

Mouse on the canvas: a click selects the topmost visible layer under the pointer (nothing:
no selection); dragging it moves it (one undo step per drag); dragging a corner handle scales
it about its centre, the round handle above it rotates it (Shift: in steps of 15°). The wheel
zooms at the pointer, a right or middle drag pans, F fits the print area. Keys: Ctrl+Z undo,
Ctrl+Y / Ctrl+Shift+Z redo, Ctrl+S save (an untitled design asks where), Ctrl+Shift+S save as,
Delete removes the selected layer, Ctrl+D duplicates it, the arrows nudge it 0.05 in (Shift:
0.5 in), Esc selects nothing. Keys act on the canvas only, never while a field has the focus.

Files: Ctrl+N starts a new untitled design, Ctrl+O opens a design through a file dialog (a level
is refused, saying it is one); both ask first when there are unsaved changes. "Add font…" in a
text layer's font drop-down embeds a TTF or OTF file chosen the same way.

Publish (Ctrl+Shift+P, the toolbar's button; :mod:`editor.design.publish`) needs a sign-in and a
design that is valid with no preflight error; the upload runs in the background
(:mod:`editor.publishing`) while editing goes on. Afterwards the design carries on as the gallery
holds it (``DesignSession.adopt_identity``), so the next publish is the next revision.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import pygame

from editor.design.canvas import Canvas
from editor.design.geometry import (
    CORNERS,
    Handle,
    View,
    angle,
    corners,
    handle_at,
    handles,
    layer_at,
)
from editor.design.panels import (
    SIDE_WIDTH,
    DesignToolbar,
    SidePanel,
)
from editor.design.session import FONT_SUFFIXES, IMAGE_SUFFIXES, DesignSession
from editor.window import SUFFIX, DocumentWindow
from engine.edit.design import MoveLayer, RotateLayer, ScaleLayer
from engine.errors import CocreateError, one_line

if TYPE_CHECKING:
    from editor.design.publish import Published
    from engine.document import DesignDocument

ZOOM_STEP = 1.2
FIT_MARGIN = 1.5
"""Inches shown around the print area when the view fits it."""
SNAP_DEGREES = 15.0
MIN_FACTOR = 0.01
NUDGE_KEYS = {
    pygame.K_LEFT: (-1, 0),
    pygame.K_RIGHT: (1, 0),
    pygame.K_UP: (0, -1),
    pygame.K_DOWN: (0, 1),
}
TOOLBAR_BG = (40, 43, 48)
SIDE_BG = (33, 36, 41)
SIDE_EDGE = (58, 62, 70)
DIALOG_SUFFIXES: dict[str, set[str]] = {
    "open": {SUFFIX},
    "image": set(IMAGE_SUFFIXES),
    "font": set(FONT_SUFFIXES),
}


@dataclass
class Drag:
    """A left-button drag on the canvas: ``move``, ``scale`` (a corner) or ``rotate``."""

    mode: str
    index: int
    last: tuple[float, float]
    """Move: the last pointer position, inches."""
    centre: tuple[float, float] = (0.0, 0.0)
    """Scale and rotate: the layer's centre, screen px."""
    start: float = 1.0
    """Scale: the pointer's first distance from the centre; rotate: its first angle."""
    rotation: float = 0.0
    """Rotate: the layer's rotation when the drag began."""
    applied: float = 0.0
    """Scale: the factor applied so far (starts at 1); rotate: the degrees turned so far."""


class DesignApp(DocumentWindow[DesignSession]):
    """A design editor window on ``session``; ``surface`` (for tests) instead of a new display."""

    DIALOG_SUFFIXES = DIALOG_SUFFIXES

    def __init__(
        self,
        session: DesignSession,
        size: tuple[int, int] = (1280, 800),
        *,
        surface: pygame.Surface | None = None,
    ) -> None:
        self._open(session, size, surface, side_width=SIDE_WIDTH)
        self.view = View()
        self.canvas = Canvas()
        self.toolbar = DesignToolbar(self.manager, self.size, session)
        self.side = SidePanel(self.manager, self.side_rect)
        self.running = True
        self.mouse = (0, 0)
        self.drag: Drag | None = None
        self._panning = False
        self._caption = ""
        self.fit()

    # -- commands ------------------------------------------------------------------------------

    def fit(self) -> None:
        area = self.session.doc.design.print_area
        rect = self.canvas_rect
        self.view.fit(rect.width, rect.height, area.width, area.height, FIT_MARGIN)

    def _folder(self) -> Path:
        folder = self.session.path.parent if self.session.path is not None else Path.cwd()
        return folder if folder.is_dir() else Path.cwd()

    def add_image(self) -> None:
        """Choose a PNG or JPEG file to add as a layer."""
        self._file_dialog("image", "Add image", self._folder())

    def add_font(self) -> None:
        """Choose a TTF or OTF file to set the selected text layer in."""
        self._file_dialog("font", "Add font", self._folder())

    def load(self, session: DesignSession) -> None:
        """Edit ``session`` from now on, its print area fitted in the view."""
        self.session = session
        self.drag = None
        self.fit()

    def new(self) -> None:
        """A new untitled design (asking first when there are unsaved changes)."""
        if not self._ask("new"):
            self.load(DesignSession.new())

    def open(self, *, asked: bool = False) -> None:
        """Choose a design file to open (asking first, unless ``asked``, when there are unsaved
        changes; they stay until a design is opened)."""
        if asked or not self._ask("open"):
            self._file_dialog("open", "Open design", self._folder())

    def open_path(self, path: Path) -> bool:
        """Open the design in ``path``; when it is no readable design (a level, say) the status
        bar says so and the current design stays."""
        try:
            session = DesignSession.open(path)
        except (CocreateError, OSError, ValueError) as exc:
            self.session.status = one_line(f"Not opened: {path.name}: {exc}")
            return False
        self.load(session)
        return True

    def _upload(
        self, doc: DesignDocument, server: str, token: str
    ) -> Callable[[], Published] | None:
        """A design is published when it is valid with no preflight error (see
        :mod:`editor.design.publish`)."""
        from editor.design import publish as pub

        found = pub.blockers(doc)
        if found:
            more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
            self.session.status = one_line(f"Not published: {found[0]}{more}")
            return None
        return partial(pub.publish_design, doc, server=server, token=token)

    def _picked(self, path: Path) -> None:
        if self.file_mode == "image":
            self.session.add_image(path)
        elif self.file_mode == "font":
            self.session.set_font_file(path)
        elif self.file_mode == "open":
            self.open_path(path)
        else:
            self.save_path(path)

    def _start_new(self) -> None:
        self.load(DesignSession.new())

    def act(self, action: str) -> None:
        """Do what a button or menu stands for."""
        session = self.session
        if action == "undo":
            session.undo()
        elif action == "redo":
            session.redo()
        elif action == "save":
            self.save()
        elif action == "fit":
            self.fit()
        elif action == "add_text":
            session.add_text()
        elif action == "add_shape":
            session.add_shape()
        elif action == "add_image":
            self.add_image()
        elif action == "delete":
            session.delete()
        elif action == "duplicate":
            session.duplicate()
        elif action == "up":
            session.raise_layer()
        elif action == "down":
            session.lower_layer()
        elif action == "visible":
            session.toggle_visible()
        elif action == "locked":
            session.toggle_locked()
        elif action == "publish":
            self.publish()
        elif action == "add_font":
            self.add_font()
        elif action == "add_color":
            session.add_color()
        elif action == "remove_color":
            session.remove_color()
        elif action == "color_up":
            session.color_up()

    # -- the frame -----------------------------------------------------------------------------

    def step(self, events: list[pygame.event.Event], dt: float) -> None:
        """One frame: events to the manager, then to the canvas; update; draw."""
        for event in events:
            taken = self.manager.process_events(event)
            self.side.check_focus(self.session)  # a field left is a field applied
            self._event(event, taken)
        self.publisher.poll(self.session)
        self.fade_status()
        self.manager.update(dt)
        self.toolbar.sync(self.session)
        self.side.sync(self.session)
        self.draw()

    def _event(self, event: pygame.event.Event, taken: bool) -> None:
        if self._dialog_event(event):
            return
        if not self.dialog_open:
            action = self.toolbar.action(event, self.session) or self.side.action(
                event, self.session
            )
            if action is not None:
                self.act(action)
                return
        if event.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
            self.mouse = event.pos
        if self.dialog_open:
            return
        if event.type == pygame.KEYDOWN:
            if not taken and not self.side.typing:
                self._key(event)
        elif not taken:
            self._mouse(event)

    def _key(self, event: pygame.event.Event) -> None:
        key, mod = event.key, event.mod
        ctrl = bool(mod & (pygame.KMOD_CTRL | pygame.KMOD_META))
        shift = bool(mod & pygame.KMOD_SHIFT)
        session = self.session
        if ctrl:
            if key == pygame.K_z:
                session.redo() if shift else session.undo()
            elif key == pygame.K_y:
                session.redo()
            elif key == pygame.K_s:
                self.save_as() if shift else self.save()
            elif key == pygame.K_d:
                session.duplicate()
            elif key == pygame.K_n:
                self.new()
            elif key == pygame.K_o:
                self.open()
            elif key == pygame.K_p and shift:
                self.publish()
            return
        if key in NUDGE_KEYS:
            if self.drag is None:
                session.nudge(*NUDGE_KEYS[key], big=shift)
        elif key in (pygame.K_DELETE, pygame.K_BACKSPACE):
            session.delete()
        elif key == pygame.K_ESCAPE:
            session.select(None)
        elif key == pygame.K_f:
            self.fit()

    # -- the mouse -----------------------------------------------------------------------------

    def _local(self, pos: tuple[int, int]) -> tuple[float, float]:
        return float(pos[0] - self.canvas_rect.left), float(pos[1] - self.canvas_rect.top)

    def to_screen(self, x: float, y: float) -> tuple[float, float]:
        """Window px of the print-area point ``(x, y)`` inches (for tests and the pilot)."""
        sx, sy = self.view.to_screen(x, y)
        return sx + self.canvas_rect.left, sy + self.canvas_rect.top

    def handle_points(self) -> dict[Handle, tuple[float, float]]:
        """The selected layer's handles in window px (none for no layer or a locked one)."""
        layer = self.session.selected_layer
        if layer is None or layer.locked:
            return {}
        area = self.session.doc.design.print_area
        points = [self.to_screen(*p) for p in corners(layer, self.session.doc.assets, area.dpi)]
        return handles(points)

    def _mouse(self, event: pygame.event.Event) -> None:
        if self.side.picker.is_open:
            return  # the colour picker is modal: no zoom, pan or hover under it either
        if event.type == pygame.MOUSEWHEEL:
            if self.canvas_rect.collidepoint(self.mouse):
                self.view.zoom_at(*self._local(self.mouse), ZOOM_STEP**event.y)
            return
        if event.type == pygame.MOUSEBUTTONDOWN:
            if not self.canvas_rect.collidepoint(event.pos):
                return
            if event.button == 1:
                self._press(event.pos)
            elif event.button in (2, 3):
                self._panning = True
        elif event.type == pygame.MOUSEMOTION:
            if self._panning:
                self.view.pan(*event.rel)
            elif self.drag is not None:
                self._drag_to(event.pos)
        elif event.type == pygame.MOUSEBUTTONUP:
            if event.button == 1 and self.drag is not None:
                self.drag = None
                self.session.end_drag()
            elif event.button in (2, 3):
                self._panning = False

    def _press(self, pos: tuple[int, int]) -> None:
        session = self.session
        session.end_drag()
        index = session.selected_index
        spots = self.handle_points()
        grabbed = handle_at(spots, *pos) if spots else None
        if grabbed is not None and index is not None:
            layer = session.doc.design.layers[index]
            centre = self.to_screen(layer.transform.x, layer.transform.y)
            if grabbed in CORNERS:
                distance = math.hypot(pos[0] - centre[0], pos[1] - centre[1])
                self.drag = Drag("scale", index, (0.0, 0.0), centre, max(distance, 1.0), 0.0, 1.0)
            else:
                start = angle(*centre, *pos)
                self.drag = Drag(
                    "rotate", index, (0.0, 0.0), centre, start, layer.transform.rotation
                )
            return
        x, y = self.view.to_inches(*self._local(pos))
        picked = layer_at(session.doc.design, session.doc.assets, x, y)
        session.select(picked)
        self.drag = None if picked is None else Drag("move", picked, (x, y))

    def _drag_to(self, pos: tuple[int, int]) -> None:
        drag, session = self.drag, self.session
        assert drag is not None
        if drag.mode == "move":
            x, y = self.view.to_inches(*self._local(pos))
            dx, dy = x - drag.last[0], y - drag.last[1]
            if (dx, dy) != (0.0, 0.0) and session.apply(MoveLayer(drag.index, dx, dy)):
                drag.last = (x, y)
        elif drag.mode == "scale":
            distance = math.hypot(pos[0] - drag.centre[0], pos[1] - drag.centre[1])
            target = max(distance / drag.start, MIN_FACTOR)
            if target != drag.applied and session.apply(
                ScaleLayer(drag.index, target / drag.applied)
            ):
                drag.applied = target
        elif drag.mode == "rotate":
            turn = angle(*drag.centre, *pos) - drag.start
            if pygame.key.get_mods() & pygame.KMOD_SHIFT:
                turn = round((drag.rotation + turn) / SNAP_DEGREES) * SNAP_DEGREES - drag.rotation
            step = (turn - drag.applied + 180.0) % 360.0 - 180.0
            if step != 0.0 and session.apply(RotateLayer(drag.index, step)):
                drag.applied += step

    # -- drawing -------------------------------------------------------------------------------

    def draw(self) -> None:
        self.surface.fill(TOOLBAR_BG)
        self.surface.fill(SIDE_BG, self.side_rect)
        side = self.side_rect
        pygame.draw.line(self.surface, SIDE_EDGE, side.topleft, side.bottomleft)
        canvas = self.surface.subsurface(self.canvas_rect)
        self.canvas.draw(canvas, self.session, self.view)
        self.toolbar.show(self.session)
        self.manager.draw_ui(self.surface)
        title = self.session.title
        if title != self._caption:
            self._caption = title
            pygame.display.set_caption(title)
        if self.surface is pygame.display.get_surface():
            pygame.display.flip()
