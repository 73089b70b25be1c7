"""Which layers of a design can be drawn, so that no image or font kills the design editor.

A layer's image or font is trusted to Pillow and FreeType only when validation's check of it
passes (:func:`engine.edit.assets.damage`: read whole, within the pixel limits), made once per
asset; one that fails while drawing all the same (validation reads a font's tables and a PNG's
chunks, not every glyph or pixel row) is remembered with :func:`failed`. Such a layer, or one
whose asset is missing, is drawn as a placeholder, and its box has a stand-in size
(:mod:`editor.design.geometry`). No pygame here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from PIL import Image

from engine.design.model import ImageLayer, Layer, TextLayer
from engine.document import Asset, DesignDocument
from engine.edit.assets import damage
from engine.edit.command import replace
from engine.errors import CocreateError, one_line
from engine.render.layers import Frame, Resources, draw_layer
from engine.render.print_art import area_frame, render_art

KEPT = 256
"""Most assets whose check is kept (the cache is emptied past it)."""
PROBE_PPI = 72.0
"""Pixels per inch at which the layers are drawn to find the one preflight failed on."""


@dataclass(frozen=True)
class Checked:
    """An asset as checked: what keeps it from being drawn (``""``: nothing) and an image's
    pixel size."""

    asset: Asset
    problem: str
    size: tuple[int, int] | None


_CHECKED: dict[str, Checked] = {}


def checked(key: str, asset: Asset) -> Checked:
    """The asset ``key`` checked (once for these very bytes: a key is only a name in a file)."""
    found = _CHECKED.get(key)
    if found is None or found.asset is not asset:
        problem, size = damage(asset.type, asset.data)
        if len(_CHECKED) >= KEPT:
            _CHECKED.clear()
        found = _CHECKED[key] = Checked(asset, problem, size)
    return found


def failed(key: str, asset: Asset, error: Exception) -> str:
    """Remember that drawing with the asset ``key`` raised ``error`` (though its check
    passed): from now on its layers are placeholders. The problem, in one line."""
    problem = one_line(f"cannot be drawn: {error}")
    _CHECKED[key] = Checked(asset, problem, None)
    return problem


def asset_of(layer: Layer) -> str | None:
    """The key of the image or font ``layer`` is drawn with (None for a shape)."""
    if isinstance(layer, ImageLayer):
        return layer.image
    if isinstance(layer, TextLayer):
        return layer.font
    return None


def problem(layer: Layer, assets: Mapping[str, Asset]) -> str:
    """Why ``layer`` cannot be drawn, in validation's words (``""``: it can)."""
    key = asset_of(layer)
    if key is None:
        return ""
    asset = assets.get(key)
    if asset is None:
        return f"asset {key[:12]}… is not in $.assets"
    return checked(key, asset).problem


def image_size(key: str, assets: Mapping[str, Asset]) -> tuple[int, int] | None:
    """The pixel size of the image asset ``key`` when it can be drawn, else None."""
    asset = assets.get(key)
    return checked(key, asset).size if asset is not None else None


def undrawable(doc: DesignDocument) -> list[int]:
    """The indices of ``doc``'s visible layers that cannot be drawn (placeholders)."""
    return [
        i
        for i, layer in enumerate(doc.design.layers)
        if layer.visible and problem(layer, doc.assets)
    ]


def lines(doc: DesignDocument) -> list[str]:
    """One ``error: $.design.layers[i]: …`` line per visible layer that cannot be drawn."""
    return [
        f"error: $.design.layers[{i}]: {problem(doc.design.layers[i], doc.assets)}"
        for i in undrawable(doc)
    ]


def _without_undrawable(doc: DesignDocument) -> DesignDocument:
    """``doc`` with the visible layers that cannot be drawn hidden."""
    hide = set(undrawable(doc))
    if not hide:
        return doc
    layers = [
        replace(la, visible=False) if i in hide else la for i, la in enumerate(doc.design.layers)
    ]
    return replace(doc, design=replace(doc.design, layers=layers))


def find_failing(doc: DesignDocument, frame: Frame) -> str:
    """Draw each drawable image and text layer of ``doc`` alone on ``frame`` and remember the
    assets that fail (:func:`failed`); the first one's line (``""``: none failed)."""
    res = Resources(doc.assets)
    told = ""
    for index, layer in enumerate(doc.design.layers):
        key = asset_of(layer)
        if key is None or not layer.visible or problem(layer, doc.assets):
            continue
        try:
            draw_layer(layer, frame, res)
        except Exception as exc:  # Pillow and FreeType raise many kinds on broken files
            told = told or f"$.design.layers[{index}]: {failed(key, doc.assets[key], exc)}"
    return told


def render(doc: DesignDocument, frame: Frame) -> tuple[Image.Image, str]:
    """The art of ``doc`` on ``frame`` without the layers that cannot be drawn, and, when
    drawing found another such layer, a status line naming it (``""``: none was found)."""
    try:
        return render_art(_without_undrawable(doc), frame), ""
    except Exception:  # Pillow and FreeType fail on some files their checks pass
        told = find_failing(doc, frame)
        if not told:
            raise  # no layer's image or font: not a file's fault
        return render_art(_without_undrawable(doc), frame), told


def preflight_lines(doc: DesignDocument, *, errors_only: bool = False) -> list[str]:
    """Print preflight's findings (``errors_only``: its errors), one line each; instead, when
    a layer cannot be drawn (preflight draws every layer), :func:`lines`."""
    from engine.preflight import preflight

    if undrawable(doc):
        return lines(doc)
    try:
        found = preflight(doc)
    except CocreateError as exc:  # preflight needs a valid design: say why not
        return [one_line(f"error: preflight: {exc}")]
    except Exception as exc:  # a file that fails in Pillow or FreeType though its check passed
        find_failing(doc, area_frame(doc.design, PROBE_PPI))
        return lines(doc) or [one_line(f"error: preflight: {exc}")]
    return [str(f) for f in (found.errors if errors_only else found.findings)]
