"""Embedding image and font files as assets, and dropping those no layer uses any more."""

from __future__ import annotations

from engine.design.model import ImageLayer, Layer, TextLayer
from engine.document import DesignDocument
from engine.edit.assets import _embed as _embed
from engine.edit.command import replace


def _used_assets(layers: list[Layer]) -> set[str]:
    return {
        layer.image if isinstance(layer, ImageLayer) else layer.font
        for layer in layers
        if isinstance(layer, ImageLayer | TextLayer)
    }


def _drop_unused(doc: DesignDocument, keys: set[str]) -> DesignDocument:
    """``doc`` without those of ``keys`` that no layer uses (other assets are left alone)."""
    gone = keys - _used_assets(doc.design.layers)
    if not gone & set(doc.assets):
        return doc
    return replace(doc, assets={k: a for k, a in doc.assets.items() if k not in gone})
