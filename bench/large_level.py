"""The large level of issue §6, built deterministically from code, and its JSON twin.

5,000 terrain polygons of 8 to 12 points (one in five with a hole), 2,000 entities of every type
with switch → door / platform links, a tile layer, and about 2 MB of embedded noise images (PNG
and JPEG, so they do not compress away) used as material textures, the background and the
tileset, so no asset is unused. :func:`json_level` writes the same content the way Tiled's JSON
maps do: each point a number list, tile data as a list of integers, images base64.

Run it to write ``large.cocreate`` and ``large.json`` into a folder::

    .venv/bin/python bench/large_level.py /tmp/out
"""

from __future__ import annotations

import hashlib
import io
import math
import random
import sys
from pathlib import Path
from typing import Any

import msgspec
import numpy as np

from engine import APP
from engine.document import Asset, LevelDocument, Meta
from engine.level.entities import (
    BouncePad,
    Checkpoint,
    Collectible,
    Crate,
    Door,
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
from engine.packed import pack_points, pack_tiles, points_array, tiles_array

SHAPES = 5_000
ENTITIES = 2_000
GRID_COLUMNS = 100
CELL = 200.0
STAMP = "2026-01-31T12:00:00Z"
IDENT = "5b0c1d2e-3f40-4a51-8b62-7c8d9eafb0c1"
MATERIALS = ("rock", "grass", "ice", "wood", "metal", "sand", "mud", "glass")


def noise_png(width: int, height: int, seed: int) -> bytes:
    """An RGB PNG of random noise (it does not compress: about 3 bytes a pixel)."""
    from PIL import Image

    rng = np.random.default_rng(seed)
    pixels = rng.integers(0, 256, size=(height, width, 3), dtype=np.uint8)
    out = io.BytesIO()
    Image.fromarray(pixels, "RGB").save(out, format="PNG", compress_level=1)
    return out.getvalue()


def noise_jpeg(width: int, height: int, seed: int) -> bytes:
    """An RGB JPEG of random noise at quality 90."""
    from PIL import Image

    rng = np.random.default_rng(seed)
    pixels = rng.integers(0, 256, size=(height, width, 3), dtype=np.uint8)
    out = io.BytesIO()
    Image.fromarray(pixels, "RGB").save(out, format="JPEG", quality=90)
    return out.getvalue()


def _asset(assets: dict[str, Asset], kind: str, name: str, data: bytes) -> str:
    key = hashlib.sha256(data).hexdigest()
    assets[key] = Asset(type=kind, name=name, data=data)  # type: ignore[arg-type]
    return key


def _ring(
    rng: random.Random, cx: float, cy: float, radius: float, n: int
) -> list[tuple[float, float]]:
    """A star-shaped (so simple) ring around ``(cx, cy)``: radii 0.7 to 1 × ``radius``."""
    pts = []
    for i in range(n):
        angle = 2 * math.pi * (i + rng.random() * 0.6) / n
        r = radius * (0.7 + 0.3 * rng.random())
        pts.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    return pts


def _hole(cx: float, cy: float, radius: float) -> list[tuple[float, float]]:
    """A hexagon well inside the ring of the same centre (the ring's edges stay > 0.55 r out)."""
    r = radius * 0.3
    return [
        (cx + r * math.cos(a), cy + r * math.sin(a)) for a in (math.pi * k / 3 for k in range(6))
    ]


def large_level(
    *, shapes: int = SHAPES, entities: int = ENTITIES, extra_images: int = 0, side: int = 2048
) -> LevelDocument:
    """The benchmark level; ``extra_images`` adds that many ``side`` × ``side`` noise PNGs
    (about 3 bytes a pixel) as textures of extra materials, to make a big file."""
    rng = random.Random(20260131)
    assets: dict[str, Asset] = {}
    background = _asset(assets, "image/png", "sky.png", noise_png(672, 672, 1))
    tileset_image = _asset(assets, "image/png", "tiles.png", noise_png(256, 256, 2))
    materials = []
    for k, name in enumerate(MATERIALS):
        texture = _asset(assets, "image/jpeg", f"{name}.jpg", noise_jpeg(256, 256, 10 + k))
        materials.append(
            Material(
                name=name,
                density=1.0 + k / 4,
                friction=0.2 + k / 10,
                restitution=k / 20,
                color=f"#{(k * 37) % 256:02x}{(k * 91) % 256:02x}{(k * 53) % 256:02x}",
                texture=texture,
            )
        )
    for k in range(extra_images):
        texture = _asset(assets, "image/png", f"huge{k}.png", noise_png(side, side, 100 + k))
        materials.append(Material(name=f"huge{k}", texture=texture))

    rows = max(1, math.ceil(shapes / GRID_COLUMNS))
    shape_list = []
    for i in range(shapes):
        cx = (i % GRID_COLUMNS + 0.5) * CELL
        cy = (i // GRID_COLUMNS + 0.5) * CELL
        radius = 40.0 + 40.0 * rng.random()
        n = rng.randint(8, 12)
        holes = [pack_points(_hole(cx, cy, radius))] if i % 5 == 0 else []
        shape_list.append(
            Shape(
                id=i + 1,
                material=MATERIALS[i % len(MATERIALS)],
                body=("static", "static", "dynamic", "kinematic")[i % 4],
                points=pack_points(_ring(rng, cx, cy, radius, n)),
                holes=holes,
                one_way=i % 7 == 0,
            )
        )

    width, height = GRID_COLUMNS * CELL, rows * CELL
    first = shapes + 1
    entity_list: list[Any] = []
    links = []
    kinds = 11
    for j in range(entities):
        ident = first + j
        x = rng.uniform(0, width)
        y = rng.uniform(0, height)
        kind = j % kinds
        mat = MATERIALS[j % len(MATERIALS)]
        if kind == 0:
            ent: Any = Spawn(id=ident, x=x, y=y) if j == 0 else Checkpoint(id=ident, x=x, y=y)
        elif kind == 1:
            ent = Goal(id=ident, x=x, y=y)
        elif kind == 2:
            ent = Collectible(id=ident, x=x, y=y, value=1 + j % 5)
        elif kind == 3:
            ent = Hazard(id=ident, x=x, y=y, style=("spikes", "lava", "saw")[j % 3])
        elif kind == 4:
            ent = Crate(id=ident, x=x, y=y, material=mat)
        elif kind == 5:
            path = pack_points([(0.0, 0.0), (rng.uniform(50, 400), 0.0), (0.0, -120.0)])
            ent = MovingPlatform(id=ident, x=x, y=y, material=mat, path=path, active=False)
        elif kind == 6:  # a switch wired to the platform before it and the door after it
            ent = Switch(id=ident, x=x, y=y, mode=("button", "plate")[j % 2])
            links.append(Link(source=ident, target=ident - 1))
            if j + 1 < entities:
                links.append(Link(source=ident, target=ident + 1))
        elif kind == 7:
            ent = Door(id=ident, x=x, y=y, open=j % 2 == 0)
        elif kind == 8:
            ent = Sign(id=ident, x=x, y=y, text=f"Sign {j}: mind the gap ahead.")
        elif kind == 9:
            ent = BouncePad(id=ident, x=x, y=y, strength=600.0 + j % 400)
        else:
            ent = Checkpoint(id=ident, x=x, y=y)
        entity_list.append(ent)

    columns, tile_rows = 128, 64
    cells = [(c * 7 + c // 13) % 65 for c in range(columns * tile_rows)]  # 0 empty, 1..64
    tile_layer = TileLayer(
        name="decor",
        tileset=Tileset(image=tileset_image, tile_width=32, tile_height=32, columns=8),
        columns=columns,
        rows=tile_rows,
        data=pack_tiles(cells),
        solid=True,
        material="rock",
    )

    level = Level(
        size=Size(width=width, height=height),
        background=Background(color="#203040", image=background, parallax=0.3),
        materials=materials,
        shapes=shape_list,
        entities=entity_list,
        links=links,
        tile_layers=[tile_layer],
        next_id=first + entities,
    )
    meta = Meta(
        title="Benchmark: the large level",
        description="5,000 polygons, 2,000 entities and about 2 MB of images.",
        author="cocreate bench",
        tags=["benchmark", "large"],
        created=STAMP,
        modified=STAMP,
    )
    return LevelDocument(app=APP, id=IDENT, meta=meta, assets=assets, level=level)


def _points(data: bytes, style: str) -> list[Any]:
    arr = points_array(data)
    return arr.tolist() if style == "pairs" else arr.ravel().tolist()


def json_level(doc: LevelDocument, *, points: str = "pairs") -> dict[str, Any]:
    """The same content as plain JSON values, as Tiled writes its JSON maps: every key, each
    point a number list ``[x, y]`` (``points="flat"``: one list ``[x0, y0, x1, y1, ...]`` a
    ring), tile data as a list of integers, embedded images base64."""
    assert points in ("pairs", "flat")
    out: dict[str, Any] = msgspec.to_builtins(doc)  # bytes → base64 strings
    level = out["level"]
    for shape, src in zip(level["shapes"], doc.level.shapes, strict=True):
        shape["points"] = _points(src.points, points)
        shape["holes"] = [_points(h, points) for h in src.holes]
    for ent, src_ent in zip(level["entities"], doc.level.entities, strict=True):
        if isinstance(src_ent, MovingPlatform):
            ent["path"] = _points(src_ent.path, points)
    for layer, src_layer in zip(level["tile_layers"], doc.level.tile_layers, strict=True):
        layer["data"] = tiles_array(src_layer.data).tolist()
    assert all(isinstance(a["data"], str) for a in out["assets"].values())
    return out


def image_bytes(doc: LevelDocument) -> int:
    return sum(len(a.data) for a in doc.assets.values())


def _main(argv: list[str]) -> int:
    import json

    from engine import codec
    from engine.validation import check_bytes

    folder = Path(argv[0] if argv else ".")
    doc = large_level()
    data = codec.encode(doc)
    checked = check_bytes(data)
    for problem in checked.problems:
        print(problem)
    text = json.dumps(json_level(doc))
    (folder / "large.cocreate").write_bytes(data)
    (folder / "large.json").write_text(text, encoding="utf-8")
    print(
        f"large.cocreate {len(data):,} bytes, large.json {len(text):,} bytes, "
        f"images {image_bytes(doc):,} bytes, digest {codec.digest(data)[:16]}…, "
        f"{'valid' if checked.ok else 'INVALID'}"
    )
    return 0 if checked.ok else 1


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
