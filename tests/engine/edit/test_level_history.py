"""Level commands through the undo history: random edit sequences undo and redo to the exact
bytes, and a level built from a new document by commands alone is valid."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import codec
from engine.document import LevelDocument
from engine.edit import Command, History
from engine.edit.level import (
    AddEntity,
    AddHole,
    AddLink,
    AddMaterial,
    AddShape,
    ChangeEntityId,
    ChangeMaterial,
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
from engine.level.entities import (
    BouncePad,
    Checkpoint,
    Collectible,
    Crate,
    Door,
    Goal,
    Hazard,
    MovingPlatform,
    Sign,
    Spawn,
    Switch,
)
from engine.level.model import Material
from engine.packed import pack_points, point_count
from engine.starter import new_level
from engine.validation import check_bytes

LEVELS = Path(__file__).resolve().parents[3] / "levels"
STARTS = {
    name: codec.read((LEVELS / f"{name}.cocreate").read_bytes()).document
    for name in ("switch-and-door", "tile-garden", "first-steps")
}
STARTS["new"] = new_level("New", author="tester", ident="00000000-0000-4000-8000-000000000000")

coord = st.floats(-5000, 5000, allow_nan=False).map(lambda v: round(v, 2))
delta = st.floats(-200, 200, allow_nan=False).map(lambda v: round(v, 2))


def _entity(draw: Any, material: str) -> Any:
    x, y = draw(coord), draw(coord)
    return draw(
        st.sampled_from(
            [
                Spawn(id=0, x=x, y=y, facing="left"),
                Goal(id=0, x=x, y=y),
                Checkpoint(id=0, x=x, y=y),
                Collectible(id=0, x=x, y=y, value=3),
                Hazard(id=0, x=x, y=y, style="saw"),
                Crate(id=0, x=x, y=y, material=material),
                MovingPlatform(
                    id=0, x=x, y=y, material=material, path=pack_points([(0, 0), (0, -100)])
                ),
                Switch(id=0, x=x, y=y, mode="plate"),
                Door(id=0, x=x, y=y),
                Sign(id=0, x=x, y=y, text="Hello\nthere"),
                BouncePad(id=0, x=x, y=y),
            ]
        )
    )


def _command(data: st.DataObject, doc: LevelDocument) -> Command[Any]:
    """One command that applies to ``doc`` (drawn from those its contents allow)."""
    draw: Callable[[st.SearchStrategy[Any]], Any] = data.draw
    level = doc.level
    names = [m.name for m in level.materials]
    shapes, entities = level.shapes, level.entities
    options: list[str] = ["size", "gravity", "background", "add_material", "add_shape"]
    if names:
        options += ["change_material", "rename_material", "add_entity", "delete_material"]
    if shapes:
        options += ["delete_shape", "move_shape", "point", "shape_props", "reorder", "hole"]
    if entities:
        options += ["delete_entity", "move_entity", "entity_prop", "entity_id"]
    if shapes or entities:
        options += ["move_selection", "delete_selection"]
    switches = [e.id for e in entities if isinstance(e, Switch)]
    targets = [e.id for e in entities if isinstance(e, Door | MovingPlatform)]
    free = [(s, t) for s in switches for t in targets]
    linked = {(k.source, k.target) for k in level.links}
    if [pair for pair in free if pair not in linked]:
        options.append("add_link")
    if level.links:
        options.append("delete_link")
    if level.tile_layers:
        options += ["paint", "fill"]
    kind = draw(st.sampled_from(options))
    if kind == "size":
        return SetSize(draw(st.floats(1, 10_000)), draw(st.floats(1, 10_000)))
    if kind == "gravity":
        return SetGravity(draw(st.floats(-2000, 2000)), draw(st.floats(-2000, 2000)))
    if kind == "background":
        color = draw(st.sampled_from([None, "#000000", "#123abc"]))
        return SetBackground(color=color, parallax=draw(st.none() | st.floats(0, 1)))
    if kind == "add_material":
        name = draw(st.text("abcdefgh", min_size=1, max_size=6).filter(lambda n: n not in names))
        return AddMaterial(Material(name=name, friction=draw(st.floats(0, 2))))
    if kind == "change_material":
        return ChangeMaterial(draw(st.sampled_from(names)), restitution=draw(st.floats(0, 1)))
    if kind == "rename_material":
        new = draw(st.text("ijklmnop", min_size=1, max_size=6).filter(lambda n: n not in names))
        return RenameMaterial(draw(st.sampled_from(names)), new)
    if kind == "delete_material":  # refused while used: the history must stay unchanged then
        return DeleteMaterial(draw(st.sampled_from(names)))
    if kind == "add_shape":
        x, y = draw(coord), draw(coord)
        square = [(x, y), (x + 50, y), (x + 50, y + 50), (x, y + 50)]
        if not names:
            return AddMaterial(Material(name="base"))
        return AddShape(
            square, draw(st.sampled_from(names)), body=draw(st.sampled_from(["static", "dynamic"]))
        )
    if kind == "add_entity":
        return AddEntity(_entity(draw, draw(st.sampled_from(names))))
    if kind == "add_link":
        source, target = draw(st.sampled_from([p for p in free if p not in linked]))
        return AddLink(source, target)
    if kind == "delete_link":
        link = draw(st.sampled_from(level.links))
        return DeleteLink(link.source, link.target)
    if kind in ("move_selection", "delete_selection"):
        some_ids = st.lists(st.sampled_from([*(s.id for s in shapes), *(e.id for e in entities)]))
        picked = set(draw(some_ids))
        shape_ids = tuple(s.id for s in shapes if s.id in picked)
        entity_ids = tuple(e.id for e in entities if e.id in picked)
        if kind == "delete_selection":
            return DeleteSelection(shape_ids, entity_ids)
        return MoveSelection(shape_ids, entity_ids, draw(delta), draw(delta))
    if kind in ("paint", "fill"):
        index = draw(st.integers(0, len(level.tile_layers) - 1))
        layer = level.tile_layers[index]
        col, row = draw(st.integers(0, layer.columns - 1)), draw(st.integers(0, layer.rows - 1))
        tile = draw(st.integers(0, 3))
        if kind == "paint":
            return PaintTiles(index, ((col, row),), tile)
        return FillTiles(index, col, row, layer.columns - col, 1, tile)
    if kind in ("delete_shape", "move_shape", "point", "shape_props", "reorder", "hole"):
        shape = draw(st.sampled_from(shapes))
        sid = shape.id
        if kind == "delete_shape":
            return DeleteShape(sid)
        if kind == "move_shape":
            return MoveShape(sid, draw(delta), draw(delta))
        if kind == "reorder":
            return ReorderShape(sid, draw(st.sampled_from([-2, -1, 1, 3])))
        if kind == "shape_props":
            props: list[Command[Any]] = [
                SetShapeMaterial(sid, draw(st.sampled_from(names))),
                SetShapeBody(sid, draw(st.sampled_from(["static", "kinematic"]))),
                SetShapeOneWay(sid, draw(st.booleans())),
            ]
            return props[int(draw(st.integers(0, len(props) - 1)))]
        if kind == "hole":
            if shape.holes and draw(st.booleans()):
                return DeleteHole(sid, draw(st.integers(0, len(shape.holes) - 1)))
            return AddHole(sid, [(1, 1), (2, 1), (2, 2)])
        hole = draw(st.none() | st.integers(0, len(shape.holes) - 1)) if shape.holes else None
        n = point_count(shape.points if hole is None else shape.holes[hole])
        if n == 0:
            return InsertPoint(sid, 0, draw(coord), draw(coord), hole)
        at = draw(st.integers(0, n - 1))
        edits: list[Command[Any]] = [
            SetPoint(sid, at, draw(coord), draw(coord), hole),
            MovePoint(sid, at, draw(delta), draw(delta), hole),
            InsertPoint(sid, at, draw(coord), draw(coord), hole),
            DeletePoint(sid, at, hole),
        ]
        return edits[int(draw(st.integers(0, len(edits) - 1)))]
    ent = draw(st.sampled_from(entities))
    if kind == "delete_entity":
        return DeleteEntity(ent.id)
    if kind == "move_entity":
        return MoveEntity(ent.id, draw(delta), draw(delta))
    if kind == "entity_id":
        return ChangeEntityId(ent.id, level.next_id + draw(st.integers(0, 5)))
    return SetEntityProp(ent.id, "x", draw(coord))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(start=st.sampled_from(sorted(STARTS)), data=st.data())
def test_random_edits_undo_and_redo_to_the_exact_bytes(start: str, data: st.DataObject) -> None:
    first = STARTS[start]
    assert isinstance(first, LevelDocument)
    original = codec.encode(first)
    history = History(first)
    for _ in range(data.draw(st.integers(1, 25), label="steps")):
        command = _command(data, history.doc)
        before = history.doc
        try:
            history.apply(command, merge=data.draw(st.booleans(), label="merge"))
        except EditError:
            assert history.doc is before  # a refused edit changes nothing
            continue
        assert isinstance(command.label, str) and command.label
        codec.encode(history.doc)  # every intermediate document still encodes
        if data.draw(st.booleans(), label="end drag"):
            history.end_merge()
    final = codec.encode(history.doc)
    steps = 0
    while history.can_undo:
        history.undo()
        steps += 1
    assert codec.encode(history.doc) == original
    for _ in range(steps):
        history.redo()
    assert codec.encode(history.doc) == final
    assert codec.encode(first) == original  # nothing was changed in place


def test_commands_build_a_valid_level_from_a_new_document() -> None:
    history = History(new_level("Built by commands", author="tester"))
    for command in [
        SetSize(3200, 1200),
        SetGravity(0, 900),
        SetBackground(color="#203040", parallax=0.3),
        AddMaterial(Material(name="stone", color="#777777", friction=0.9)),
        AddMaterial(Material(name="wood", density=0.6, color="#a0522d")),
        RenameMaterial("ground", "grass"),
        ChangeMaterial("grass", friction=0.75),
        SetSize(3200, 1200),
        # a stone block with a window, drawn point by point
        AddShape([(600, 700), (900, 700), (900, 960)], "stone"),  # id 4
        InsertPoint(4, 3, 600, 960),
        MovePoint(4, 0, 0, -20),
        MovePoint(4, 0, 0, 20),
        AddHole(4, [(700, 780), (800, 780), (800, 880), (700, 880)]),
        SetPoint(4, 2, 820, 880, hole=0),
        # a platform wired to a switch, a door wired to another
        AddShape([(1200, 960), (3200, 960), (3200, 1200), (1200, 1200)], "grass"),  # id 5
        ReorderShape(5, -1),
        AddEntity(MovingPlatform(id=0, x=1000, y=800, material="wood", path=b"")),  # id 6
        SetEntityProp(6, "path", [(0, 0), (0, -200)]),
        SetEntityProp(6, "active", False),
        AddEntity(Switch(id=0, x=500, y=950)),  # id 7
        AddLink(7, 6),
        AddEntity(Door(id=0, x=1500, y=912)),  # id 8
        AddEntity(Switch(id=0, x=1400, y=950, mode="plate")),  # id 9
        AddLink(9, 8),
        ChangeEntityId(8, 20),
        AddEntity(Crate(id=0, x=1300, y=900, material="wood")),
        AddEntity(Sign(id=0, x=300, y=900, text="Push the crate onto the plate.")),
        AddEntity(Collectible(id=0, x=760, y=830, value=5)),
        AddEntity(Hazard(id=0, x=1100, y=950, style="lava", width=60)),
        AddEntity(BouncePad(id=0, x=2000, y=950)),
        AddEntity(Checkpoint(id=0, x=1800, y=900)),
        MoveEntity(3, 1000, 0),  # the goal, to the new right end
        MoveEntity(3, 200, 0),
        AddMaterial(Material(name="spare")),
        DeleteMaterial("spare"),
        AddEntity(Door(id=0, x=2500, y=912)),
        DeleteEntity(20),  # the first door goes, and its link
    ]:
        history.apply(command, merge=isinstance(command, MovePoint | MoveEntity))
    doc = history.doc
    assert [(k.source, k.target) for k in doc.level.links] == [(7, 6)]
    assert {m.name for m in doc.level.materials} == {"grass", "stone", "wood"}
    checked = check_bytes(codec.encode(doc))
    assert checked.ok, [str(p) for p in checked.problems]
    assert history.undo_label == "Delete entity 20"
