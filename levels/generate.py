"""Write the sample creations in ``levels/`` from code: ``python levels/generate.py [--out DIR]``.

Three levels and three designs, built with the engine's own model classes and saved with
:func:`engine.fileio.save`, so they are regenerated whenever the format changes (``make
samples``). Everything is deterministic: ids are uuid5 of a fixed namespace and the sample's name,
timestamps are fixed, and the art is read from the committed files in ``assets/`` (drawn by
``assets/make_art.py``; fonts from Debian's fonts-liberation2, SIL OFL 1.1). The same code
therefore always writes the same bytes, which ``tests/engine/test_samples.py`` checks.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import uuid
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from engine import APP, codec
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
from engine.document import Asset, AssetType, DesignDocument, Document, LevelDocument, Meta, Parent
from engine.fileio import save
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
    Level,
    Link,
    Material,
    Shape,
    Size,
    TileLayer,
    Tileset,
)
from engine.packed import pack_points, pack_tiles

Point = tuple[float, float]

LEVELS_DIR = Path(__file__).resolve().parent
ASSETS_DIR = LEVELS_DIR.parent / "assets"
NAMESPACE = uuid.UUID("5b0c7e2a-4f7d-4a39-9a57-c0c2ea7e0001")
"""uuid5 namespace of the samples: a sample's id is ``uuid5(NAMESPACE, name)``."""
AUTHOR = "cocreate team"
CREATED = "2026-02-01T09:00:00Z"
MODIFIED = "2026-02-02T17:30:00Z"
FONT_CREDIT = "Liberation fonts © Red Hat and Google, SIL Open Font License 1.1."
TERMS = "Remixes welcome: keep the credit to the original in your description."


def sample_id(name: str) -> str:
    return str(uuid.uuid5(NAMESPACE, name))


def meta(title: str, description: str, tags: Sequence[str], **more: object) -> Meta:
    fields: dict[str, object] = {
        "title": title,
        "description": description,
        "author": AUTHOR,
        "tags": list(tags),
        "license": "CC-BY-4.0",
        "terms": TERMS,
        "created": CREATED,
        "modified": MODIFIED,
        **more,
    }
    return Meta(**fields)  # type: ignore[arg-type]


class Assets:
    """The assets a document embeds, keyed by the sha256 of their data."""

    def __init__(self) -> None:
        self.items: dict[str, Asset] = {}

    def add(self, relative: str, type_: AssetType) -> str:
        """Embed ``assets/<relative>``; return its key."""
        path = ASSETS_DIR / relative
        data = path.read_bytes()
        key = hashlib.sha256(data).hexdigest()
        self.items[key] = Asset(type=type_, name=path.name, data=data)
        return key


class Ids:
    """Hands out the ids of one level's shapes and entities (or one design's layers) in order."""

    def __init__(self) -> None:
        self.next = 1

    def __call__(self) -> int:
        ident = self.next
        self.next += 1
        return ident


# -- geometry helpers (level px, y down) -----------------------------------------------------------


def rect(x0: float, y0: float, x1: float, y1: float) -> bytes:
    return pack_points([(x0, y0), (x1, y0), (x1, y1), (x0, y1)])


def arc(cx: float, cy: float, r: float, start: float, end: float, steps: int) -> list[Point]:
    """Points on a circle from angle ``start`` to ``end`` (degrees, clockwise on screen)."""
    out: list[Point] = []
    for i in range(steps + 1):
        a = math.radians(start + (end - start) * i / steps)
        out.append((round(cx + r * math.cos(a), 2), round(cy + r * math.sin(a), 2)))
    return out


def circle(cx: float, cy: float, r: float, steps: int = 16) -> bytes:
    return pack_points(arc(cx, cy, r, 0.0, 360.0, steps)[:-1])


def row(x0: float, y: float, count: int, step: float) -> Iterable[Point]:
    return ((x0 + i * step, y) for i in range(count))


# -- levels ---------------------------------------------------------------------------------------


