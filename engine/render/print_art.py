"""The print file of a design: every visible layer composited in order, clipped to the print area.

:func:`render_art` draws a design on any :class:`~engine.render.layers.Frame` (the print file,
a mockup's print box, preflight's small preview); :func:`print_frame` is the frame of the print
file: the print area at its dpi, or fitted into a size a print shop asks for (4,500 × 5,400),
centred. The background is transparent; the same document always gives the same pixels.

Blend modes follow the W3C compositing rules: the layer's colour is mixed with the colour below
(``multiply``, ``screen``, ``overlay``, ``darken``, ``lighten``) in proportion to the alpha
below, then laid over it. Over the transparent background every mode is ``normal``, as a
printer would see it.

The document must be valid (:func:`engine.validation.validate` finds nothing): the checks there
are what keep Pillow's errors out of here.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from PIL import Image, ImageChops

from engine.design.model import BlendMode, Design
from engine.document import DesignDocument
from engine.render.layers import Frame, Placed, Resources, draw_layer

Blend = Callable[[Image.Image, Image.Image], Image.Image]
BLENDS: dict[BlendMode, Blend] = {
    "multiply": ImageChops.multiply,
    "screen": ImageChops.screen,
    "overlay": ImageChops.overlay,
    "darken": ImageChops.darker,
    "lighten": ImageChops.lighter,
}
"""``mix(below, layer)`` for each blend mode but ``normal`` (RGB images)."""


def print_frame(design: Design, size: tuple[int, int] | None = None) -> Frame:
    """The print file's frame: ``round(width × dpi)`` × ``round(height × dpi)`` pixels, or
    the print area scaled to fit ``size`` and centred in it (the dpi then follows the fit)."""
    area = design.print_area
    if size is None:
        w, h = round(area.width * area.dpi), round(area.height * area.dpi)
        return Frame((w, h), float(area.dpi), (0.0, 0.0), (0, 0, w, h), area.dpi)
    ppi = min(size[0] / area.width, size[1] / area.height)
    aw, ah = area.width * ppi, area.height * ppi
    ox, oy = (size[0] - aw) / 2, (size[1] - ah) / 2
    clip = (round(ox), round(oy), round(ox + aw), round(oy + ah))
    return Frame(size, ppi, (ox, oy), clip, area.dpi)


def area_frame(design: Design, ppi: float, margin: float = 0.0) -> Frame:
    """The print area at ``ppi`` with ``margin`` inches around it (drawn and not clipped)."""
    area = design.print_area
    size = (round((area.width + 2 * margin) * ppi), round((area.height + 2 * margin) * ppi))
    return Frame(size, ppi, (margin * ppi, margin * ppi), None, area.dpi)


def render_art(
    doc: DesignDocument, frame: Frame, resources: Resources | None = None
) -> Image.Image:
    """Every visible layer of ``doc`` on a transparent RGBA image of ``frame.size``."""
    res = resources or Resources(doc.assets)
    canvas = Image.new("RGBA", frame.size, (0, 0, 0, 0))
    for layer in doc.design.layers:
        if not layer.visible or layer.opacity <= 0:
            continue
        placed = draw_layer(layer, frame, res)
        if placed is not None:
            composite(canvas, placed, layer.opacity, layer.blend)
    return canvas


def with_opacity(image: Image.Image, opacity: float) -> Image.Image:
    if opacity >= 1.0:
        return image
    alpha = image.getchannel("A").point([round(a * opacity) for a in range(256)])
    image.putalpha(alpha)
    return image


def composite(canvas: Image.Image, placed: Placed, opacity: float, blend: BlendMode) -> None:
    """Lay ``placed`` over ``canvas`` in place, at ``opacity``, mixed by ``blend``."""
    src = with_opacity(placed.image, opacity)
    if blend == "normal":
        canvas.alpha_composite(src, (placed.x, placed.y))
        return
    below = canvas.crop(placed.box)
    src_rgb = src.convert("RGB")
    mixed = BLENDS[blend](below.convert("RGB"), src_rgb)
    # Where nothing is below, the layer keeps its own colour (W3C: mix in by the backdrop alpha).
    layer = Image.composite(mixed, src_rgb, below.getchannel("A"))
    layer.putalpha(src.getchannel("A"))
    below.alpha_composite(layer)
    canvas.paste(below, placed.box)


def render_print(doc: DesignDocument, size: tuple[int, int] | None = None) -> Image.Image:
    """The print file's pixels (RGBA) at the print area's dpi, or fitted into ``size``."""
    return render_art(doc, print_frame(doc.design, size))


def png_bytes(image: Image.Image, dpi: float | None = None, *, compress_level: int = 6) -> bytes:
    """``image`` as PNG, with ``dpi`` in its pHYs chunk when given (no time stamp, no text)."""
    out = io.BytesIO()
    extra = {"dpi": (dpi, dpi)} if dpi else {}
    image.save(out, "PNG", compress_level=compress_level, **extra)
    return out.getvalue()


def print_png(doc: DesignDocument, size: tuple[int, int] | None = None) -> tuple[bytes, Frame]:
    """The print file as PNG bytes (with its dpi), and the frame it was drawn on."""
    frame = print_frame(doc.design, size)
    return png_bytes(render_art(doc, frame), frame.ppi), frame
