"""Small document factories for tests: valid creations that use every part of the format.

Everything here is deterministic (fixed ids and timestamps, images drawn in code, Pillow's own
embedded font), so the same call always gives the same bytes::

    from tests.factories import rich_level, rich_design, png_bytes, raw
"""

from __future__ import annotations

import hashlib
import io
from typing import Any

import msgspec

from engine import APP
from engine.design.model import (
    Design,
    Garment,
    GarmentColor,
    ImageLayer,
    Layer,
    PrintArea,
    ShapeLayer,
    TextLayer,
    Transform,
)
from engine.document import (
    Asset,
    DesignDocument,
    Document,
    LevelDocument,
    Meta,
    Parent,
    ReplayDocument,
)
from engine.level.entities import (
    BouncePad,
    Checkpoint,
    Collectible,
    Crate,
    Door,
    Entity,
    Goal,
    Hazard,
    MovingPlatform,
    Sign,
    Spawn,
    Switch,
)
from engine.level.model import (
    Background,
    Decoration,
    Level,
    Link,
    Material,
    Shape,
    Size,
    TileLayer,
    Tileset,
    Vec,
)
from engine.packed import pack_points, pack_tiles
from engine.replay import Replay, pack_runs

LEVEL_ID = "0f8fad5b-d9cb-469f-a165-70867728950e"
DESIGN_ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7"
PARENT_ID = "16fd2706-8baf-433b-82eb-8c7fada847da"
WHEN = "2026-01-31T12:00:00Z"
LATER = "2026-02-01T08:30:00Z"
REPLAY_ID = "9b2f4c1e-3a5d-4e6f-8a7b-1c2d3e4f5a6b"


def png_bytes(
    width: int = 8, height: int = 8, color: tuple[int, int, int] = (200, 80, 40), mode: str = "RGB"
) -> bytes:
    """A small valid PNG of one colour, drawn with Pillow."""
    from PIL import Image

    out = io.BytesIO()
    Image.new(mode, (width, height), color if mode != "1" else 1).save(out, format="PNG")
    return out.getvalue()


def jpeg_bytes(width: int = 16, height: int = 16) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (30, 60, 90)).save(out, format="JPEG", quality=80)
    return out.getvalue()


def font_bytes() -> bytes:
    """A small TrueType font: the one Pillow embeds (Aileron Regular, CC0)."""
    from PIL import ImageFont

    font = ImageFont.load_default(12)
    data = getattr(font, "font_bytes", None)
    assert isinstance(data, bytes), "this Pillow has no embedded FreeType font"
    return data


def asset(type_: str, name: str, data: bytes) -> tuple[str, Asset]:
    """``(key, Asset)`` with the key the sha256 of the data, as the format requires."""
    return hashlib.sha256(data).hexdigest(), Asset(type=type_, name=name, data=data)  # type: ignore[arg-type]


def meta(title: str = "A test creation", **changes: Any) -> Meta:
    base = Meta(
        title=title,
        description="made by tests/factories.py",
        author="tester",
        tags=["test", "factory"],
        license="CC-BY-4.0",
        terms="",
        created=WHEN,
        modified=LATER,
    )
    return msgspec.structs.replace(base, **changes)


def square(x: float, y: float, side: float) -> bytes:
    return pack_points([(x, y), (x + side, y), (x + side, y + side), (x, y + side)])


def simple_level(title: str = "Simple level") -> LevelDocument:
    """The smallest valid level: one ground shape of one material, a spawn and a goal."""
    level = Level(
        size=Size(width=800.0, height=600.0),
        materials=[Material(name="ground")],
        shapes=[Shape(id=1, material="ground", points=square(0, 500, 100))],
        entities=[Spawn(id=2, x=50.0, y=450.0), Goal(id=3, x=700.0, y=450.0)],
        next_id=4,
    )
    return LevelDocument(app=APP, id=LEVEL_ID, meta=meta(title), level=level)


