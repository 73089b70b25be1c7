"""The LDtk importer: the corpus projects checked against their raw JSON, small hand-made
projects for the features the corpus lacks, and broken projects for the errors."""

from __future__ import annotations

import io
import json
import math
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from engine.document import LevelDocument
from engine.importers.build import TILE_FLIP_H, TILE_FLIP_V, MapError
from engine.importers.ldtk import level_names, read_ldtk
from engine.level.model import TileLayer
from tests.factories import png_bytes

PLATFORMER = "ldtk/Typical_2D_platformer_example.ldtk"
BASIC = "ldtk/AutoLayers_1_basic.ldtk"
NON_SOLID = ("ladder", "water", "climb", "rope", "vine", "decor", "background", "bg")


def _raw(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _raw_level(path: Path, name: str) -> Any:
    return next(lv for lv in _raw(path)["levels"] if lv["identifier"] == name)


def _cells(layer: TileLayer) -> np.ndarray:
    return np.frombuffer(layer.data, dtype="<u4").reshape(layer.rows, layer.columns)


def _value(tile: dict[str, Any]) -> int:
    flips = (TILE_FLIP_H if tile["f"] & 1 else 0) | (TILE_FLIP_V if tile["f"] & 2 else 0)
    return int(tile["t"]) + 1 | flips


def _placed(doc: LevelDocument) -> Counter[tuple[float, float, int]]:
    """Every drawn tile of the imported level as (x, y, cell value)."""
    out: Counter[tuple[float, float, int]] = Counter()
    for layer in doc.level.tile_layers:
        if layer.solid:
            continue
        size = layer.tileset.tile_width
        rows, cols = np.nonzero(_cells(layer))
        for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
            out[(layer.x + c * size, layer.y + r * size, int(_cells(layer)[r, c]))] += 1
    return out


def _tag(entity: Any) -> str:
    """An entity's type name (``spawn``, ``door``...)."""
    return str(type(entity).__struct_config__.tag)


def _corpus_levels() -> list[tuple[str, str]]:
    root = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
    found = []
    for name in (PLATFORMER, BASIC):
        if (root / name).is_file():
            found += [(name, lv["identifier"]) for lv in _raw(root / name)["levels"]]
    return found or [(PLATFORMER, "Your_typical_2D_platformer")]


@pytest.fixture(scope="module")
def imported(corpus: Path) -> dict[tuple[str, str], tuple[LevelDocument, list[str]]]:
    """Every corpus level imported once (the tests share them)."""
    out = {}
    for name, level in _corpus_levels():
        builder = read_ldtk(corpus / name, level=level)
        out[(name, level)] = (builder.build(), builder.notes)
    return out


# -- the corpus -------------------------------------------------------------------------------


def test_level_names_are_the_raw_identifiers(corpus: Path) -> None:
    for name in (PLATFORMER, BASIC):
        assert level_names(corpus / name) == [
            lv["identifier"] for lv in _raw(corpus / name)["levels"]
        ]


@pytest.mark.parametrize(("name", "level"), _corpus_levels())
def test_every_tile_lands_where_ldtk_draws_it(
    corpus: Path, imported: Any, name: str, level: str
) -> None:
    doc, _ = imported[(name, level)]
    raw = _raw_level(corpus / name, level)
    expected: Counter[tuple[float, float, int]] = Counter()
    for layer in raw["layerInstances"]:
        for tile in layer["gridTiles"] + layer["autoLayerTiles"]:
            x = tile["px"][0] + layer["__pxTotalOffsetX"]
            y = tile["px"][1] + layer["__pxTotalOffsetY"]
            expected[(x, y, _value(tile))] += 1
    placed = _placed(doc)
    assert placed == expected
    # the counts add up per LDtk layer too
    for layer in raw["layerInstances"]:
        ident = layer["__identifier"]
        mine = [
            t
            for t in doc.level.tile_layers
            if not t.solid and (t.name == ident or t.name.startswith(ident + " "))
        ]
        count = sum(int(np.count_nonzero(_cells(t))) for t in mine)
        assert count == len(layer["gridTiles"]) + len(layer["autoLayerTiles"]), ident


@pytest.mark.parametrize(("name", "level"), _corpus_levels())
def test_flips_carry_over(corpus: Path, imported: Any, name: str, level: str) -> None:
    doc, _ = imported[(name, level)]
    raw = _raw_level(corpus / name, level)
    tiles = [t for layer in raw["layerInstances"] for t in layer["autoLayerTiles"]]
    cells = np.concatenate(
        [_cells(t).ravel() for t in doc.level.tile_layers if not t.solid] or [np.zeros(0)]
    ).astype(np.uint64)
    assert int(np.count_nonzero(cells & TILE_FLIP_H)) == sum(1 for t in tiles if t["f"] & 1)
    assert int(np.count_nonzero(cells & TILE_FLIP_V)) == sum(1 for t in tiles if t["f"] & 2)
    assert any(t["f"] for t in tiles)  # the corpus does flip tiles


@pytest.mark.parametrize(("name", "level"), _corpus_levels())
def test_collision_layers_are_the_solid_intgrid_cells(
    corpus: Path, imported: Any, name: str, level: str
) -> None:
    doc, _ = imported[(name, level)]
    project = _raw(corpus / name)
    defs = {d["uid"]: d for d in project["defs"]["layers"]}
    raw = _raw_level(corpus / name, level)
    for layer in raw["layerInstances"]:
        if layer["__type"] != "IntGrid":
            continue
        csv = np.array(layer["intGridCsv"]).reshape(layer["__cHei"], layer["__cWid"])
        for value in defs[layer["layerDefUid"]]["intGridValues"]:
            ident = value["identifier"]
            mine = [
                t for t in doc.level.tile_layers if t.name == f"{layer['__identifier']} {ident}"
            ]
            if (
                any(word in ident.lower() for word in NON_SOLID)
                or not (csv == value["value"]).any()
            ):
                assert mine == []
                continue
            (solid,) = mine
            assert solid.solid and not solid.visible and solid.material == ident
            assert np.array_equal(_cells(solid) != 0, csv == value["value"])
            material = next(m for m in doc.level.materials if m.name == ident)
            assert material.color == value["color"].lower()


def test_platformer_first_level(corpus: Path, imported: Any) -> None:
    doc, notes = imported[(PLATFORMER, "Your_typical_2D_platformer")]
    raw = _raw_level(corpus / PLATFORMER, "Your_typical_2D_platformer")
    assert doc.level.size.width == raw["pxWid"] and doc.level.size.height == raw["pxHei"]
    assert doc.level.background.color == raw["__bgColor"].lower()
    assert doc.meta.title == "Your typical 2D platformer"
    # bottom-most LDtk layer first
    order = [t.name for t in doc.level.tile_layers if not t.solid]
    assert order.index("Bg_textures") < order.index("Collisions") < order.index("Wall_shadows")
    assert {t.opacity for t in doc.level.tile_layers if t.name.startswith("Wall_shadows")} == {0.17}
    # Bg_textures has tiles half a cell off the grid: their own layer, shifted, one wider
    shifted = [t for t in doc.level.tile_layers if t.name.startswith("Bg_textures") and t.x]
    assert [(t.x, t.y, t.columns) for t in shifted] == [
        (8.0, 0.0, raw["layerInstances"][0]["__cWid"] + 1)
    ]
    entities = raw["layerInstances"][0]["entityInstances"]
    player = next(e for e in entities if e["__identifier"] == "Player")
    (spawn,) = [e for e in doc.level.entities if _tag(e) == "spawn"]
    px, (pvx, pvy) = player["px"], player["__pivot"]
    assert (spawn.x, spawn.y) == (
        px[0] - pvx * player["width"] + player["width"] / 2,
        px[1] - pvy * player["height"] + player["height"] / 2,
    )
    doors = [e for e in entities if e["__identifier"] == "Door"]
    mine: list[Any] = [e for e in doc.level.entities if _tag(e) == "door"]
    assert len(mine) == len(doors)
    for door, raw_door in zip(mine, doors, strict=True):
        locked = next(
            f["__value"] for f in raw_door["fieldInstances"] if f["__identifier"] == "locked"
        )
        assert door.open is (not locked)
        assert (door.width, door.height) == (raw_door["width"], raw_door["height"])
    # Mob and Chest have editor tiles, but in LDtk's own icon atlas: no image to show
    skipped = Counter(e["__identifier"] for e in entities if e["__identifier"] in ("Mob", "Chest"))
    assert {e["__tile"]["tilesetUid"] for e in entities} == {104}
    assert (
        f"skipped {sum(skipped.values())} entities with no cocreate equivalent: "
        + ", ".join(f"{k} ×{v}" for k, v in skipped.items())
        + " (picture in LDtk's embedded atlas LdtkIcons, which has no image file)"
    ) in notes
    assert not doc.level.decorations
    ladders = sum(1 for v in raw["layerInstances"][2]["intGridCsv"] if v == 2)
    assert any("ladder" in n and f"({ladders} cells)" in n for n in notes)
    assert (
        "the project has 3 more levels (Top, Bottom, World_Level_3); "
        "import another with --level NAME"
    ) in notes
    assert "entity fields not kept: Player.items ×1" in notes


def test_entity_tiles_come_in_as_pictures(corpus: Path, tmp_path: Path) -> None:
    """The platformer with its icon atlas replaced by the level art's atlas (368 × 336): the
    Mobs' tile (96, 0) lies inside it, the Chest's (160, 560) outside."""
    from PIL import Image

    atlas = corpus / "ldtk/atlas/SunnyLand_by_Ansimuz-extended.png"
    project = _raw(corpus / PLATFORMER)
    for tileset in project["defs"]["tilesets"]:  # the copy lies elsewhere
        if tileset["relPath"]:
            tileset["relPath"] = str(corpus / "ldtk" / tileset["relPath"])
    (icons,) = [t for t in project["defs"]["tilesets"] if t["uid"] == 104]
    icons["relPath"], icons["embedAtlas"] = str(atlas), None
    builder = read_ldtk(_write(tmp_path, project))
    decorations = builder.build().level.decorations
    raw = _raw_level(corpus / PLATFORMER, "Your_typical_2D_platformer")
    mobs = [e for e in raw["layerInstances"][0]["entityInstances"] if e["__identifier"] == "Mob"]
    assert len(decorations) == len(mobs) == 3
    with Image.open(atlas) as im:
        t = mobs[0]["__tile"]
        wanted = np.asarray(im.convert("RGBA").crop((t["x"], t["y"], t["x"] + 16, t["y"] + 16)))
    for deco, mob in zip(decorations, mobs, strict=True):
        (x, y), (pvx, pvy), w, h = mob["px"], mob["__pivot"], mob["width"], mob["height"]
        assert (deco.x, deco.y, deco.width, deco.height) == (
            x - pvx * w + w / 2,
            y - pvy * h + h / 2,
            w,
            h,
        )
        assert deco.front and deco.opacity == 1.0 and deco.parallax == 1.0
        assert deco.image == decorations[0].image
    doc = builder.build()
    got = Image.open(io.BytesIO(doc.assets[decorations[0].image].data)).convert("RGBA")
    assert np.array_equal(np.asarray(got), wanted)
    assert "3 entities with no cocreate equivalent came in as pictures: Mob ×3" in builder.notes
    assert (
        "skipped 1 entity with no cocreate equivalent: Chest ×1 (picture outside its tileset image)"
    ) in builder.notes


def test_locked_door_stays_shut(imported: Any) -> None:
    doc, _ = imported[(PLATFORMER, "Top")]
    assert sorted(d.open for d in doc.level.entities if _tag(d) == "door") == [False, True]


def test_single_level_project_has_no_other_levels_note(imported: Any) -> None:
    _, notes = imported[(BASIC, "AutoLayer")]
    assert not any("more level" in n for n in notes)


def test_level_choice(corpus: Path) -> None:
    assert read_ldtk(corpus / PLATFORMER).title == "Your typical 2D platformer"
    assert read_ldtk(corpus / PLATFORMER, level="bottom").title == "Bottom"
    with pytest.raises(MapError) as err:
        read_ldtk(corpus / PLATFORMER, level="Middle")
    assert str(err.value) == (
        f"{corpus / PLATFORMER}: no level 'Middle'; the project's levels are "
        "Your_typical_2D_platformer, Top, Bottom, World_Level_3"
    )


# -- small projects ---------------------------------------------------------------------------


def _project(tmp_path: Path, **changes: Any) -> dict[str, Any]:
    """A small valid project: one 4 × 3 level (8 px cells) with an IntGrid, a Tiles layer and
    an Entities layer; ``tiles.png`` is 4 × 2 tiles."""
    (tmp_path / "tiles.png").write_bytes(png_bytes(32, 16))
    layer: dict[str, Any] = {
        "__cWid": 4,
        "__cHei": 3,
        "__gridSize": 8,
        "__opacity": 1,
        "__pxTotalOffsetX": 0,
        "__pxTotalOffsetY": 0,
        "__tilesetDefUid": 1,
        "visible": True,
        "overrideTilesetUid": None,
        "intGridCsv": [],
        "autoLayerTiles": [],
        "gridTiles": [],
        "entityInstances": [],
    }
    project: dict[str, Any] = {
        "defaultLevelBgColor": "#ABCDEF",
        "defs": {
            "tilesets": [
                {
                    "uid": 1,
                    "identifier": "Tiles",
                    "relPath": "tiles.png",
                    "embedAtlas": None,
                    "tileGridSize": 8,
                    "__cWid": 4,
                    "__cHei": 2,
                    "padding": 0,
                    "spacing": 0,
                },
                {
                    "uid": 2,
                    "identifier": "Internal_Icons",
                    "relPath": None,
                    "embedAtlas": "LdtkIcons",
                    "tileGridSize": 8,
                    "__cWid": 4,
                    "__cHei": 2,
                    "padding": 0,
                    "spacing": 0,
                },
            ],
            "layers": [
                {
                    "uid": 10,
                    "identifier": "Collisions",
                    "intGridValues": [
                        {"value": 1, "identifier": "ground", "color": "#112233"},
                        {"value": 2, "identifier": "water", "color": "#0000FF"},
                    ],
                    "parallaxFactorX": 0,
                    "parallaxFactorY": 0,
                },
                {"uid": 20, "identifier": "Deco", "parallaxFactorX": 0.5},
                {"uid": 30, "identifier": "Entities"},
            ],
        },
        "levels": [
            {
                "identifier": "Start_here",
                "pxWid": 32,
                "pxHei": 24,
                "__bgColor": None,
                "bgRelPath": None,
                "externalRelPath": None,
                "fieldInstances": [],
                "layerInstances": [
                    {
                        **layer,
                        "__identifier": "Entities",
                        "__type": "Entities",
                        "layerDefUid": 30,
                        "__tilesetDefUid": None,
                        "entityInstances": [],
                    },
                    {
                        **layer,
                        "__identifier": "Deco",
                        "__type": "Tiles",
                        "layerDefUid": 20,
                        "gridTiles": [
                            {"px": [0, 0], "t": 0, "f": 1, "a": 1},
                            {"px": [0, 0], "t": 1, "f": 2, "a": 1},
                            {"px": [4, 8], "t": 2, "f": 3, "a": 0.5},
                        ],
                    },
                    {
                        **layer,
                        "__identifier": "Collisions",
                        "__type": "IntGrid",
                        "layerDefUid": 10,
                        "intGridCsv": [1, 1, 0, 2, 0, 0, 0, 2, 1, 1, 1, 1],
                        "autoLayerTiles": [{"px": [8, 16], "t": 7, "f": 0, "a": 1}],
                    },
                ],
            },
            {"identifier": "Second", "pxWid": 8, "pxHei": 8, "layerInstances": []},
        ],
    }
    for key, value in changes.items():
        project[key] = value
    return project


def _write(tmp_path: Path, project: Any, name: str = "p.ldtk") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(project), encoding="utf-8")
    return path


