"""Tile cells' flip flags and layers' opacity and visibility (format 3): checked, drawn, solid."""

from __future__ import annotations

import io
import os
from typing import Any

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import msgspec
import pygame
import pytest
from PIL import Image

from engine import codec
from engine.document import LevelDocument
from engine.packed import TILE_FLIP_D, TILE_FLIP_H, TILE_FLIP_V, pack_tiles
from engine.render.tiles import TileVariants, flipped
from engine.sim.terrain import solid_tile_polygons
from engine.validation import check_bytes, validate
from tests.factories import rich_level


def _with_cells(cells: list[int], **layer_fields: Any) -> LevelDocument:
    doc = rich_level()
    (layer,) = doc.level.tile_layers
    layer = msgspec.structs.replace(layer, data=pack_tiles(cells), **layer_fields)
    level = msgspec.structs.replace(doc.level, tile_layers=[layer])
    return msgspec.structs.replace(doc, level=level)


def test_flipped_tiles_are_valid_and_round_trip() -> None:
    cells = [0, 1 | TILE_FLIP_H, 2 | TILE_FLIP_V, 3 | TILE_FLIP_D, 8 | TILE_FLIP_H | TILE_FLIP_D, 0]
    doc = _with_cells(cells)
    assert validate(doc) == []
    back = codec.decode(codec.encode(doc))
    assert isinstance(back, LevelDocument)
    assert back.level.tile_layers[0].data == pack_tiles(cells)


def test_flags_on_an_empty_cell_and_a_missing_flipped_tile_are_reported() -> None:
    doc = _with_cells([0, TILE_FLIP_V, 0, 0, 9 | TILE_FLIP_H, 0], opacity=1.5)
    assert [str(p) for p in validate(doc)] == [
        "$.level.tile_layers[0].opacity: 1.5 is out of range (0 to 1)",
        "$.level.tile_layers[0].data: cell 1, 0 has flip flags but no tile",
        "$.level.tile_layers[0].data: tile 9 does not exist; the tileset has 8",
    ]


def test_invisible_solid_layer_still_collides_and_flags_do_not_change_the_shape() -> None:
    plain = _with_cells([1, 1, 0, 0, 1, 0])
    flagged = _with_cells(
        [1 | TILE_FLIP_H, 1 | TILE_FLIP_D, 0, 0, 1 | TILE_FLIP_V, 0], visible=False
    )
    assert check_bytes(codec.encode(flagged)).ok
    a = solid_tile_polygons(plain.level.tile_layers[0])
    b = solid_tile_polygons(flagged.level.tile_layers[0])
    assert a == b and len(a) == 1


@pytest.fixture(scope="module")
def tile() -> pygame.Surface:
    """A 3 × 2 tile with a different colour in each pixel, to see where each one goes."""
    pygame.init()
    surf = pygame.Surface((3, 2), pygame.SRCALPHA)
    for x in range(3):
        for y in range(2):
            surf.set_at((x, y), (x * 80, y * 120, 40, 255))
    return surf


def _grid(surf: pygame.Surface) -> list[list[tuple[int, ...]]]:
    w, h = surf.get_size()
    return [[tuple(surf.get_at((x, y)))[:3] for x in range(w)] for y in range(h)]


def test_each_flag_moves_the_pixels_as_tiled_does(tile: pygame.Surface) -> None:
    px = _grid(tile)  # px[y][x]
    h_flip = _grid(flipped(tile, TILE_FLIP_H))
    v_flip = _grid(flipped(tile, TILE_FLIP_V))
    diag = _grid(flipped(tile, TILE_FLIP_D))
    quarter = _grid(flipped(tile, TILE_FLIP_D | TILE_FLIP_H))
    assert h_flip == [row[::-1] for row in px]
    assert v_flip == px[::-1]
    assert diag == [[px[x][y] for x in range(2)] for y in range(3)]  # transposed: 2 × 3
    # diagonal, then left to right: a quarter turn clockwise (the bottom-left pixel goes top-left)
    assert quarter[0][0] == px[1][0] and quarter[0][1] == px[0][0]


def test_variants_fade_to_the_layers_opacity_and_skip_missing_tiles(tile: pygame.Surface) -> None:
    variants = TileVariants([tile], opacity=0.5)
    surf = variants.get(1 | TILE_FLIP_H)
    assert surf is not None and surf.get_alpha() == 128
    assert variants.get(1 | TILE_FLIP_H) is surf  # made once
    assert variants.get(0) is None and variants.get(2) is None
    assert TileVariants([tile]).get(1) is tile  # opaque and unflipped: the tile itself


def test_the_play_view_draws_flipped_tiles(tile: pygame.Surface) -> None:
    from engine.render.camera import Camera
    from engine.render.level_view import LevelView
    from engine.sim.world import World

    doc = _with_cells([1, 1 | TILE_FLIP_H, 0, 0, 0, 0], solid=False, material="")
    # a tileset image whose first tile is dark on its left half and light on its right
    img = Image.new("RGB", (64, 32), (0, 0, 0))
    img.paste((250, 250, 250), (8, 0, 16, 16))
    out = io.BytesIO()
    img.save(out, format="PNG")
    from tests.factories import asset

    key, tileset_asset = asset("image/png", "halves.png", out.getvalue())
    layer = doc.level.tile_layers[0]
    layer = msgspec.structs.replace(
        layer, tileset=msgspec.structs.replace(layer.tileset, image=key)
    )
    level = msgspec.structs.replace(doc.level, tile_layers=[layer])
    old = doc.level.tile_layers[0].tileset.image
    assets = {k: a for k, a in doc.assets.items() if k != old}
    doc = msgspec.structs.replace(doc, level=level, assets={**assets, key: tileset_asset})
    assert validate(doc) == []
    pygame.display.set_mode((1, 1))
    view = LevelView(World(doc))
    target = pygame.Surface((200, 200))
    camera = Camera(200, 200, 1000, 1000)
    view._draw_tiles(target, camera)
    x0, y0 = int(layer.x), int(layer.y)
    assert target.get_at((x0 + 2, y0 + 8))[:3] == (0, 0, 0)  # first cell: dark left
    assert target.get_at((x0 + 13, y0 + 8))[:3] == (250, 250, 250)  # light right
    assert target.get_at((x0 + 16 + 2, y0 + 8))[:3] == (250, 250, 250)  # flipped: light left
    assert target.get_at((x0 + 16 + 13, y0 + 8))[:3] == (0, 0, 0)