def rich_level(title: str = "Everything level") -> LevelDocument:
    """A valid level using every entity type, body type, holes, links, a tile layer and assets."""
    tiles_key, tiles = asset("image/png", "tiles.png", png_bytes(64, 32, (90, 160, 60)))
    bg_key, bg = asset("image/jpeg", "sky.jpg", jpeg_bytes(32, 16))
    tex_key, tex = asset("image/png", "ice.png", png_bytes(8, 8, (180, 220, 255)))
    materials = [
        Material(name="ground", density=2.0, friction=0.9, restitution=0.0, color="#6b8e23"),
        Material(name="ice", friction=0.05, restitution=0.1, color="#ddeeff", texture=tex_key),
        Material(name="wood", density=0.6, color="#8b5a2b"),
    ]
    ring = pack_points([(100, 100), (400, 100), (400, 400), (100, 400)])
    hole_a = pack_points([(150, 150), (200, 150), (200, 200), (150, 200)])
    hole_b = pack_points([(300, 300), (350, 300), (325, 350)])
    shapes = [
        Shape(id=1, material="ground", points=square(0, 900, 1000)),
        Shape(id=2, material="ice", body="static", points=ring, holes=[hole_a, hole_b]),
        Shape(id=3, material="wood", body="dynamic", points=square(600, 200, 40)),
        Shape(id=4, material="wood", body="kinematic", points=square(700, 600, 80), one_way=True),
    ]
    entities: list[Entity] = [
        Spawn(id=5, x=50.0, y=850.0, facing="right"),
        Goal(id=6, x=950.0, y=850.0, width=40.0, height=60.0),
        Checkpoint(id=7, x=500.0, y=850.0),
        Collectible(id=8, x=520.5, y=800.25, value=5),
        Hazard(id=9, x=300.0, y=880.0, style="saw", width=24.0, height=24.0),
        Crate(id=10, x=620.0, y=860.0, material="wood"),
        MovingPlatform(
            id=11,
            x=800.0,
            y=500.0,
            material="ground",
            path=pack_points([(0, 0), (0, -200), (150, -200)]),
            speed=75.5,
            mode="loop",
            active=False,
        ),
        Switch(id=12, x=450.0, y=890.0, mode="plate"),
        Door(id=13, x=880.0, y=852.0, open=False),
        Sign(id=14, x=80.0, y=860.0, text="Jump over the saw — ünïcödé ✓"),
        BouncePad(id=15, x=250.0, y=894.0, strength=1200.0),
    ]
    links = [Link(source=12, target=13), Link(source=12, target=11)]
    tile_layer = TileLayer(
        name="decor",
        tileset=Tileset(image=tiles_key, tile_width=16, tile_height=16, columns=4),
        columns=3,
        rows=2,
        x=10.0,
        y=20.0,
        data=pack_tiles([0, 1, 2, 3, 8, 0]),
        solid=True,
        material="ground",
        parallax=1.0,
    )
    level = Level(
        size=Size(width=1000.0, height=1000.0),
        gravity=Vec(x=0.0, y=900.0),
        background=Background(color="#102030", image=bg_key, parallax=0.25),
        materials=materials,
        shapes=shapes,
        entities=entities,
        links=links,
        tile_layers=[tile_layer],
        decorations=[
            Decoration(
                id=16,
                image=tex_key,
                x=500.0,
                y=300.0,
                width=64.0,
                height=32.0,
                rotation=15.0,
                flip_x=True,
                opacity=0.75,
                parallax=0.5,
            )
        ],
        next_id=17,
    )
    parents = [Parent(id=PARENT_ID, revision=3, digest="ab" * 32)]
    return LevelDocument(
        app=APP,
        id=LEVEL_ID,
        revision=4,
        meta=meta(title, parents=parents),
        assets={tiles_key: tiles, bg_key: bg, tex_key: tex},
        level=level,
    )


def simple_design(title: str = "Simple design") -> DesignDocument:
    design = Design(
        garment=Garment(colors=[GarmentColor(name="white", color="#ffffff")]),
        layers=[ShapeLayer(id=1, name="dot", transform=Transform(x=6.0, y=8.0), shape="ellipse")],
        next_id=2,
    )
    return DesignDocument(app=APP, id=DESIGN_ID, meta=meta(title), design=design)