def _entity(ident: str, px: list[Any], *fields: tuple[str, str, Any], **more: Any) -> Any:
    return {
        "__identifier": ident,
        "__pivot": [0.5, 1],
        "__tags": [],
        "iid": more.pop("iid", ident),
        "px": px,
        "width": 8,
        "height": 16,
        "fieldInstances": [{"__identifier": n, "__type": t, "__value": v} for n, t, v in fields],
        **more,
    }


def test_small_project(tmp_path: Path) -> None:
    project = _project(tmp_path)
    project["levels"][0]["layerInstances"][0]["entityInstances"] = [
        _entity("Hero", [4, 24]),
        _entity("Lever", [12, 24], ("target", "EntityRef", {"entityIid": "Gate"})),
        _entity("Gate", [20, 24], ("open", "Bool", True)),
        _entity("Coin", [4, 8], ("value", "Int", 5)),
        _entity("Sign", [12, 8], ("text", "Multilines", "Jump!\nNow")),
        _entity(
            "Lift",
            [20, 8],
            ("patrol", "Array<Point>", [{"cx": 3, "cy": 0}, {"cx": 0, "cy": 0}]),
        ),
        _entity("Goblin", [4, 16]),
        _entity("Goblin", [4, 16], iid="g2"),
        _entity("Thing", [28, 24], ("cocreate", "String", "goal")),
    ]
    builder = read_ldtk(_write(tmp_path, project))
    doc = builder.build()
    assert doc.meta.title == "Start here"
    assert doc.level.background.color == "#abcdef"
    layers = {t.name: t for t in doc.level.tile_layers}
    assert list(layers) == ["Collisions", "Collisions ground", "Deco", "Deco 2", "Deco 3"]
    assert _cells(layers["Collisions"]).tolist() == [[0] * 4, [0] * 4, [0, 8, 0, 0]]
    assert _cells(layers["Deco"])[0, 0] == 1 | TILE_FLIP_H
    assert _cells(layers["Deco 2"])[0, 0] == 2 | TILE_FLIP_V  # drawn over the first
    off = layers["Deco 3"]
    assert (off.x, off.y, off.columns, off.rows) == (4.0, 0.0, 5, 3)
    assert _cells(off)[1, 0] == 3 | TILE_FLIP_H | TILE_FLIP_V
    ground = layers["Collisions ground"]
    assert (ground.solid, ground.visible, ground.material) == (True, False, "ground")
    assert (_cells(ground) != 0).astype(int).tolist() == [[1, 1, 0, 0], [0, 0, 0, 0], [1, 1, 1, 1]]
    assert ground.tileset.image == layers["Deco"].tileset.image  # the layer's tileset
    by_type: dict[str, Any] = {_tag(e): e for e in doc.level.entities}
    assert (by_type["spawn"].x, by_type["spawn"].y) == (4.0, 16.0)
    door = by_type["door"]
    assert door.open is True and (door.width, door.height) == (8, 16)
    assert [(link.source, link.target) for link in doc.level.links] == [
        (by_type["switch"].id, by_type["door"].id)
    ]
    assert by_type["collectible"].value == 5
    assert by_type["sign"].text == "Jump!\nNow"
    platform = by_type["moving_platform"]
    path = np.frombuffer(platform.path, dtype="<f8").reshape(-1, 2).tolist()
    assert (platform.x, platform.y) == (20.0, 0.0)
    assert path == [[0.0, 0.0], [8.0, 4.0], [-16.0, 4.0]]
    assert by_type["goal"].x == 28.0
    assert builder.notes == [
        "skipped IntGrid values that are not solid ground on layer 'Collisions': water (2 cells) "
        "(cocreate has no ladders, water or decoration cells)",
        "1 semi-transparent tiles are drawn opaque, on layers Deco",
        "layers Deco have parallax in LDtk; imported without (they scroll with the level)",
        "skipped 2 entities with no cocreate equivalent: Goblin ×2",
        "the project has 1 more level (Second); import another with --level NAME",
    ]


