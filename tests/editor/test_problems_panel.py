"""The problems list under the inspector, driven through the real loop: it follows the level's
validation and what publishing needs, in the editor's words, wrapped whole; clicking any line
of a problem selects what it names and centres the view on it; the status line agrees; and the
canvas outlines what has a problem in red and labels every entity."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pygame
import pytest

from editor.app import EditorApp
from editor.canvas import PROBLEM
from editor.pilot import Pilot
from editor.problem_words import BEFORE_PUBLISHING, INDENT, NO_PROBLEMS, target_of
from editor.session import EditorSession
from engine import fileio
from engine.edit.level import AddEntity, AddShape, SetEntityProp
from engine.level.entities import Collectible, Crate, Goal, Sign, Spawn
from engine.starter import new_level
from tests.editor.conftest import running

BOW_TIE = [(1500.0, 200.0), (1600.0, 300.0), (1600.0, 200.0), (1500.0, 300.0)]
LEVELS = Path(__file__).resolve().parents[2] / "levels"


@pytest.fixture
def app(tmp_path: Path) -> Iterator[EditorApp]:
    yield from running(EditorSession.new_level(tmp_path / "new.cocreate"))


def lines(app: EditorApp) -> list[str]:
    return [str(item["text"]) for item in app.problems.list.item_list]


def click_line(app: EditorApp, pilot: Pilot, index: int) -> None:
    button = app.problems.list.item_list[index]["button_element"]
    assert button is not None
    pilot.click(*button.rect.center)
    pilot.frames(1)


def break_level(app: EditorApp, pilot: Pilot) -> tuple[int, int]:
    """An empty sign far right and a crossed shape: two problems. Their ids."""
    session = app.session
    assert session.apply(AddEntity(Sign(id=0, x=1800.0, y=900.0, text="hi")))
    sign = session.doc.level.next_id - 1
    assert session.apply(SetEntityProp(sign, "text", ""))
    assert session.apply(AddShape(BOW_TIE, "ground", "static"))
    shape = session.doc.level.next_id - 1
    pilot.frames(1)
    return sign, shape


def test_a_valid_level_says_no_problems(app: EditorApp) -> None:
    assert lines(app) == [NO_PROBLEMS]
    assert app.problems.heading.text == "Problems"
    app.session.status = ""
    Pilot(app).frames(1)
    assert app.toolbar.status.text == "valid"


def test_the_list_names_each_problem_wrapped_whole_and_follows_undo(
    app: EditorApp, pilot: Pilot
) -> None:
    sign, shape = break_level(app, pilot)
    assert app.problems.problems == [
        f"Shape {shape}: points: edges cross at (1550, 250)",
        f"Sign {sign}: text: must not be empty",
    ]
    assert lines(app) == [
        f"Shape {shape}: points: edges cross at",
        f"{INDENT}(1550, 250)",
        f"Sign {sign}: text: must not be empty",
    ]
    assert app.problems.heading.text == "Problems (2)"
    pilot.press(pygame.K_z, ctrl=True)  # the crossed shape goes
    assert lines(app) == [f"Sign {sign}: text: must not be empty"]
    pilot.press(pygame.K_z, ctrl=True)  # the sign has its text again
    assert lines(app) == [NO_PROBLEMS]


def test_what_publishing_needs_is_listed_after_and_summed_up(app: EditorApp, pilot: Pilot) -> None:
    session = app.session
    assert session.apply(AddEntity(Spawn(id=0, x=300.0, y=300.0)))
    spawn = session.doc.level.next_id - 1
    pilot.frames(1)
    assert session.status == (
        f"Add spawn; before publishing: Spawn {spawn}: 2 spawns: a level needs exactly one"
    )
    assert lines(app) == [
        "Before publishing:",
        f"Spawn {spawn}: 2 spawns: a level needs",
        f"{INDENT}exactly one",
    ]
    assert app.problems.heading.text == "Problems (1)"
    session.status = ""  # nothing else to say: the status line sums the list up
    pilot.frames(1)
    assert app.toolbar.status.text == (
        f"valid draft; before publishing: Spawn {spawn}: 2 spawns: a level needs exactly one"
    )
    assert BEFORE_PUBLISHING.startswith(lines(app)[0])


def test_a_level_that_cli_calls_a_draft_is_not_valid_alone(app: EditorApp, pilot: Pilot) -> None:
    session = app.session
    for x in (300.0, 400.0):
        assert session.apply(AddEntity(Spawn(id=0, x=x, y=300.0)))
    crate = Crate(id=0, x=-50.0, y=-50.0, width=32, height=32, material="ground")
    assert session.apply(AddEntity(crate))
    ident = session.doc.level.next_id - 1
    assert session.apply(SetEntityProp(ident, "width", 5.0))
    pilot.frames(1)
    session.status = ""
    pilot.frames(1)
    assert app.problems.problems == [
        f"Crate {ident}: width: must be at least 6 px for a body that moves, not 5",
        f"Spawn {ident - 2}: 3 spawns: a level needs exactly one",
    ]
    assert app.toolbar.status.text == (
        f"1 problem: Crate {ident}: width: must be at least 6 px for a body that moves, not 5; "
        "1 more before publishing"
    )


def test_clicking_a_problem_selects_the_entity_and_centres_it(app: EditorApp, pilot: Pilot) -> None:
    sign, _ = break_level(app, pilot)
    click_line(app, pilot, 2)
    assert app.session.selection == {sign}
    assert app.session.status == f"Sign {sign}: text: must not be empty"
    sx, sy = app.viewport.to_screen(1800.0, 900.0)
    assert (sx, sy) == pytest.approx((app.viewport.width / 2, app.viewport.height / 2))
    assert app.inspector.heading.text == f"Sign {sign}"


def test_clicking_a_problems_second_line_selects_the_shape_and_centres_it(
    app: EditorApp, pilot: Pilot
) -> None:
    _, shape = break_level(app, pilot)
    app.viewport.pan(300, -120)
    click_line(app, pilot, 1)
    assert app.session.selection == {shape}
    assert app.session.status == f"Shape {shape}: points: edges cross at (1550, 250)"
    sx, sy = app.viewport.to_screen(1550.0, 250.0)
    assert (sx, sy) == pytest.approx((app.viewport.width / 2, app.viewport.height / 2))


def test_clicking_an_earlier_problem_after_a_later_one_selects_the_earlier(
    app: EditorApp, pilot: Pilot
) -> None:
    _, shape = break_level(app, pilot)
    click_line(app, pilot, 2)
    pilot.frames(1)
    click_line(app, pilot, 0)  # the sign's line is dropped after: the shape's click counts
    pilot.frames(1)
    assert app.session.selection == {shape}
    click_line(app, pilot, 0)  # the same line again: still selects it
    assert app.session.selection == {shape}


def test_a_refused_edit_says_why_in_the_editors_words(app: EditorApp, pilot: Pilot) -> None:
    goal = next(e.id for e in app.session.doc.level.entities if isinstance(e, Goal))
    assert not app.session.apply(SetEntityProp(goal, "height", 99_999_999_999.0))
    pilot.frames(1)
    assert app.session.status.startswith(f"Goal {goal}: height: ")
    assert "limit" not in app.session.status and "$." not in app.session.status


def test_target_of_reads_shape_and_entity_paths() -> None:
    doc = new_level()
    assert target_of(doc, "$.level.shapes[0].points") == doc.level.shapes[0].id
    assert target_of(doc, "$.level.entities[1]") == doc.level.entities[1].id
    assert target_of(doc, "$.level.entities[9].x") is None
    assert target_of(doc, "$.meta.title") is None


# -- the canvas ----------------------------------------------------------------------------------


def reds(app: EditorApp, wx: float, wy: float, half: int) -> int:
    """How many pixels of the problem red the canvas has within ``half`` px of a world point."""
    app.draw()
    sx, sy = app.to_screen(wx, wy)
    area = pygame.Rect(round(sx) - half, round(sy) - half, 2 * half, 2 * half)
    shot = app.surface.subsurface(area.clip(app.canvas_rect))
    return sum(
        1
        for x in range(shot.get_width())
        for y in range(shot.get_height())
        if shot.get_at((x, y))[:3] == PROBLEM
    )


def test_a_crossed_polygon_is_outlined_in_red_as_soon_as_it_is_closed(
    app: EditorApp, pilot: Pilot
) -> None:
    square = [(200.0, 200.0), (296.0, 200.0), (296.0, 296.0), (200.0, 296.0)]
    bow = [(400.0, 200.0), (496.0, 296.0), (496.0, 200.0), (400.0, 296.0)]
    pilot.press(pygame.K_p)
    for x, y in [*square, square[0]]:
        pilot.click(*app.to_screen(x, y))
    assert app.session.status.startswith("Added shape 4 (4 points")
    assert reds(app, 200.0, 248.0, 8) == 0  # a fine shape: no red
    for x, y in [*bow, bow[0]]:
        pilot.click(*app.to_screen(x, y))
    pilot.frames(1)
    assert app.session.status == "Added shape 5: edges cross at (448, 248)"
    assert app.session.selection == {5}
    assert reds(app, 400.0, 248.0, 8) > 10  # beside the selection's outline
    pilot.press(pygame.K_z, ctrl=True)
    assert reds(app, 400.0, 248.0, 8) == 0


def test_an_entity_with_a_problem_is_outlined_in_red(app: EditorApp, pilot: Pilot) -> None:
    session = app.session
    assert session.apply(AddEntity(Sign(id=0, x=600.0, y=500.0, text="")))
    pilot.frames(1)
    assert reds(app, 600.0, 500.0, 40) > 10
    assert reds(app, 120.0, 900.0, 40) == 0  # the spawn is fine


def test_entities_close_together_share_a_label_and_none_is_lost(
    app: EditorApp, pilot: Pilot
) -> None:
    session = app.session
    for x in (600.0, 616.0, 632.0):
        assert session.apply(AddEntity(Collectible(id=0, x=x, y=500.0)))
    assert session.duplicate() is False  # nothing selected
    session.select([2])  # the spawn
    assert session.duplicate()
    pilot.frames(1)
    shown = sorted(label.shown for label in app.canvas.labels)
    assert shown == ["collectible ×3", "goal", "spawn ×2"]
    placed = app.canvas.placed
    assert all(a.collidelist(placed[i + 1 :]) < 0 for i, a in enumerate(placed))


def test_every_entity_of_tile_garden_is_labelled_without_overlap(tmp_path: Path) -> None:
    doc = fileio.load(LEVELS / "tile-garden.cocreate")
    for editor in running(EditorSession(doc, tmp_path / "garden.cocreate")):
        editor.draw()
        counted = sum(label.count for label in editor.canvas.labels)
        assert counted == len(editor.session.doc.level.entities)
        placed = editor.canvas.placed
        assert len(placed) == len(editor.canvas.labels)
        assert all(a.collidelist(placed[i + 1 :]) < 0 for i, a in enumerate(placed))
        view = editor.canvas_rect.move(-editor.canvas_rect.left, -editor.canvas_rect.top)
        assert all(view.contains(box) for box in placed)
