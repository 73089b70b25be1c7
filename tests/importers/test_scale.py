"""Maps drawn on small tiles are enlarged to fit cocreate's player (``--scale``)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from engine.document import LevelDocument
from engine.importers import MapError, import_map
from engine.importers.build import LevelBuilder
from engine.level.entities import Goal, Hazard, MovingPlatform, Spawn
from engine.packed import points_array
from engine.validation import validate

TYPICAL = "ldtk/Typical_2D_platformer_example.ldtk"


def _image(doc: LevelDocument, digest: str) -> Image.Image:
    return Image.open(io.BytesIO(doc.assets[digest].data)).convert("RGBA")


def test_a_16_px_map_is_enlarged_twice_with_crisp_tiles(corpus: Path) -> None:
    raw = json.loads((corpus / TYPICAL).read_text())["levels"][0]
    plain = import_map(corpus / TYPICAL, scale=1)
    fitted = import_map(corpus / TYPICAL)  # the default: fit the player
    assert (plain.document.level.size.width, plain.document.level.size.height) == (
        raw["pxWid"],
        raw["pxHei"],
    )
    level = fitted.document.level
    assert (level.size.width, level.size.height) == (raw["pxWid"] * 2, raw["pxHei"] * 2)
    assert any(
        n.startswith("enlarged 2 times: the map's 16 px tiles are 32 px") for n in fitted.notes
    )
    assert not any(n.startswith("enlarged") for n in plain.notes)
    assert validate(fitted.document) == []
    for small, big in zip(plain.document.level.tile_layers, level.tile_layers, strict=True):
        assert (big.tileset.tile_width, big.tileset.tile_height) == (32, 32)
        assert big.data == small.data and (big.x, big.y) == (small.x * 2, small.y * 2)
        before = _image(plain.document, small.tileset.image)
        after = _image(fitted.document, big.tileset.image)
        assert after.size == (before.width * 2, before.height * 2)
        a, b = np.asarray(before), np.asarray(after)
        assert (b[::2, ::2] == a).all() and (b[1::2, 1::2] == a).all()  # each pixel a 2 × 2 block
    # only the enlarged tileset is embedded (an unused asset would not be valid)
    assert len(fitted.document.assets) == len(plain.document.assets)
    spawn = [e for e in level.entities if isinstance(e, Spawn)]
    spawn_before = [e for e in plain.document.level.entities if isinstance(e, Spawn)]
    assert [(e.x, e.y) for e in spawn] == [(e.x * 2, e.y * 2) for e in spawn_before]


def test_maps_on_32_px_tiles_or_without_tiles_keep_their_size(corpus: Path) -> None:
    desert = import_map(corpus / "tiled/desert/desert.tmx")
    assert desert.document.level.tile_layers[0].tileset.tile_width == 32
    assert not any(n.startswith("enlarged") for n in desert.notes)
    knight = import_map(corpus / "tiled/sticker-knight/sandbox.tmx")
    assert not any(n.startswith("enlarged") for n in knight.notes)
    bigger = import_map(corpus / "tiled/desert/desert.tmx", scale=3)
    assert bigger.document.level.size.width == desert.document.level.size.width * 3
    assert bigger.document.level.tile_layers[0].tileset.spacing == 3  # its 1 px spacing
    assert validate(bigger.document) == []


def _builder(tile: int = 16) -> LevelBuilder:
    from tests.factories import png_bytes

    b = LevelBuilder(source="m.ldtk", title="m", width=320.0, height=160.0)
    spacing = 1 if tile == 16 else 0
    sheet = b.image_bytes(png_bytes(tile * 2 + spacing, tile, (90, 140, 60)), "sheet.png")
    texture = b.image_bytes(png_bytes(4, 4, (120, 80, 40)), "dirt.png")
    picture = b.image_bytes(png_bytes(10, 6, (10, 20, 30)), "tree.png")
    rock = b.material("rock", texture=texture)
    b.shape([(0, 140), (320, 140), (320, 160), (0, 160)], material=rock, holes=[])
    b.tile_layer(
        "tiles",
        image=sheet,
        tile_width=tile,
        tile_height=tile,
        tileset_columns=2,
        columns=2,
        rows=1,
        cells=[1, 2],
        spacing=spacing,
    )
    b.entity("spawn", 20, 120)
    b.entity("goal", 300, 110)  # cocreate's default size
    b.entity("hazard", 150, 135, width=40.0, height=10.0)  # the map's size
    b.entity("moving_platform", 200, 80, path=[(0, 0), (40, 0)], speed=30.0)
    b.entity("moving_platform", 100, 60, path=[(0, 0), (0, 30)])  # cocreate's speed
    b.decoration(picture, 100, 100, 10, 6)
    return b


def test_the_map_s_lengths_grow_and_cocreate_s_defaults_do_not() -> None:
    b = _builder()
    assert b.fitting_scale() == 2
    doc = b.build(None)
    level = doc.level
    assert validate(doc) == []
    assert (level.size.width, level.size.height) == (640, 320)
    assert points_array(level.shapes[0].points).max(axis=0).tolist() == [640, 320]
    goal = next(e for e in level.entities if isinstance(e, Goal))
    hazard = next(e for e in level.entities if isinstance(e, Hazard))
    platform, slow = (e for e in level.entities if isinstance(e, MovingPlatform))
    assert (goal.x, goal.y, goal.width, goal.height) == (600, 220, 48.0, 64.0)  # Goal's defaults
    assert (hazard.width, hazard.height) == (80, 20)
    assert platform.speed == 60 and points_array(platform.path).tolist() == [[0, 0], [80, 0]]
    assert (platform.width, platform.height) == (96.0, 16.0)  # its defaults
    assert slow.speed == 120  # the default speed too: its trip takes as long as in the map
    deco = level.decorations[0]
    assert (deco.x, deco.y, deco.width, deco.height) == (200, 200, 20, 12)
    assert _image(doc, deco.image).size == (20, 12)  # each pixel a 2 × 2 block: crisp
    assert _image(doc, level.materials[0].texture).size == (8, 8)
    ts = level.tile_layers[0].tileset
    assert (ts.tile_width, ts.spacing, _image(doc, ts.image).size) == (32, 2, (66, 32))


@pytest.mark.parametrize(("tile", "scale"), [(8, 4), (12, 3), (16, 2), (24, 1), (32, 1), (4, 8)])
def test_the_fitting_scale_brings_tiles_near_32_px(tile: int, scale: int) -> None:
    assert _builder(tile).fitting_scale() == scale


def test_the_fitting_scale_stays_within_the_image_limits() -> None:
    from engine import limits
    from tests.factories import png_bytes

    b = _builder()
    b.decoration(
        b.image_bytes(png_bytes(limits.MAX_IMAGE_SIDE // 2 + 1, 1), "long.png"), 0, 0, 9, 1
    )
    assert b.fitting_scale() == 2 and b.too_large(2) is not None
    doc = b.build(None)  # not enlarged: its long image could not be
    assert doc.level.size.width == 320 and not any(n.startswith("enlarged") for n in b.notes)
    b = _builder()
    b.decoration(
        b.image_bytes(png_bytes(limits.MAX_IMAGE_SIDE // 2 + 1, 1), "long.png"), 0, 0, 9, 1
    )
    with pytest.raises(MapError, match=r"^m\.ldtk: image long\.png enlarged 2 times would be "):
        b.build(2)


def test_a_scale_past_the_world_limit_is_refused_in_one_line() -> None:
    b = _builder()
    b.width = 200_000.0
    with pytest.raises(
        MapError, match=r"^m\.ldtk: enlarged 8 times the level would be .*try a smaller --scale$"
    ):
        b.build(8)


def test_the_cli_takes_scale_and_refuses_a_bad_one(
    cocreate_cmd, corpus: Path, tmp_path: Path
) -> None:
    code, out, err = cocreate_cmd(
        "import", corpus / TYPICAL, "-o", tmp_path / "a.cocreate", "--scale", "3"
    )
    assert code == 0, err
    code, out, _ = cocreate_cmd("dump", tmp_path / "a.cocreate")
    raw = json.loads((corpus / TYPICAL).read_text())["levels"][0]
    assert code == 0 and json.loads(out)["level"]["size"]["width"] == raw["pxWid"] * 3
    code, _, err = cocreate_cmd("import", corpus / TYPICAL, "--scale", "0", cwd=tmp_path)
    assert code == 2 and "argument --scale: must be a whole number 1 to 8, not '0'" in err
    assert not list(tmp_path.glob("*.cocreate"))[1:]  # nothing written by the refused one
