"""DuplicateSelection and PasteItems: copies with new ids, moved, links between copies kept,
refused with a JSON path, and undone through the History to the exact bytes."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine import codec
from engine.document import LevelDocument
from engine.edit import Command, History
from engine.edit.level import DuplicateSelection, PasteItems
from engine.errors import EditError
from engine.level.entities import Door, Entity, MovingPlatform, Switch
from engine.level.model import Link, Shape
from engine.packed import unpack_points
from engine.validation import validate

LEVELS = Path(__file__).resolve().parents[3] / "levels"


def sample(name: str = "switch-and-door") -> LevelDocument:
    doc = codec.read((LEVELS / f"{name}.cocreate").read_bytes()).document
    assert isinstance(doc, LevelDocument)
    return doc


def refused(doc: LevelDocument, command: Command[LevelDocument], message: str) -> None:
    with pytest.raises(EditError) as info:
        command.apply(doc)
    assert str(info.value) == message


def by_id(doc: LevelDocument, ident: int) -> Shape | Entity:
    level = doc.level
    return next(t for t in [*level.shapes, *level.entities] if t.id == ident)


def test_duplicate_copies_shapes_and_entities_with_new_ids_moved() -> None:
    doc = sample()  # shapes 1-7, entities 8-29, next_id 30
    out = DuplicateSelection((3, 8, 1), 16.0, -8.0).apply(doc)
    level = out.level
    assert level.next_id == 33
    assert [s.id for s in level.shapes] == [1, 2, 3, 4, 5, 6, 7, 30, 32]
    assert [e.id for e in level.entities][-1] == 31
    for old, new in ((3, 30), (1, 32)):
        a, b = doc.level.shapes[old - 1], by_id(out, new)
        assert isinstance(b, Shape)
        assert b.material == a.material and b.body == a.body
        moved = [(x + 16.0, y - 8.0) for x, y in unpack_points(a.points)]
        assert unpack_points(b.points) == moved
    spawn = level.entities[-1]
    assert (spawn.x, spawn.y) == (100.0 + 16.0, 1098.0 - 8.0)
    assert doc.level.next_id == 30 and len(doc.level.shapes) == 7  # nothing changed in place
    assert DuplicateSelection((3, 8, 1), 16, -8).label == "Duplicate 3 things"
    assert DuplicateSelection((8, 8), 16, -8).label == "Duplicate 1 thing"
    assert not [p for p in validate(out) if "id" in str(p)]


def test_duplicate_copies_links_between_copied_entities_only() -> None:
    doc = sample()
    # switch 10 -> door 9 both copied; switch 12 -> platform 11: only the platform copied
    out = DuplicateSelection((10, 9, 11), 0.0, 64.0).apply(doc)
    level = out.level
    switch, door, platform = level.entities[-3:]
    assert isinstance(switch, Switch) and switch.id == 30
    assert isinstance(door, Door) and door.id == 31
    assert isinstance(platform, MovingPlatform) and platform.id == 32
    assert level.links == [*doc.level.links, Link(source=30, target=31)]
    original = by_id(doc, 11)
    assert isinstance(original, MovingPlatform)
    assert platform.path == original.path  # relative to x, y: moves with it unchanged
    assert (platform.x, platform.y) == (original.x, original.y + 64.0)


def test_duplicate_refuses_unknown_ids_and_results_out_of_the_world() -> None:
    doc = sample()
    refused(
        doc, DuplicateSelection((8, 99), 8, 8), "$.level: no shape, entity or decoration has id 99"
    )
    refused(
        doc, DuplicateSelection((), 8, 8), "$.level: nothing to copy (no shape or entity given)"
    )
    refused(
        doc,
        DuplicateSelection((8,), 2e6, 0),
        "$.level.entities[22].x: 2,000,100 is out of range (-1,000,000 to 1,000,000) "
        "(limit MAX_WORLD)",
    )
    refused(
        doc,
        DuplicateSelection((1,), 0, -2e6),
        "$.level.shapes[7].points: a point is more than 1,000,000 px out (limit MAX_WORLD)",
    )
    refused(doc, DuplicateSelection((8,), float("nan"), 0), "dx: must be a finite number, not nan")


def test_paste_items_adds_copied_values_and_their_links() -> None:
    doc = sample()
    level = doc.level
    items = (by_id(doc, 4), by_id(doc, 12), by_id(doc, 11))
    out = PasteItems(items, 32.0, 32.0, tuple(level.links)).apply(doc)
    assert out.level.shapes[-1].id == 30 and out.level.shapes[-1].material == "wood"
    assert [e.id for e in out.level.entities[-2:]] == [31, 32]
    assert out.level.links[-1] == Link(source=31, target=32)
    assert out.level.next_id == 33
    assert PasteItems(items, 0, 0).label == "Paste 3 things"
    # pasting again adds more copies (the items keep their old ids; the copies get new ones)
    again = PasteItems(items, 64.0, 64.0, tuple(level.links)).apply(out)
    assert again.level.next_id == 36 and again.level.links[-1] == Link(source=34, target=35)


def test_paste_refuses_a_material_the_level_no_longer_has() -> None:
    doc = sample()
    crate, shape = by_id(doc, 14), by_id(doc, 3)  # a wood crate, an ice shape
    plain = sample("first-steps")
    refused(
        plain,
        PasteItems((shape,), 0, 0),
        f"$.level.shapes[{len(plain.level.shapes)}].material: material 'ice' is not defined "
        "in $.level.materials",
    )
    refused(
        plain,
        PasteItems((crate,), 0, 0),
        f"$.level.entities[{len(plain.level.entities)}].material: material 'wood' is not "
        "defined in $.level.materials",
    )


def test_duplicate_and_paste_undo_and_redo_to_the_exact_bytes() -> None:
    doc = sample()
    original = codec.encode(doc)
    history = History(doc)
    history.apply(DuplicateSelection((1, 10, 9, 11, 12), 8.0, 8.0))
    once = codec.encode(history.doc)
    items = tuple(by_id(doc, i) for i in (2, 13))
    history.apply(PasteItems(items, 16.0, 0.0))
    assert history.undo_label == "Paste 2 things"
    twice = codec.encode(history.doc)
    history.undo()
    assert codec.encode(history.doc) == once
    assert history.undo_label == "Duplicate 5 things"
    history.undo()
    assert codec.encode(history.doc) == original
    history.redo()
    history.redo()
    assert codec.encode(history.doc) == twice
    assert codec.encode(doc) == original
