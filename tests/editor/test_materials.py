"""The level's materials in the inspector (nothing selected), driven through the real loop:
add one, rename it, change its colour and friction (one undo step each), and delete it; deleting
a material still in use is refused and the status bar says why."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import msgspec
import pytest
from pygame_gui.elements import UIButton, UIDropDownMenu

from editor.app import EditorApp
from editor.inspector import fields_of, options_of
from editor.pilot import Pilot
from editor.session import EditorSession
from engine.level.model import Material
from tests.editor.conftest import running
from tests.editor.test_inspector import choose, type_into

SAMPLE = Path(__file__).parents[2] / "levels" / "switch-and-door.cocreate"


@pytest.fixture
def app() -> Iterator[EditorApp]:
    yield from running(EditorSession.open(SAMPLE))


def names(app: EditorApp) -> list[str]:
    return [m.name for m in app.session.doc.level.materials]


def material(app: EditorApp, name: str) -> Material:
    return next(m for m in app.session.doc.level.materials if m.name == name)


def button(widget: UIButton | None) -> UIButton:
    assert widget is not None
    return widget


def chooser(app: EditorApp) -> UIDropDownMenu:
    return app.inspector.menus["materials"]


def add_material(app: EditorApp, pilot: Pilot) -> str:
    before = names(app)
    pilot.click(*button(app.inspector.add_material).rect.center)
    added = names(app)
    assert added[: len(before)] == before and len(added) == len(before) + 1
    return added[-1]


def test_the_level_shows_its_first_material(app: EditorApp, pilot: Pilot) -> None:
    assert app.inspector.heading.text == "Level"
    stone = material(app, "stone")
    entries = {k: e.get_text() for k, e in app.inspector.entries.items() if "material" in k}
    assert entries == {
        "material_name": "stone",
        "material_color": stone.color,
        "material_density": "2.4",
        "material_friction": "0.9",
        "material_restitution": "0",
    }
    assert options_of(chooser(app)) == ("stone", "ice", "rubber", "wood")
    choose(pilot, chooser(app), "rubber")
    assert app.inspector.entries["material_restitution"].get_text() == "0.85"
    assert app.inspector.entries["material_color"].get_text() == "#e0457b"


def test_add_rename_recolour_and_friction_are_one_undo_step_each(
    app: EditorApp, pilot: Pilot
) -> None:
    start = app.session.doc
    name = add_material(app, pilot)
    assert name == "material 5"
    added = material(app, name)
    assert (added.density, added.friction, added.restitution) == (1.0, 0.7, 0.0)
    assert app.inspector.entries["material_name"].get_text() == name  # it is shown at once
    assert app.session.history.undo_label == "Add material 'material 5'"

    type_into(pilot, app.inspector.entries["material_name"], "glass")
    assert names(app)[-1] == "glass"
    assert app.session.history.undo_label == "Rename material 'material 5' to 'glass'"
    assert app.inspector.entries["material_name"].get_text() == "glass"
    assert options_of(chooser(app))[-1] == "glass"

    type_into(pilot, app.inspector.entries["material_color"], "#3366CC")
    assert material(app, "glass").color == "#3366cc"
    swatch = app.inspector.swatches["material_color"]
    assert swatch.image.get_at((12, 12))[:3] == (0x33, 0x66, 0xCC)
    after_colour = app.session.doc

    type_into(pilot, app.inspector.entries["material_friction"], "0.05")
    glass = material(app, "glass")
    assert (glass.friction, glass.color, glass.density) == (0.05, "#3366cc", 1.0)
    assert app.session.history.undo_label == "Change material 'glass'"

    assert app.session.undo()
    assert app.session.doc is after_colour
    assert app.session.undo()  # the colour
    assert material(app, "glass").color == added.color
    assert app.session.undo()  # the name
    assert names(app)[-1] == "material 5"
    pilot.frames(1)
    assert app.inspector.entries["material_name"].get_text() == "material 5"  # still shown
    assert app.session.undo()  # the material
    assert app.session.doc is start


def test_bad_material_values_are_refused_and_the_field_reverts(
    app: EditorApp, pilot: Pilot
) -> None:
    before = app.session.doc
    type_into(pilot, app.inspector.entries["material_friction"], "slippery")
    assert app.session.status == "friction: 'slippery' is not a number"
    assert app.inspector.entries["material_friction"].get_text() == "0.9"
    type_into(pilot, app.inspector.entries["material_restitution"], "2")
    assert "restitution" in app.session.status
    assert app.inspector.entries["material_restitution"].get_text() == "0"
    type_into(pilot, app.inspector.entries["material_color"], "red")
    assert "colour" in app.session.status
    assert app.inspector.entries["material_color"].get_text() == "#96928c"
    type_into(pilot, app.inspector.entries["material_name"], "ice")
    assert "already named 'ice'" in app.session.status
    assert app.inspector.entries["material_name"].get_text() == "stone"
    assert app.session.doc is before
    assert app.toolbar.status.text == app.session.status


def test_deleting_a_material_in_use_is_refused(app: EditorApp, pilot: Pilot) -> None:
    before = app.session.doc
    choose(pilot, chooser(app), "wood")
    pilot.click(*button(app.inspector.delete_material).rect.center)
    assert app.session.doc is before
    assert "'wood' is used by" in app.session.status
    assert "crate 14" in app.session.status
    assert app.toolbar.status.text == app.session.status
    assert app.inspector.entries["material_name"].get_text() == "wood"


def test_deleting_an_unused_material_works(app: EditorApp, pilot: Pilot) -> None:
    before = names(app)
    added = add_material(app, pilot)
    pilot.click(*button(app.inspector.delete_material).rect.center)
    assert names(app) == before
    assert app.session.history.undo_label == f"Delete material {added!r}"
    pilot.frames(1)
    assert app.inspector.entries["material_name"].get_text() == before[-1]  # the next one shown
    assert list(options_of(chooser(app))) == before


def test_fields_of_without_materials_has_none() -> None:
    doc = EditorSession.open(SAMPLE).doc
    bare = msgspec.structs.replace(doc, level=msgspec.structs.replace(doc.level, materials=[]))
    heading, fields = fields_of(bare, frozenset())
    assert heading == "Level"
    props = [f.prop for f in fields]
    assert props == ["width", "height", "gravity_x", "gravity_y", "background_color"]


def test_the_section_fits_the_column(app: EditorApp, pilot: Pilot, tmp_path: Path) -> None:
    choose(pilot, chooser(app), "rubber")
    assert app.save_screenshot(tmp_path / "materials.png").exists()
    side = app.inspector.rect
    for widget in (app.inspector.add_material, app.inspector.delete_material):
        assert widget is not None and side.contains(widget.rect)
