"""The editor window: toolbar, canvas, side column and status bar around one
:class:`EditorSession`. The side column holds the inspector (the selection's fields, see
:mod:`editor.inspector`) over the problems list (:mod:`editor.problems`).

``EditorApp.step(events, dt)`` is one frame, following pygame_gui's contract: the manager sees
every event first (``process_events``), what it does not take goes to the canvas (the active
tool, pan and zoom, shortcuts), then ``update(dt)`` and drawing. ``run()`` is that step in a
60 fps loop; tests call ``step`` directly through :class:`editor.pilot.Pilot`.

Mouse: left button → the active tool (in world px); wheel zooms at the cursor; middle or right drag
pans. Keys: Ctrl+Z undo, Ctrl+Y / Ctrl+Shift+Z redo, Ctrl+S save, V/P/E/L/T/I pick a tool, F fits
the level, Delete/Backspace/Enter/Escape go to the tool, [ and ] choose the tile before or after
with the Tiles tool, F5 plays (Esc stops), Ctrl+Shift+P publishes (the Publish button). Files:
Ctrl+N starts a new untitled level, Ctrl+O opens a ``.cocreate`` file and Ctrl+Shift+S saves under a
new name, both through a file dialog; New and Open ask first when there are unsaved changes. The
selection: Ctrl+A selects everything, Ctrl+D duplicates it, Ctrl+C / Ctrl+V copy and paste it, the
arrow keys nudge it one grid step (Shift: ten). Keys act only on the canvas: not while a text field
has the focus nor during play (the arrows drive the player then); Enter in a field applies it and
gives the keys back, so Ctrl+Z and Ctrl+S then act on the change.

The Tiles tool's layer drop-down ends with "New tile layer…": a file dialog chooses a PNG or JPEG
tileset image, and a new empty layer covering the level (32 px tiles, named "tiles N") becomes
the chosen one; the inspector then shows its fields, the tile size and tileset columns among
them, and Delete layer / Up / Down buttons.

The Image tool places decorations: the toolbar's drop-down chooses one of the level's images, or
"Add image…" chooses a PNG or JPEG file (a file dialog) that the next click embeds.

Publish (:mod:`editor.publish`) needs a sign-in and a clear run of the document as it is: the
last play test that reached the goal is kept in ``clear_run`` when play stops. The upload runs
in the background (:mod:`editor.publishing`) while editing goes on. After a publish
the level carries on as the gallery holds it (its new revision, a remix's id and parents:
``EditorSession.adopt_identity``), so the next publish after further edits is the next revision.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import pygame

from editor.canvas import Canvas
from editor.inspector import Inspector
from editor.panels import (
    ADD_IMAGE,
    PROBLEMS_HEIGHT,
    SIDE_WIDTH,
    Toolbar,
    unique_labels,
)
from editor.picking import bounds
from editor.playtest import Playtest, why_not_playable
from editor.problems import ProblemsList
from editor.publish import ClearRun
from editor.session import EditorSession
from editor.tools import (
    NO_TILE_LAYERS,
    EntityTool,
    ImageTool,
    LinkTool,
    PolygonTool,
    SelectTool,
    TileTool,
    Tool,
    image_assets,
    new_tile_layer,
)
from editor.viewport import Viewport
from editor.window import SUFFIX, DocumentWindow
from engine.errors import CocreateError, EditError, one_line
from engine.importers import SUFFIXES as MAP_SUFFIXES

if TYPE_CHECKING:
    from editor.publish import Published
    from engine.document import LevelDocument

ZOOM_STEP = 1.2
"""Zoom factor of one wheel notch."""
TOOL_KEYS = {
    pygame.K_v: "select",
    pygame.K_p: "polygon",
    pygame.K_e: "entity",
    pygame.K_l: "link",
    pygame.K_t: "tiles",
    pygame.K_i: "image",
}
NUDGE_KEYS = {
    pygame.K_LEFT: (-1, 0),
    pygame.K_RIGHT: (1, 0),
    pygame.K_UP: (0, -1),
    pygame.K_DOWN: (0, 1),
}
"""Arrow keys: the direction they nudge the selection in (grid steps; y down)."""
TOOL_WORDS = {
    pygame.K_DELETE: "delete",
    pygame.K_BACKSPACE: "backspace",
    pygame.K_RETURN: "enter",
    pygame.K_KP_ENTER: "enter",
    pygame.K_ESCAPE: "escape",
}
TOOLBAR_BG = (40, 43, 48)
SIDE_BG = (33, 36, 41)
SIDE_EDGE = (58, 62, 70)
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg"}
NO_IMAGES = "This level has no images yet: choose Add image… in the toolbar, then click to place it"

DIALOG_SUFFIXES = {
    "open": {SUFFIX, *MAP_SUFFIXES},
    "image": IMAGE_SUFFIXES,
    "tileset": IMAGE_SUFFIXES,
}
"""The files each file-dialog mode lists (Save As: every file)."""


class EditorApp(DocumentWindow[EditorSession]):
    """An editor window on ``session``; ``surface`` (for tests) instead of a new display."""

    DIALOG_SUFFIXES = DIALOG_SUFFIXES

    def __init__(
        self,
        session: EditorSession,
        size: tuple[int, int] = (1280, 800),
        *,
        surface: pygame.Surface | None = None,
    ) -> None:
        self._open(session, size, surface, side_width=SIDE_WIDTH)
        self.viewport = Viewport(self.canvas_rect.width, self.canvas_rect.height)
        self.canvas = Canvas()
        self.toolbar = Toolbar(self.manager, self.size, session)
        side = self.side_rect
        self.inspector = Inspector(
            self.manager, pygame.Rect(side.x, side.y, side.width, side.height - PROBLEMS_HEIGHT)
        )
        self.problems = ProblemsList(
            self.manager,
            pygame.Rect(side.x, side.bottom - PROBLEMS_HEIGHT, side.width, PROBLEMS_HEIGHT),
        )
        self.tool: Tool = SelectTool()
        self.tool_name = "select"
        self.image_tool = ImageTool()
        """The Image tool (kept while other tools are used: it remembers the image chosen)."""
        self.playtest: Playtest | None = None
        self.clear_run: ClearRun | None = None
        """The last play test that reached the goal (Publish checks it clears the document)."""
        self.running = True
        self.mouse = (0, 0)
        self._left_down = False
        self._panning = False
        self._caption = ""
        self.fit()
        self.show_notes()

    # -- commands ------------------------------------------------------------------------------

    def set_tool(self, name: str) -> None:
        """Make ``name`` ("select", "polygon", "entity", "link", "tiles", "image") the active
        tool (a fresh one, with the toolbar's material, body, entity kind, tile layer and tile;
        the Image tool is the same one, with the image it had if the level still has it)."""
        tool: Tool
        if name == "polygon":
            tool = PolygonTool(material=self.toolbar.material, body=self.toolbar.body)
        elif name == "entity":
            tool = EntityTool(kind=self.toolbar.kind)
        elif name == "link":
            tool = LinkTool()
        elif name == "tiles":
            self.sync_tiles()
            tool = TileTool(layer=self.toolbar.layer, tile=self.toolbar.tile)
            if not self.session.doc.level.tile_layers:
                self.session.status = NO_TILE_LAYERS
        elif name == "image":
            tool = self.image_tool
            images = [key for key, _ in image_assets(self.session.doc)]
            if tool.file is None and tool.image not in images:
                tool.choose(images[0] if images else None)
            if tool.file is None and tool.image is None:
                self.session.status = NO_IMAGES
            self.sync_images()
        else:
            name, tool = "select", SelectTool()
        self.tool, self.tool_name = tool, name
        self._left_down = False

    def sync_tiles(self, chosen: int | None = None) -> None:
        """Keep the Tiles tool's drop-downs in line with the level's tile layers (and show the
        layer ``chosen`` when given)."""
        doc = self.session.doc
        layers = doc.level.tile_layers

        def tiles(index: int) -> list[pygame.Surface]:
            if not 0 <= index < len(layers):
                return []
            return self.canvas.tiles.tiles(doc, layers[index].tileset)

        self.toolbar.sync_tiles(tuple(layer.name for layer in layers), tiles, chosen)

    def new_tile_layer(self) -> None:
        """Choose a PNG or JPEG tileset image for a new tile layer (a file dialog); the layer
        drop-down shows the layer chosen before meanwhile."""
        self.sync_tiles(chosen=self.toolbar.layer)
        folder = self.session.path.parent if self.session.path is not None else Path.cwd()
        self._file_dialog("tileset", "New tile layer", folder if folder.is_dir() else Path.cwd())

    def add_tile_layer_path(self, path: Path) -> bool:
        """Add an empty tile layer over the level with the image file ``path`` as its tileset
        and choose it for the Tiles tool; when it cannot be added the status bar says why."""
        session = self.session
        try:
            command = new_tile_layer(session.doc, path.read_bytes(), path.name)
        except OSError as exc:
            session.status = one_line(f"Not added: {path.name}: {exc.strerror or exc}")
            return False
        except EditError as exc:
            session.status = one_line(f"Not added: {exc}")
            return False
        if not session.apply(command, merge=False):
            session.status = one_line(f"Not added: {session.status}")
            return False
        session.end_drag()
        index = len(session.doc.level.tile_layers) - 1
        layer = session.doc.level.tile_layers[index]
        session.select(())
        self.sync_tiles(chosen=index)
        self.set_tool("tiles")
        ts = layer.tileset
        session.status = (
            f"Added tile layer {layer.name!r}: {layer.columns} × {layer.rows} cells of "
            f"{ts.tile_width} × {ts.tile_height} px; choose a tile and paint"
        )
        return True

    def _image_labels(self) -> list[tuple[str, str]]:
        """The Image tool's choices as (digest, label): the level's images, then a file chosen
        to add (digest "")."""
        found = image_assets(self.session.doc)
        names = [name for _, name in found]
        pending = self.image_tool.file
        if pending is not None:
            names.append(f"{pending[0]} (new)")
        keys = [key for key, _ in found] + ([""] if pending is not None else [])
        return list(zip(keys, unique_labels(tuple(names)), strict=True))

    def sync_images(self, *, force: bool = False) -> None:
        """Keep the Image tool's drop-down in line with the level's images and its choice."""
        labels = self._image_labels()
        tool = self.image_tool
        want = "" if tool.file is not None else tool.image
        chosen = next((label for key, label in labels if key == want), "")
        self.toolbar.sync_images(tuple(label for _, label in labels), chosen, force=force)

    def choose_image(self, label: str) -> None:
        """The Image tool's drop-down chose ``label``: that image, or a file (Add image…)."""
        if label == ADD_IMAGE:
            self.sync_images(force=True)  # it shows the tool's image until a file is picked
            self.add_image()
            return
        key = next((k for k, text in self._image_labels() if text == label), None)
        if key:
            self.image_tool.choose(key)
        self.set_tool("image")

    def add_image(self) -> None:
        """Choose a PNG or JPEG file for the Image tool to place (a file dialog)."""
        folder = self.session.path.parent if self.session.path is not None else Path.cwd()
        self._file_dialog("image", "Add image", folder if folder.is_dir() else Path.cwd())

    def add_image_path(self, path: Path) -> bool:
        """The Image tool places the image file ``path`` with the next click (it is embedded
        then); when it is no readable PNG or JPEG the status bar says so."""
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.session.status = one_line(f"Not added: {path.name}: {exc.strerror or exc}")
            return False
        if not self.image_tool.choose_file(self.session, data, path.name):
            return False
        status = self.session.status
        self.set_tool("image")
        self.session.status = status
        return True

    def fit(self) -> None:
        size = self.session.doc.level.size
        self.viewport.fit(size.width, size.height)

    def centre_on(self, ident: int) -> None:
        """Pan so that the shape, entity or decoration ``ident`` is in the middle of the
        canvas."""
        box = bounds(self.session.doc, ident)
        if box is None:
            return
        x0, y0, x1, y1 = box
        sx, sy = self.viewport.to_screen((x0 + x1) / 2, (y0 + y1) / 2)
        self.viewport.pan(self.viewport.width / 2 - sx, self.viewport.height / 2 - sy)

    def undo(self) -> None:
        if not self.session.undo():
            self.session.status = "Nothing to undo"

    def redo(self) -> None:
        if not self.session.redo():
            self.session.status = "Nothing to redo"

    def play(self) -> None:
        """Start a play test of the current document, or say in the status bar why not."""
        if self.playtest is not None:
            return
        why = why_not_playable(self.session)
        if why is not None:
            self.session.status = why
            return
        try:
            self.playtest = Playtest(self.session.doc, self.canvas_rect.size)
        except Exception as exc:  # a level the simulation rejects: say so, keep editing
            self.session.status = f"Cannot play: {type(exc).__name__}: {exc}"
            return
        if self.notes_window is not None and self.notes_window.alive():
            self.notes_window.kill()  # the import's notes would cover the play test
        self.session.status = ""

    def stop(self) -> None:
        if self.playtest is not None and self.playtest.clear_run is not None:
            self.clear_run = self.playtest.clear_run
        self.playtest = None

    def publish(self) -> None:
        """Publish the level with its clear run (see :mod:`editor.publish`; a play test stops
        first) in the background, as :meth:`DocumentWindow.publish` says."""
        if not self.publisher.busy:
            self.stop()
        super().publish()

    def _upload(
        self, doc: LevelDocument, server: str, token: str
    ) -> Callable[[], Published] | None:
        from editor import publish as pub

        run = self.clear_run
        if run is None or not run.clears(doc):
            self.session.status = pub.NEEDS_CLEAR
            return None
        return partial(pub.publish_level, doc, run, server=server, token=token)

    def load(self, session: EditorSession) -> None:
        """Edit ``session`` from now on: a fresh tool, the view fitted to its level, no
        selection, and no clear run (that was of the other level)."""
        self.stop()
        self.session = session
        session.select(())
        self.clear_run = None
        self.set_tool(self.tool_name)
        self.fit()
        self.show_notes()

    def new(self) -> None:
        """A new untitled level (asking first when there are unsaved changes)."""
        if self._ask("new"):
            return
        self.load(EditorSession.new_level())
        self.session.status = "New level (not saved yet)"

    def open(self, *, asked: bool = False) -> None:
        """Choose a level file to open (asking first, unless ``asked``, when there are unsaved
        changes; they stay until a level is opened)."""
        if not asked and self._ask("open"):
            return
        folder = self.session.path.parent if self.session.path is not None else Path.cwd()
        self._file_dialog("open", "Open level", folder if folder.is_dir() else Path.cwd())

    def open_path(self, path: Path) -> bool:
        """Open the level in ``path``; when it is no readable level the status bar says so and
        the current level stays."""
        try:
            session = EditorSession.open(path)
        except (CocreateError, OSError, ValueError) as exc:
            self.session.status = one_line(f"Not opened: {path.name}: {exc}")
            return False
        self.load(session)
        return True

    def _picked(self, path: Path) -> None:
        if self.file_mode == "open":
            self.open_path(path)
        elif self.file_mode == "image":
            self.add_image_path(path)
        elif self.file_mode == "tileset":
            self.add_tile_layer_path(path)
        else:
            self.save_path(path)

    def _start_new(self) -> None:
        self.load(EditorSession.new_level())
        self.session.status = "New level (not saved yet)"

    # -- the frame -----------------------------------------------------------------------------

    def step(self, events: list[pygame.event.Event], dt: float) -> None:
        """One frame: events to the manager, then to the canvas; update; draw."""
        for event in events:
            taken = self.manager.process_events(event)
            self.inspector.check_focus(self.session)  # a field left is a field applied
            self._event(event, taken)
        self.publisher.poll(self.session)
        self.fade_status()
        self.manager.update(dt)
        self.toolbar.sync_materials(self.session)
        self.sync_tiles(self.inspector.take_layer_choice())
        if isinstance(self.tool, TileTool) and not self._left_down:
            self.tool.layer, self.tool.tile = self.toolbar.layer, self.toolbar.tile
        if self.tool_name == "image":
            self.sync_images()
        self.inspector.tile_layer = self.toolbar.layer if self.tool_name == "tiles" else None
        self.inspector.sync(self.session)
        self.problems.sync(self.session)
        if self.playtest is not None:
            self.playtest.advance(dt)
        self.draw()

    def _event(self, event: pygame.event.Event, taken: bool) -> None:
        if self._dialog_event(event):
            return
        action = self.toolbar.action(event)
        if action is not None:
            self._action(action)
            return
        if self.playtest is None and not self.dialog_open:
            if self.inspector.handle(event, self.session):
                return
            ident = self.problems.clicked(event, self.session)
            if ident is not None:
                self.centre_on(ident)
                return
        if event.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
            self.mouse = event.pos
        if self.dialog_open:
            return  # the dialog is modal
        if self.playtest is not None:
            if self.playtest.handle(event) == "stop":
                self.stop()
            return
        if event.type == pygame.KEYDOWN:
            if not taken and not self.inspector.typing:  # keys typed into a field stay there
                self._key(event)
        elif not taken:
            self._mouse(event)

    def _action(self, action: str) -> None:
        if action == "publish":
            self.publish()
        elif action == "play":
            if self.playtest is None:
                self.play()
            else:
                self.stop()
        elif self.playtest is not None:
            return
        elif action.startswith("tool:"):
            self.set_tool(action.removeprefix("tool:"))
        elif action == "material" or action == "body":
            if self.tool_name == "polygon":
                self.set_tool("polygon")
        elif action == "kind":
            self.set_tool("entity")
        elif action in ("layer", "tile"):
            self.set_tool("tiles")
        elif action == "new_layer":
            self.new_tile_layer()
        elif action == "image":
            self.choose_image(self.toolbar.image_choice)
        elif action == "undo":
            self.undo()
        elif action == "redo":
            self.redo()
        elif action == "save":
            self.save()

    def _key(self, event: pygame.event.Event) -> None:
        key, mod = event.key, event.mod
        ctrl = bool(mod & (pygame.KMOD_CTRL | pygame.KMOD_META))
        shift = bool(mod & pygame.KMOD_SHIFT)
        if ctrl:
            if key == pygame.K_z:
                self.redo() if shift else self.undo()
            elif key == pygame.K_y:
                self.redo()
            elif key == pygame.K_s:
                self.save_as() if shift else self.save()
            elif key == pygame.K_n:
                self.new()
            elif key == pygame.K_o:
                self.open()
            elif key == pygame.K_p and shift:
                self.publish()
            elif key == pygame.K_a:
                self.session.select_all()
            elif key == pygame.K_d:
                self.session.duplicate()
            elif key == pygame.K_c:
                self.session.copy()
            elif key == pygame.K_v:
                self.session.paste()
            return
        if key in NUDGE_KEYS:
            if not self._left_down:  # not in the middle of a drag
                self.session.nudge(*NUDGE_KEYS[key], big=shift)
        elif key == pygame.K_F5:
            self.play()
        elif key in (pygame.K_LEFTBRACKET, pygame.K_RIGHTBRACKET) and self.tool_name == "tiles":
            self.toolbar.step_tile(1 if key == pygame.K_RIGHTBRACKET else -1)
        elif key in TOOL_WORDS:
            word = TOOL_WORDS[key]
            if not self.tool.key(self.session, word) and word == "escape":
                self.session.select(())
        elif key in TOOL_KEYS and not mod & pygame.KMOD_ALT:
            self.set_tool(TOOL_KEYS[key])
        elif key == pygame.K_f:
            self.fit()

    def _mouse(self, event: pygame.event.Event) -> None:
        if self.inspector.picker.is_open:
            return  # the colour picker is modal: no zoom, pan or hover under it either
        if event.type == pygame.MOUSEWHEEL:
            if self.canvas_rect.collidepoint(self.mouse):
                sx, sy = self._local(self.mouse)
                self.viewport.zoom_at(sx, sy, ZOOM_STEP**event.y)
            return
        if event.type not in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEMOTION, pygame.MOUSEBUTTONUP):
            return
        self.tool.set_scale(1 / self.viewport.zoom)  # pick distances in screen px at any zoom
        inside = self.canvas_rect.collidepoint(event.pos)
        if event.type == pygame.MOUSEBUTTONDOWN:
            if not inside:
                return
            if event.button == 1:
                self._left_down = True
                shift = bool(pygame.key.get_mods() & pygame.KMOD_SHIFT)
                self.tool.press(self.session, *self._world(event.pos), shift=shift)
            elif event.button in (2, 3):
                self._panning = True
        elif event.type == pygame.MOUSEMOTION:
            if self._panning:
                self.viewport.pan(*event.rel)
            elif self._left_down:
                self.tool.drag(self.session, *self._world(event.pos))
            elif inside:
                self.tool.move(self.session, *self._world(event.pos))
        elif event.type == pygame.MOUSEBUTTONUP:
            if event.button == 1 and self._left_down:
                self._left_down = False
                self.tool.release(self.session, *self._world(event.pos))
                self.session.end_drag()
            elif event.button in (2, 3):
                self._panning = False

    def _local(self, pos: tuple[int, int]) -> tuple[float, float]:
        return float(pos[0] - self.canvas_rect.left), float(pos[1] - self.canvas_rect.top)

    def _world(self, pos: tuple[int, int]) -> tuple[float, float]:
        return self.viewport.to_world(*self._local(pos))

    def to_screen(self, wx: float, wy: float) -> tuple[float, float]:
        """Window px of the world point ``(wx, wy)`` (for tests and the pilot)."""
        sx, sy = self.viewport.to_screen(wx, wy)
        return sx + self.canvas_rect.left, sy + self.canvas_rect.top

    def draw(self) -> None:
        self.surface.fill(TOOLBAR_BG)
        self.surface.fill(SIDE_BG, self.side_rect)
        side = self.side_rect
        pygame.draw.line(self.surface, SIDE_EDGE, side.topleft, side.bottomleft)
        split = side.bottom - PROBLEMS_HEIGHT - 4
        pygame.draw.line(self.surface, SIDE_EDGE, (side.x, split), (side.right, split))
        canvas = self.surface.subsurface(self.canvas_rect)
        if self.playtest is not None:
            self.playtest.draw(canvas)
        else:
            self.canvas.draw(canvas, self.session, self.viewport, self.tool.preview())
        self.toolbar.show(
            self.session,
            self.tool_name,
            playing=self.playtest is not None,
            summary=self.problems.summary,
        )
        self.manager.draw_ui(self.surface)
        title = self.session.title
        if title != self._caption:
            self._caption = title
            pygame.display.set_caption(title)
        if self.surface is pygame.display.get_surface():
            pygame.display.flip()

    # -- the loop ------------------------------------------------------------------------------