def test_collision_mask_without_tileset_and_embedded_atlas(tmp_path: Path) -> None:
    project = _project(tmp_path)
    collisions = project["levels"][0]["layerInstances"][2]
    collisions["__tilesetDefUid"] = None
    collisions["autoLayerTiles"] = []
    project["levels"][0]["layerInstances"][1]["overrideTilesetUid"] = 2
    builder = read_ldtk(_write(tmp_path, project), level="START_HERE")
    doc = builder.build()
    (ground,) = doc.level.tile_layers
    assert ground.name == "Collisions ground" and ground.tileset.columns == 1
    asset = doc.assets[ground.tileset.image]
    assert asset.type == "image/png"
    assert "skipped 3 tiles from LDtk's embedded atlas LdtkIcons (no image file)" in builder.notes


def test_external_levels(tmp_path: Path) -> None:
    project = _project(tmp_path, externalLevels=True)
    level = project["levels"][0]
    (tmp_path / "p").mkdir()
    _write(tmp_path, level, "p/Start_here.ldtkl")
    level["layerInstances"] = None
    level["externalRelPath"] = "p/Start_here.ldtkl"
    path = _write(tmp_path, project)
    doc = read_ldtk(path).build()
    assert [t.name for t in doc.level.tile_layers][:2] == ["Collisions", "Collisions ground"]
    (tmp_path / "p" / "Start_here.ldtkl").unlink()
    with pytest.raises(MapError, match=r"level 'Start_here': external level file p/Start_here"):
        read_ldtk(path)