def first_steps() -> LevelDocument:
    """A gentle first level: run, jump a gap, hop up platforms, reach the flag."""
    assets = Assets()
    turf = assets.add("art/turf.png", "image/png")
    sky = assets.add("art/meadow.png", "image/png")
    ids = Ids()
    ground = 960.0
    meadow = [
        (0.0, ground), (560.0, ground), (720.0, 900.0), (880.0, 900.0), (1040.0, ground),
        (1200.0, ground), (1200.0, 1080.0), (0.0, 1080.0),
    ]  # fmt: skip
    shapes = [
        Shape(id=ids(), material="turf", points=pack_points(meadow)),  # with a low hill
        Shape(id=ids(), material="turf", points=rect(1360, ground, 2880, 1080)),
        Shape(id=ids(), material="plank", points=rect(1640, 830, 1840, 856), one_way=True),
        Shape(id=ids(), material="plank", points=rect(1960, 710, 2160, 736), one_way=True),
        Shape(id=ids(), material="turf", points=rect(2300, 820, 2520, ground)),
    ]
    entities: list[Entity] = [
        Spawn(id=ids(), x=120.0, y=ground - 22),
        Sign(
            id=ids(),
            x=260.0,
            y=ground - 24,
            text="← → to run, Space to jump. Grab the stars and touch the flag!",
        ),
        *(Collectible(id=ids(), x=x, y=y) for x, y in row(400.0, 920.0, 3, 48.0)),
        *(Collectible(id=ids(), x=x, y=y) for x, y in arc(1280.0, 900.0, 100.0, 200, 340, 4)),
        Checkpoint(id=ids(), x=1460.0, y=ground - 22),
        *(Collectible(id=ids(), x=x, y=y, value=2) for x, y in row(1700.0, 790.0, 3, 40.0)),
        Collectible(id=ids(), x=2060.0, y=660.0, value=5),
        Goal(id=ids(), x=2760.0, y=ground - 32),
    ]
    level = Level(
        size=Size(width=2880.0, height=1080.0),
        background=Background(color="#8ec9f0", image=sky, parallax=0.3),
        materials=[
            Material(name="turf", density=1.0, friction=0.8, color="#6b8e23", texture=turf),
            Material(name="plank", density=0.6, friction=0.7, color="#a0703e"),
        ],
        shapes=shapes,
        entities=entities,
        next_id=ids.next,
    )
    return LevelDocument(
        app=APP,
        id=sample_id("first-steps"),
        meta=meta(
            "First Steps",
            "A gentle first level: a meadow with a gap to jump, two wooden platforms to climb "
            "and a checkpoint half-way. Collect the stars on the way to the flag.",
            ["tutorial", "easy", "meadow"],
        ),
        assets=assets.items,
        level=level,
    )


