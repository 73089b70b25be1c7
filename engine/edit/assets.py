"""Embedding a file's bytes as an asset of a document (the same bytes are stored once)."""

from __future__ import annotations

from typing import Literal

from engine import codec, limits
from engine.document import FONT_TYPES, IMAGE_TYPES, Asset, AssetType, Document
from engine.errors import EditError


def _check_name(path: str, value: str) -> None:
    from engine.validation.report import Report

    if len(value) > limits.MAX_NAME_CHARS:
        raise EditError(
            f"{path}: more than {limits.MAX_NAME_CHARS} characters (limit MAX_NAME_CHARS)"
        )
    report = Report()
    report.name(path, value)
    if report.problems:
        raise EditError(str(report.problems[0]))


_MAGIC: dict[AssetType, tuple[bytes, ...]] = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "font/ttf": (b"\x00\x01\x00\x00", b"true"),
    "font/otf": (b"OTTO",),
}


def _embed(
    doc: Document, data: bytes, file_name: str, want: Literal["image", "font"], path: str
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