def test_worlds_hold_the_levels(tmp_path: Path) -> None:
    project = _project(tmp_path)
    project["worlds"] = [{"identifier": "W", "levels": project.pop("levels")}]
    project["levels"] = []
    assert level_names(_write(tmp_path, project)) == ["Start_here", "Second"]


# -- errors -----------------------------------------------------------------------------------


def _error(path: Path, level: str | None = None) -> str:
    with pytest.raises(MapError) as err:
        read_ldtk(path, level=level)
    text = str(err.value)
    assert "\n" not in text and text.startswith(f"{path}: ")
    return text[len(f"{path}: ") :]


def _broken(tmp_path: Path, change: Any) -> Path:
    project = _project(tmp_path)
    change(project)
    return _write(tmp_path, project)


def _layer(project: Any, index: int) -> Any:
    return project["levels"][0]["layerInstances"][index]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda p: _layer(p, 2).update(intGridCsv=[1, 0, 1]),
            "level 'Start_here': layer 'Collisions': intGridCsv has 3 values, needs 4 × 3",
        ),
        (
            lambda p: _layer(p, 2).update(intGridCsv=["1"] * 12),
            "level 'Start_here': layer 'Collisions': intGridCsv holds a string; "
            "it should hold integers",
        ),
        (
            lambda p: _layer(p, 2).update(__cWid="4"),
            "level 'Start_here': layer 'Collisions': __cWid should be an integer, not a string",
        ),
        (
            lambda p: _layer(p, 2).update(__cWid=100_000, __cHei=100_000),
            "level 'Start_here': layer 'Collisions': 100000 × 100000 cells is not a grid size "
            "(MAX_TILES 4,194,304)",
        ),
        (
            lambda p: _layer(p, 1)["gridTiles"].append({"px": [0, 0], "t": 8, "f": 0}),
            "level 'Start_here': layer 'Deco': gridTiles[3]: tile 8 is not in tileset 'Tiles' "
            "(4 × 2 tiles)",
        ),
        (
            lambda p: _layer(p, 1)["gridTiles"].append({"px": "0,0", "t": 1}),
            "level 'Start_here': layer 'Deco': gridTiles[3] should have px [x, y], t and f "
            'as integers: {"px": "0,0", "t": 1}',
        ),
        (
            lambda p: _layer(p, 1).update(__tilesetDefUid=99),
            "level 'Start_here': layer 'Deco': tileset 99 is not defined in defs.tilesets",
        ),
        (
            lambda p: _layer(p, 1).pop("__identifier"),
            "level 'Start_here': layer #1: __identifier is missing",
        ),
        (
            lambda p: _layer(p, 0)["entityInstances"].append(_entity("Hero", [0, "x"])),
            "level 'Start_here': layer 'Entities': entity 'Hero': px should hold two numbers",
        ),
        (
            lambda p: _layer(p, 0)["entityInstances"].append(
                _entity("Goblin", [0, 0], __tile={"tilesetUid": 99, "x": 0, "y": 0, "w": 8, "h": 8})
            ),
            "level 'Start_here': layer 'Entities': entity 'Goblin': __tile: tileset 99 is not "
            "defined in defs.tilesets",
        ),
        (
            lambda p: _layer(p, 0)["entityInstances"].append(
                _entity("Goblin", [0, 0], __tile={"tilesetUid": 1, "x": 0, "y": 0, "w": 0})
            ),
            "level 'Start_here': layer 'Entities': entity 'Goblin': __tile: h is missing",
        ),
        (
            lambda p: p["levels"][0].update(pxWid=-5),
            "level 'Start_here': size -5 × 24 is not a level size",
        ),
        (
            lambda p: p["levels"][0].update(__bgColor="red"),
            "level 'Start_here': background colour 'red' is not #rrggbb",
        ),
        (lambda p: p.pop("defs"), "not an LDtk project (it has no defs)"),
        (lambda p: p.update(levels=[]), "the project has no levels"),
        (lambda p: p.update(levels={}), "levels should be an array, not an object"),
        (
            lambda p: p["defs"].update(tilesets=[3]),
            "defs: tileset #0: expected a JSON object, found a number",
        ),
        (
            lambda p: p["levels"][0].update(bgRelPath="nowhere.png"),
            f"image {'{tmp}'}/nowhere.png not found (the map refers to it)",
        ),
    ],
)
def test_broken_projects(tmp_path: Path, change: Any, message: str) -> None:
    path = _broken(tmp_path, change)
    assert _error(path) == message.replace("{tmp}", str(tmp_path))


