"""The problems list under the inspector, driven through the real loop: it follows the level's
validation, and clicking a problem selects what it names and centres the view on it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pygame
import pytest

from editor.app import EditorApp
from editor.pilot import Pilot
from editor.problems import NO_PROBLEMS, fit, target_of
from editor.session import EditorSession
from engine.edit.level import AddEntity, AddShape, SetEntityProp
from engine.level.entities import Sign
from engine.starter import new_level
from tests.editor.conftest import running

BOW_TIE = [(1500.0, 200.0), (1600.0, 300.0), (1600.0, 200.0), (1500.0, 300.0)]


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


def test_the_list_shows_each_problem_and_follows_undo(app: EditorApp, pilot: Pilot) -> None:
    break_level(app, pilot)
    assert app.problems.problems == [
        "$.level.shapes[1].points: edges cross at (1550, 250)",
        "$.level.entities[2].text: must not be empty",
    ]
    shown = lines(app)
    assert shown[0].startswith("shapes[1].points: edges cross")  # maybe cut short with "…"
    assert shown[1] == "entities[2].text: must not be empty"
    assert app.problems.heading.text == "Problems (2)"
    pilot.press(pygame.K_z, ctrl=True)  # the crossed shape goes
    assert lines(app) == ["entities[2].text: must not be empty"]
    pilot.press(pygame.K_z, ctrl=True)  # the sign has its text again
    assert lines(app) == [NO_PROBLEMS]


def test_clicking_a_problem_selects_the_entity_and_centres_it(app: EditorApp, pilot: Pilot) -> None:
    sign, _ = break_level(app, pilot)
    click_line(app, pilot, 1)
    assert app.session.selection == {sign}
    assert app.session.status == "$.level.entities[2].text: must not be empty"
    sx, sy = app.viewport.to_screen(1800.0, 900.0)
    assert (sx, sy) == pytest.approx((app.viewport.width / 2, app.viewport.height / 2))
    assert app.inspector.heading.text == f"Sign {sign}"


def test_clicking_a_shape_problem_selects_the_shape_and_centres_it(
    app: EditorApp, pilot: Pilot
) -> None:
    _, shape = break_level(app, pilot)
    app.viewport.pan(300, -120)
    click_line(app, pilot, 0)
    assert app.session.selection == {shape}
    assert app.session.status == "$.level.shapes[1].points: edges cross at (1550, 250)"
    sx, sy = app.viewport.to_screen(1550.0, 250.0)
    assert (sx, sy) == pytest.approx((app.viewport.width / 2, app.viewport.height / 2))


def test_target_of_reads_shape_and_entity_paths() -> None:
    doc = new_level()
    assert target_of(doc, "$.level.shapes[0].points") == doc.level.shapes[0].id
    assert target_of(doc, "$.level.entities[1]") == doc.level.entities[1].id
    assert target_of(doc, "$.level.entities[9].x") is None
    assert target_of(doc, "$.meta.title") is None


def test_a_long_problem_is_cut_short_to_fit_the_list() -> None:
    class Mono:
        def size(self, text: str) -> tuple[int, int]:
            return 10 * len(text), 14

    assert fit("short", Mono(), 100) == "short"
    assert fit("entities[2].text: must not be empty", Mono(), 100) == "entities[…"
