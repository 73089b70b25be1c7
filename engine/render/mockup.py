"""Garment mockups and gallery thumbnails of a design.

A template (drawn by ``assets/make_garments.py``, in ``assets/garments/``) is a silhouette mask,
a shading map and a highlight map of a white garment, plus where the print area's top centre
sits and how many template pixels make an inch. A mockup in one colour is:

1. the garment's colour, with the art (rendered once at the template's scale) laid in the
   print area;
2. times the shading map (folds, seams and edges darken the fabric and the ink alike);
3. screened with the highlight map (stronger on darker colours, where shading cannot show);
4. cut out by the silhouette over a light backdrop with a soft shadow.

:class:`Mockups` renders the art once and makes any number of colours and thumbnails from it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageChops, ImageFilter

from engine.design.model import GarmentColor, GarmentStyle
from engine.document import DesignDocument
from engine.render import ASSETS
from engine.render.layers import Frame, rgb
from engine.render.print_art import render_art

GARMENTS = ASSETS / "garments"
BACKDROP = (236, 236, 232)
THUMBNAIL = 400


@dataclass(frozen=True)
class Template:
    style: str
    mask: Image.Image
    shade: Image.Image
    """RGB, multiplied."""
    light: Image.Image
    """L, screened (scaled per colour)."""
    backdrop: Image.Image
    """RGB: the backdrop with the garment's shadow on it."""
    ppi: float
    top: tuple[float, float]
    """The pixel of the print area's top centre."""


@lru_cache(maxsize=8)
def template(style: GarmentStyle) -> Template:
    """The template of ``style``, loaded once per process."""
    index = json.loads((GARMENTS / "garments.json").read_text(encoding="utf-8"))
    place = index["styles"][style]

    def grey(part: str) -> Image.Image:
        with Image.open(GARMENTS / f"{style}-{part}.png") as im:
            return im.convert("L")

    mask = grey("mask")
    shadow = mask.filter(ImageFilter.GaussianBlur(14)).point(lambda v: v * 45 // 255)
    backdrop = Image.new("L", mask.size, 255)
    backdrop.paste(ImageChops.invert(shadow), (6, 12))
    backdrop = ImageChops.multiply(
        Image.merge("RGB", [backdrop] * 3), Image.new("RGB", mask.size, BACKDROP)
    )
    return Template(
        style=style,
        mask=mask,
        shade=grey("shade").convert("RGB"),
        light=grey("light"),
        backdrop=backdrop,
        ppi=float(place["ppi"]),
        top=(float(place["x"]), float(place["y"])),
    )


def on_fabric(
    image: Image.Image, shade: Image.Image, light: Image.Image, color: str
) -> Image.Image:
    """``image`` (RGB) as it looks printed on a garment of ``color``: times the ``shade`` map
    (RGB), then screened with the ``light`` map (L) scaled by how dark the colour is (steps 2
    and 3 above). Both steps are affine in the pixel, so lighting art and then laying it on lit
    fabric gives the same picture as lighting the two together (the design editor does the
    first)."""
    value = rgb(color)
    lit = ImageChops.multiply(image, shade)
    luma = (0.2126 * value[0] + 0.7152 * value[1] + 0.0722 * value[2]) / 255
    strength = 0.45 + 0.55 * (1 - luma)
    scaled = light.point([round(v * strength) for v in range(256)])
    return ImageChops.screen(lit, Image.merge("RGB", [scaled] * 3))


class Mockups:
    """The art of ``doc`` rendered once on ``style``'s template, then put on any colour."""

    def __init__(self, doc: DesignDocument, style: GarmentStyle | None = None) -> None:
        self.doc = doc
        self.template = template(style or doc.design.garment.style)
        area = doc.design.print_area
        t = self.template
        origin = (t.top[0] - area.width * t.ppi / 2, t.top[1])
        clip = (
            round(origin[0]),
            round(origin[1]),
            round(origin[0] + area.width * t.ppi),
            round(origin[1] + area.height * t.ppi),
        )
        self.frame = Frame(t.mask.size, t.ppi, origin, clip, area.dpi)
        self.art = render_art(doc, self.frame)

    def color(self, name: str) -> GarmentColor:
        """The garment colour called ``name`` (KeyError when the design does not offer it)."""
        for gc in self.doc.design.garment.colors:
            if gc.name == name:
                return gc
        raise KeyError(name)

    def mockup(self, color: str) -> Image.Image:
        """An RGB mockup on a garment of ``color`` (``#rrggbb``)."""
        t = self.template
        value = rgb(color)
        fabric = Image.new("RGBA", t.mask.size, (*value, 255))
        fabric.alpha_composite(self.art)
        out = t.backdrop.copy()
        out.paste(on_fabric(fabric.convert("RGB"), t.shade, t.light, color), (0, 0), t.mask)
        return out

    def thumbnail(self, color: str | None = None, size: int = THUMBNAIL) -> Image.Image:
        """A square ``size`` px mockup in ``color`` (the design's first colour by default)."""
        chosen = color or self.doc.design.garment.colors[0].color
        return self.mockup(chosen).resize((size, size), Image.Resampling.LANCZOS)