def test_broken_files(tmp_path: Path) -> None:
    path = tmp_path / "bad.ldtk"
    path.write_text('{"defs": {', encoding="utf-8")
    assert _error(path) == (
        "file is not valid JSON: Expecting property name enclosed in double quotes "
        "at line 1, column 11"
    )
    path.write_text('{"defs": NaN}', encoding="utf-8")
    assert _error(path) == "file is not valid JSON: NaN is not a JSON number"
    path.write_bytes(b'{"a": "\xff"}')
    assert _error(path) == "file is not UTF-8 text (byte 7)"
    path.write_text("[1, 2]", encoding="utf-8")
    assert _error(path) == "expected a JSON object, found an array"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert _error(path) == "file is nested too deeply"
    with path.open("wb") as f:
        f.truncate(65 * 1024 * 1024)
    assert _error(path) == "file is 68,157,440 bytes, over the 64 MiB limit for maps"
    assert _error(tmp_path / "missing.ldtk") == "file not found"
    assert _error(tmp_path) == "file is a directory"


def test_unknown_level(tmp_path: Path) -> None:
    path = _write(tmp_path, _project(tmp_path))
    assert _error(path, "Third") == (
        "no level 'Third'; the project's levels are Start_here, Second"
    )
    assert math.isclose(read_ldtk(path, level="second").width, 8)
