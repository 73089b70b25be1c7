"""What a creation holds, in a few numbers: for ``cocreate info`` and the gallery's listings."""

from __future__ import annotations

from typing import Any

from engine import codec
from engine.document import DesignDocument, Document, LevelDocument, ReplayDocument


def summarize(doc: Document, data: bytes, *, version_read: int) -> dict[str, Any]:
    """A JSON-ready summary of a decoded document and the bytes it came from."""
    meta = doc.meta
    counts: dict[str, int]
    if isinstance(doc, LevelDocument):
        level = doc.level
        entity_types: dict[str, int] = {}
        for ent in level.entities:
            tag = type(ent).__struct_config__.tag
            entity_types[str(tag)] = entity_types.get(str(tag), 0) + 1
        counts = {
            "materials": len(level.materials),
            "shapes": len(level.shapes),
            "entities": len(level.entities),
            "links": len(level.links),
            "tile_layers": len(level.tile_layers),
            "decorations": len(level.decorations),
        }
        extra: dict[str, Any] = {
            "size": [level.size.width, level.size.height],
            "entity_types": dict(sorted(entity_types.items())),
        }
    elif isinstance(doc, ReplayDocument):
        rep = doc.replay
        counts = {"ticks": rep.ticks, "runs": len(rep.inputs) // 8}
        extra = {
            "level": {
                "id": rep.level_id,
                "revision": rep.level_revision,
                "digest": rep.level_digest,
            },
            "engine": rep.engine,
            "result": rep.result,
        }
    else:
        assert isinstance(doc, DesignDocument)
        design = doc.design
        layer_types: dict[str, int] = {}
        for layer in design.layers:
            tag = str(type(layer).__struct_config__.tag)
            layer_types[tag] = layer_types.get(tag, 0) + 1
        counts = {"layers": len(design.layers), "garment_colors": len(design.garment.colors)}
        area = design.print_area
        extra = {
            "garment": design.garment.style,
            "colors": [c.name for c in design.garment.colors],
            "print_area": [area.width, area.height, area.dpi],
            "layer_types": dict(sorted(layer_types.items())),
        }
    return {
        "kind": str(type(doc).__struct_config__.tag),
        "title": meta.title,
        "author": meta.author,
        "license": meta.license,
        "tags": list(meta.tags),
        "id": doc.id,
        "revision": doc.revision,
        "format_version": version_read,
        "app": doc.app,
        "created": meta.created,
        "modified": meta.modified,
        "digest": codec.digest(data),
        "bytes": len(data),
        "assets": {
            "count": len(doc.assets),
            "bytes": sum(len(a.data) for a in doc.assets.values()),
        },
        "parents": [{"id": p.id, "revision": p.revision, "digest": p.digest} for p in meta.parents],
        "counts": counts,
        **extra,
    }
