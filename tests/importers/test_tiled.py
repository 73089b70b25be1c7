"""The Tiled importer: the corpus maps, a JSON map against its XML twin, notes and errors.

Expected values are computed from the raw map files here (stdlib XML, base64 and zlib), not
taken from the importer."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import math
import struct
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
from PIL import Image

from engine.importers.build import TILE_FLIP_D, TILE_FLIP_H, TILE_FLIP_V, MapError, entity_kind
from engine.importers.tiled import read_tiled
from engine.level.entities import Collectible, Goal, Hazard, Spawn
from engine.packed import unpack_points


def _cells(layer: object) -> list[int]:
    data = layer.data  # type: ignore[attr-defined]
    return list(struct.unpack(f"<{len(data) // 4}I", data))


# -- the corpus --------------------------------------------------------------------------------


def test_desert_cells_match_the_raw_base64_zlib_data(corpus: Path) -> None:
    path = corpus / "tiled/desert/desert.tmx"
    root = ET.parse(path).getroot()
    data = root.find("layer/data")
    assert data is not None and data.get("compression") == "zlib"
    raw = zlib.decompress(base64.b64decode("".join((data.text or "").split())))
    gids = list(struct.unpack(f"<{len(raw) // 4}I", raw))

    builder = read_tiled(path)
    doc = builder.build()
    (layer,) = doc.level.tile_layers
    assert layer.name == "Ground"
    assert (layer.columns, layer.rows) == (40, 40)
    cells = _cells(layer)
    assert sum(1 for c in cells if c) == sum(1 for g in gids if g) > 0
    assert cells == gids  # the tileset's firstgid is 1: cell = gid - 1 + 1
    ts = layer.tileset
    assert (ts.tile_width, ts.tile_height, ts.margin, ts.spacing, ts.columns) == (32, 32, 1, 1, 8)
    assert ts.image in doc.assets
    assert (doc.level.size.width, doc.level.size.height) == (1280, 1280)
    assert not layer.solid


def _objects(path: Path) -> list[tuple[str, ET.Element]]:
    root = ET.parse(path).getroot()
    return [(g.get("name", ""), o) for g in root.iter("objectgroup") for o in g.iter("object")]


def _props(obj: ET.Element) -> dict[str, str]:
    return {p.get("name", ""): p.get("value", "") for p in obj.iter("property")}


@pytest.mark.parametrize("name", ["sandbox.tmx", "sandbox2.tmx"])
def test_sticker_knight(corpus: Path, name: str) -> None:
    path = corpus / "tiled/sticker-knight" / name
    objects = _objects(path)
    static = sum(1 for _, o in objects if _props(o).get("bodyType") == "static")
    coins = sum(
        1 for _, o in objects if o.get("type") == "coin" or "diamond" in o.get("template", "")
    )
    exits = [o for _, o in objects if o.get("type") == "exit"]
    spikes = [o for _, o in objects if o.get("type") == "spikes"]
    hero = next(o for _, o in objects if "hero" in o.get("template", ""))

    builder = read_tiled(path)
    doc = builder.build()
    level = doc.level
    assert [s.body for s in level.shapes] == ["static"] * static
    kinds = [type(e) for e in level.entities]
    assert kinds.count(Collectible) == coins > 0
    assert kinds.count(Goal) == len(exits) == 1
    assert kinds.count(Hazard) == len(spikes)
    assert all(e.style == "spikes" for e in level.entities if isinstance(e, Hazard))
    (spawn,) = [e for e in level.entities if isinstance(e, Spawn)]
    # a tile object: x, y is its bottom-left corner; the template gives 128 × 160
    assert (spawn.x, spawn.y) == (float(hero.get("x", 0)) + 64, float(hero.get("y", 0)) - 80)
    goal = next(e for e in level.entities if isinstance(e, Goal))
    ex = exits[0]
    assert (goal.width, goal.height) == (float(ex.get("width", 0)), float(ex.get("height", 0)))
    assert goal.x == float(ex.get("x", 0)) + goal.width / 2
    assert goal.y == float(ex.get("y", 0)) - goal.height / 2
    # a ground slab: a tile object's rectangle, drawn up from its bottom-left corner
    slab = next(o for g, o in objects if g == "ground" and "bodyType" in _props(o))
    x, y = float(slab.get("x", 0)), float(slab.get("y", 0))
    w, h = float(slab.get("width", 0)), float(slab.get("height", 0))
    points = {tuple(p) for p in unpack_points(level.shapes[0].points)}
    assert points == {(x, y - h), (x + w, y - h), (x + w, y), (x, y)}
    assert level.background.color == ET.parse(path).getroot().get("backgroundcolor")
    # every other tile object (no entity, not terrain, no template) is a decoration, enemies too
    pictures = [
        o
        for _, o in objects
        if o.get("gid")
        and not entity_kind(o.get("type"), o.get("name"))
        and not o.get("template")
        and "bodyType" not in _props(o)
    ]
    assert len(level.decorations) == len(pictures) > 50
    assert not any("decoration tile objects" in n for n in builder.notes)
    typed = [n for n in builder.notes if "types cocreate has no entity for" in n]
    if name == "sandbox2.tmx":
        (note,) = typed
        assert note.startswith("3 tile objects of types") and "pictures only" in note
        assert "enemy ×1" in note and "blob ×2" in note
        enemy = next(o for _, o in objects if o.get("type") == "enemy")
        w, h = float(enemy.get("width", 0)), float(enemy.get("height", 0))
        assert any(
            (d.width, d.height) == (w, h) and d.flip_x  # gid 2147483711: flipped horizontally
            for d in level.decorations
        )
    else:
        assert typed == []


def test_sticker_knight_ground_keeps_its_art(corpus: Path) -> None:
    folder = corpus / "tiled/sticker-knight"
    root = ET.parse(folder / "sandbox.tmx").getroot()
    (ref,) = root.findall("tileset")
    first = int(ref.get("firstgid", "0"))
    tsx = ET.parse(folder / (ref.get("source") or "")).getroot()
    sources = {
        int(t.get("id", "-1")): t.find("image").get("source", "")  # type: ignore[union-attr]
        for t in tsx.findall("tile")
    }
    marked = [
        (o, _props(o))
        for _, o in _objects(folder / "sandbox.tmx")
        if o.get("gid") and _props(o).get("bodyType") == "static"
    ]
    wanted = [sources[(int(o.get("gid", "0")) & 0x0FFF_FFFF) - first] for o, _ in marked]
    assert len(wanted) > 5 and len(set(wanted)) > 1

    builder = read_tiled(folder / "sandbox.tmx")
    doc = builder.build()
    materials = {m.name: m for m in doc.level.materials}
    textured = [materials[s.material] for s in doc.level.shapes if materials[s.material].texture]
    assert [m.name for m in textured] == [Path(w).stem for w in wanted]
    for material, source, (_, props) in zip(textured, wanted, marked, strict=True):
        assert doc.assets[material.texture].data == (folder / source).read_bytes()
        assert material.friction == float(props["friction"])
    # the platforms are as large as their images: drawn exactly, nothing to note
    assert not any("textured terrain" in n for n in builder.notes)


def test_sticker_knight_decorations_match_the_raw_map(corpus: Path) -> None:
    folder = corpus / "tiled/sticker-knight"
    root = ET.parse(folder / "sandbox.tmx").getroot()
    (ref,) = root.findall("tileset")
    first_gid = int(ref.get("firstgid", "0"))
    tsx = ET.parse(folder / (ref.get("source") or "")).getroot()
    images = {
        int(t.get("id", "-1")): (folder / t.find("image").get("source", "")).read_bytes()  # type: ignore[union-attr]
        for t in tsx.findall("tile")
    }
    groups = root.findall("objectgroup")
    assert all(g.get("draworder", "topdown") == "topdown" for g in groups)

    def gives(group: ET.Element) -> bool:  # terrain or entities
        return any(
            o.get("type") or o.get("template") or "bodyType" in _props(o)
            for o in group.findall("object")
        )

    first = next(i for i, g in enumerate(groups) if gives(g))
    assert groups[first].get("name") == "ground"

    def entities(group: ET.Element) -> bool:
        return any(
            o.get("template") or entity_kind(o.get("type"), o.get("name"))
            for o in group.findall("object")
        )

    last = max(i for i, g in enumerate(groups) if entities(g))
    assert groups[last].get("name") == "game"  # the hero's layer
    wanted: list[Any] = []
    for i, group in enumerate(groups):
        pictures = [
            o
            for o in group.findall("object")
            if o.get("gid") and not (o.get("type") or o.get("template") or "bodyType" in _props(o))
        ]
        for o in sorted(pictures, key=lambda o: float(o.get("y", "0"))):  # Tiled's "topdown"
            gid = int(o.get("gid", "0"))
            x, y = float(o.get("x", "0")), float(o.get("y", "0"))
            w, h = float(o.get("width", "0")), float(o.get("height", "0"))
            turn = math.radians(float(o.get("rotation", "0")))
            # the centre: (w/2, -h/2) from the bottom-left corner, turned about that corner
            cx = x + w / 2 * math.cos(turn) + h / 2 * math.sin(turn)
            cy = y + w / 2 * math.sin(turn) - h / 2 * math.cos(turn)
            wanted.append(
                (
                    o.get("id"),
                    hashlib.sha256(images[(gid & 0x0FFF_FFFF) - first_gid]).hexdigest(),
                    pytest.approx((cx, cy, w, h)),
                    float(o.get("rotation", "0")),
                    (bool(gid & TILE_FLIP_H), bool(gid & TILE_FLIP_V)),
                    float(group.get("opacity", "1")),
                    float(group.get("parallaxx", "1")),
                    i > last,  # above the player's layer: in front; else behind the terrain
                )
            )
    assert len(wanted) == 86

    builder = read_tiled(folder / "sandbox.tmx")
    decorations = builder.build().level.decorations
    got = [
        (
            w[0],
            d.image,
            (d.x, d.y, d.width, d.height),
            d.rotation,
            (d.flip_x, d.flip_y),
            d.opacity,
            d.parallax,
            d.front,
        )
        for w, d in zip(wanted, decorations, strict=True)
    ]
    assert got == wanted
    # object 107 by hand: bottom-left 1173.54, 1179.49, 920 × 352, turned -10.4469°
    # (cos 10.4469° = 0.98342, sin = 0.18133): x = 1173.54 + 460 cos - 176 sin,
    # y = 1179.49 - 460 sin - 176 cos
    (turned,) = [d for d in decorations if d.rotation == -10.4469]
    assert (turned.x, turned.y) == pytest.approx((1594.00, 923.00), abs=0.01)
    assert (turned.width, turned.height, turned.parallax, turned.front) == (920, 352, 0.8, False)
    assert sum(d.flip_x for d in decorations) > 0
    # the castle lies between the ground and the hero's layer: behind the terrain here
    over = [w for w, d in zip(wanted, decorations, strict=True) if not d.front]
    behind_in_tiled = sum(
        1
        for i, g in enumerate(groups)
        if first <= i <= last
        for o in g.findall("object")
        if o.get("gid") and not (o.get("type") or o.get("template") or "bodyType" in _props(o))
    )
    assert len(over) >= behind_in_tiled > 0
    assert any(
        n.startswith(f"{behind_in_tiled} decorations on layers ground, castle")
        and "drawn behind the terrain" in n
        for n in builder.notes
    )
    assert any("parallax origin 1264, 720 is not kept" in n for n in builder.notes)


def test_grid_tile_objects_keep_their_cut_out_art(tmp_path: Path) -> None:
    rng = np.random.default_rng(7)
    sheet = rng.integers(0, 256, (36, 36, 4), dtype=np.uint8)  # margin 1, spacing 2, 2 × 2
    sheet[..., 3] = 255
    Image.fromarray(sheet, "RGBA").save(tmp_path / "sheet.png")
    for sub, color in (("x", (255, 0, 0, 255)), ("y", (0, 0, 255, 255))):
        (tmp_path / sub).mkdir()
        Image.new("RGBA", (8, 8), color).save(tmp_path / sub / "p.png")

    def obj(ident: int, gid: int, w: int = 16, extra: str = "") -> str:
        return (
            f'<object id="{ident}" gid="{gid}" x="{ident * 40}" y="100" width="{w}" '
            f'height="16"><properties><property name="solid" type="bool" value="true"/>'
            f"{extra}</properties></object>"
        )

    stone = '<property name="material" value="stone"/>'
    (tmp_path / "m.tmx").write_text(
        '<map orientation="orthogonal" width="20" height="10" tilewidth="16" tileheight="16">'
        '<tileset firstgid="1" name="g" tilewidth="16" tileheight="16" tilecount="4" '
        'columns="2" margin="1" spacing="2"><image source="sheet.png" width="36" height="36"/>'
        "</tileset>"
        '<tileset firstgid="10" name="c" tilewidth="8" tileheight="8" tilecount="2" columns="0">'
        '<tile id="0"><image source="x/p.png" width="8" height="8"/></tile>'
        '<tile id="1"><image source="y/p.png" width="8" height="8"/></tile></tileset>'
        '<objectgroup name="things">'
        + obj(1, 4)  # tile 3: column 1, row 1
        + obj(2, 2, extra=stone + '<property name="friction" type="float" value="0.2"/>')
        + obj(3, 3, extra=stone)
        + obj(4, 4, w=32)  # the same art, wider: it repeats
        + obj(5, 4 | TILE_FLIP_H)
        + obj(6, 6)  # past the sheet's 2 × 2 tiles
        + obj(7, 10, w=8).replace('height="16"', 'height="8"')
        + obj(8, 11, w=8).replace('height="16"', 'height="8"')
        + "</objectgroup></map>"
    )
    builder = read_tiled(tmp_path / "m.tmx")
    doc = builder.build()
    materials = {m.name: m for m in doc.level.materials}
    names = [s.material for s in doc.level.shapes]
    assert names == [
        "sheet tile 3",
        "stone",
        "stone 2",
        "sheet tile 3",
        "sheet tile 3",
        "things",
        "p",
        "p 2",
    ]

    def pixels(name: str) -> npt.NDArray[np.uint8]:
        data = doc.assets[materials[name].texture].data
        return np.asarray(Image.open(io.BytesIO(data)).convert("RGBA"))

    def cut(col: int, row: int) -> npt.NDArray[np.uint8]:
        left, top = 1 + col * 18, 1 + row * 18
        return sheet[top : top + 16, left : left + 16]

    assert np.array_equal(pixels("sheet tile 3"), cut(1, 1))
    assert np.array_equal(pixels("stone"), cut(1, 0))
    assert np.array_equal(pixels("stone 2"), cut(0, 1))
    assert materials["stone"].friction == pytest.approx(0.2)
    assert not materials["things"].texture
    assert doc.assets[materials["p"].texture].data == (tmp_path / "x/p.png").read_bytes()
    assert doc.assets[materials["p 2"].texture].data == (tmp_path / "y/p.png").read_bytes()
    notes = builder.notes
    assert "1 terrain tile object is flat-coloured: its tile lies outside its tileset image" in (
        notes
    )
    assert any(n.startswith("1 textured terrain tile object is flipped") for n in notes)
    assert any(n.startswith("1 textured terrain tile object differs in size") for n in notes)


def test_decoration_tile_objects(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    sheet = rng.integers(0, 256, (36, 36, 4), dtype=np.uint8)  # margin 1, spacing 2, 2 × 2
    sheet[..., 3] = 255
    Image.fromarray(sheet, "RGBA").save(tmp_path / "sheet.png")
    Image.new("RGBA", (8, 8), (255, 0, 0, 255)).save(tmp_path / "p.png")

    def obj(ident: int, gid: int, y: int, extra: str = "", size: bool = True) -> str:
        wh = 'width="16" height="16"' if size else ""
        return f'<object id="{ident}" gid="{gid}" x="{ident * 40}" y="{y}" {wh} {extra}/>'

    solid = (
        '<object id="20" x="0" y="300" width="50" height="10"><properties>'
        '<property name="solid" type="bool" value="true"/></properties></object>'
    )
    (tmp_path / "m.tmx").write_text(
        '<map orientation="orthogonal" width="20" height="20" tilewidth="16" tileheight="16">'
        '<tileset firstgid="1" name="g" tilewidth="16" tileheight="16" tilecount="6" '
        'columns="2" margin="1" spacing="2"><image source="sheet.png" width="36" height="36"/>'
        "</tileset>"
        '<tileset firstgid="10" name="c" tilewidth="8" tileheight="8" tilecount="1" columns="0">'
        '<tile id="0"><image source="p.png" width="8" height="8"/></tile></tileset>'
        '<group name="back" opacity="0.5" parallaxx="6" parallaxy="6">'
        '<objectgroup name="far" opacity="0.5" draworder="index">'
        + obj(1, 4, 100)
        + obj(2, 10, 50, 'opacity="0.5"')
        + "</objectgroup></group>"
        '<objectgroup name="hidden" visible="0">' + obj(3, 4, 100) + "</objectgroup>"
        '<objectgroup name="ground">'
        + solid
        + obj(4, 2 | TILE_FLIP_D | TILE_FLIP_H, 80)
        + obj(5, 3, 60, 'visible="0"')
        + "</objectgroup>"
        '<objectgroup name="top">'
        + obj(6, 1, 200)
        + obj(7, 2 | TILE_FLIP_V, 150)
        + obj(8, 6, 10)  # tile 5: row 2 of a 2 × 2 sheet
        + obj(9, 10, 120, size=False)
        + '</objectgroup><objectgroup name="game"><object id="30" name="spawn" x="5" y="5">'
        "<point/></object></objectgroup></map>"
    )
    builder = read_tiled(tmp_path / "m.tmx")
    doc = builder.build()
    decorations = doc.level.decorations
    got = [
        (d.x, d.y, d.width, d.height, d.flip_x, d.flip_y, d.opacity, d.parallax, d.front)
        for d in decorations
    ]
    assert got == [
        (48.0, 92.0, 16.0, 16.0, False, False, 0.25, 4.0, False),  # "index": as listed
        (88.0, 42.0, 16.0, 16.0, False, False, 0.125, 4.0, False),
        (168.0, 72.0, 16.0, 16.0, True, False, 1.0, 1.0, False),  # on the terrain's layer
        (364.0, 116.0, 8.0, 8.0, False, False, 1.0, 1.0, False),  # "topdown": by y; 8 × 8
        (288.0, 142.0, 16.0, 16.0, False, True, 1.0, 1.0, False),  # from the tile
        (248.0, 192.0, 16.0, 16.0, False, False, 1.0, 1.0, False),  # under the spawn's layer
    ]

    def pixels(index: int) -> npt.NDArray[np.uint8]:
        data = doc.assets[decorations[index].image].data
        return np.asarray(Image.open(io.BytesIO(data)).convert("RGBA"))

    def cut(col: int, row: int) -> npt.NDArray[np.uint8]:
        left, top = 1 + col * 18, 1 + row * 18
        return sheet[top : top + 16, left : left + 16]

    assert np.array_equal(pixels(0), cut(1, 1))
    assert np.array_equal(pixels(2), cut(1, 0))
    assert np.array_equal(pixels(5), cut(0, 0))
    assert doc.assets[decorations[1].image].data == (tmp_path / "p.png").read_bytes()
    assert decorations[1].image == decorations[3].image
    assert decorations[2].image == decorations[4].image
    assert builder.notes[:5] == [
        "layer 'far': parallax 6 clamped to 4",
        "4 decorations on layers ground, top are drawn behind the terrain: in Tiled they lie "
        "over it but under the player's layer, and a cocreate decoration is either behind the "
        "terrain or in front of everything",
        "1 decoration tile object is flipped diagonally in Tiled: drawn without the diagonal flip",
        "skipped 2 decoration tile objects on layers hidden, ground that are hidden in Tiled",
        "skipped 1 decoration tile object on layer top: its tile lies outside its tileset image",
    ]


def test_decorations_with_no_terrain_or_entities_are_behind(tmp_path: Path) -> None:
    Image.new("RGBA", (32, 32)).save(tmp_path / "tiles.png")
    path = tmp_path / "m.tmx"
    path.write_text(
        _map(
            '<objectgroup name="a"><object id="1" gid="1" x="0" y="16"/></objectgroup>'
            '<objectgroup name="b"><object id="2" gid="2" x="0" y="16" rotation="90"/>'
            "</objectgroup>"
        )
    )
    decorations = read_tiled(path).build().level.decorations
    assert [d.front for d in decorations] == [False, False]
    # 16 × 16 from the tileset; turned 90° about the bottom-left corner 0, 16
    assert (decorations[1].x, decorations[1].y) == pytest.approx((8.0, 24.0))


def test_a_broken_tileset_image_under_a_terrain_tile_object(tmp_path: Path) -> None:
    (tmp_path / "tiles.png").write_bytes(b"not a png")
    path = tmp_path / "m.tmx"
    path.write_text(
        _map(
            '<objectgroup name="collision"><object id="1" gid="1" x="0" y="16" width="16" '
            'height="16"/></objectgroup>'
        )
    )
    with pytest.raises(MapError) as info:
        read_tiled(path)
    message = str(info.value)
    assert message.startswith(f"{path}: image {tmp_path / 'tiles.png'} cannot be read")
    assert "\n" not in message


# -- a small map in XML and JSON ------------------------------------------------------------------

_TMX = """<?xml version="1.0" encoding="UTF-8"?>
<map version="1.10" orientation="orthogonal" width="4" height="3" tilewidth="16"
     tileheight="16" infinite="0" backgroundcolor="#80A0B0C0">
 <properties>
  <property name="title" value="Twin"/>
  <property name="gravity" type="float" value="500"/>
 </properties>
 <tileset firstgid="1" name="grid" tilewidth="16" tileheight="16" tilecount="4" columns="2">
  <image source="tiles.png" width="32" height="32"/>
 </tileset>
 <tileset firstgid="5" name="things" tilewidth="16" tileheight="16" tilecount="2" columns="0">
  <tile id="0" type="coin"><image source="tiles.png" width="32" height="32"/></tile>
  <tile id="1"><image source="tiles.png" width="32" height="32"/></tile>
 </tileset>
 <group name="g" offsetx="10" offsety="20" opacity="0.5">
  <layer name="Solid ground" width="4" height="3" opacity="0.5" parallaxx="0.5">
   <data encoding="csv">1,0,0,2,
