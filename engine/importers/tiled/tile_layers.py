"""Tile layers: each becomes a level tile layer per grid tileset it uses, solid or not."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from engine.importers.build import LevelBuilder
from engine.importers.tiled.cells import FLAGS, GID
from engine.importers.tiled.model import TERRAIN_COLOR, Layer, Tileset
from engine.importers.tiled.values import Bad, few_names, prop_str, solid_mark

_SOLID_LAYER = re.compile(r"collision|solid", re.IGNORECASE)


@dataclass
class TileLayers:
    b: LevelBuilder
    tilesets: list[tuple[int, Tileset]]
    grid: tuple[int, int]

    def add(
        self,
        layers: list[Layer],
        grids: dict[int, tuple[int, int, int, int, npt.NDArray[np.uint32]]],
    ) -> set[int]:
        """Add the tile layers; returns the ids (``id()``) of those that gave solid cells."""
        empty: list[str] = []
        solid: set[int] = set()
        collection: Counter[str] = Counter()
        for layer in layers:
            if layer.kind != "tilelayer":
                continue
            x0, y0, cols, rows, cells = grids[id(layer)]
            if not cells.any():
                empty.append(layer.name)
                continue
            if self._layer(layer, x0, y0, cols, rows, cells, collection):
                solid.add(id(layer))
        if empty:
            noun = "layer" if len(empty) == 1 else "layers"
            self.b.note(f"skipped {len(empty)} empty tile {noun} ({few_names(empty)})")
        if collection:
            total = sum(collection.values())
            self.b.note(
                f"skipped {total} {'tile' if total == 1 else 'tiles'} from image-collection "
                f"{'tileset' if len(collection) == 1 else 'tilesets'} "
                f"({few_names(collection)}) on tile layers: a tile layer needs one "
                "tileset image cut into a grid"
            )
        return solid

    def _layer(
        self,
        layer: Layer,
        x0: int,
        y0: int,
        cols: int,
        rows: int,
        cells: npt.NDArray[np.uint32],
        collection: Counter[str],
    ) -> bool:
        """Add one tile layer; returns whether it gave solid cells."""
        where = f"layer {layer.name!r}"
        b, (tw, th) = self.b, self.grid
        gids = (cells & GID).astype(np.int64)
        flags = cells & np.uint32(FLAGS)
        full = gids != 0
        firsts = np.array([first for first, _ in self.tilesets], dtype=np.int64)
        which = np.searchsorted(firsts, gids, side="right") - 1
        orphans = np.flatnonzero(full & (which < 0))
        if len(orphans):
            i = int(orphans[0])
            raise Bad(
                f"{where}: cell {i % cols}, {i // cols} holds tile {gids[i]}, "
                "which is in no tileset"
            )
        solid = bool(solid_mark(layer.props)) or (
            solid_mark(layer.props) is None and bool(_SOLID_LAYER.search(layer.name))
        )
        material = ""
        if solid:
            material = b.material(
                prop_str(layer.props, "material") or "terrain", color=TERRAIN_COLOR
            )
        used = [i for i in range(len(self.tilesets)) if (full & (which == i)).any()]
        if abs(layer.parallax[1] - layer.parallax[0]) > 1e-9:
            b.note(
                f"{where}: vertical parallax {layer.parallax[1]:g} became "
                f"{layer.parallax[0]:g}, the horizontal one (cocreate has one)"
            )
        parallax = min(max(layer.parallax[0], 0.0), 4.0)
        if parallax != layer.parallax[0]:
            b.note(f"{where}: parallax {layer.parallax[0]:g} clamped to {parallax:g}")
        grids = [i for i in used if self.tilesets[i][1].image is not None]
        gave = False
        for i in used:
            first, ts = self.tilesets[i]
            mask = full & (which == i)
            local = gids - first
            if ts.count and int(local[mask].max()) >= ts.count:
                j = int(np.flatnonzero(mask & (local >= ts.count))[0])
                raise Bad(
                    f"{where}: cell {j % cols}, {j // cols} holds tile {gids[j]}, past "
                    f"the end of tileset {ts.name!r} ({ts.count} tiles)"
                )
            if ts.image is None:
                collection[ts.name] += int(mask.sum())
                continue
            if (ts.tile_width, ts.tile_height) != (tw, th):
                b.note(
                    f"{where}: tileset {ts.name!r} has {ts.tile_width} × {ts.tile_height} "
                    f"tiles on the map's {tw} × {th} grid; the layer is laid out on the "
                    "tiles' size"
                )
            values = np.where(mask, (local + 1).astype(np.uint32) | flags, 0).astype(np.uint32)
            name = layer.name if len(grids) == 1 else f"{layer.name} ({ts.name})"
            b.tile_layer(
                name,
                image=b.image(ts.image),
                tile_width=ts.tile_width,
                tile_height=ts.tile_height,
                tileset_columns=ts.columns,
                columns=cols,
                rows=rows,
                cells=values,
                margin=ts.margin,
                spacing=ts.spacing,
                x=layer.x + x0 * tw,
                y=layer.y + y0 * th,
                parallax=parallax,
                opacity=layer.opacity,
                visible=layer.visible,
                solid=solid,
                material=material,
            )
            gave = gave or solid
        return gave