def switch_and_door() -> LevelDocument:
    """Buttons, a door in a stone arch, an ice slide into spikes, a lift over a pit of lava."""
    assets = Assets()
    stone = assets.add("art/stone.png", "image/png")
    dusk = assets.add("art/dusk.jpg", "image/jpeg")
    ids = Ids()
    floor = 1120.0
    under = floor - 120.0  # the rock's underside: room to walk beneath it
    arch = [
        (700.0, under), (700.0, 800.0), (760.0, 740.0), (1040.0, 740.0), (1100.0, 800.0),
        (1100.0, under), (980.0, under),
        *arc(900.0, under, 80.0, 0.0, -180.0, 12),  # the tunnel's round top, right to left
        (820.0, under),
    ]  # fmt: skip
    shapes = [
        Shape(id=ids(), material="stone", points=rect(0, floor, 1100, 1280)),
        Shape(  # a rock over the path, arched above the door, with a round window (a hole)
            id=ids(),
            material="stone",
            points=pack_points(arch),
            holes=[circle(900.0, 840.0, 40.0)],
        ),
        Shape(id=ids(), material="ice", points=rect(1100, floor, 1700, 1280)),
        Shape(id=ids(), material="wood", points=rect(1280, 980, 1480, 1000), one_way=True),
        Shape(id=ids(), material="stone", points=rect(1700, 1240, 2300, 1280)),  # pit bottom
        Shape(id=ids(), material="rubber", points=rect(2300, floor, 2500, 1280)),
        Shape(id=ids(), material="stone", points=rect(2500, 800, 2880, 1280)),  # the high ledge
    ]
    spawn = Spawn(id=ids(), x=100.0, y=floor - 22)
    door = Door(id=ids(), x=900.0, y=floor - 100, width=24.0, height=200.0)
    button = Switch(id=ids(), x=520.0, y=floor - 6, mode="button")
    lift = MovingPlatform(
        id=ids(),
        x=1800.0,
        y=floor + 8,
        width=96.0,
        height=16.0,
        material="wood",
        path=pack_points([(0, 0), (420, 0)]),
        speed=120.0,
        mode="pingpong",
        active=False,
    )
    lift_button = Switch(id=ids(), x=1380.0, y=980.0 - 6, mode="button")
    entities: list[Entity] = [
        spawn,
        Sign(
            id=ids(),
            x=220.0,
            y=floor - 24,
            text="Press the button to open the door. Mind the ice: it does not stop.",
        ),
        Crate(id=ids(), x=360.0, y=floor - 16, material="wood"),
        button,
        door,
        Checkpoint(id=ids(), x=1160.0, y=floor - 22),
        lift_button,
        *(Collectible(id=ids(), x=x, y=940.0) for x, y in row(1320.0, 0.0, 3, 60.0)),
        *(Hazard(id=ids(), x=x, y=floor - 8, style="spikes") for x, _ in row(1588.0, 0.0, 4, 32.0)),
        lift,
        Hazard(id=ids(), x=2000.0, y=1232.0, style="lava", width=600.0, height=16.0),
        Collectible(id=ids(), x=2000.0, y=1040.0, value=3),
        BouncePad(id=ids(), x=2420.0, y=floor - 6, strength=1050.0),
        *(Collectible(id=ids(), x=x, y=y) for x, y in row(2420.0, 880.0, 3, -70.0)),
        Goal(id=ids(), x=2800.0, y=800.0 - 32),
    ]
    level = Level(
        size=Size(width=2880.0, height=1280.0),
        background=Background(color="#2a2250", image=dusk, parallax=0.0),
        materials=[
            Material(name="stone", density=2.4, friction=0.9, color="#96928c", texture=stone),
            Material(name="ice", density=0.9, friction=0.02, restitution=0.05, color="#d6f0ff"),
            Material(name="rubber", density=1.1, friction=1.0, restitution=0.85, color="#e0457b"),
            Material(name="wood", density=0.6, friction=0.7, color="#a0703e"),
        ],
        shapes=shapes,
        entities=entities,
        links=[Link(source=button.id, target=door.id), Link(source=lift_button.id, target=lift.id)],
        next_id=ids.next,
    )
    return LevelDocument(
        app=APP,
        id=sample_id("switch-and-door"),
        meta=meta(
            "Switch and Door",
            "Open the door in the stone arch, slide over the ice without landing on the spikes, "
            "wake the lift over the lava with the second button, and let the rubber pad throw "
            "you up to the flag.",
            ["puzzle", "switches", "medium"],
        ),
        assets=assets.items,
        level=level,
    )


TILE = {
    name: i + 1
    for i, name in enumerate(
        ("grass", "dirt", "stone", "brick", "wood", "leaves", "flower", "water")
    )
}
"""Tile ids in ``assets/art/tileset.png`` (``assets/make_art.py`` draws them in this order)."""


def _tile_grid(columns: int, rows: int, fill: Callable[[int, int], int]) -> bytes:
    return pack_tiles(fill(c, r) for r in range(rows) for c in range(columns))


