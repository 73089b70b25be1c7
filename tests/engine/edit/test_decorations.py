"""Decoration commands: add (embedding an image file), change, and the selection's move,
delete (dropping an image no longer used), duplicate and paste."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from engine import codec
from engine.document import LevelDocument
from engine.edit import History
from engine.edit.level import (
    AddDecoration,
    ChangeDecoration,
    DeleteSelection,
    DuplicateSelection,
    MoveSelection,
    PasteItems,
)
from engine.errors import EditError
from engine.level.model import Decoration
from engine.starter import new_level
from engine.validation import validate


def _png(color: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 2), color).save(out, format="PNG")
    return out.getvalue()


def _deco(**fields: object) -> Decoration:
    base: dict[str, object] = {"id": 0, "image": "", "x": 100.0, "y": 200.0, "width": 40.0}
    base["height"] = 20.0
    return Decoration(**{**base, **fields})  # type: ignore[arg-type]


@pytest.fixture
def doc() -> LevelDocument:
    level = new_level("Decor")
    return AddDecoration(_deco(), _png((200, 0, 0)), "red.png").apply(level)


def test_adding_embeds_the_image_and_hands_out_the_next_id(doc: LevelDocument) -> None:
    (deco,) = doc.level.decorations
    assert deco.id == 4 and doc.level.next_id == 5
    assert doc.assets[deco.image].name == "red.png"
    assert doc.assets[deco.image].data == _png((200, 0, 0))
    assert validate(doc) == []
    again = AddDecoration(_deco(x=300.0), _png((200, 0, 0)), "same.png").apply(doc)
    assert len(again.assets) == 1  # the same bytes are stored once
    assert again.level.decorations[1].image == deco.image


def test_bad_decorations_are_refused_with_their_path(doc: LevelDocument) -> None:
    with pytest.raises(EditError, match=r"decorations\[1\].image: a decoration needs an image"):
        AddDecoration(_deco()).apply(doc)
    with pytest.raises(EditError, match=r"'notes.txt' is not a PNG or JPEG image"):
        AddDecoration(_deco(), b"hello", "notes.txt").apply(doc)
    with pytest.raises(EditError, match=r"decorations\[0\].opacity: 2 is out of range"):
        ChangeDecoration(4, opacity=2.0).apply(doc)
    with pytest.raises(EditError, match=r"no decoration has id 9"):
        ChangeDecoration(9, x=1.0).apply(doc)


def test_changes_merge_and_undo_as_one_step(doc: LevelDocument) -> None:
    history = History(doc)
    history.apply(ChangeDecoration(4, rotation=30.0), merge=True)
    history.apply(ChangeDecoration(4, flip_x=True, front=True), merge=True)
    deco = history.doc.level.decorations[0]
    assert (deco.rotation, deco.flip_x, deco.front) == (30.0, True, True)
    history.undo()
    assert history.doc is doc


def test_the_selection_moves_deletes_duplicates_and_pastes_decorations(
    doc: LevelDocument,
) -> None:
    moved = MoveSelection((), (2,), 10.0, 5.0, (4,)).apply(doc)
    assert (moved.level.decorations[0].x, moved.level.decorations[0].y) == (110.0, 205.0)
    assert moved.level.entities[0].x == doc.level.entities[0].x + 10
    two = DuplicateSelection((4,), 8.0, 8.0).apply(doc)
    assert [d.id for d in two.level.decorations] == [4, 5]
    assert two.level.decorations[1].x == 108.0 and validate(two) == []
    pasted = PasteItems((doc.level.decorations[0],), 16.0, 0.0).apply(two)
    assert [d.id for d in pasted.level.decorations] == [4, 5, 6]
    # deleting one of two users keeps the image; deleting the last drops it with it
    one = DeleteSelection((), (), (4,)).apply(two)
    assert len(one.assets) == 1 and validate(one) == []
    none = DeleteSelection((), (), (5,)).apply(one)
    assert none.level.decorations == [] and none.assets == {}
    assert validate(none) == []
    assert codec.decode(codec.encode(none)) == none