0,3,{flipped},0,
4,4,5,4</data>
  </layer>
 </group>
 <imagelayer name="sky" parallaxx="2"><image source="tiles.png"/></imagelayer>
 <imagelayer name="hills"><image source="tiles.png"/></imagelayer>
 <objectgroup name="things">
  <object id="1" name="Player Start" x="8" y="8"><point/></object>
  <object id="2" type="goal" x="40" y="0" width="20" height="30"/>
  <object id="3" gid="5" x="0" y="48" width="16" height="16"/>
  <object id="4" gid="6" x="20" y="48" width="16" height="16"/>
  <object id="5" type="switch" x="0" y="0" width="10" height="10">
   <properties><property name="target" type="object" value="6"/></properties>
  </object>
  <object id="6" type="door" x="30" y="0" width="10" height="40">
   <properties><property name="open" type="bool" value="true"/></properties>
  </object>
  <object id="7" type="moving_platform" x="0" y="0" width="30" height="10">
   <properties><property name="path" type="object" value="8"/></properties>
  </object>
  <object id="8" x="5" y="5"><polyline points="0,0 50,0"/></object>
  <object id="9" type="sign" x="0" y="0" width="40" height="10"><text>Hello</text></object>
 </objectgroup>
 <objectgroup name="Walls">
  <object id="10" x="0" y="40" width="64" height="8" rotation="90"/>
  <object id="11" x="10" y="10"><polygon points="0,0 10,0 10,10"/></object>
  <object id="12" x="0" y="0" width="10" height="10"><ellipse/></object>
  <object id="13" x="0" y="0" width="0" height="10"/>
 </objectgroup>
 <objectgroup name="boxes">
  <object id="14" x="0" y="0" width="20" height="2">
   <properties><property name="bodyType" value="dynamic"/></properties>
  </object>
 </objectgroup>