def tile_garden() -> LevelDocument:
    """A garden built of tiles, with a grassy hill of polygons and a boulder to dodge."""
    assets = Assets()
    sheet = assets.add("art/tileset.png", "image/png")
    turf = assets.add("art/turf.png", "image/png")
    sky = assets.add("art/meadow.png", "image/png")
    tileset = Tileset(image=sheet, tile_width=32, tile_height=32, columns=4)
    columns, rows, size = 72, 36, 32
    top = 31  # the grass row; the ground's surface is at y = 31 × 32 = 992
    pond = range(20, 24)

    def terrain(c: int, r: int) -> int:
        if c in pond:
            return 0
        if r == top:
            return TILE["grass"]
        if r > top:
            return TILE["stone"] if r == rows - 1 else TILE["dirt"]
        if r == 26 and 28 <= c <= 31:
            return TILE["brick"]
        if r == 23 and 35 <= c <= 38:
            return TILE["wood"]
        if c == columns - 1:  # a wall at the far end
            return TILE["stone"]
        return 0

    def decor(c: int, r: int) -> int:
        if c in pond and r >= 33:
            return TILE["water"]
        if (r == top - 1 and c in (9, 10, 11, 45, 46)) or (r == top - 2 and c in (10, 45)):
            return TILE["leaves"]  # two bushes
        if r == top - 1 and c % 7 == 3 and c not in pond:
            return TILE["flower"]
        return 0

    ground = float(top * size)
    ids = Ids()
    hill = [
        (1440.0, ground), (1560.0, 930.0), (1680.0, 880.0), (1800.0, 870.0), (1920.0, 900.0),
        (2040.0, ground),
    ]  # fmt: skip
    shapes = [
        Shape(id=ids(), material="grass", points=pack_points(hill)),
        Shape(  # a ramp up to the goal's terrace, against the stone wall at the far end
            id=ids(),
            material="grass",
            points=pack_points([(2060, ground), (2180, 880), (2272, 880), (2272, ground)]),
        ),
        Shape(  # a boulder resting on the hill top: it rolls when pushed
            id=ids(), material="boulder", body="dynamic", points=circle(1800.0, 842.0, 28.0, 10)
        ),
    ]
    entities: list[Entity] = [
        Spawn(id=ids(), x=96.0, y=ground - 22),
        *(Collectible(id=ids(), x=x, y=y) for x, y in arc(704.0, 960.0, 110.0, 200, 340, 5)),
        *(Collectible(id=ids(), x=x, y=790.0) for x, _ in row(920.0, 0.0, 4, 32.0)),
        *(Collectible(id=ids(), x=x, y=690.0, value=2) for x, _ in row(1136.0, 0.0, 4, 32.0)),
        Collectible(id=ids(), x=1800.0, y=760.0, value=5),
        Goal(id=ids(), x=2236.0, y=880.0 - 32),
    ]
    level = Level(
        size=Size(width=float(columns * size), height=float(rows * size)),
        background=Background(color="#bfe3f7", image=sky, parallax=0.5),
        materials=[
            Material(name="soil", density=1.5, friction=0.8, color="#78542f"),
            Material(name="grass", density=1.0, friction=0.8, color="#5c9c3c", texture=turf),
            Material(name="boulder", density=3.0, friction=0.6, restitution=0.1, color="#8a8a8a"),
        ],
        shapes=shapes,
        entities=entities,
        tile_layers=[
            TileLayer(
                name="terrain",
                tileset=tileset,
                columns=columns,
                rows=rows,
                data=_tile_grid(columns, rows, terrain),
                solid=True,
                material="soil",
            ),
            TileLayer(
                name="decor",
                tileset=tileset,
                columns=columns,
                rows=rows,
                data=_tile_grid(columns, rows, decor),
            ),
        ],
        next_id=ids.next,
    )
    return LevelDocument(
        app=APP,
        id=sample_id("tile-garden"),
        meta=meta(
            "Tile Garden",
            "A garden laid out in tiles: hop the pond, climb the brick and wooden ledges for the "
            "stars, mind the boulder on the grassy hill, and walk up the ramp to the flag.",
            ["tiles", "garden", "easy"],
            license="CC0-1.0",
        ),
        assets=assets.items,
        level=level,
    )


# -- designs --------------------------------------------------------------------------------------


def colors(*pairs: tuple[str, str]) -> list[GarmentColor]:
    return [GarmentColor(name=name, color=value) for name, value in pairs]