def rich_design(title: str = "Everything design") -> DesignDocument:
    """A valid design with image, text and every kind of shape layer, and their assets."""
    img_key, img = asset("image/png", "logo.png", png_bytes(40, 20, (250, 200, 0)))
    font_key, font = asset("font/ttf", "Aileron.ttf", font_bytes())
    layers: list[Layer] = [
        ImageLayer(
            id=1,
            name="logo",
            transform=Transform(x=6.0, y=5.0, scale=2.5, rotation=-15.0, flip_x=True),
            image=img_key,
            opacity=0.75,
            blend="multiply",
        ),
        TextLayer(
            id=2,
            name="slogan",
            transform=Transform(x=6.0, y=10.0),
            text="Make — remix — share ✨",
            font=font_key,
            size=36.0,
            color="#ff0066",
            align="left",
            line_spacing=1.5,
            locked=True,
        ),
        ShapeLayer(id=3, name="box", transform=Transform(x=3.0, y=3.0), shape="rect", width=1.5),
        ShapeLayer(
            id=4,
            name="ring",
            transform=Transform(x=9.0, y=3.0, flip_y=True),
            shape="ellipse",
            fill="",
            stroke="#000000",
            stroke_width=0.1,
            visible=False,
        ),
        ShapeLayer(
            id=5,
            name="star",
            transform=Transform(x=6.0, y=14.0),
            shape="polygon",
            points=pack_points([(0, -1), (0.3, -0.3), (1, 0), (0.3, 0.3), (0, 1), (-1, 0)]),
            fill="#123456",
            blend="screen",
        ),
    ]
    design = Design(
        garment=Garment(
            style="hoodie",
            colors=[
                GarmentColor(name="black", color="#111111"),
                GarmentColor(name="heather grey", color="#9e9e9e"),
            ],
        ),
        print_area=PrintArea(width=12.0, height=16.0, dpi=150, safe_margin=0.75),
        layers=layers,
        next_id=6,
    )
    return DesignDocument(
        app=APP,
        id=DESIGN_ID,
        meta=meta(title, license="CC-BY-SA-4.0"),
        assets={img_key: img, font_key: font},
        design=design,
    )


def simple_replay() -> ReplayDocument:
    """A replay of :func:`simple_level` (well formed; whether it clears the level is not checked
    here): run right for a second, then jump."""
    from engine import codec

    replay = Replay(
        level_id=LEVEL_ID,
        level_revision=1,
        level_digest=codec.digest(codec.encode(simple_level())),
        engine="cocreate-sim 1",
        ticks=90,
        inputs=pack_runs([(2, 60), (6, 30)]),
    )
    return ReplayDocument(app=APP, id=REPLAY_ID, meta=meta("Simple replay"), replay=replay)


def raw(doc: Document) -> dict[str, Any]:
    """The document as plain values (bins stay bytes), for building odd inputs by hand."""
    out = msgspec.to_builtins(doc, enc_hook=None, builtin_types=(bytes,))
    assert isinstance(out, dict)
    return out


def raw_as(doc: Document, version: int) -> dict[str, Any]:
    """``raw(doc)`` as format ``version`` wrote it: without the keys later versions brought in
    (``engine.migrations`` refuses them in an older file) and, before 2, rings as pairs."""
    from engine.packed import unpack_points

    out = raw(doc)
    out["version"] = version
    level, design = out.get("level"), out.get("design")
    shapes = level["shapes"] if level else []
    if version < 4:
        for shape in shapes:
            del shape["hidden"]
    if version < 3 and level:
        del level["decorations"]
        for layer in level["tile_layers"]:
            del layer["opacity"], layer["visible"]
    if version < 2:
        del out["meta"]["terms"]
        for part in (level, design):
            if part:
                del part["next_id"]
        for shape in shapes:
            shape["points"] = [list(p) for p in unpack_points(shape["points"])]
            shape["holes"] = [[list(p) for p in unpack_points(h)] for h in shape["holes"]]
        for ent in level["entities"] if level else []:
            if "path" in ent:
                ent["path"] = [list(p) for p in unpack_points(ent["path"])]
        for layer in design["layers"] if design else []:
            if "points" in layer:
                layer["points"] = [list(p) for p in unpack_points(layer["points"])]
    return out


def packb(value: Any) -> bytes:
    """Plain values → msgpack with the independent ``msgpack`` library (keys as given)."""
    import msgpack

    data = msgpack.packb(value, use_bin_type=True)
    assert isinstance(data, bytes)
    return data
