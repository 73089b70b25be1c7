"""Embedding image and font files as assets, and dropping those no layer uses any more."""

from __future__ import annotations

from typing import Literal

from engine import codec, limits
from engine.design.model import ImageLayer, Layer, TextLayer
from engine.document import FONT_TYPES, IMAGE_TYPES, Asset, AssetType, DesignDocument
from engine.edit.command import replace
from engine.edit.design.common import _check_name
from engine.errors import EditError

_MAGIC: dict[AssetType, tuple[bytes, ...]] = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "font/ttf": (b"\x00\x01\x00\x00", b"true"),
    "font/otf": (b"OTTO",),
}


def _embed(
    doc: DesignDocument, data: bytes, file_name: str, want: Literal["image", "font"], path: str
) -> tuple[str, dict[str, Asset]]:
    """The key of ``data`` as an asset, and the assets with it added (if it was not there)."""
    allowed = IMAGE_TYPES if want == "image" else FONT_TYPES
    kind = next((t for t in _MAGIC if t in allowed and data.startswith(_MAGIC[t])), None)
    if kind is None:
        what = "a PNG or JPEG image" if want == "image" else "a TTF or OTF font"
        raise EditError(f"{path}: {file_name!r} is not {what}")
    if len(data) > limits.MAX_ASSET_BYTES:
        raise EditError(
            f"{path}: {file_name!r} is {len(data):,} bytes, more than "
            f"{limits.MAX_ASSET_BYTES:,} (limit MAX_ASSET_BYTES)"
        )
    key = codec.digest(data)
    _check_name(f"$.assets[{key[:12]}…].name", file_name)
    if key in doc.assets:
        return key, doc.assets
    if len(doc.assets) >= limits.MAX_ASSETS:
        raise EditError(f"$.assets: already {limits.MAX_ASSETS} assets (limit MAX_ASSETS)")
    return key, {**doc.assets, key: Asset(type=kind, name=file_name, data=data)}


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