def sunrise_tee() -> DesignDocument:
    assets = Assets()
    art = assets.add("art/sunrise.png", "image/png")
    sans = assets.add("fonts/LiberationSans-Bold.ttf", "font/ttf")
    ids = Ids()
    layers: list[Layer] = [
        ImageLayer(id=ids(), name="sunrise badge", transform=Transform(x=6.0, y=6.5), image=art),
        TextLayer(
            id=ids(),
            name="headline",
            transform=Transform(x=6.0, y=12.2),
            text="CHASE THE SUNRISE",
            font=sans,
            size=64.0,
            color="#2c2a5c",
        ),
        TextLayer(
            id=ids(),
            name="small print",
            transform=Transform(x=6.0, y=13.4),
            text="made with cocreate · 2026",
            font=sans,
            size=22.0,
            color="#d6586a",
            letter_spacing=0.12,
            opacity=0.9,
        ),
    ]
    design = Design(
        garment=Garment(
            style="tshirt",
            colors=colors(
                ("white", "#ffffff"),
                ("natural", "#f3ead8"),
                ("heather grey", "#b8b8b8"),
                ("sky blue", "#a9cfe8"),
            ),
        ),
        print_area=PrintArea(width=12.0, height=16.0, dpi=150, safe_margin=0.5),
        layers=layers,
        next_id=ids.next,
    )
    return DesignDocument(
        app=APP,
        id=sample_id("sunrise-tee"),
        meta=meta(
            "Chase the Sunrise",
            f"A retro sun rising over snowy mountains, with a bold headline. {FONT_CREDIT}",
            ["retro", "sunrise", "mountains", "outdoors"],
        ),
        assets=assets.items,
        design=design,
    )


def bold_type() -> DesignDocument:
    assets = Assets()
    photo = assets.add("art/dusk.jpg", "image/jpeg")
    sans = assets.add("fonts/LiberationSans-Bold.ttf", "font/ttf")
    serif = assets.add("fonts/LiberationSerif-Regular.ttf", "font/ttf")
    ids = Ids()
    layers: list[Layer] = [
        ImageLayer(
            id=ids(),
            name="dusk photo",
            transform=Transform(x=6.0, y=5.0, scale=2.0),  # 150 dpi as placed: prints fine
            image=photo,
            opacity=0.85,
        ),
        ShapeLayer(
            id=ids(),
            name="band",
            transform=Transform(x=6.0, y=7.4, rotation=-6.0),
            shape="rect",
            width=11.0,
            height=1.6,
            corner_radius=0.3,
            fill="#ffcc33",
            blend="multiply",
            opacity=0.9,
        ),
        TextLayer(
            id=ids(),
            name="MAKE",
            transform=Transform(x=6.0, y=4.2),
            text="MAKE",
            font=sans,
            size=190.0,
            color="#ffffff",
            stroke="#1b1b2f",
            stroke_width=4.0,
        ),
        TextLayer(
            id=ids(),
            name="remix",
            transform=Transform(x=6.0, y=7.4, rotation=-6.0),
            text="remix",
            font=serif,
            size=120.0,
            color="#1b1b2f",
            blend="overlay",
        ),
        TextLayer(
            id=ids(),
            name="SHARE",
            transform=Transform(x=6.0, y=10.4),
            text="SHARE",
            font=sans,
            size=150.0,
            color="#ff6f61",
            blend="screen",
            opacity=0.8,
        ),
        TextLayer(
            id=ids(),
            name="motto",
            transform=Transform(x=1.2, y=12.6, rotation=90.0),
            text="together\nwe make more",
            font=serif,
            size=28.0,
            color="#e8e8e8",
            align="left",
            line_spacing=1.3,
            opacity=0.7,
            locked=True,
        ),
    ]
    design = Design(
        garment=Garment(
            style="hoodie",
            colors=colors(("black", "#111111"), ("charcoal", "#3a3a3a"), ("forest", "#1f3d2b")),
        ),
        print_area=PrintArea(width=12.0, height=14.0, dpi=300, safe_margin=0.75),
        layers=layers,
        next_id=ids.next,
    )
    return DesignDocument(
        app=APP,
        id=sample_id("bold-type"),
        meta=meta(
            "Make Remix Share",
            f"Big type over a dusk photo, for a dark hoodie. {FONT_CREDIT}",
            ["typography", "hoodie", "bold"],
        ),
        assets=assets.items,
        design=design,
    )


