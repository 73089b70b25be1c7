"""Embedding a file's bytes as an asset of a document (the same bytes are stored once).

A file is embedded only when validation would accept it as an asset: :func:`check_file` runs
the checks of :mod:`engine.validation.assets` on it (an image Pillow reads whole, within the
pixel limits and no decompression bomb; a font FreeType loads), so no edit brings in a file
that would break drawing. :func:`damage` is the same check on an asset already in a document
(one opened from a file), for the editors to draw a placeholder instead.
"""

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


def damage(kind: AssetType, data: bytes) -> tuple[str, tuple[int, int] | None]:
    """What validation finds wrong with ``data`` as the data of an asset of ``kind``, in its
    words (``""``: nothing, Pillow or FreeType reads it whole), and an image's pixel size when
    it is whole. Pillow and FreeType are only trusted with data that passes this."""
    from engine.validation.assets import bombs_are_errors, check_data
    from engine.validation.report import Report

    report = Report()
    with bombs_are_errors(kind in IMAGE_TYPES):
        size = check_data(report, "", kind, data)
    return (report.problems[0].message if report.problems else ""), size


def check_file(
    data: bytes, file_name: str, want: Literal["image", "font"], path: str = ""
) -> tuple[AssetType, tuple[int, int] | None]:
    """The asset type of the file ``data`` and, for an image, its pixel size; ``EditError``
    (naming ``path`` when given, and the file) when it is no PNG or JPEG image (TTF or OTF
    font), is over ``MAX_ASSET_BYTES``, or validation would refuse it (see :func:`damage`)."""
    at = f"{path}: " if path else ""
    from engine.validation.assets import MAGIC

    allowed = IMAGE_TYPES if want == "image" else FONT_TYPES
    kind = next((t for t in MAGIC if t in allowed and data.startswith(MAGIC[t])), None)
    if kind is None:
        what = "a PNG or JPEG image" if want == "image" else "a TTF or OTF font"
        raise EditError(f"{at}{file_name!r} is not {what}")
    if len(data) > limits.MAX_ASSET_BYTES:
        raise EditError(
            f"{at}{file_name!r} is {len(data):,} bytes, more than "
            f"{limits.MAX_ASSET_BYTES:,} (limit MAX_ASSET_BYTES)"
        )
    problem, size = damage(kind, data)
    if problem:
        raise EditError(f"{at}{file_name!r}: {problem}")
    return kind, size


def _embed(
    doc: Document, data: bytes, file_name: str, want: Literal["image", "font"], path: str
) -> tuple[str, dict[str, Asset]]:
    """The key of ``data`` as an asset, and the assets with it added (if it was not there);
    ``EditError`` when :func:`check_file` refuses the file."""
    kind, _ = check_file(data, file_name, want, path)
    key = codec.digest(data)
    _check_name(f"$.assets[{key[:12]}…].name", file_name)
    if key in doc.assets:
        return key, doc.assets
    if len(doc.assets) >= limits.MAX_ASSETS:
        raise EditError(f"$.assets: already {limits.MAX_ASSETS} assets (limit MAX_ASSETS)")
    return key, {**doc.assets, key: Asset(type=kind, name=file_name, data=data)}
