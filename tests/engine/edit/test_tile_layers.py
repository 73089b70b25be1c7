"""Tile layer commands: add (embedding a tileset image), delete (dropping an image no longer
used), move in the drawing order, and re-cut an empty layer's tileset; refusals name the path,
undo goes through History, and the level validates after each."""

from __future__ import annotations

import io

import msgspec
import pytest
from PIL import Image

from engine import codec, limits
from engine.document import LevelDocument
from engine.edit import History
from engine.edit.level import (
    AddDecoration,
    AddTileLayer,
    ChangeTileLayer,
    DeleteTileLayer,
    MoveTileLayer,
    PaintTiles,
)
from engine.errors import EditError
from engine.level.model import Decoration, TileLayer, Tileset
from engine.packed import tiles_array
from engine.starter import new_level
from engine.validation import validate


def _png(color: tuple[int, int, int], size: tuple[int, int] = (64, 32)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="PNG")
    return out.getvalue()


def _layer(name: str = "tiles 1", columns: int = 60, rows: int = 34, **ts: int) -> TileLayer:
    tileset = Tileset(image="", **{"tile_width": 32, "tile_height": 32, "columns": 2, **ts})
    return TileLayer(
        name=name,
        tileset=tileset,
        columns=columns,
        rows=rows,
        data=bytes(4 * max(columns * rows, 0)),
    )


RED, BLUE = _png((200, 0, 0)), _png((0, 0, 200))


@pytest.fixture
def doc() -> LevelDocument:
    return AddTileLayer(_layer(), RED, "red.png").apply(new_level("Tiles"))


def test_adding_embeds_the_tileset_image(doc: LevelDocument) -> None:
    (layer,) = doc.level.tile_layers
    assert (layer.name, layer.columns, layer.rows) == ("tiles 1", 60, 34)
    assert doc.assets[layer.tileset.image].name == "red.png"
    assert validate(doc) == []
    again = AddTileLayer(_layer("tiles 2"), RED, "same.png").apply(doc)
    assert len(again.assets) == 1  # the same bytes once
    assert again.level.tile_layers[1].tileset.image == layer.tileset.image
    first = AddTileLayer(_layer("back"), BLUE, "blue.png", index=0).apply(again)
    assert [t.name for t in first.level.tile_layers] == ["back", "tiles 1", "tiles 2"]
    assert len(first.assets) == 2 and validate(first) == []
    # an existing image by its key, no file
    reuse = _layer("reuse")
    reuse = msgspec.structs.replace(
        reuse, tileset=msgspec.structs.replace(reuse.tileset, image=layer.tileset.image)
    )
    assert AddTileLayer(reuse).apply(doc).level.tile_layers[1].name == "reuse"


@pytest.mark.parametrize(
    ("layer", "message"),
    [
        (_layer(columns=0), r"tile_layers\[1\]: grid is 0 × 34, needs at least 1 × 1"),
        (_layer(rows=-2), r"tile_layers\[1\]: grid is 60 × -2, needs at least 1 × 1"),
        (_layer(" "), r"tile_layers\[1\].name: must not be empty"),
        (_layer(tile_width=0), r"tile_layers\[1\].tileset.tile_width: must be 1 or more, not 0"),
        (_layer(tile_height=-1), r"tile_layers\[1\].tileset.tile_height: must be 1 or more"),
        (_layer(columns=3000, rows=3000), r"tile_layers\[1\]: 9,000,000 cells, more than"),
    ],
)
def test_bad_layers_are_refused_with_their_path(
    doc: LevelDocument, layer: TileLayer, message: str
) -> None:
    with pytest.raises(EditError, match=message):
        AddTileLayer(layer, BLUE, "blue.png").apply(doc)


def test_other_refusals(doc: LevelDocument) -> None:
    short = msgspec.structs.replace(_layer(), data=bytes(8))
    with pytest.raises(EditError, match=r"tile_layers\[1\].data: 8 bytes, expected 8160"):
        AddTileLayer(short, BLUE, "blue.png").apply(doc)
    with pytest.raises(EditError, match=r"tile_layers\[1\].tileset.image: needs an image asset"):
        AddTileLayer(_layer()).apply(doc)
    missing = _layer()
    missing = msgspec.structs.replace(
        missing, tileset=msgspec.structs.replace(missing.tileset, image="ab" * 32)
    )
    with pytest.raises(EditError, match=r"tileset.image: asset abababababab… is not in"):
        AddTileLayer(missing).apply(doc)
    with pytest.raises(EditError, match=r"tile_layers\[1\].tileset.image: 'a.txt' is not a PNG"):
        AddTileLayer(_layer(), b"text", "a.txt").apply(doc)
    with pytest.raises(EditError, match=r"tile_layers\[5\]: cannot insert there"):
        AddTileLayer(_layer(), BLUE, "blue.png", index=5).apply(doc)
    full = msgspec.structs.replace(
        doc.level, tile_layers=doc.level.tile_layers * limits.MAX_TILE_LAYERS
    )
    with pytest.raises(EditError, match=r"already 64 tile layers \(limit MAX_TILE_LAYERS\)"):
        AddTileLayer(_layer()).apply(msgspec.structs.replace(doc, level=full))
    with pytest.raises(EditError, match=r"tile_layers\[3\]: no such tile layer \(there are 1\)"):
        DeleteTileLayer(3).apply(doc)
    with pytest.raises(EditError, match=r"tile_layers\[0\]: cannot move it to 1"):
        MoveTileLayer(0, 1).apply(doc)
    with pytest.raises(EditError, match=r"tile_layers\[0\]: the layer is at 0 already"):
        MoveTileLayer(0, 0).apply(doc)