def geo_shapes(parent: DesignDocument, parent_bytes: bytes) -> DesignDocument:
    """A remix of ``parent`` (bold-type) that keeps only its geometry: shapes, no type."""
    ids = Ids()
    triangle = pack_points([(0.0, -1.6), (1.5, 1.0), (-1.5, 1.0)])
    bolt = pack_points([(-0.4, -1.5), (0.6, -1.5), (0.1, -0.2), (0.7, -0.2), (-0.5, 1.6),
                        (-0.1, 0.2), (-0.7, 0.2)])  # fmt: skip
    layers: list[Layer] = [
        ShapeLayer(
            id=ids(),
            name="band",
            transform=Transform(x=6.0, y=7.0, rotation=-6.0),
            shape="rect",
            width=11.0,
            height=1.6,
            fill="#ffcc33",
        ),
        ShapeLayer(
            id=ids(),
            name="sun",
            transform=Transform(x=4.0, y=4.0),
            shape="ellipse",
            width=3.2,
            height=3.2,
            fill="#ff6f61",
            blend="multiply",
        ),
        ShapeLayer(
            id=ids(),
            name="ring",
            transform=Transform(x=8.2, y=4.4, scale=1.2),
            shape="ellipse",
            width=2.4,
            height=1.6,
            fill="",
            stroke="#2c2a5c",
            stroke_width=0.18,
        ),
        ShapeLayer(
            id=ids(),
            name="peak",
            transform=Transform(x=6.0, y=10.8, scale=1.4),
            shape="polygon",
            points=triangle,
            fill="#2c2a5c",
            stroke="#ffffff",
            stroke_width=0.08,
        ),
        ShapeLayer(
            id=ids(),
            name="bolt",
            transform=Transform(x=9.0, y=11.0, rotation=12.0, flip_x=True),
            shape="polygon",
            points=bolt,
            fill="#ffcc33",
            stroke="#111111",
            stroke_width=0.05,
            opacity=0.95,
        ),
        ShapeLayer(
            id=ids(),
            name="bolt shadow",
            transform=Transform(x=3.0, y=11.2, rotation=-12.0, flip_y=True),
            shape="polygon",
            points=bolt,
            fill="#111111",
            opacity=0.35,
            blend="darken",
            visible=False,
        ),
        ShapeLayer(
            id=ids(),
            name="star",
            transform=Transform(x=3.4, y=10.6, rotation=12.0),
            shape="star",
            width=1.8,
            height=1.8,
            star_points=5,
            inner_ratio=0.45,
            fill="#ff6f61",
            stroke="#111111",
            stroke_width=0.04,
        ),
    ]
    design = Design(
        garment=Garment(
            style="tank",
            colors=colors(("white", "#ffffff"), ("mint", "#bfe8d2"), ("lemon", "#fff3a8")),
        ),
        print_area=PrintArea(width=12.0, height=14.0, dpi=300, safe_margin=0.5),
        layers=layers,
        next_id=ids.next,
    )
    lineage = Parent(id=parent.id, revision=parent.revision, digest=codec.digest(parent_bytes))
    return DesignDocument(
        app=APP,
        id=sample_id("geo-shapes"),
        revision=2,
        meta=meta(
            "Geo Shapes",
            "A remix of “Make Remix Share” that keeps its yellow band and trades the type for "
            "plain geometry: a sun, a ring, a peak and a lightning bolt. Shapes only, no fonts.",
            ["geometric", "shapes", "remix", "minimal"],
            license="CC-BY-4.0",
            parents=[lineage],
            modified="2026-02-03T11:15:00Z",
        ),
        design=design,
    )


# -- writing --------------------------------------------------------------------------------------


def build() -> dict[str, Document]:
    """Every sample by file name (without ``.cocreate``), in the order they are written."""
    bold = bold_type()
    return {
        "first-steps": first_steps(),
        "switch-and-door": switch_and_door(),
        "tile-garden": tile_garden(),
        "sunrise-tee": sunrise_tee(),
        "bold-type": bold,
        "geo-shapes": geo_shapes(bold, codec.encode(bold)),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the sample creations.")
    parser.add_argument(
        "--out", type=Path, default=LEVELS_DIR, help="folder to write into (default: levels/)"
    )
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    for name, doc in build().items():
        path = out / f"{name}.cocreate"
        data = save(doc, path)
        print(f"{path}: {len(data):,} bytes, sha256:{codec.digest(data)[:16]}…")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
