"""Problems in the level editor's words: what each names as the inspector and the status line
name it, without the engine's limit names; the list's order, the status line's summary and
what an edit announces; long problems wrapped whole."""

from __future__ import annotations

from pathlib import Path

from editor.problem_words import (
    BEFORE_PUBLISHING,
    INDENT,
    Listed,
    announced,
    flagged,
    fresh,
    level_problems,
    level_words,
    list_lines,
    reworded,
    summary,
    wrap,
)
from engine import fileio
from engine.document import LevelDocument
from engine.edit import History
from engine.edit.command import replace
from engine.edit.level import AddEntity, AddShape, SetEntityProp
from engine.errors import Problem
from engine.level.entities import Crate, Spawn
from engine.level.model import Decoration
from engine.starter import new_level
from engine.validation import validate

LEVELS = Path(__file__).resolve().parents[2] / "levels"

BOW_TIE = [(1500.0, 200.0), (1600.0, 300.0), (1600.0, 200.0), (1500.0, 300.0)]


class Mono:
    """A font whose every character is 10 px wide."""

    def size(self, text: str) -> tuple[int, int]:
        return 10 * len(text), 14


def edited(*commands: object) -> LevelDocument:
    history = History(new_level())
    for command in commands:
        history.apply(command)  # type: ignore[arg-type]
    return history.doc


def words(doc: LevelDocument, text: str) -> str:
    return str(level_words(doc, text))


def test_shapes_entities_and_decorations_are_named_by_kind_and_id() -> None:
    doc = edited(
        AddShape(BOW_TIE, "ground", "static"),
        AddEntity(Crate(id=0, x=-50.0, y=10.0, width=32, height=32, material="ground")),
    )
    assert words(doc, "$.level.shapes[1].points: edges cross at (1550, 250)") == (
        "Shape 4: points: edges cross at (1550, 250)"
    )
    assert words(doc, "$.level.entities[2].height: must be at most 1,000,000") == (
        "Crate 5: height: must be at most 1,000,000"
    )
    assert words(doc, "$.level.entities[0]: is outside the level (0..1920, 0..1080)") == (
        "Spawn 2: is outside the level (0..1920, 0..1080)"
    )
    assert words(doc, "$.level.shapes[1].holes[0]: edges cross at (1, 2)") == (
        "Shape 4: hole 1: edges cross at (1, 2)"
    )


def test_a_decoration_a_tile_layer_a_material_and_a_link_are_named() -> None:
    doc = new_level()
    assert words(doc, "$.level.materials[0].density: must be at least 0.01, not 0") == (
        "Material 'ground': density: must be at least 0.01, not 0"
    )
    deco = Decoration(id=7, image="b" * 64, x=1.0, y=2.0, width=3.0, height=4.0)
    decorated = replace(doc, level=replace(doc.level, decorations=[deco]))
    assert words(decorated, "$.level.decorations[0].image: no such image") == (
        "Decoration 7: image: no such image"
    )
    garden = fileio.load(LEVELS / "tile-garden.cocreate")
    assert isinstance(garden, LevelDocument)
    assert words(garden, "$.level.tile_layers[1].tileset.tile_width: must be 1 or more") == (
        "Tile layer 2 'decor': tileset tile width: must be 1 or more"
    )
    switches = fileio.load(LEVELS / "switch-and-door.cocreate")
    assert isinstance(switches, LevelDocument)
    assert words(switches, "$.level.links[1]: this link is listed twice") == (
        "Link 12 to 11: this link is listed twice"
    )


def test_level_fields_are_named_as_the_inspector_labels_them() -> None:
    doc = new_level()
    assert words(doc, "$.level.size.width: must be at least 64, not 5") == (
        "Level: width: must be at least 64, not 5"
    )
    assert words(doc, "$.level.gravity.x: -5000 is out of range") == (
        "Level: gravity x: -5000 is out of range"
    )
    assert words(doc, "$.level.entities: no goal: a level needs one to be cleared") == (
        "Level: entities: no goal: a level needs one to be cleared"
    )
    assert words(doc, "$.meta.title: must not be empty") == "Title: must not be empty"


def test_limit_names_are_left_out_and_paths_in_messages_named() -> None:
    doc = new_level()
    assert (
        words(
            doc,
            "$.level.entities[1].height: 99,999 is more than the most allowed (limit MAX_WORLD)",
        )
        == "Goal 3: height: 99,999 is more than the most allowed"
    )
    assert words(doc, "$.level.entities[1].id: id 1 is already used by $.level.shapes[0]") == (
        "Goal 3: id: id 1 is already used by Shape 1"
    )
    assert words(doc, "$.level.shapes[0].material: 'x' is not defined in $.level.materials") == (
        "Shape 1: material: 'x' is not defined in the level's materials"
    )


