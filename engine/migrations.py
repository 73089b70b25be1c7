"""Upgrading older format versions on load, one step per version, on plain decoded values.

Version 1 (cocreate 0.0.x, the first draft of the format) differs from version 2 in:

- rings and paths (``level.shapes[].points``, ``.holes[]``, moving-platform ``path`` and
  shape-layer ``points``) were arrays of ``[x, y]`` number pairs; version 2 packs them as
  little-endian float64 bin (5× smaller, 2× faster to read);
- ``meta.terms`` (contribution terms) did not exist;
- ``level.next_id`` and ``design.next_id`` did not exist (ids were found by scanning).

Version 2 differs from version 3 in:

- tile layers had no ``opacity`` and ``visible`` (every layer was drawn opaque), and a tile cell
  was only a tile number; version 3 gives each layer both fields and takes a cell's top three
  bits as flip flags (a version-2 cell with those bits set numbered a tile that did not exist,
  so no valid version-2 file changes meaning);
- levels had no ``decorations`` (freely placed images); version 3 adds an empty list.

Version 3 differs from version 4 in:

- shapes had no ``hidden`` (every shape was drawn); version 4 gives each one, ``false``.

Each step takes and returns a plain ``dict``; it never trusts the input (a wrong type is left
for the typed decode that follows to report, with its path). A key a step adds must not be there
already (it did not exist in that version: an unknown key, as in any version), and replays,
which came with version 2, cannot be of version 1.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from typing import Any

from engine.document import FORMAT_VERSION
from engine.errors import Problem, SchemaError

Step = Callable[[dict[str, Any]], dict[str, Any]]


def _pack_pairs(value: Any, path: str) -> Any:
    if not isinstance(value, list):
        return value
    flat: list[float] = []
    for i, pair in enumerate(value):
        ok = (
            isinstance(pair, list)
            and len(pair) == 2
            and all(isinstance(c, int | float) and not isinstance(c, bool) for c in pair)
        )
        if not ok:
            raise SchemaError([Problem(f"{path}[{i}]", "expected an [x, y] pair of numbers")])
        flat.extend(float(c) for c in pair)
    return struct.pack(f"<{len(flat)}d", *flat)


def _max_id(items: Any) -> int:
    ids = [
        item["id"]
        for item in (items if isinstance(items, list) else [])
        if isinstance(item, dict) and isinstance(item.get("id"), int)
    ]
    return max(ids, default=0)


def _after(largest: int) -> int:
    """The next free id after ``largest``; at most msgpack's largest integer (validation then
    names the id that is too large, rather than the encoder failing)."""
    return min(largest + 1, 2**64 - 1)


class _New:
    """Adds the keys a step brings in, noting any already there (unknown in the old version)."""

    def __init__(self, version: int) -> None:
        self.version = version
        self.problems: list[Problem] = []

    def add(self, where: dict[str, Any], key: str, value: Any, path: str) -> None:
        if key in where:
            self.problems.append(
                Problem(path, f"unknown key `{key}` (it came with format {self.version + 1})")
            )
        else:
            where[key] = value

    def done(self, doc: dict[str, Any]) -> dict[str, Any]:
        if self.problems:
            raise SchemaError(self.problems)
        doc["version"] = self.version + 1
        return doc


def _v1_to_v2(doc: dict[str, Any]) -> dict[str, Any]:
    if doc.get("kind") == "replay":
        raise SchemaError([Problem("$.kind", "replays came with format 2, not in format 1")])
    new = _New(1)
    meta = doc.get("meta")
    if isinstance(meta, dict):
        new.add(meta, "terms", "", "$.meta")
    level = doc.get("level")
    if isinstance(level, dict):
        shapes = level.get("shapes")
        for i, shape in enumerate(shapes if isinstance(shapes, list) else []):
            if not isinstance(shape, dict):
                continue
            base = f"$.level.shapes[{i}]"
            shape["points"] = _pack_pairs(shape.get("points"), f"{base}.points")
            holes = shape.get("holes")
            if isinstance(holes, list):
                shape["holes"] = [_pack_pairs(h, f"{base}.holes[{j}]") for j, h in enumerate(holes)]
        entities = level.get("entities")
        for i, ent in enumerate(entities if isinstance(entities, list) else []):
            if isinstance(ent, dict) and "path" in ent:
                ent["path"] = _pack_pairs(ent["path"], f"$.level.entities[{i}].path")
        largest = max(_max_id(level.get("shapes")), _max_id(level.get("entities")))
        new.add(level, "next_id", _after(largest), "$.level")
    design = doc.get("design")
    if isinstance(design, dict):
        layers = design.get("layers")
        for i, layer in enumerate(layers if isinstance(layers, list) else []):
            if isinstance(layer, dict) and "points" in layer:
                layer["points"] = _pack_pairs(layer["points"], f"$.design.layers[{i}].points")
        new.add(design, "next_id", _after(_max_id(layers)), "$.design")
    return new.done(doc)


def _v2_to_v3(doc: dict[str, Any]) -> dict[str, Any]:
    new = _New(2)
    level = doc.get("level")
    if isinstance(level, dict):
        new.add(level, "decorations", [], "$.level")
    layers = level.get("tile_layers") if isinstance(level, dict) else None
    for i, layer in enumerate(layers if isinstance(layers, list) else []):
        if isinstance(layer, dict):
            new.add(layer, "opacity", 1.0, f"$.level.tile_layers[{i}]")
            new.add(layer, "visible", True, f"$.level.tile_layers[{i}]")
    return new.done(doc)


def _v3_to_v4(doc: dict[str, Any]) -> dict[str, Any]:
    level = doc.get("level")
    shapes = level.get("shapes") if isinstance(level, dict) else None
    new = _New(3)
    for i, shape in enumerate(shapes if isinstance(shapes, list) else []):
        if isinstance(shape, dict):
            new.add(shape, "hidden", False, f"$.level.shapes[{i}]")
    return new.done(doc)


STEPS: dict[int, Step] = {1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4}
"""``STEPS[v]`` upgrades a version-``v`` document to version ``v + 1``."""


def upgrade(raw: Any, version: int) -> Any:
    """Run every step from ``version`` up to :data:`FORMAT_VERSION`."""
    if not isinstance(raw, dict):
        return raw  # the typed decode reports it
    while version < FORMAT_VERSION:
        raw = STEPS[version](raw)
        version += 1
    return raw
