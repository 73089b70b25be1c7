"""Each level command: what it changes, and the EditError (path, message) when it cannot apply."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from engine import codec
from engine.document import Asset, LevelDocument
from engine.edit import History
from engine.edit.command import replace
from engine.edit.level import (
    AddEntity,
    AddHole,
    AddLink,
    AddMaterial,
    AddShape,
    ChangeEntityId,
    ChangeMaterial,
    ChangeTileLayer,
    DeleteEntity,
    DeleteHole,
    DeleteLink,
    DeleteMaterial,
    DeletePoint,
    DeleteSelection,
    DeleteShape,
    FillTiles,
    InsertPoint,
    MoveEntity,
    MovePoint,
    MoveSelection,
    MoveShape,
    PaintTiles,
    RenameMaterial,
    ReorderShape,
    SetBackground,
    SetEntityProp,
    SetGravity,
    SetPoint,
    SetShapeBody,
    SetShapeMaterial,
    SetShapeOneWay,
    SetSize,
)
from engine.errors import EditError
from engine.level.entities import Crate, Door, MovingPlatform, Sign, Spawn, Switch
from engine.level.model import Link, Material
from engine.packed import pack_points, tiles_array, unpack_points
from engine.starter import new_level

LEVELS = Path(__file__).resolve().parents[3] / "levels"
BAD: Any = "floaty"
NOT_AN_ENTITY: Any = Material(name="x")
SQUARE = [(0.0, 0.0), (100.0, 0.0), (100.0, 100.0), (0.0, 100.0)]


def sample(name: str) -> LevelDocument:
    doc = codec.read((LEVELS / f"{name}.cocreate").read_bytes()).document
    assert isinstance(doc, LevelDocument)
    return doc


def start() -> LevelDocument:
    return new_level("Edit me", author="tester")


def refused(doc: LevelDocument, command: object, message: str) -> None:
    """``command`` raises EditError with exactly ``message`` and leaves ``doc`` as it was."""
    before = codec.encode(doc)
    with pytest.raises(EditError) as caught:
        command.apply(doc)  # type: ignore[attr-defined]
    assert str(caught.value) == message
    assert codec.encode(doc) == before


# --- level -----------------------------------------------------------------------------------


def test_size_gravity_and_background() -> None:
    doc = start()
    out = SetSize(3000, 1200).apply(doc)
    assert (out.level.size.width, out.level.size.height) == (3000.0, 1200.0)
    assert isinstance(out.level.size.width, float) and doc.level.size.width == 1920.0
    out = SetGravity(0, -500).apply(out)
    assert (out.level.gravity.x, out.level.gravity.y) == (0.0, -500.0)
    out = SetBackground(color="#000000", parallax=0.25).apply(out)
    assert out.level.background.color == "#000000" and out.level.background.parallax == 0.25
    assert out.level.background.image == ""
    assert out.meta == doc.meta  # the modified time is the saver's business
    refused(doc, SetSize(0, 10), "$.level.size.width: must be more than 0, not 0")
    refused(
        doc,
        SetSize(10, 2e6),
        "$.level.size.height: 2,000,000 is more than the most allowed, 1,000,000 (limit MAX_WORLD)",
    )
    refused(doc, SetGravity(float("nan"), 0), "$.level.gravity.x: must be a finite number, not nan")
    refused(
        doc,
        SetBackground(color="red"),
        "$.level.background.color: 'red' is not a colour (#rrggbb, lower case)",
    )
    refused(
        doc, SetBackground(parallax=2), "$.level.background.parallax: 2 is out of range (0 to 1)"
    )
    refused(
        doc,
        SetBackground(image="ab" * 32),
        "$.level.background.image: no asset has the digest abababababababab…",
    )


def test_background_image_must_be_an_image_asset() -> None:
    doc = sample("tile-garden")
    image = next(k for k, a in doc.assets.items() if a.type == "image/png")
    assert SetBackground(image=image).apply(doc).level.background.image == image


# --- materials -------------------------------------------------------------------------------


def test_add_change_and_delete_a_material() -> None:
    doc = start()
    out = AddMaterial(Material(name="ice", friction=0, color="#ddeeff")).apply(doc)
    assert [m.name for m in out.level.materials] == ["ground", "ice"]
    assert out.level.materials[1].friction == 0.0
    assert AddMaterial(Material(name="ice")).label == "Add material 'ice'"
    out = AddMaterial(Material(name="sand"), index=0).apply(out)
    assert [m.name for m in out.level.materials] == ["sand", "ground", "ice"]
    out = ChangeMaterial("ice", restitution=0.5, color="#ffffff").apply(out)
    ice = out.level.materials[2]
    assert (ice.restitution, ice.color, ice.friction) == (0.5, "#ffffff", 0.0)
    out = DeleteMaterial("sand").apply(out)
    assert [m.name for m in out.level.materials] == ["ground", "ice"]
    refused(
        doc,
        AddMaterial(Material(name="ground")),
        "$.level.materials: a material is already named 'ground'",
    )
    refused(doc, AddMaterial(Material(name=" ")), "$.level.materials[1].name: must not be empty")
    refused(
        doc,
        AddMaterial(Material(name="x", restitution=2)),
        "$.level.materials[1].restitution: 2 is out of range (0 to 1)",
    )
    refused(
        doc,
        AddMaterial(Material(name="x"), index=5),
        "$.level.materials[5]: cannot insert there (there are 1)",
    )
    refused(
        doc, ChangeMaterial("lava", friction=1), "$.level.materials: no material is named 'lava'"
    )
    refused(
        doc,
        ChangeMaterial("ground", density=0),
        "$.level.materials[0].density: must be more than 0, not 0",
    )
    refused(
        doc,
        ChangeMaterial("ground", texture="00" * 32),
        "$.level.materials[0].texture: no asset has the digest 0000000000000000…",
    )


def test_material_changes_merge_into_one() -> None:
    first = ChangeMaterial("ice", friction=0.1)
    joined = first.merge(ChangeMaterial("ice", friction=0.2, color="#000000"))
    assert joined == ChangeMaterial("ice", friction=0.2, color="#000000")
    assert first.merge(ChangeMaterial("mud", friction=0.2)) is None


def test_renaming_a_material_renames_every_use() -> None:
    doc = sample("switch-and-door")
    uses = {s.id for s in doc.level.shapes if s.material == "wood"}
    users = {e.id for e in doc.level.entities if getattr(e, "material", None) == "wood"}
    assert users, "the sample has a crate or platform of wood"
    out = RenameMaterial("wood", "oak").apply(doc)
    assert "wood" not in {m.name for m in out.level.materials}
    assert {s.id for s in out.level.shapes if s.material == "oak"} == uses
    assert {e.id for e in out.level.entities if getattr(e, "material", None) == "oak"} == users
    assert RenameMaterial("wood", "oak").label == "Rename material 'wood' to 'oak'"
    refused(
        doc,
        RenameMaterial("wood", "stone"),
        "$.level.materials[3].name: a material is already named 'stone'",
    )
    refused(doc, RenameMaterial("wood", ""), "$.level.materials[3].name: must not be empty")
    layers = RenameMaterial("soil", "dirt").apply(sample("tile-garden")).level.tile_layers
    assert layers[0].material == "dirt"


def test_a_material_in_use_is_not_deleted() -> None:
    refused(
        start(),
        DeleteMaterial("ground"),
        "$.level.materials[0]: material 'ground' is used by shape 1",
    )
    doc = sample("switch-and-door")
    with pytest.raises(EditError, match=r"material 'wood' is used by .*crate 14"):
        DeleteMaterial("wood").apply(doc)
    with pytest.raises(EditError, match=r"used by tile layer 'terrain'"):
        DeleteMaterial("soil").apply(sample("tile-garden"))


# --- shapes ----------------------------------------------------------------------------------


def test_add_a_shape_with_holes() -> None:
    doc = start()
    hole = [(40.0, 40.0), (60.0, 40.0), (60.0, 60.0), (40.0, 60.0)]
    cmd = AddShape(SQUARE, "ground", body="dynamic", holes=[hole], one_way=False)
    out = cmd.apply(doc)
    shape = out.level.shapes[-1]
    assert shape.id == doc.level.next_id and out.level.next_id == doc.level.next_id + 1
    assert unpack_points(shape.points) == SQUARE and unpack_points(shape.holes[0]) == hole
    assert (shape.body, shape.material) == ("dynamic", "ground")
    assert cmd.label == "Add ground shape"
    assert AddShape(pack_points(SQUARE), "ground", index=0).apply(doc).level.shapes[0].points == (
        pack_points(SQUARE)
    )
    refused(
        doc,
        AddShape(SQUARE, "lava"),
        "$.level.shapes[1].material: material 'lava' is not defined in $.level.materials",
    )
    refused(
        doc,
        AddShape([(0, 0), (2e6, 0), (0, 1)], "ground"),
        "$.level.shapes[1].points: a point is more than 1,000,000 px out (limit MAX_WORLD)",
    )
    refused(
        doc,
        AddShape(SQUARE, "ground", holes=[[(0, float("inf"))]]),
        "$.level.shapes[1].holes[0]: a point has a coordinate that is not finite",
    )
    refused(
        doc,
        AddShape(SQUARE, "ground", body=BAD),
        "$.level.shapes[1].body: Invalid enum value 'floaty'",
    )
    refused(
        doc,
        AddShape([(0.0, 0.0)] * 8193, "ground"),
        "$.level.shapes[1].points: 8,193 points, more than 8,192 (limit MAX_POLYGON_POINTS)",
    )
    # a polygon being drawn may be short for a while: validation reports it, the edit works
    assert len(AddShape([(1.0, 2.0)], "ground").apply(doc).level.shapes[-1].points) == 16


def test_delete_move_and_restyle_a_shape() -> None:
    doc = sample("switch-and-door")
    holed = next(s for s in doc.level.shapes if s.holes)
    out = MoveShape(holed.id, 10, -5).apply(doc)
    moved = next(s for s in out.level.shapes if s.id == holed.id)
    assert unpack_points(moved.points) == [(x + 10, y - 5) for x, y in unpack_points(holed.points)]
    assert unpack_points(moved.holes[0]) == [
        (x + 10, y - 5) for x, y in unpack_points(holed.holes[0])
    ]
    assert MoveShape(holed.id, 1, 2).merge(MoveShape(holed.id, 3, 4)) == MoveShape(holed.id, 4, 6)
    assert MoveShape(1, 1, 2).merge(MoveShape(2, 3, 4)) is None
    out = DeleteShape(holed.id).apply(doc)
    assert holed.id not in {s.id for s in out.level.shapes}
    assert len(out.level.shapes) == len(doc.level.shapes) - 1
    out = SetShapeMaterial(1, "ice").apply(doc)
    assert out.level.shapes[0].material == "ice"
    assert SetShapeBody(1, "kinematic").apply(doc).level.shapes[0].body == "kinematic"
    assert SetShapeOneWay(1, True).apply(doc).level.shapes[0].one_way is True
    refused(doc, DeleteShape(99), "$.level.shapes: no shape has id 99")
    refused(doc, MoveShape(8, 1, 1), "$.level.shapes: no shape has id 8")  # 8 is the spawn
    refused(
        doc,
        MoveShape(1, 2e6, 0),
        "$.level.shapes[0].points: a point is more than 1,000,000 px out (limit MAX_WORLD)",
    )
    refused(doc, MoveShape(1, float("nan"), 0), "dx: must be a finite number, not nan")
    refused(
        doc,
        SetShapeMaterial(1, "lava"),
        "$.level.shapes[0].material: material 'lava' is not defined in $.level.materials",
    )
    refused(
        doc,
        SetShapeBody(1, "floaty"),  # type: ignore[arg-type]
        "$.level.shapes[0].body: 'floaty' is not static, dynamic or kinematic",
    )


def test_points_of_the_outline_and_of_holes() -> None:
    level = start()
    pts = unpack_points(level.level.shapes[0].points)
    out = SetPoint(1, 2, 1900, 1070).apply(level)
    assert unpack_points(out.level.shapes[0].points)[2] == (1900.0, 1070.0)
    out = MovePoint(1, 0, 5, -5).apply(level)
    assert unpack_points(out.level.shapes[0].points)[0] == (pts[0][0] + 5, pts[0][1] - 5)
    out = InsertPoint(1, 1, 960, 900).apply(level)
    assert unpack_points(out.level.shapes[0].points) == [pts[0], (960.0, 900.0), *pts[1:]]
    out = InsertPoint(1, 4, 0, 1000).apply(level)
    assert unpack_points(out.level.shapes[0].points)[-1] == (0.0, 1000.0)
    out = DeletePoint(1, 0).apply(level)
    assert unpack_points(out.level.shapes[0].points) == pts[1:]
    hole = [(100.0, 1000.0), (200.0, 1000.0), (200.0, 1050.0)]
    out = AddHole(1, hole).apply(level)
    assert unpack_points(out.level.shapes[0].holes[0]) == hole
    out = SetPoint(1, 1, 250, 1000, hole=0).apply(out)
    out = InsertPoint(1, 3, 100, 1050, hole=0).apply(out)
    out = MovePoint(1, 0, -10, 0, hole=0).apply(out)
    assert unpack_points(out.level.shapes[0].holes[0]) == [
        (90.0, 1000.0),
        (250.0, 1000.0),
        (200.0, 1050.0),
        (100.0, 1050.0),
    ]
    out = DeletePoint(1, 2, hole=0).apply(out)
    assert len(unpack_points(out.level.shapes[0].holes[0])) == 3
    assert DeleteHole(1, 0).apply(out).level.shapes[0].holes == []
    refused(level, SetPoint(1, 4, 0, 0), "$.level.shapes[0].points[4]: no such point (there are 4)")
    refused(level, DeletePoint(1, -1), "$.level.shapes[0].points[-1]: no such point (there are 4)")
    refused(
        level,
        InsertPoint(1, 5, 0, 0),
        "$.level.shapes[0].points[5]: cannot insert there (there are 4 points)",
    )
    refused(
        level,
        SetPoint(1, 0, 0, 0, hole=0),
        "$.level.shapes[0].holes[0]: no such hole (there are 0)",
    )
    refused(level, DeleteHole(1, 0), "$.level.shapes[0].holes[0]: no such hole (there are 0)")
    refused(
        level,
        SetPoint(1, 0, float("inf"), 0),
        "$.level.shapes[0].points: a point has a coordinate that is not finite",
    )


def test_a_point_drag_is_one_command() -> None:
    assert SetPoint(1, 2, 5, 5).merge(SetPoint(1, 2, 7, 8)) == SetPoint(1, 2, 7, 8)
    assert SetPoint(1, 2, 5, 5).merge(MovePoint(1, 2, 1, 1)) == SetPoint(1, 2, 6, 6)
    assert MovePoint(1, 2, 5, 5).merge(MovePoint(1, 2, 1, 1)) == MovePoint(1, 2, 6, 6)
    assert MovePoint(1, 2, 5, 5, hole=0).merge(MovePoint(1, 2, 1, 1)) is None
    assert SetPoint(1, 2, 5, 5).merge(SetPoint(1, 3, 7, 8)) is None
    history = History(start())
    for step in range(1, 11):
        history.apply(SetPoint(1, 0, float(step), 960.0), merge=True)
    assert history.undo_label == "Move point of shape 1"
    assert unpack_points(history.doc.level.shapes[0].points)[0] == (10.0, 960.0)
    history.undo()
    assert not history.can_undo


def test_raise_and_lower_a_shape() -> None:
    doc = AddShape(SQUARE, "ground").apply(AddShape(SQUARE, "ground").apply(start()))
    assert [s.id for s in doc.level.shapes] == [1, 4, 5]
    assert [s.id for s in ReorderShape(1, 1).apply(doc).level.shapes] == [4, 1, 5]
    assert [s.id for s in ReorderShape(1, 99).apply(doc).level.shapes] == [4, 5, 1]
    assert [s.id for s in ReorderShape(5, -1).apply(doc).level.shapes] == [1, 5, 4]
    assert (
        ReorderShape(5, -1).label == "Lower shape 5" and ReorderShape(5, 2).label == "Raise shape 5"
    )
    refused(doc, ReorderShape(5, 1), "$.level.shapes[2]: shape 5 is already at the front")
    refused(doc, ReorderShape(1, -1), "$.level.shapes[0]: shape 1 is already at the back")


# --- entities --------------------------------------------------------------------------------


def test_add_any_entity_with_its_props() -> None:
    doc = start()
    out = AddEntity(Crate(id=0, x=300, y=900, material="ground", width=40)).apply(doc)
    crate = out.level.entities[-1]
    assert isinstance(crate, Crate) and crate.id == 4 and out.level.next_id == 5
    assert (crate.x, crate.width) == (300.0, 40.0) and isinstance(crate.x, float)
    platform = MovingPlatform(
        id=0, x=500, y=700, material="ground", path=pack_points([(0, 0), (200, 0)])
    )
    out = AddEntity(platform, index=0).apply(out)
    assert isinstance(out.level.entities[0], MovingPlatform) and out.level.entities[0].id == 5
    assert AddEntity(platform).label == "Add moving platform"
    refused(
        doc,
        AddEntity(Crate(id=0, x=0, y=0, material="lava")),
        "$.level.entities[2].material: material 'lava' is not defined in $.level.materials",
    )
    refused(
        doc,
        AddEntity(Spawn(id=0, x=2e6, y=0)),
        "$.level.entities[2].x: 2,000,000 is out of range (-1,000,000 to 1,000,000) "
        "(limit MAX_WORLD)",
    )
    refused(
        doc,
        AddEntity(Door(id=0, x=0, y=0, width=-1)),
        "$.level.entities[2].width: must be more than 0, not -1",
    )
    refused(
        doc,
        AddEntity(Sign(id=0, x=0, y=0, text="x" * 20_001)),
        "$.level.entities[2].text: Expected `str` of length <= 20000",
    )
    refused(
        doc,
        AddEntity(Spawn(id=0, x=0, y=0, facing=BAD)),
        "$.level.entities[2].facing: Invalid enum value 'floaty'",
    )
    refused(doc, AddEntity(NOT_AN_ENTITY), "$.level.entities[2]: Material is not an entity type")


def test_delete_an_entity_and_its_links() -> None:
    doc = sample("switch-and-door")
    assert Link(source=10, target=9) in doc.level.links
    out = DeleteEntity(9).apply(doc)  # the door
    assert 9 not in {e.id for e in out.level.entities}
    assert out.level.links == [Link(source=12, target=11)]
    out = DeleteEntity(12).apply(out)  # a switch
    assert out.level.links == []
    refused(doc, DeleteEntity(1), "$.level.entities: no entity has id 1")  # a shape's id


def test_move_an_entity_and_merge_the_drag() -> None:
    doc = start()
    out = MoveEntity(2, 30, -20).apply(doc)
    assert (out.level.entities[0].x, out.level.entities[0].y) == (150.0, 880.0)
    assert MoveEntity(2, 1, 1).merge(MoveEntity(2, 2, 2)) == MoveEntity(2, 3, 3)
    assert MoveEntity(2, 1, 1).merge(MoveEntity(3, 2, 2)) is None
    refused(
        doc,
        MoveEntity(2, 0, 1e7),
        "$.level.entities[0].y: 10,000,900 is out of range (-1,000,000 to 1,000,000) "
        "(limit MAX_WORLD)",
    )


def test_change_one_prop_of_an_entity() -> None:
    doc = sample("switch-and-door")
    i = next(i for i, e in enumerate(doc.level.entities) if e.id == 11)
    out = SetEntityProp(11, "speed", 120).apply(doc)
    platform = out.level.entities[i]
    assert isinstance(platform, MovingPlatform) and platform.speed == 120.0
    out = SetEntityProp(11, "path", [(0, 0), (0, -300), (100, -300)]).apply(doc)
    platform = out.level.entities[i]
    assert isinstance(platform, MovingPlatform)
    assert unpack_points(platform.path) == [(0.0, 0.0), (0.0, -300.0), (100.0, -300.0)]
    platform = SetEntityProp(11, "material", "ice").apply(doc).level.entities[i]
    assert isinstance(platform, MovingPlatform) and platform.material == "ice"
    assert SetEntityProp(11, "speed", 1).merge(SetEntityProp(11, "speed", 2)) == SetEntityProp(
        11, "speed", 2
    )
    assert SetEntityProp(11, "speed", 1).merge(SetEntityProp(11, "width", 2)) is None
    assert SetEntityProp(11, "speed", 1).label == "Set speed of entity 11"
    refused(
        doc,
        SetEntityProp(11, "colour", "#fff"),
        "$.level.entities[14]: a moving platform has no prop 'colour'",
    )
    refused(
        doc, SetEntityProp(11, "id", 3), "$.level.entities[14].id: change an id with ChangeEntityId"
    )
    refused(
        doc,
        SetEntityProp(11, "speed", "fast"),
        "$.level.entities[14].speed: Expected `float`, got `str`",
    )
    refused(
        doc, SetEntityProp(11, "speed", 0), "$.level.entities[14].speed: must be more than 0, not 0"
    )
    refused(
        doc,
        SetEntityProp(11, "material", "lava"),
        "$.level.entities[14].material: material 'lava' is not defined in $.level.materials",
    )
    refused(
        doc,
        SetEntityProp(11, "path", [(0.0, 0.0)] * 1025),
        "$.level.entities[14].path: 1,025 points, more than 1,024 (limit MAX_PATH_POINTS)",
    )
    refused(
        doc, SetEntityProp(16, "value", 0), "$.level.entities[7].value: must be 1 or more, not 0"
    )


def test_change_an_entity_id_and_its_links_follow() -> None:
    doc = sample("switch-and-door")
    out = ChangeEntityId(9, 40).apply(doc)  # the door
    assert 40 in {e.id for e in out.level.entities} and out.level.next_id == 41
    assert out.level.links == [Link(source=10, target=40), Link(source=12, target=11)]
    refused(
        doc,
        ChangeEntityId(10, 5),
        "$.level.entities[3].id: id 5 is already used by $.level.shapes[4]",
    )
    refused(
        doc,
        ChangeEntityId(10, 9),
        "$.level.entities[3].id: id 9 is already used by $.level.entities[4]",
    )
    refused(
        doc,
        ChangeEntityId(10, 0),
        "$.level.entities[3].id: id must be 1 to 9223372036854775806, not 0",
    )
    refused(doc, ChangeEntityId(99, 100), "$.level.entities: no entity has id 99")


# --- links -----------------------------------------------------------------------------------


def test_add_and_delete_links() -> None:
    doc = sample("switch-and-door")
    out = AddLink(10, 11).apply(doc)
    assert out.level.links[-1] == Link(source=10, target=11)
    assert AddLink(10, 11).label == "Link switch 10 to 11"
    out = DeleteLink(10, 9).apply(out)
    assert out.level.links == [Link(source=12, target=11), Link(source=10, target=11)]
    refused(doc, AddLink(10, 9), "$.level.links: switch 10 already links to 9")
    refused(doc, AddLink(9, 11), "$.level.links[2].source: entity 9 is a door, not a switch")
    refused(
        doc,
        AddLink(10, 14),
        "$.level.links[2].target: entity 14 is a crate, not a door or moving platform",
    )
    refused(doc, AddLink(10, 3), "$.level.entities: no entity has id 3")
    refused(doc, DeleteLink(12, 9), "$.level.links: switch 12 does not link to 9")


def test_links_work_on_a_new_level() -> None:
    doc = start()
    doc = AddEntity(Switch(id=0, x=400, y=950)).apply(doc)
    doc = AddEntity(Door(id=0, x=800, y=912)).apply(doc)
    assert AddLink(4, 5).apply(doc).level.links == [Link(source=4, target=5)]


# --- tile layers -----------------------------------------------------------------------------


def test_paint_and_fill_tiles() -> None:
    doc = sample("tile-garden")
    layer = doc.level.tile_layers[1]
    out = PaintTiles(1, ((0, 0), (3, 2)), 5).apply(doc)
    cells = tiles_array(out.level.tile_layers[1].data)
    assert cells[0] == 5 and cells[2 * layer.columns + 3] == 5
    assert (cells != tiles_array(layer.data)).sum() <= 2
    out = FillTiles(1, 1, 1, 3, 2, 7).apply(doc)
    grid = tiles_array(out.level.tile_layers[1].data).reshape(layer.rows, layer.columns)
    assert (grid[1:3, 1:4] == 7).all()
    before = tiles_array(layer.data).reshape(layer.rows, layer.columns)
    assert (grid[3:, :] == before[3:, :]).all() and (grid[:, 4:] == before[:, 4:]).all()
    assert FillTiles(1, 0, 0, 1, 1, 0).label == "Clear tiles"
    stroke = PaintTiles(1, ((0, 0),), 5).merge(PaintTiles(1, ((1, 0),), 5))
    assert stroke == PaintTiles(1, ((0, 0), (1, 0)), 5)
    assert PaintTiles(1, ((0, 0),), 5).merge(PaintTiles(1, ((1, 0),), 6)) is None
    refused(
        doc, PaintTiles(2, ((0, 0),), 1), "$.level.tile_layers[2]: no such tile layer (there are 2)"
    )
    refused(doc, PaintTiles(1, ((72, 0),), 1), "$.level.tile_layers[1]: no cell (72, 0) in 72 × 36")
    refused(
        doc,
        PaintTiles(1, ((0, 0),), -1),
        "$.level.tile_layers[1].data: tile -1 is not 0 (empty) to 4294967295",
    )
    refused(
        doc,
        FillTiles(0, 70, 0, 3, 1, 1),
        "$.level.tile_layers[0]: the rectangle 3 × 1 at (70, 0) is not inside the 72 × 36 grid",
    )


# --- selections ------------------------------------------------------------------------------


def test_move_and_delete_a_selection() -> None:
    doc = sample("switch-and-door")
    out = MoveSelection((1, 2), (9, 10), 5, 10).apply(doc)
    for old, new in zip(doc.level.shapes[:2], out.level.shapes[:2], strict=True):
        assert unpack_points(new.points) == [(x + 5, y + 10) for x, y in unpack_points(old.points)]
    moved = {e.id: (e.x, e.y) for e in out.level.entities}
    assert all(moved[e.id] == (e.x + 5, e.y + 10) for e in doc.level.entities if e.id in (9, 10))
    assert out.level.shapes[2:] == doc.level.shapes[2:]
    assert MoveSelection((1,), (9, 10), 1, 1).label == "Move 1 shape and 2 entities"
    drag = MoveSelection((1,), (9,), 1, 1).merge(MoveSelection((1,), (9,), 2, 3))
    assert drag == MoveSelection((1,), (9,), 3, 4)
    assert MoveSelection((1,), (9,), 1, 1).merge(MoveSelection((1,), (), 2, 3)) is None
    out = DeleteSelection((1, 2), (10, 14)).apply(doc)
    assert {1, 2}.isdisjoint(s.id for s in out.level.shapes)
    assert {10, 14}.isdisjoint(e.id for e in out.level.entities)
    assert out.level.links == [Link(source=12, target=11)]  # switch 10's wire went with it
    assert DeleteSelection((1,), ()).label == "Delete shape 1"
    refused(doc, MoveSelection((1, 99), (), 1, 1), "$.level.shapes: no shape has id 99")
    refused(doc, DeleteSelection((), (10, 1)), "$.level.entities: no entity has id 1")
    refused(
        doc,
        MoveSelection((), (9,), 0, 2e6),
        "$.level.entities[4].y: 2,001,020 is out of range (-1,000,000 to 1,000,000) "
        "(limit MAX_WORLD)",
    )


# --- labels, limits and odd input ------------------------------------------------------------


def test_labels_read_as_an_undo_menu() -> None:
    labels = [
        SetSize(1, 1).label,
        SetGravity(0, 1).label,
        SetBackground().label,
        ChangeMaterial("ice").label,
        DeleteMaterial("ice").label,
        DeleteShape(3).label,
        MoveShape(3, 1, 1).label,
        MovePoint(3, 0, 1, 1).label,
        InsertPoint(3, 0, 1, 1).label,
        DeletePoint(3, 0).label,
        AddHole(3, []).label,
        DeleteHole(3, 0).label,
        SetShapeMaterial(3, "ice").label,
        SetShapeBody(3, "dynamic").label,
        SetShapeOneWay(3, True).label,
        SetShapeOneWay(3, False).label,
        DeleteEntity(7).label,
        MoveEntity(7, 1, 1).label,
        ChangeEntityId(7, 9).label,
        DeleteLink(4, 5).label,
        PaintTiles(0, (), 1).label,
        PaintTiles(0, (), 0).label,
        FillTiles(0, 0, 0, 1, 1, 2).label,
    ]
    assert labels == [
        "Resize level",
        "Set gravity",
        "Change background",
        "Change material 'ice'",
        "Delete material 'ice'",
        "Delete shape 3",
        "Move shape 3",
        "Move point of shape 3",
        "Add point to shape 3",
        "Delete point of shape 3",
        "Add hole to shape 3",
        "Delete hole of shape 3",
        "Make shape 3 ice",
        "Make shape 3 dynamic",
        "Make shape 3 one-way",
        "Make shape 3 solid",
        "Delete entity 7",
        "Move entity 7",
        "Change id of entity 7 to 9",
        "Unlink switch 4 from 5",
        "Paint tiles",
        "Erase tiles",
        "Fill tiles",
    ]


def test_lists_at_their_limit_refuse_one_more() -> None:
    doc = start()
    level = doc.level
    full = replace(
        doc,
        level=replace(
            level,
            materials=[Material(name=str(n)) for n in range(256)],
            shapes=[level.shapes[0]] * 50_000,
            entities=[level.entities[0]] * 20_000,
            links=[Link(source=1, target=2)] * 20_000,
        ),
    )
    refused(
        full,
        AddMaterial(Material(name="x")),
        "$.level.materials: already 256 materials (limit MAX_MATERIALS)",
    )
    refused(full, AddShape(SQUARE, "0"), "$.level.shapes: already 50,000 shapes (limit MAX_SHAPES)")
    refused(
        full,
        AddEntity(Spawn(id=0, x=0, y=0)),
        "$.level.entities: already 20,000 entities (limit MAX_ENTITIES)",
    )
    wired = AddEntity(Door(id=0, x=0, y=0)).apply(AddEntity(Switch(id=0, x=0, y=0)).apply(doc))
    many = replace(wired, level=replace(wired.level, links=[Link(source=1, target=2)] * 20_000))
    refused(many, AddLink(4, 5), "$.level.links: already 20,000 links (limit MAX_LINKS)")
    hole = [(1.0, 1.0), (2.0, 1.0), (2.0, 2.0)]
    refused(
        doc,
        AddShape(SQUARE, "ground", holes=[hole] * 257),
        "$.level.shapes[1].holes: 257 holes, more than 256 (limit MAX_HOLES)",
    )
    holed = AddShape(SQUARE, "ground", holes=[hole] * 256).apply(doc)
    refused(holed, AddHole(4, hole), "$.level.shapes[1].holes: already 256 holes (limit MAX_HOLES)")


def test_odd_input_is_refused_with_its_path() -> None:
    doc = start()
    refused(
        doc,
        AddShape(b"\x00" * 20, "ground"),
        "$.level.shapes[1].points: 20 bytes is not a whole number of points",
    )
    refused(
        doc,
        AddShape([(1.0,)], "ground"),  # type: ignore[list-item]
        "$.level.shapes[1].points: points must be (x, y) pairs of numbers",
    )
    refused(
        doc,
        AddMaterial(Material(name="dust", density=1e-9)),
        "$.level.materials[1].density: must be at least 1e-06, not 1e-09",
    )
    refused(doc, ReorderShape(1, 0), "$.level.shapes[0]: a move by 0 places changes nothing")
    font = Asset(type="font/ttf", name="a.ttf", data=b"\x00\x01\x00\x00")
    with_font = replace(doc, assets={"ab" * 32: font})
    refused(
        with_font,
        SetBackground(image="ab" * 32),
        "$.level.background.image: asset 'a.ttf' is a font/ttf, not an image",
    )
    layer = sample("tile-garden")
    broken = replace(
        layer,
        level=replace(
            layer.level,
            tile_layers=[replace(layer.level.tile_layers[0], data=b"")],
        ),
    )
    refused(
        broken,
        PaintTiles(0, ((0, 0),), 1),
        "$.level.tile_layers[0].data: does not hold 72 × 36 cells",
    )
    # edits that change nothing give back the very document
    assert RenameMaterial("ground", "ground").apply(doc) is doc
    assert ChangeEntityId(2, 2).apply(doc) is doc
    assert MovePoint(1, 0, 1, 1).merge(SetPoint(1, 0, 5, 5)) == SetPoint(1, 0, 5, 5)


def test_change_tile_layer() -> None:
    doc = sample("tile-garden")
    out = ChangeTileLayer(1, opacity=0.25, visible=False, parallax=0.5, name="far decor").apply(doc)
    layer = out.level.tile_layers[1]
    assert (layer.opacity, layer.visible, layer.parallax, layer.name) == (
        0.25,
        False,
        0.5,
        "far decor",
    )
    assert layer.data == doc.level.tile_layers[1].data
    assert isinstance(layer.opacity, float)
    out = ChangeTileLayer(0, solid=False).apply(doc)
    assert not out.level.tile_layers[0].solid
    typing = ChangeTileLayer(1, opacity=0.5).merge(ChangeTileLayer(1, x=4.0))
    assert typing == ChangeTileLayer(1, opacity=0.5, x=4.0)
    assert ChangeTileLayer(1, opacity=0.5).merge(ChangeTileLayer(0, x=4.0)) is None
    refused(
        doc,
        ChangeTileLayer(1, opacity=1.5),
        "$.level.tile_layers[1].opacity: 1.5 is out of range (0 to 1)",
    )
    refused(
        doc,
        ChangeTileLayer(3, opacity=0.5),
        "$.level.tile_layers[3]: no such tile layer (there are 2)",
    )
    refused(
        doc,
        ChangeTileLayer(1, solid=True, material="lava"),
        "$.level.tile_layers[1].material: a solid layer's material 'lava' is not defined",
    )
    refused(doc, ChangeTileLayer(1, name=" "), "$.level.tile_layers[1].name: must not be empty")
