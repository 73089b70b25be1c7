"""Checks on a design: garment, print area, and every layer."""

from __future__ import annotations

from engine import limits
from engine.design.model import ImageLayer, ShapeLayer, TextLayer
from engine.document import DesignDocument
from engine.validation.assets import AssetIndex
from engine.validation.geometry import Bound, PolygonInput, check_polygons
from engine.validation.report import Report, num

MAX_SCALE = 100.0
"""The largest scale of a layer's transform."""


def check_design(doc: DesignDocument, assets: AssetIndex, report: Report) -> None:
    design = doc.design
    if design.next_id > limits.MAX_ID:
        report.add("$.design.next_id", f"more than {limits.MAX_ID:,} (limit MAX_ID)")
    colors = design.garment.colors
    if not colors:
        report.add("$.design.garment.colors", "needs at least one colour")
    names: set[str] = set()
    for i, gc in enumerate(colors):
        base = f"$.design.garment.colors[{i}]"
        if report.name(f"{base}.name", gc.name) and gc.name in names:
            report.add(f"{base}.name", f"colour {gc.name!r} is listed twice")
        names.add(gc.name)
        report.color(f"{base}.color", gc.color)

    area = design.print_area
    inches = limits.MAX_PRINT_INCHES
    width = report.positive(
        "$.design.print_area.width", area.width, most=inches, limit="MAX_PRINT_INCHES"
    )
    height = report.positive(
        "$.design.print_area.height", area.height, most=inches, limit="MAX_PRINT_INCHES"
    )
    ok = width and height
    if not limits.MIN_DPI <= area.dpi <= limits.MAX_DPI:
        which = "MIN_DPI" if area.dpi < limits.MIN_DPI else "MAX_DPI"
        report.add(
            "$.design.print_area.dpi",
            f"{area.dpi} is out of range ({limits.MIN_DPI} to {limits.MAX_DPI}) (limit {which})",
        )
    elif ok:
        pixels = round(area.width * area.dpi) * round(area.height * area.dpi)
        if pixels > limits.MAX_IMAGE_PIXELS:
            report.add(
                "$.design.print_area",
                f"a print file would be {pixels:,} pixels, more than "
                f"{limits.MAX_IMAGE_PIXELS:,} (limit MAX_IMAGE_PIXELS); lower the dpi",
            )
        margin_ok = report.finite("$.design.print_area.safe_margin", area.safe_margin)
        if margin_ok and area.safe_margin < 0:
            report.add(
                "$.design.print_area.safe_margin",
                f"must not be negative, not {num(area.safe_margin)}",
            )
        elif margin_ok and area.safe_margin >= min(area.width, area.height) / 2:
            report.add(
                "$.design.print_area.safe_margin",
                f"{area.safe_margin:g} in leaves no safe area inside "
                f"{area.width:g} × {area.height:g} in",
            )

    ids: set[int] = set()
    polygons: list[PolygonInput] = []
    for i, layer in enumerate(design.layers):
        base = f"$.design.layers[{i}]"
        if layer.id < 1 or layer.id >= design.next_id:
            report.add(
                f"{base}.id",
                f"id {layer.id} is not in 1 to {design.next_id - 1} "
                "($.design.next_id is the next free id)",
            )
        if layer.id in ids:
            report.add(f"{base}.id", f"id {layer.id} is used by another layer")
        ids.add(layer.id)
        report.name(f"{base}.name", layer.name)
        t = layer.transform
        report.finite(f"{base}.transform.x", t.x, bound=limits.MAX_PRINT_INCHES * 2)
        report.finite(f"{base}.transform.y", t.y, bound=limits.MAX_PRINT_INCHES * 2)
        report.positive(f"{base}.transform.scale", t.scale, most=MAX_SCALE)
        report.finite(f"{base}.transform.rotation", t.rotation, bound=360.0)
        report.between(f"{base}.opacity", layer.opacity, 0.0, 1.0)
        if isinstance(layer, ImageLayer):
            assets.ref(report, f"{base}.image", layer.image, want="image", optional=False)
        elif isinstance(layer, TextLayer):
            report.text(f"{base}.text", layer.text)
            assets.ref(report, f"{base}.font", layer.font, want="font", optional=False)
            report.positive(f"{base}.size", layer.size, most=2000.0)
            report.color(f"{base}.color", layer.color)
            report.between(f"{base}.line_spacing", layer.line_spacing, 0.1, 10.0)
            report.between(f"{base}.letter_spacing", layer.letter_spacing, -0.5, 5.0)
            report.color(f"{base}.stroke", layer.stroke, optional=True)
            report.between(f"{base}.stroke_width", layer.stroke_width, 0.0, 200.0)
        elif isinstance(layer, ShapeLayer):
            report.color(f"{base}.fill", layer.fill, optional=True)
            report.color(f"{base}.stroke", layer.stroke, optional=True)
            report.between(f"{base}.stroke_width", layer.stroke_width, 0.0, limits.MAX_PRINT_INCHES)
            if layer.shape == "polygon":
                polygons.append(PolygonInput(f"{base}.points", f"{base}.holes", layer.points, ()))
            else:
                w_ok = report.positive(
                    f"{base}.width", layer.width, most=limits.MAX_PRINT_INCHES * 2
                )
                h_ok = report.positive(
                    f"{base}.height", layer.height, most=limits.MAX_PRINT_INCHES * 2
                )
                if layer.points:
                    report.add(f"{base}.points", f"must be empty for a {layer.shape}")
                if layer.shape == "rect" and w_ok and h_ok:
                    most = min(layer.width, layer.height) / 2
                    report.between(f"{base}.corner_radius", layer.corner_radius, 0.0, most)
            _shape_extras(report, base, layer)
            if layer.fill == "" and (layer.stroke == "" or layer.stroke_width == 0):
                report.add(base, "shape has neither a fill nor an outline, so it draws nothing")
    check_polygons(
        report, polygons, bound=Bound(2 * limits.MAX_PRINT_INCHES, "in", "MAX_PRINT_INCHES")
    )


def _shape_extras(report: Report, base: str, layer: ShapeLayer) -> None:
    """The fields of one kind of shape: set on another kind, they would silently do nothing."""
    if layer.shape != "rect" and layer.corner_radius != 0:
        report.add(
            f"{base}.corner_radius", f"must be 0 for a {layer.shape} (only a rect has corners)"
        )
    if not 3 <= layer.star_points <= 100:
        report.add(f"{base}.star_points", f"{layer.star_points} is out of range (3 to 100)")
    report.between(f"{base}.inner_ratio", layer.inner_ratio, 0.05, 1.0)
