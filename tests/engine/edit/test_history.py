"""The undo history: exact undo/redo, merged drags, the saved mark, refused edits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from engine import codec
from engine.document import LevelDocument
from engine.edit import Command, History
from engine.edit.command import insert_at, item, remove_at, replace
from engine.errors import EditError
from engine.starter import new_level


@dataclass(frozen=True)
class SetTitle(Command[LevelDocument]):
    title: str

    @property
    def label(self) -> str:
        return f"Rename to {self.title}"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        return replace(doc, meta=replace(doc.meta, title=self.title))


@dataclass(frozen=True)
class Nudge(Command[LevelDocument]):
    """Move the gravity vector (a stand-in for a drag): merges with the next nudge."""

    dy: float

    def apply(self, doc: LevelDocument) -> LevelDocument:
        level = doc.level
        return replace(
            doc, level=replace(level, gravity=replace(level.gravity, y=level.gravity.y + self.dy))
        )

    def merge(self, later: Command[Any]) -> Command[Any] | None:
        return Nudge(self.dy + later.dy) if isinstance(later, Nudge) else None


@dataclass(frozen=True)
class Broken(Command[LevelDocument]):
    def apply(self, doc: LevelDocument) -> LevelDocument:
        raise EditError("$.level.shapes[9]: no such shape (there are 1)")


def start() -> LevelDocument:
    return new_level("Start", author="tester")


def test_undo_and_redo_give_back_the_very_documents() -> None:
    first = start()
    history = History(first)
    history.apply(SetTitle("A"))
    history.apply(SetTitle("B"))
    assert history.doc.meta.title == "B" and history.undo_label == "Rename to B"
    assert history.undo().meta.title == "A"
    assert codec.encode(history.undo()) == codec.encode(first)
    assert history.undo() is history.doc and not history.can_undo  # nothing more to undo
    assert history.redo().meta.title == "A" and history.redo_label == "Rename to B"
    history.apply(SetTitle("C"))  # a new edit drops what could be redone
    assert not history.can_redo and history.doc.meta.title == "C"
    assert first.meta.title == "Start"  # commands never change the document they are given


def test_a_drag_is_one_undo_step() -> None:
    history = History(start())
    g0 = history.doc.level.gravity.y
    for _ in range(10):
        history.apply(Nudge(1.0), merge=True)
    history.end_merge()
    history.apply(Nudge(5.0), merge=True)  # a second drag: its own step
    assert history.doc.level.gravity.y == g0 + 15
    assert history.undo().level.gravity.y == g0 + 10
    assert history.undo().level.gravity.y == g0
    assert not history.can_undo


def test_a_refused_edit_changes_nothing() -> None:
    history = History(start())
    history.apply(SetTitle("A"))
    before = history.doc
    with pytest.raises(EditError, match=r"shapes\[9\]: no such shape"):
        history.apply(Broken())
    assert history.doc is before and history.undo_label == "Rename to A"


def test_dirty_follows_the_saved_document() -> None:
    history = History(start())
    assert not history.dirty
    history.apply(SetTitle("A"))
    assert history.dirty
    history.mark_saved()
    assert not history.dirty
    history.apply(SetTitle("B"))
    history.undo()
    assert not history.dirty  # back at what is on disk
    history.undo()
    assert history.dirty


def test_the_history_keeps_at_most_its_limit() -> None:
    history = History(start(), limit=3)
    for n in range(5):
        history.apply(SetTitle(str(n)))
    for _ in range(5):
        history.undo()
    assert history.doc.meta.title == "1"


def test_list_helpers_name_the_path() -> None:
    with pytest.raises(EditError, match=r"^\$\.level\.shapes\[3\]: no such shape \(there are 2\)$"):
        item([1, 2], 3, "$.level.shapes", "shape")
    with pytest.raises(EditError, match="cannot insert there"):
        insert_at([1], 5, 0, "$.x")
    assert insert_at([1, 3], 1, 2, "$.x") == [1, 2, 3] and insert_at([1], None, 2, "$.x") == [1, 2]
    assert remove_at([1, 2, 3], 1, "$.x", "thing") == [1, 3]
