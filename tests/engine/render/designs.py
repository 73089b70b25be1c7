"""Tiny designs for the render and preflight tests: a 4 × 3 in print area at 100 dpi."""

from __future__ import annotations

from PIL import Image

from engine import APP
from engine.design.model import Design, Garment, GarmentColor, Layer, PrintArea, ShapeLayer
from engine.design.model import Transform as T
from engine.document import Asset, DesignDocument
from tests.factories import DESIGN_ID, meta

AREA = PrintArea(width=4.0, height=3.0, dpi=100, safe_margin=0.25)


def design(
    *layers: Layer,
    assets: dict[str, Asset] | None = None,
    colors: tuple[tuple[str, str], ...] = (("white", "#ffffff"), ("black", "#111111")),
    area: PrintArea = AREA,
    style: str = "tshirt",
) -> DesignDocument:
    return DesignDocument(
        app=APP,
        id=DESIGN_ID,
        meta=meta("Render test"),
        assets=assets or {},
        design=Design(
            garment=Garment(
                style=style,  # type: ignore[arg-type]
                colors=[GarmentColor(name=n, color=c) for n, c in colors],
            ),
            print_area=area,
            layers=list(layers),
            next_id=max((layer.id for layer in layers), default=0) + 1,
        ),
    )


def rect(ident: int = 1, x: float = 1.0, y: float = 1.0, w: float = 1.0, h: float = 1.0,
         fill: str = "#ff0000", **more: object) -> ShapeLayer:  # fmt: skip
    t = more.pop("transform", None) or T(x=x, y=y)
    assert isinstance(t, T)
    return ShapeLayer(id=ident, name=f"rect {ident}", transform=t, width=w, height=h, fill=fill,
                      **more)  # type: ignore[arg-type]  # fmt: skip


def px(image: Image.Image, xy: tuple[int, int]) -> tuple[int, ...]:
    """A pixel of a multi-band image as a tuple."""
    value = image.getpixel(xy)
    assert isinstance(value, tuple)
    return value
