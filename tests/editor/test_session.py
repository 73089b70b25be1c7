"""The editor session: new/open/save, the title and dirty mark, undo/redo, failed edits."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.session import EditorSession
from engine import fileio
from engine.edit.command import replace
from engine.edit.level import AddEntity, DeleteShape, MoveShape
from engine.errors import CocreateError, FileAccessError
from engine.level.entities import Collectible
from engine.packed import unpack_points
from engine.starter import new_level, now_utc
from tests.factories import simple_design

LEVELS = Path(__file__).resolve().parents[2] / "levels"


def test_new_level_is_clean_and_untitled() -> None:
    s = EditorSession.new_level()
    assert s.path is None
    assert not s.dirty
    assert s.title == "untitled level — cocreate"
    assert s.selection == frozenset()
    assert s.problems() == []
    assert s.grid == 8.0


def test_edit_marks_dirty_and_undo_makes_it_clean_again() -> None:
    s = EditorSession.new_level(Path("mine.cocreate"))
    assert s.title == "mine.cocreate — cocreate"
    assert s.apply(MoveShape(1, 8.0, 0.0))
    assert s.dirty
    assert s.title == "• mine.cocreate — cocreate"
    assert s.undo()
    assert not s.dirty
    assert s.title == "mine.cocreate — cocreate"
    assert s.redo()
    assert unpack_points(s.doc.level.shapes[0].points)[0] == (8.0, 960.0)
    assert not s.redo()
    assert s.status == "Nothing to redo"


def test_save_then_open_round_trips_and_validates(tmp_path: Path) -> None:
    s = EditorSession.new_level()
    assert s.apply(AddEntity(Collectible(id=0, x=400.0, y=800.0, value=5)))
    with pytest.raises(ValueError, match="no path"):
        s.save()
    target = tmp_path / "coins.cocreate"
    assert s.save(target) == target
    assert s.path == target
    assert not s.dirty
    assert s.status == "Saved coins.cocreate"
    assert s.title == "coins.cocreate — cocreate"
    again = EditorSession.open(target)
    assert again.doc == s.doc
    assert again.problems() == []
    assert fileio.load(target) == s.doc
    # a second save goes to the same file
    assert s.apply(MoveShape(1, 0.0, -8.0))
    assert s.save() == target
    assert EditorSession.open(target).doc.level.shapes[0] == s.doc.level.shapes[0]


def test_open_sample_level() -> None:
    s = EditorSession.open(LEVELS / "first-steps.cocreate")
    assert s.title == "first-steps.cocreate — cocreate"
    assert s.doc.level.shapes
    assert not s.dirty


def test_open_missing_file_raises_the_engine_error(tmp_path: Path) -> None:
    with pytest.raises(FileAccessError, match="no such file"):
        EditorSession.open(tmp_path / "nope.cocreate")


def test_open_design_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "tee.cocreate"
    fileio.save(simple_design(), path)
    with pytest.raises(CocreateError, match="not a level"):
        EditorSession.open(path)


def test_edit_error_becomes_status_and_changes_nothing() -> None:
    s = EditorSession.new_level()
    before = s.doc
    assert not s.apply(DeleteShape(99))
    assert s.status == "$.level.shapes: no shape has id 99"
    assert s.doc is before
    assert not s.dirty
    assert not s.history.can_undo


def test_selection_drops_ids_that_no_longer_exist() -> None:
    s = EditorSession.new_level()
    s.select([1, 2, 777])
    assert s.selection == {1, 2}
    s.select([3], add=True)
    assert s.selection == {1, 2, 3}
    assert s.apply(DeleteShape(1))
    assert s.selection == {2, 3}
    s.undo()
    s.select([1])
    assert s.selection == {1}


def test_problems_are_cached_per_document() -> None:
    s = EditorSession.new_level()
    first = s.problems()
    assert s.problems() == first
    cached = s._problems
    s.problems()
    assert s._problems is cached
    assert s.apply(MoveShape(1, 8.0, 0.0))
    s.problems()
    assert s._problems is not cached


OLD = "2020-01-02T03:04:05Z"


def old_session(path: Path) -> EditorSession:
    doc = new_level()
    doc = replace(doc, meta=replace(doc.meta, created=OLD, modified=OLD))
    return EditorSession(doc, path)


def test_saving_a_changed_level_stamps_modified_and_leaves_it_clean(tmp_path: Path) -> None:
    path = tmp_path / "stamped.cocreate"
    session = old_session(path)
    original = session.doc
    assert session.apply(MoveShape(original.level.shapes[0].id, 8, 0))
    moved = session.doc
    session.save()
    assert not session.dirty
    stamp = session.doc.meta.modified
    assert stamp > OLD
    assert stamp[:4] == now_utc()[:4]
    assert fileio.load(path) == session.doc
    assert session.doc.meta.created == OLD
    assert session.undo()  # the edit and the stamp go together
    assert session.doc is original
    assert session.status == f"Undid Move shape {original.level.shapes[0].id}"
    assert session.redo()  # back to what the file holds: clean
    assert session.doc.meta.modified == stamp
    assert session.doc.level == moved.level
    assert not session.dirty


def test_saving_an_unchanged_level_keeps_modified(tmp_path: Path) -> None:
    session = old_session(tmp_path / "same.cocreate")
    session.save()
    assert session.doc.meta.modified == OLD
    assert not session.history.can_undo


def test_undo_and_the_status_name_an_entity_by_its_kind() -> None:
    from engine.edit.level import DeleteEntity, MoveEntity

    s = EditorSession.new_level()
    spawn = next(e for e in s.doc.level.entities if type(e).__name__ == "Spawn")
    assert s.apply(MoveEntity(spawn.id, 10.0, 0.0))
    assert s.status == s.history.undo_label == f"Move spawn {spawn.id}"
    assert s.apply(DeleteEntity(spawn.id))
    assert s.history.undo_label == f"Delete spawn {spawn.id}"
    assert s.undo() and s.history.redo_label == f"Delete spawn {spawn.id}"