</map>
"""

_FLIPPED = 2 | TILE_FLIP_H | TILE_FLIP_V | TILE_FLIP_D | 0x1000_0000


def _tmj() -> dict[str, object]:
    def obj(ident: int, **kw: object) -> dict[str, object]:
        return {"id": ident, "x": 0, "y": 0, "width": 0, "height": 0, "rotation": 0, **kw}

    tiles = {"image": "tiles.png", "imagewidth": 32, "imageheight": 32}
    return {
        "type": "map",
        "orientation": "orthogonal",
        "width": 4,
        "height": 3,
        "tilewidth": 16,
        "tileheight": 16,
        "infinite": False,
        "backgroundcolor": "#80a0b0c0",
        "properties": [
            {"name": "title", "type": "string", "value": "Twin"},
            {"name": "gravity", "type": "float", "value": 500},
        ],
        "tilesets": [
            {
                "firstgid": 1,
                "name": "grid",
                "tilewidth": 16,
                "tileheight": 16,
                "tilecount": 4,
                "columns": 2,
                **tiles,
            },
            {
                "firstgid": 5,
                "name": "things",
                "tilewidth": 16,
                "tileheight": 16,
                "tilecount": 2,
                "columns": 0,
                "tiles": [{"id": 0, "type": "coin", **tiles}, {"id": 1, **tiles}],
            },
        ],
        "layers": [
            {
                "type": "group",
                "name": "g",
                "offsetx": 10,
                "offsety": 20,
                "opacity": 0.5,
                "layers": [
                    {
                        "type": "tilelayer",
                        "name": "Solid ground",
                        "width": 4,
                        "height": 3,
                        "opacity": 0.5,
                        "parallaxx": 0.5,
                        "data": [1, 0, 0, 2, 0, 3, _FLIPPED, 0, 4, 4, 5, 4],
                    }
                ],
            },
            {"type": "imagelayer", "name": "sky", "image": "tiles.png", "parallaxx": 2},
            {"type": "imagelayer", "name": "hills", "image": "tiles.png"},
            {
                "type": "objectgroup",
                "name": "things",
                "objects": [
                    obj(1, name="Player Start", x=8, y=8, point=True),
                    obj(2, type="goal", x=40, width=20, height=30),
                    obj(3, gid=5, y=48, width=16, height=16),
                    obj(4, gid=6, x=20, y=48, width=16, height=16),
                    obj(
                        5,
                        type="switch",
                        width=10,
                        height=10,
                        properties=[{"name": "target", "type": "object", "value": 6}],
                    ),
                    obj(
                        6,
                        type="door",
                        x=30,
                        width=10,
                        height=40,
                        properties=[{"name": "open", "type": "bool", "value": True}],
                    ),
                    obj(
                        7,
                        type="moving_platform",
                        width=30,
                        height=10,
                        properties=[{"name": "path", "type": "object", "value": 8}],
                    ),
                    obj(8, x=5, y=5, polyline=[{"x": 0, "y": 0}, {"x": 50, "y": 0}]),
                    obj(9, type="sign", width=40, height=10, text={"text": "Hello"}),
                ],
            },
            {
                "type": "objectgroup",
                "name": "Walls",
                "objects": [
                    obj(10, y=40, width=64, height=8, rotation=90),
                    obj(
                        11,
                        x=10,
                        y=10,
                        polygon=[{"x": 0, "y": 0}, {"x": 10, "y": 0}, {"x": 10, "y": 10}],
                    ),
                    obj(12, width=10, height=10, ellipse=True),
                    obj(13, height=10),
                ],
            },
            {
                "type": "objectgroup",
                "name": "boxes",
                "objects": [
                    obj(
                        14,
                        width=20,
                        height=2,
                        properties=[{"name": "bodyType", "type": "string", "value": "dynamic"}],
                    ),
                ],
            },
        ],
    }


@pytest.fixture
def twin(tmp_path: Path) -> tuple[Path, Path]:
    Image.new("RGBA", (32, 32), (200, 100, 50, 255)).save(tmp_path / "tiles.png")
    tmx = tmp_path / "twin.tmx"
    tmx.write_text(_TMX.replace("{flipped}", str(_FLIPPED)))
    tmj = tmp_path / "twin.tmj"
    tmj.write_text(json.dumps(_tmj()))
    return tmx, tmj


def test_json_map_imports_as_its_xml_twin(twin: tuple[Path, Path]) -> None:
    tmx, tmj = twin
    from_xml, from_json = read_tiled(tmx), read_tiled(tmj)
    assert from_xml.notes == from_json.notes
    assert from_xml.build().level == from_json.build().level


def test_small_map_mapping(twin: tuple[Path, Path]) -> None:
    builder = read_tiled(twin[0])
    level = builder.build().level
    assert builder.title == "Twin"
    assert builder.gravity == (0.0, 500.0)
    assert level.background.color == "#a0b0c0"
    assert level.background.image and level.background.parallax == 1.0  # clamped
    (layer,) = level.tile_layers
    assert layer.name == "Solid ground"
    assert (layer.x, layer.y, layer.opacity, layer.parallax) == (10.0, 20.0, 0.25, 0.5)
    assert layer.solid and layer.material == "terrain"
    # the hexagonal flag is dropped; the collection tile (gid 5) cannot be in a tile layer
    flags = TILE_FLIP_H | TILE_FLIP_V | TILE_FLIP_D
    assert _cells(layer) == [1, 0, 0, 2, 0, 3, 2 | flags, 0, 4, 4, 0, 4]
    by_type: dict[str, Any] = {type(e).__name__: e for e in level.entities}
    assert (by_type["Spawn"].x, by_type["Spawn"].y) == (8.0, 8.0)
    goal = by_type["Goal"]
    assert (goal.x, goal.y, goal.width, goal.height) == (50.0, 15.0, 20.0, 30.0)
    assert by_type["Collectible"].x == 8.0 and by_type["Collectible"].y == 40.0
    assert by_type["Door"].open is True
    assert by_type["Sign"].text == "Hello"
    platform = by_type["MovingPlatform"]
    assert [tuple(p) for p in unpack_points(platform.path)] == [(-10.0, 0.0), (40.0, 0.0)]
    assert [(ln.source, ln.target) for ln in level.links] == [
        (by_type["Switch"].id, by_type["Door"].id)
    ]
    # Walls: a rectangle turned 90° clockwise about its top-left, a polygon, a 32-gon
    shapes = level.shapes
    assert len(shapes) == 3
    rect = np.array(unpack_points(shapes[0].points))
    assert np.allclose(rect, [(0, 40), (0, 104), (-8, 104), (-8, 40)])
    assert [tuple(p) for p in unpack_points(shapes[1].points)] == [(10, 10), (20, 10), (20, 20)]
    assert len(unpack_points(shapes[2].points)) == 32
    assert all(s.material == "Walls" and s.body == "static" for s in shapes)
    notes = "\n".join(builder.notes)
    assert "skipped 1 image layer (hills)" in notes
    assert "skipped 1 tile from image-collection tileset (things)" in notes
    assert "decoration tile objects" not in notes
    # the untyped tile object (gid 6, 16 × 16 at 20, 48: its bottom-left) is a decoration,
    # behind the terrain: its layer is not above the last layer with entities
    (deco,) = level.decorations
    assert (deco.x, deco.y, deco.width, deco.height) == (28.0, 40.0, 16.0, 16.0)
    assert not deco.front and (deco.opacity, deco.parallax, deco.rotation) == (1.0, 1.0, 0.0)
    assert not (deco.flip_x or deco.flip_y)
    assert "skipped 1 terrain object on layer Walls with no area" in notes
    assert "skipped 1 dynamic or kinematic terrain object on layer boxes thinner" in notes


def test_infinite_map_uses_the_chunks_bounding_box(tmp_path: Path) -> None:
    Image.new("RGBA", (32, 32)).save(tmp_path / "tiles.png")
    chunk = '<chunk x="{x}" y="{y}" width="2" height="1">{data}</chunk>'
    (tmp_path / "inf.tmx").write_text(f"""<map orientation="orthogonal" width="30" height="30"
      tilewidth="16" tileheight="16" infinite="1">
     <tileset firstgid="1" name="t" tilewidth="16" tileheight="16" tilecount="4" columns="2">
      <image source="tiles.png" width="32" height="32"/></tileset>
     <layer name="a" width="30" height="30"><data encoding="csv">
      {chunk.format(x=-2, y=-1, data="1,2")}{chunk.format(x=4, y=2, data="3,0")}
     </data></layer></map>""")
    builder = read_tiled(tmp_path / "inf.tmx")
    (layer,) = builder.build().level.tile_layers
    assert (builder.width, builder.height) == (8 * 16, 4 * 16)
    assert (layer.columns, layer.rows, layer.x, layer.y) == (8, 4, 0.0, 0.0)
    cells = _cells(layer)
    assert cells[:2] == [1, 2] and cells[3 * 8 + 6 : 3 * 8 + 8] == [3, 0] and sum(cells) == 6
    assert any("infinite map: moved by 32, 16 px" in n for n in builder.notes)


# -- errors ---------------------------------------------------------------------------------------


def _map(body: str, *, attrs: str = "", tileset: bool = True) -> str:
    ts = (
        '<tileset firstgid="1" name="t" tilewidth="16" tileheight="16" tilecount="4" '
        'columns="2"><image source="tiles.png" width="32" height="32"/></tileset>'
    )
    return (
        f'<map orientation="orthogonal" width="2" height="2" tilewidth="16" '
        f'tileheight="16" {attrs}>{ts if tileset else ""}{body}</map>'
    )


def _b64(values: list[int], compress: str = "") -> str:
    raw = struct.pack(f"<{len(values)}I", *values)
    if compress == "zlib":
        raw = zlib.compress(raw)
    return base64.b64encode(raw).decode()


_BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
<map orientation="orthogonal" name="&d;"/>"""


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "iso.tmx",
            _map("", attrs='orientation="isometric"').replace('orientation="orthogonal" ', "", 1),
            "isometric maps are not supported; only orthogonal ones",
        ),
        (
            "short.tmx",
            _map(
                '<layer name="Ground" width="2" height="2">'
                '<data encoding="csv">1,2,3</data></layer>'
            ),
            "layer 'Ground': 3 cells, needs 2 × 2 = 4",
        ),
        (
            "csv.tmx",
            _map('<layer name="L"><data encoding="csv">1,x,3,4</data></layer>'),
            "layer 'L': CSV cell 'x' is not a tile id",
        ),
        (
            "zstd.tmx",
            _map(
                '<layer name="L"><data encoding="base64" compression="zstd">'
                f"{_b64([1, 1, 1, 1])}</data></layer>"
            ),
            "layer 'L': zstd compression is not supported; re-save the map with zlib",
        ),
        (
            "b64.tmx",
            _map('<layer name="L"><data encoding="base64">@@@@</data></layer>'),
            "layer 'L': the base64 data is broken",
        ),
        (
            "zlib.tmx",
            _map(
                '<layer name="L"><data encoding="base64" compression="zlib">'
                f"{_b64([1, 1, 1, 1])}</data></layer>"
            ),
            "layer 'L': the zlib data is broken",
        ),
        (
            "big.tmx",
            _map(
                '<layer name="L"><data encoding="base64" compression="zlib">'
                f"{_b64([0] * 5000, 'zlib')}</data></layer>"
            ),
            "layer 'L': the zlib data unpacks to more than 16 bytes",
        ),
        (
            "gid.tmx",
            _map('<layer name="L"><data encoding="csv">1,0,9,0</data></layer>'),
            "layer 'L': cell 0, 1 holds tile 9, past the end of tileset 't' (4 tiles)",
        ),
        (
            "nots.tmx",
            _map('<layer name="L"><data encoding="csv">1,0,0,0</data></layer>', tileset=False),
            "layer 'L': cell 0, 0 holds tile 1, which is in no tileset",
        ),
        (
            "ext.tmx",
            _map('<tileset firstgid="5" source="gone.tsx"/>'),
            "tileset gone.tsx not found",
        ),
        (
            "tpl.tmx",
            _map('<objectgroup name="o"><object id="1" template="t.tx"/></objectgroup>'),
            "template t.tx not found",
        ),
        ("broken.tmx", "<map orientation='orthogonal'><layer>", "the map file: not valid XML"),
        ("bomb.tmx", _BOMB, "the map file: XML entity declarations are not allowed"),
        (
            "num.tmx",
            _map('<objectgroup name="o"><object id="3" x="abc"/></objectgroup>'),
            "layer 'o': object 3: x is 'abc', not a number",
        ),
        (
            "color.tmx",
            _map("", attrs='backgroundcolor="#12"'),
            "map: backgroundcolor '#12' is not #rrggbb or #aarrggbb",
        ),
        ("bad.tmj", '{"type": "map", "layers": [', "the map file: not valid JSON"),
        ("list.tmj", "[1, 2]", "the map file: not a Tiled map"),
        ("deep.tmj", "[" * 100_000 + "]" * 100_000, "the map is nested too deeply"),
        (
            "kind.tmj",
            json.dumps(
                {
                    "orientation": "orthogonal",
                    "width": 1,
                    "height": 1,
                    "tilewidth": 8,
                    "tileheight": 8,
                    "layers": [{"type": "x", "name": "q"}],
                }
            ),
            "layer 'q': unknown layer type 'x'",
        ),
    ],
)
def test_broken_maps_raise_one_line_map_errors(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    Image.new("RGBA", (32, 32)).save(tmp_path / "tiles.png")
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(MapError) as info:
        read_tiled(path)
    assert str(info.value).startswith(f"{path}: {message}")
    assert "\n" not in str(info.value)


def test_huge_files_are_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.tmx"
    with path.open("wb") as f:
        f.truncate(64 * 1024 * 1024 + 1)
    with pytest.raises(MapError, match="over the 64 MiB limit"):
        read_tiled(path)


def test_external_tileset_and_template_paths_are_relative_to_their_files(
    tmp_path: Path,
) -> None:
    (tmp_path / "art").mkdir()
    (tmp_path / "tpl").mkdir()
    Image.new("RGBA", (16, 16)).save(tmp_path / "art/hero.png")
    (tmp_path / "art/set.tsx").write_text(
        '<tileset name="s" tilewidth="16" tileheight="16" tilecount="2" columns="0">'
        '<tile id="1" type="player"><image source="hero.png" width="16" height="16"/></tile>'
        "</tileset>"
    )
    (tmp_path / "tpl/hero.tx").write_text(
        '<template><tileset firstgid="1" source="../art/set.tsx"/>'
        '<object gid="2" width="16" height="32"/></template>'
    )
    (tmp_path / "m.tmx").write_text(
        _map(
            '<tileset firstgid="10" source="art/set.tsx"/>'
            '<objectgroup name="o"><object id="1" template="tpl/hero.tx" x="100" y="50"/>'
            "</objectgroup>"
        )
    )
    level = read_tiled(tmp_path / "m.tmx").build().level
    (spawn,) = level.entities
    assert isinstance(spawn, Spawn) and (spawn.x, spawn.y) == (108.0, 34.0)


def test_collision_objects_on_a_hidden_layer_are_invisible_walls(corpus: Path) -> None:
    """Sticker Knight keeps two walls at the map's edges on a hidden object layer ``bounds``:
    they collide in Tiled's game, and nothing of them is drawn."""
    from engine.importers import import_map

    doc = import_map(corpus / "tiled/sticker-knight/sandbox.tmx").document
    bounds = [s for s in doc.level.shapes if s.material == "bounds"]
    assert len(bounds) == 2 and all(s.hidden for s in bounds)
    assert not any(s.hidden for s in doc.level.shapes if s.material != "bounds")