def test_a_status_message_is_reworded_from_its_path_on() -> None:
    doc = new_level()

    def say(text: str) -> str:
        return reworded(text, lambda t: level_words(doc, t))

    assert say("$.level.entities[1].width: 0 is too small (limit MAX_WORLD)") == (
        "Goal 3: width: 0 is too small"
    )
    assert say("Cannot play: $.level.shapes[0].points: edges cross at (1, 2)") == (
        "Cannot play: Shape 1: points: edges cross at (1, 2)"
    )
    assert say("Added shape 5 (4 points, ground)") == "Added shape 5 (4 points, ground)"


def test_what_publishing_needs_comes_after_validation_problems() -> None:
    doc = edited(
        AddEntity(Spawn(id=0, x=300.0, y=300.0)),
        AddEntity(Spawn(id=0, x=400.0, y=300.0)),
        AddEntity(Crate(id=0, x=500.0, y=300.0, width=32, height=32, material="ground")),
        SetEntityProp(6, "width", 5.0),
    )
    listed = level_problems(doc, validate(doc))
    assert [(str(p), p.publish_only) for p in listed] == [
        ("Crate 6: width: must be at least 6 px for a body that moves, not 5", False),
        ("Spawn 4: 3 spawns: a level needs exactly one", True),
    ]
    assert flagged(doc, validate(doc)) == {4, 6}


def test_the_summary_agrees_with_the_list() -> None:
    crate = Listed(level_words(new_level(), "$.level.entities[1].x: bad"), "$.level.entities[1].x")
    spawn = Listed(level_words(new_level(), "$.level.entities[0]: 2 spawns"), "", True)
    assert summary([]) == "valid"
    assert summary([spawn]) == "valid draft; before publishing: Spawn 2: 2 spawns"
    assert summary([spawn, spawn]) == (
        "valid draft; before publishing: Spawn 2: 2 spawns (and 1 more)"
    )
    assert summary([crate, spawn]) == "1 problem: Goal 3: x: bad; 1 more before publishing"


def test_an_edit_that_brings_a_problem_says_it_in_the_same_words() -> None:
    before = new_level()
    after = edited(AddShape(BOW_TIE, "ground", "static"))
    new = fresh(level_problems(before, validate(before)), level_problems(after, validate(after)))
    assert [str(p) for p in new] == ["Shape 4: points: edges cross at (1550, 250)"]
    assert announced("Added shape 4 (4 points, ground)", new) == (
        "Added shape 4: edges cross at (1550, 250)"
    )
    assert announced("Move point of shape 4", new) == (
        "Move point of shape 4: edges cross at (1550, 250)"
    )
    assert announced("", new) == "Shape 4: points: edges cross at (1550, 250)"
    assert announced("Pasted 2 things", new) == (
        "Pasted 2 things; Shape 4: points: edges cross at (1550, 250)"
    )
    assert announced("Added shape 4", []) == "Added shape 4"


def test_an_entity_command_names_the_entity_the_problem_names() -> None:
    doc = edited(
        AddEntity(Crate(id=0, x=500.0, y=300.0, width=32, height=32, material="ground")),
        SetEntityProp(4, "width", 5.0),
    )
    new = level_problems(doc, validate(doc))
    assert announced("Set width of entity 4", new) == (
        "Set width of entity 4: width: must be at least 6 px for a body that moves, not 5"
    )
    spawns = edited(AddEntity(Spawn(id=0, x=300.0, y=300.0)))
    extra = level_problems(spawns, validate(spawns))
    assert announced("Added spawn 4", extra) == (
        "Added spawn 4; before publishing: Spawn 4: 2 spawns: a level needs exactly one"
    )


def test_a_long_problem_is_wrapped_whole_with_points_kept_together() -> None:
    text = "Shape 4: points: edges cross at (1550, 250)"
    lines = wrap(text, Mono(), 250)
    assert lines == ["Shape 4: points: edges", f"{INDENT}cross at (1550, 250)"]
    assert " ".join(line.strip() for line in lines) == text
    assert wrap("short", Mono(), 250) == ["short"]
    assert wrap("abcdefghijklmnopqrstuvwxyz", Mono(), 100) == [
        "abcdefghij",
        f"{INDENT}klmnop",
        f"{INDENT}qrstuv",
        f"{INDENT}wxyz",
    ]


def test_list_lines_are_unique_and_know_their_problem() -> None:
    lines, owners = list_lines(["a b", "a b", "c"], Mono(), 500, note_before=2)
    assert lines == ["a b", "a b ", BEFORE_PUBLISHING, "c"]  # a space more: told apart
    assert owners == [0, 1, None, 2]


def test_a_problem_about_nothing_the_level_has_keeps_its_path() -> None:
    assert words(new_level(), "$.level.shapes[7].points: gone") == "level.shapes[7].points: gone"
    assert [str(p) for p in level_problems(new_level(), [Problem("$.x", "odd")])] == ["x: odd"]
