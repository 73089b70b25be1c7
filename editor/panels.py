"""The editor's pygame_gui widgets: the toolbar on top and the status bar at the bottom.

The toolbar holds the tool buttons (Select, Polygon, Entity, Link, Tiles, Image), drop-downs
for the material and body of new shapes and the kind of new entities, and Undo, Redo, Save, Play
(Stop while a play test runs) and Publish. While the Tiles tool is active, the material and body
drop-downs give their place to the Tiles tool's: the tile layer to paint on and the tile to
paint (0 erases), the layer drop-down ending with "New tile layer…" (to choose a tileset image
file for a new layer), and the entity-kind drop-down to "Palette", which brings back the tile
palette (:mod:`editor.tile_palette`, shown with the Tiles tool); while the Image tool is, the
material, body and kind drop-downs give theirs to the image to place (the level's images, and
"Add image…" to choose a file). :meth:`Toolbar.action` turns a pygame_gui event into a plain string
the app acts on (``"tool:polygon"``, ``"material:ground"``, ``"undo"``...), so the app never looks
at widgets.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UIDropDownMenu, UILabel

from editor.session import EditorSession
from editor.tile_palette import TilePalette
from engine.edit.level import Body
from engine.level.entities import ENTITY_TYPES

TOOLBAR_HEIGHT = 40
STATUS_HEIGHT = 26
SIDE_WIDTH = 300
"""The right-hand column: the inspector over the problems list."""
PROBLEMS_HEIGHT = 210
NO_MATERIAL = "(no material)"
NO_LAYER = "(no tile layers)"
NEW_LAYER = "New tile layer…"
ERASE = "0 (erase)"
NO_IMAGE = "(no image)"
ADD_IMAGE = "Add image…"
TOOL_BUTTONS = (
    ("select", "Select"),
    ("polygon", "Polygon"),
    ("entity", "Entity"),
    ("link", "Link"),
    ("tiles", "Tiles"),
    ("image", "Image"),
)
BODIES: tuple[Body, ...] = ("static", "dynamic", "kinematic")
ENTITY_KINDS = tuple(str(t.__struct_config__.tag) for t in ENTITY_TYPES)
THEME: dict[str, Any] = {
    "#status": {
        "misc": {"text_horiz_alignment": "left", "text_horiz_alignment_padding": "8"},
        "colours": {"dark_bg": "#202328", "normal_text": "#e8e8e8"},
        "font": {"name": "noto_sans", "size": "15"},  # at 14 px a "." after "r" all but vanishes
    },
    "#heading": {
        "misc": {"text_horiz_alignment": "left"},
        "font": {"name": "noto_sans", "size": "15", "bold": "1"},
    },
    "@selection_list_item": {
        "misc": {"text_horiz_alignment": "left", "text_horiz_alignment_padding": "6"},
    },
    "#field": {
        "misc": {"text_horiz_alignment": "left"},
        "colours": {"normal_text": "#c8ccd2"},
    },
}


class Toolbar:
    """The toolbar and status bar of an editor window of ``size``."""

    def __init__(
        self, manager: pygame_gui.UIManager, size: tuple[int, int], session: EditorSession
    ) -> None:
        self.manager = manager
        width, height = size
        self.tools: dict[str, UIButton] = {}
        x = 6
        for name, text in TOOL_BUTTONS:
            self.tools[name] = UIButton(pygame.Rect(x, 5, 74, 30), text, manager)
            x += 76
        x += 8
        self._material_x = x
        self.materials: tuple[str, ...] = ()
        self.material_menu: UIDropDownMenu | None = None
        self._tiles_shown = False
        self._images_shown = False
        self.images: tuple[str, ...] = ()
        self._image = ""
        self.image_menu: UIDropDownMenu | None = None
        self.sync_images((), "")
        self.sync_materials(session)
        self.layers: tuple[str, ...] = ()
        self.layer_menu: UIDropDownMenu | None = None
        self._layer = 0
        """The layer chosen last (what the drop-down shows again after "New tile layer…")."""
        self.tile_count = -1
        self.tile_menu: UIDropDownMenu | None = None
        canvas = pygame.Rect(
            0, TOOLBAR_HEIGHT, width - SIDE_WIDTH, height - TOOLBAR_HEIGHT - STATUS_HEIGHT
        )
        self.palette = TilePalette(manager, canvas)
        self._playing = False
        self._palette_tiles: list[pygame.Surface] = []
        self.sync_tiles(tuple(t.name for t in session.doc.level.tile_layers), lambda _: [])
        x += 150
        self.body_menu = UIDropDownMenu([*BODIES], BODIES[0], pygame.Rect(x, 5, 110, 30), manager)
        x += 114
        self.kind_menu = UIDropDownMenu(
            [*ENTITY_KINDS], ENTITY_KINDS[0], pygame.Rect(x, 5, 150, 30), manager
        )
        self.palette_button = UIButton(
            pygame.Rect(x, 5, 80, 30), "Palette", manager, visible=0, tool_tip_text="Tile palette"
        )
        x += 162
        self.undo = UIButton(pygame.Rect(x, 5, 64, 30), "Undo", manager)
        self.redo = UIButton(pygame.Rect(x + 66, 5, 64, 30), "Redo", manager)
        self.save = UIButton(pygame.Rect(x + 140, 5, 64, 30), "Save", manager)
        self.play = UIButton(pygame.Rect(x + 214, 5, 64, 30), "Play", manager)
        self.publish = UIButton(pygame.Rect(x + 288, 5, 76, 30), "Publish", manager)
        self.status = UILabel(
            pygame.Rect(0, height - STATUS_HEIGHT, width, STATUS_HEIGHT),
            "",
            manager,
            object_id="#status",
        )
        self._status_text = ""

    def sync_materials(self, session: EditorSession) -> None:
        """(Re)build the material drop-down when the level's material names changed."""
        names = tuple(m.name for m in session.doc.level.materials)
        if names == self.materials and self.material_menu is not None:
            return
        current = self.material
        if self.material_menu is not None:
            self.material_menu.kill()  # type: ignore[no-untyped-call]
        self.materials = names
        options: list[str | tuple[str, str]] = [*names] or [NO_MATERIAL]
        start = current if current in options else options[0]
        self.material_menu = UIDropDownMenu(
            options,
            start,
            pygame.Rect(self._material_x, 5, 146, 30),
            self.manager,
            visible=int(not self._tiles_shown and not self._images_shown),
        )

    def sync_images(self, labels: tuple[str, ...], chosen: str, *, force: bool = False) -> None:
        """(Re)build the Image tool's drop-down when the image labels changed or the tool's
        image did (or ``force``: after "Add image…" was chosen, to show the tool's image
        again): ``labels`` (the level's images, perhaps a file about to be added) then
        :data:`ADD_IMAGE`; ``chosen`` ("" or not among them: the first)."""
        options = (*(labels or (NO_IMAGE,)), ADD_IMAGE)
        start = chosen if chosen in labels else options[0]
        menu = self.image_menu
        shown = options == self.images and start in (self._image, self.image_choice)
        if menu is not None and not force and shown:
            self._image = start
            return
        if menu is not None:
            menu.kill()  # type: ignore[no-untyped-call]
        self.images, self._image = options, start
        self.image_menu = UIDropDownMenu(
            [*options],
            start,
            pygame.Rect(self._material_x, 5, 260, 30),
            self.manager,
            visible=int(self._images_shown),
        )

    @property
    def image_choice(self) -> str:
        """The label chosen in the Image tool's drop-down (:data:`ADD_IMAGE` too)."""
        if self.image_menu is None:
            return ""
        chosen = self.image_menu.selected_option
        return str(chosen[0] if isinstance(chosen, tuple) else chosen)

    def sync_tiles(
        self,
        names: tuple[str, ...],
        tiles: Callable[[int], list[pygame.Surface]],
        chosen: int | None = None,
    ) -> None:
        """(Re)build the Tiles tool's drop-downs when the level's tile layer names changed, the
        layer ``chosen`` is to be shown (a new one, or the last one again after "New tile
        layer…" was chosen), or the chosen layer's tileset holds another number of tiles
        (``tiles(layer index)``: its tiles); and keep the palette on that tileset."""
        x = self._material_x
        shown = self.layer_choice
        if chosen is not None and not 0 <= chosen < len(names):
            chosen = 0
        again = chosen is not None and (chosen != self.layer or shown == NEW_LAYER)
        if names != self.layers or self.layer_menu is None or again:
            current = self.layer if chosen is None else chosen
            if self.layer_menu is not None:
                self.layer_menu.kill()  # type: ignore[no-untyped-call]
            self.layers = names
            labels = unique_labels(names)
            options: list[str | tuple[str, str]] = [*(labels or [NO_LAYER]), NEW_LAYER]
            self._layer = current if current < len(labels) else 0
            first = labels[self._layer] if labels else NO_LAYER
            self.layer_menu = UIDropDownMenu(
                options,
                first,
                pygame.Rect(x, 5, 146, 30),
                self.manager,
                visible=int(self._tiles_shown),
            )
        self._palette_tiles = tiles(self.layer) if self.layers else []
        n = len(self._palette_tiles)
        if n != self.tile_count or self.tile_menu is None:
            tile = self.tile
            self._tile_menu(n, tile if 1 <= tile <= n else min(1, n))
        self._sync_palette()

    def _tile_menu(self, n: int, tile: int) -> None:
        """The tile drop-down for a tileset of ``n`` tiles, showing ``tile`` (0 is Erase;
        Erase when ``tile`` is not one of them)."""
        if self.tile_menu is not None:
            self.tile_menu.kill()  # type: ignore[no-untyped-call]
        self.tile_count = n
        choices: list[str | tuple[str, str]] = [ERASE, *(str(k) for k in range(1, n + 1))]
        start = choices[tile] if 0 <= tile <= n else ERASE
        self.tile_menu = UIDropDownMenu(
            choices,
            start,
            pygame.Rect(self._material_x + 150, 5, 110, 30),
            self.manager,
            visible=int(self._tiles_shown),
        )

    def step_tile(self, delta: int) -> None:
        """Choose the tile ``delta`` places on (``[`` and ``]``), round from the last to Erase
        (0) and on to the first."""
        if self.tile_count < 1:
            return
        self._tile_menu(self.tile_count, (self.tile + delta) % (self.tile_count + 1))
        self._sync_palette()

    def _sync_palette(self) -> None:
        labels = unique_labels(self.layers)
        title = labels[self.layer] if labels else ""
        wanted = self._tiles_shown and not self._playing
        self.palette.sync(wanted, self._palette_tiles, self.tile, title)

    @property
    def layer_choice(self) -> str:
        """The label chosen in the layer drop-down (:data:`NEW_LAYER` too)."""
        if self.layer_menu is None:
            return ""
        chosen = self.layer_menu.selected_option
        return str(chosen[0] if isinstance(chosen, tuple) else chosen)

    @property
    def layer(self) -> int:
        """The index of the tile layer the Tiles tool paints on (0 when there is none; the one
        chosen before while "New tile layer…" shows)."""
        labels = unique_labels(self.layers)
        text = self.layer_choice
        if text in labels:
            return labels.index(text)
        return self._layer if self._layer < len(labels) else 0

    @property
    def tile(self) -> int:
        """The tile the Tiles tool paints (0 erases; 1 until a level's tileset says otherwise)."""
        if self.tile_menu is None:
            return 1
        chosen = self.tile_menu.selected_option
        text = str(chosen[0] if isinstance(chosen, tuple) else chosen)
        return int(text.split()[0])

    def _show_menus(self, tool: str) -> None:
        """The Tiles tool's drop-downs (or the Image tool's) in the place of the material and
        body ones, or back."""
        tiles, images = tool == "tiles", tool == "image"
        if (tiles, images) == (self._tiles_shown, self._images_shown):
            return
        if tiles:
            self.palette.reopen()  # choosing the Tiles tool brings a closed palette back
        self._tiles_shown, self._images_shown = tiles, images
        groups: tuple[tuple[bool, tuple[Any, ...]], ...] = (
            (tiles, (self.layer_menu, self.tile_menu, self.palette_button)),
            (images, (self.image_menu,)),
            (not tiles and not images, (self.material_menu, self.body_menu, self.kind_menu)),
        )
        for shown, menus in groups:
            for menu in menus:
                if menu is None:
                    continue
                if shown:
                    menu.show()
                else:
                    menu.hide()

    @property
    def material(self) -> str:
        """The material for new shapes ("" = none chosen yet: the level's first)."""
        if self.material_menu is None:
            return ""
        chosen = self.material_menu.selected_option
        text = chosen[0] if isinstance(chosen, tuple) else chosen
        return "" if text == NO_MATERIAL else str(text)

    @property
    def body(self) -> Body:
        chosen = self.body_menu.selected_option
        text = chosen[0] if isinstance(chosen, tuple) else chosen
        return next((b for b in BODIES if b == text), "static")

    @property
    def kind(self) -> str:
        chosen = self.kind_menu.selected_option
        return str(chosen[0] if isinstance(chosen, tuple) else chosen)

    @staticmethod
    def _chosen_again(event: pygame.event.Event, menu: UIDropDownMenu) -> bool:
        """Whether ``event`` is ``menu``'s option already shown being clicked in its open
        list (pygame_gui then only deselects it in the list, and says nothing): the menu
        closes, as for any choice."""
        if event.type != pygame_gui.UI_SELECTION_LIST_DROPPED_SELECTION:
            return False
        state = menu.current_state
        if state is None or getattr(state, "options_selection_list", None) is not event.ui_element:
            return False
        state.should_transition = True
        return True

    def action(self, event: pygame.event.Event) -> str | None:
        """The toolbar action a pygame_gui event stands for (a click on the tile palette
        too), or None."""
        if self._chosen_again(event, self.kind_menu):
            return "kind"  # the kind shown, chosen again: still "place these"
        picked = self.palette.pick(event)
        if picked is not None:
            self._tile_menu(self.tile_count, picked)
            self._sync_palette()
            return "tile"
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.palette_button:
            self.palette.reopen()
            self._sync_palette()
            return "tile"
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            for name, button in self.tools.items():
                if event.ui_element is button:
                    return f"tool:{name}"
            named = {
                self.undo: "undo",
                self.redo: "redo",
                self.save: "save",
                self.play: "play",
                self.publish: "publish",
            }
            return named.get(event.ui_element)
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED:
            if event.ui_element is self.material_menu:
                return "material"
            if event.ui_element is self.body_menu:
                return "body"
            if event.ui_element is self.kind_menu:
                return "kind"
            if event.ui_element is self.layer_menu:
                if self.layer_choice == NEW_LAYER:
                    return "new_layer"
                self._layer = self.layer
                return "layer"
            if event.ui_element is self.tile_menu:
                return "tile"
            if event.ui_element is self.image_menu:
                return "image"
        return None

    def show(self, session: EditorSession, tool: str, *, playing: bool, summary: str) -> None:
        """Bring the widgets in line with the session: active tool, undo/redo, status (the
        last message, else ``summary``, the problems list's; and the tile palette: hidden
        while playing)."""
        self._show_menus(tool)
        if playing != self._playing:
            self._playing = playing
            self._sync_palette()
        for name, button in self.tools.items():
            if name == tool and not button.is_selected:
                button.select()  # type: ignore[no-untyped-call]
            elif name != tool and button.is_selected:
                button.unselect()  # type: ignore[no-untyped-call]
        history = session.history
        for button, able in ((self.undo, history.can_undo), (self.redo, history.can_redo)):
            able = able and not playing
            if able and not button.is_enabled:
                button.enable()  # type: ignore[no-untyped-call]
            elif not able and button.is_enabled:
                button.disable()  # type: ignore[no-untyped-call]
        label = "Stop" if playing else "Play"
        if self.play.text != label:
            self.play.set_text(label)
        text = "Playing — arrows/space move, Esc stops" if playing else session.status or summary
        if text != self._status_text:
            self._status_text = text
            self.status.set_text(text)


def unique_labels(names: tuple[str, ...]) -> list[str]:
    """``names`` as drop-down labels: a repeated name gets its position after it."""
    return [n if names.count(n) == 1 else f"{n} #{k + 1}" for k, n in enumerate(names)]