def test_deleting_drops_the_image_only_when_nothing_else_uses_it(doc: LevelDocument) -> None:
    key = doc.level.tile_layers[0].tileset.image
    gone = DeleteTileLayer(0).apply(doc)
    assert gone.level.tile_layers == [] and gone.assets == {}
    assert validate(gone) == [] and codec.decode(codec.encode(gone)) == gone
    deco = Decoration(id=0, image=key, x=100.0, y=100.0, width=10.0, height=10.0)
    shared = AddDecoration(deco).apply(doc)
    kept = DeleteTileLayer(0).apply(shared)
    assert set(kept.assets) == {key} and validate(kept) == []
    two = AddTileLayer(_layer("tiles 2"), RED, "red.png").apply(doc)
    assert set(DeleteTileLayer(1).apply(two).assets) == {key}


def test_moving_changes_the_drawing_order(doc: LevelDocument) -> None:
    doc = AddTileLayer(_layer("tiles 2"), BLUE, "blue.png").apply(doc)
    doc = AddTileLayer(_layer("tiles 3"), BLUE, "blue.png").apply(doc)

    def names(d: LevelDocument) -> list[str]:
        return [t.name for t in d.level.tile_layers]

    assert names(MoveTileLayer(0, 2).apply(doc)) == ["tiles 2", "tiles 3", "tiles 1"]
    assert names(MoveTileLayer(2, 0).apply(doc)) == ["tiles 3", "tiles 1", "tiles 2"]
    assert names(MoveTileLayer(1, 2).apply(doc)) == ["tiles 1", "tiles 3", "tiles 2"]
    assert validate(MoveTileLayer(0, 2).apply(doc)) == []


def test_an_empty_layer_is_cut_anew_and_a_painted_one_keeps_its_tile_size(
    doc: LevelDocument,
) -> None:
    small = ChangeTileLayer(0, tile_width=16, tile_height=8, tileset_columns=4).apply(doc)
    layer = small.level.tile_layers[0]
    ts = layer.tileset
    assert (ts.tile_width, ts.tile_height, ts.columns) == (16, 8, 4)
    assert (layer.columns, layer.rows) == (120, 136)  # the same 1920 × 1088 px
    assert len(layer.data) == 4 * 120 * 136 and validate(small) == []
    painted = PaintTiles(0, ((1, 1),), 2).apply(doc)
    with pytest.raises(EditError, match=r"tile_layers\[0\].tileset: the layer has painted cells"):
        ChangeTileLayer(0, tile_width=16).apply(painted)
    one = ChangeTileLayer(0, tileset_columns=1).apply(painted)  # columns: at any time
    assert one.level.tile_layers[0].tileset.columns == 1
    assert (
        tiles_array(one.level.tile_layers[0].data).tolist()
        == tiles_array(painted.level.tile_layers[0].data).tolist()
    )
    framed = ChangeTileLayer(0, tileset_margin=2, tileset_spacing=1).apply(painted)  # any time
    ts = framed.level.tile_layers[0].tileset
    assert (ts.margin, ts.spacing, ts.tile_width) == (2, 1, 32)
    assert framed.level.tile_layers[0].data == painted.level.tile_layers[0].data
    # the sheet is cut anew: this image has no room for a frame, which validation says
    assert [p.message for p in validate(framed)] == ["tile 2 does not exist; the tileset has 0"]
    assert validate(ChangeTileLayer(0, tileset_margin=2, tileset_spacing=1).apply(doc)) == []
    with pytest.raises(EditError, match=r"tileset.margin: must be 0 or more, not -1"):
        ChangeTileLayer(0, tileset_margin=-1).apply(doc)
    with pytest.raises(EditError, match=r"tileset.spacing: must be 0 or more, not -2"):
        ChangeTileLayer(0, tileset_spacing=-2).apply(doc)
    merged = ChangeTileLayer(0, tileset_margin=2).merge(ChangeTileLayer(0, tileset_spacing=1))
    assert merged == ChangeTileLayer(0, tileset_margin=2, tileset_spacing=1)
    with pytest.raises(EditError, match=r"tileset.tile_width: must be 1 or more, not 0"):
        ChangeTileLayer(0, tile_width=0).apply(doc)
    with pytest.raises(EditError, match=r"tileset.columns: must be 1 or more, not 0"):
        ChangeTileLayer(0, tileset_columns=0).apply(doc)
    big = AddTileLayer(_layer("big", 200, 200), BLUE, "blue.png").apply(doc)
    with pytest.raises(EditError, match=r"tile_layers\[1\]: 1 × 1 px tiles make 40,960,000 cells"):
        ChangeTileLayer(1, tile_width=1, tile_height=1).apply(big)


def test_every_command_undoes_through_history(doc: LevelDocument) -> None:
    start = new_level("Tiles")
    history = History(start)
    history.apply(AddTileLayer(_layer(), RED, "red.png"))
    history.apply(AddTileLayer(_layer("tiles 2"), BLUE, "blue.png"))
    history.apply(PaintTiles(1, ((0, 0), (1, 0)), 1))
    history.apply(MoveTileLayer(1, 0))
    history.apply(ChangeTileLayer(1, tileset_columns=1))
    history.apply(DeleteTileLayer(0))
    end = history.doc
    assert [t.name for t in end.level.tile_layers] == ["tiles 1"]
    assert len(end.assets) == 1 and validate(end) == []
    seen = [end]
    while history.can_undo:
        seen.append(history.undo())
        assert validate(seen[-1]) == []
    assert codec.encode(history.doc) == codec.encode(start)
    while history.can_redo:
        history.redo()
    assert codec.encode(history.doc) == codec.encode(end)
    assert doc.level.tile_layers  # the fixture's level is untouched by all this
