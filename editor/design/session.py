"""One open design in the design editor: its undo history, file, selected layer and status line.

Every edit is a command from ``engine.edit.design`` applied through ``apply`` (see
:class:`editor.document_session.DocumentSession`, shared with the level editor); a refused one
leaves the design as it was and says why in the status line. The selection is one layer, named
by its id (commands name layers by index: ``selected_index``). ``problems()`` lists what
validation finds and, for a valid design, what print preflight finds, one line each
(:func:`layer_of` reads the layer a line names). The garment's colours are edited here too
(add, rename, recolour, remove, move up; ``color_index`` is the one chosen in the garment
panel), and ``adopt_identity`` carries on as the gallery holds the design after a publish. No
pygame here.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from editor.design import drawable
from editor.design.fields import typed_color
from editor.document_session import DocumentSession, opened
from engine import fileio
from engine.design.model import Layer
from engine.document import DesignDocument, Document
from engine.edit import Command
from engine.edit.assets import check_file
from engine.edit.design import (
    AddGarmentColor,
    AddImageLayer,
    AddShapeLayer,
    AddTextLayer,
    DeleteLayer,
    DuplicateLayer,
    LowerLayer,
    MoveGarmentColor,
    MoveLayer,
    RaiseLayer,
    RecolorGarmentColor,
    RemoveGarmentColor,
    RenameGarmentColor,
    SetLayerLocked,
    SetLayerVisible,
    SetTextFont,
    ShapeKind,
)
from engine.errors import EditError, one_line
from engine.render import ASSETS
from engine.render.layers import rgb
from engine.starter import new_design

FONT = ASSETS / "fonts" / "LiberationSans-Bold.ttf"
"""The font new text layers are set in (SIL OFL 1.1, embedded in the design)."""
NUDGE = 0.05
"""Inches an arrow key moves the selected layer (Shift: ``NUDGE_BIG``)."""
NUDGE_BIG = 0.5
SHAPE_FILL = "#e4572e"
NEW_LAYER_STEP = 0.5
"""Inches right and down from the last new layer left in the middle (see ``_free_spot``)."""
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")
FONT_SUFFIXES = (".ttf", ".otf")
NEW_COLOR = "#808080"
"""The value of a colour the garment panel adds (the user recolours it)."""
_LAYER_PATH = re.compile(r"\$\.design\.layers\[(\d+)\]")


def layer_of(problem: str) -> int | None:
    """The index of the layer a problem line names (``$.design.layers[2]…``), or None."""
    match = _LAYER_PATH.search(problem)
    return int(match.group(1)) if match else None


def _design(doc: Document, source: str = "") -> DesignDocument:
    if not isinstance(doc, DesignDocument):
        kind = type(doc).__name__.removesuffix("Document").lower()
        raise EditError(
            f"is a {kind}, not a design: the design editor opens designs", source=source
        )
    return doc


def _luma(color: str) -> float:
    r, g, b = rgb(color)
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


class DesignSession(DocumentSession[DesignDocument]):
    """The design being edited, with undo/redo, its file, and the selected layer's id."""

    noun = "design"

    def __init__(self, doc: Document, path: Path | None = None) -> None:
        super().__init__(_design(doc, str(path or "")), path)
        self.selected: int | None = None
        self.color: str = self.doc.design.garment.colors[0].name if self.colors() else ""
        """The garment colour the canvas shows (a name from the design's colours)."""
        self._problems: tuple[DesignDocument, list[str]] | None = None
        self.color_index: int = 0
        """The garment colour chosen in the garment panel (rename, recolour, remove, up)."""

    @classmethod
    def new(cls) -> DesignSession:
        """A new untitled design (white, black and heather-grey t-shirt, no layers)."""
        session = cls(new_design())
        session.status = "New design (not saved yet)"
        return session

    @classmethod
    def open(cls, path: Path) -> DesignSession:
        """The design in ``path`` (a ``CocreateError`` when it cannot be read or is no design)."""
        session = cls(_design(fileio.load(path), str(path)), path)
        session.status = opened(path, session.doc)
        return session

    # -- the selection ---------------------------------------------------------------------------

    def colors(self) -> list[str]:
        return [c.name for c in self.doc.design.garment.colors]

    def garment_color(self) -> str:
        """The ``#rrggbb`` of the garment colour shown (the first when the chosen one is gone)."""
        colors = self.doc.design.garment.colors
        for c in colors:
            if c.name == self.color:
                return c.color
        return colors[0].color if colors else "#ffffff"

    @property
    def selected_index(self) -> int | None:
        if self.selected is None:
            return None
        for i, layer in enumerate(self.doc.design.layers):
            if layer.id == self.selected:
                return i
        return None

    @property
    def selected_layer(self) -> Layer | None:
        index = self.selected_index
        return None if index is None else self.doc.design.layers[index]

    def select(self, index: int | None) -> None:
        """Select the layer at ``index`` (None, or no such layer: nothing)."""
        layers = self.doc.design.layers
        self.selected = layers[index].id if index is not None and 0 <= index < len(layers) else None

    def _keep_existing(self) -> None:
        if self.selected is not None and self.selected_index is None:
            self.selected = None
        self.color_index = max(0, min(self.color_index, len(self.colors()) - 1))

    def select_problem(self, problem: str) -> bool:
        """Select the layer ``problem`` names (its whole line in the status bar either way)."""
        self.status = problem
        index = layer_of(problem)
        if index is None or not 0 <= index < len(self.doc.design.layers):
            return False
        self.select(index)
        return True

    # -- adding and changing layers --------------------------------------------------------------

    def _added(self, command: Command[Any]) -> bool:
        """Apply ``command`` (one that adds a layer) as an undo step of its own and select the
        layer it added."""
        ident = self.doc.design.next_id
        if not self.apply(command, merge=False):
            return False
        self.selected = ident
        self.status = f"Added {self.selected_layer.name if self.selected_layer else 'a layer'}"
        return True

    def _fresh_name(self, stem: str) -> str:
        names = {layer.name for layer in self.doc.design.layers}
        n = 1
        while f"{stem} {n}" in names:
            n += 1
        return f"{stem} {n}"

    def _ink(self) -> str:
        """A colour that shows on the garment colour shown: white on dark, black on light."""
        return "#ffffff" if _luma(self.garment_color()) < 0.5 else "#000000"

    def _free_spot(self) -> tuple[float, float]:
        """Where a new layer goes: the middle of the print area, or a step down and to the
        right of it for each layer already centred there, so a new layer never hides the last
        one exactly."""
        area = self.doc.design.print_area
        x, y = area.width / 2, area.height / 2
        taken = {
            (round(la.transform.x, 3), round(la.transform.y, 3)) for la in self.doc.design.layers
        }
        for _ in range(12):
            if (round(x, 3), round(y, 3)) not in taken:
                break
            x, y = x + NEW_LAYER_STEP, y + NEW_LAYER_STEP
        return x, y

    def add_text(self, text: str = "Your text") -> bool:
        """A text layer in the middle of the print area (see :meth:`_free_spot`), set in the
        default font."""
        x, y = self._free_spot()
        return self._added(
            AddTextLayer(
                name=self._fresh_name("Text"),
                text=text,
                font=FONT.read_bytes(),
                file_name=FONT.name,
                color=self._ink(),
                x=x,
                y=y,
            )
        )

    def add_shape(self, shape: ShapeKind = "rect") -> bool:
        """A 3 × 3 inch shape in the middle of the print area (see :meth:`_free_spot`)."""
        name = self._fresh_name(shape.capitalize())
        x, y = self._free_spot()
        command = AddShapeLayer(
            name=name, shape=shape, width=3.0, height=3.0, fill=SHAPE_FILL, x=x, y=y
        )
        return self._added(command)

    def add_image(self, path: Path) -> bool:
        """An image layer of the PNG or JPEG file ``path``, scaled down to fit in the print
        area when it is larger; refused (one line in the status bar) when validation would
        refuse the file (:func:`engine.edit.assets.check_file`: unreadable, cut short, over the
        pixel limits)."""
        try:
            data = path.read_bytes()
            _, size = check_file(data, path.name, "image")
        except OSError as exc:
            self.status = one_line(f"Not added: {path.name}: {exc.strerror or exc}")
            return False
        except EditError as exc:
            self.status = one_line(f"Not added: {exc}")
            return False
        width, height = size or (1, 1)  # an image that passes the check has a size
        area = self.doc.design.print_area
        natural = (width / area.dpi, height / area.dpi)
        fit = min(1.0, 0.8 * area.width / natural[0], 0.8 * area.height / natural[1])
        name = path.stem[:60] or "Image"
        x, y = self._free_spot()
        return self._added(
            AddImageLayer(name=name, image=data, file_name=path.name, scale=fit, x=x, y=y)
        )

    def _on_selected(self, make: Any, verb: str, *args: Any) -> bool:
        index = self.selected_index
        if index is None:
            self.status = f"Select a layer to {verb} first"
            return False
        return self.apply(make(index, *args), merge=False)

    def delete(self) -> bool:
        layer = self.selected_layer
        if not self._on_selected(DeleteLayer, "delete"):
            return False
        self.selected = None
        self.status = f"Deleted {layer.name if layer else 'the layer'}"
        return True

    def duplicate(self) -> bool:
        ident = self.doc.design.next_id
        if not self._on_selected(DuplicateLayer, "duplicate"):
            return False
        self.selected = ident
        return True

    def raise_layer(self) -> bool:
        return self._on_selected(RaiseLayer, "raise")

    def lower_layer(self) -> bool:
        return self._on_selected(LowerLayer, "lower")

    def toggle_visible(self) -> bool:
        layer = self.selected_layer
        return layer is not None and self._on_selected(SetLayerVisible, "show", not layer.visible)

    def toggle_locked(self) -> bool:
        layer = self.selected_layer
        return layer is not None and self._on_selected(SetLayerLocked, "lock", not layer.locked)

    def nudge(self, dx: int, dy: int, *, big: bool = False) -> bool:
        """Move the selected layer ``dx, dy`` steps of ``NUDGE`` inches (``NUDGE_BIG`` with
        ``big``); nudges in a row merge into one undo step, as a drag's moves do."""
        index = self.selected_index
        if index is None:
            return False
        step = NUDGE_BIG if big else NUDGE
        return self.apply(MoveLayer(index, dx * step, dy * step), merge=True)

    def set_font_file(self, path: Path) -> bool:
        """Set the selected text layer in the TTF or OTF font of ``path`` (embedding it)."""
        index = self.selected_index
        if index is None:
            self.status = "Select a text layer to set its font first"
            return False
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.status = one_line(f"Font not added: {path.name}: {exc}")
            return False
        if not self.apply(SetTextFont(index, data, path.name[:60]), merge=False):
            return False
        self.status = f"Set in {path.name}"
        return True

    # -- the garment's colours -------------------------------------------------------------------

    def add_color(self, name: str = "", color: str = NEW_COLOR) -> bool:
        """Offer one more colour (at the end; a fresh name when none is given) and choose it."""
        names = set(self.colors())
        if not name:
            n = 1
            while f"colour {n}" in names:
                n += 1
            name = f"colour {n}"
        if not self.apply(AddGarmentColor(name, color), merge=False):
            return False
        self.color_index = len(self.colors()) - 1
        self.status = f"Added colour {name!r}"
        return True

    def rename_color(self, name: str) -> bool:
        index = self.color_index
        old = self.colors()[index] if index < len(self.colors()) else None
        if not self.apply(RenameGarmentColor(index, name.strip()), merge=False):
            return False
        if old is not None and self.color == old:
            self.color = name.strip()  # the canvas keeps showing it
        return True

    def recolor(self, color: str) -> bool:
        """Recolour the chosen colour to ``color`` as typed (``#FF0000`` is ``#ff0000``)."""
        return self.apply(RecolorGarmentColor(self.color_index, typed_color(color)), merge=False)

    def remove_color(self) -> bool:
        index = self.color_index
        if not self.apply(RemoveGarmentColor(index), merge=False):
            return False
        self.color_index = max(0, min(index, len(self.colors()) - 1))
        return True

    def color_up(self) -> bool:
        """Move the chosen colour up one (to the top: it becomes the default)."""
        index = self.color_index
        if index == 0:
            self.status = "The first colour is the default already"
            return False
        if not self.apply(MoveGarmentColor(index, index - 1), merge=False):
            return False
        self.color_index = index - 1
        return True

    # -- problems --------------------------------------------------------------------------------

    def problems(self) -> list[str]:
        """What validation finds wrong, one line each; for a valid design, what print
        preflight finds (``error: …`` and ``warning: …``), or the layers that cannot be drawn
        (:func:`editor.design.drawable.preflight_lines`). Computed once per document."""
        doc = self.doc
        if self._problems is None or self._problems[0] is not doc:
            from engine.validation import validate

            lines = [one_line(str(p)) for p in validate(doc)] or drawable.preflight_lines(doc)
            self._problems = (doc, lines)
        return list(self._problems[1])
