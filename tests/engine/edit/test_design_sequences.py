"""Random sequences of design and meta commands through ``History``: every document on the way
encodes, a refused command changes nothing, and undo/redo give back the very bytes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import codec
from engine.design.model import ShapeLayer, TextLayer
from engine.document import DesignDocument
from engine.edit import Command, History
from engine.edit import design as d
from engine.edit import meta as m
from engine.errors import EditError
from engine.starter import new_design
from tests.factories import font_bytes, png_bytes

ROOT = Path(__file__).resolve().parents[3]
IMAGES = [png_bytes(color=(40 * n, 0, 0)) for n in range(3)]
FONT = font_bytes()
STARTS = [
    new_design("Start", ident="7c9e6679-7425-40de-944b-e07fc1f90ae7"),
    *(
        codec.read((ROOT / "levels" / name).read_bytes()).document
        for name in ("sunrise-tee.cocreate", "bold-type.cocreate", "geo-shapes.cocreate")
    ),
]

names = st.sampled_from(["a", "b", "sun", "a b", "sun copy", "", "a\nb"])
colors = st.sampled_from(["#000000", "#ff8800", "#ffffff", "#123456", "red"])
paint = st.sampled_from(["#000000", "#ff8800", "", "red"])
inches = st.floats(-3, 3, allow_nan=False) | st.sampled_from([0.5, 200.0, float("nan")])
small = st.floats(0.05, 1.5) | st.sampled_from([0.0, 0.5, -1.0, 20.0])
Draw = Callable[[st.SearchStrategy[Any]], Any]


def layer(draw: Draw, doc: DesignDocument, kind: type[Any] = object) -> int:
    """Mostly the index of a layer of ``kind``, sometimes any index up to one past the end."""
    fits = [i for i, la in enumerate(doc.design.layers) if isinstance(la, kind)]
    count = len(doc.design.layers)
    return int(draw(st.sampled_from(fits * 8 or [count]) | st.integers(0, count)))


def text(draw: Draw, doc: DesignDocument) -> int:
    return layer(draw, doc, TextLayer)


def shape(draw: Draw, doc: DesignDocument) -> int:
    return layer(draw, doc, ShapeLayer)


def color_index(draw: Draw, doc: DesignDocument) -> int:
    count = len(doc.design.garment.colors)
    return int(draw(st.integers(0, count - 1) | st.just(count)))


BUILDERS: list[Callable[[Draw, DesignDocument], Command[Any]]] = [
    lambda draw, doc: d.SetGarmentStyle(draw(st.sampled_from(["tshirt", "hoodie", "tank"]))),
    lambda draw, doc: d.AddGarmentColor(draw(names), draw(colors)),
    lambda draw, doc: d.RemoveGarmentColor(color_index(draw, doc)),
    lambda draw, doc: d.RecolorGarmentColor(color_index(draw, doc), draw(colors)),
    lambda draw, doc: d.RenameGarmentColor(color_index(draw, doc), draw(names)),
    lambda draw, doc: d.MoveGarmentColor(color_index(draw, doc), color_index(draw, doc)),
    lambda draw, doc: d.ResizePrintArea(draw(st.floats(1, 70)), draw(st.floats(1, 70))),
    lambda draw, doc: d.SetPrintDpi(draw(st.sampled_from([50, 150, 300, 1200]))),
    lambda draw, doc: d.SetSafeMargin(draw(small)),
    lambda draw, doc: d.AddImageLayer(
        draw(names), draw(st.sampled_from(IMAGES)), "art.png", draw(inches), draw(inches)
    ),
    lambda draw, doc: d.AddTextLayer(draw(names), draw(names), FONT, "font.ttf"),
    lambda draw, doc: d.AddShapeLayer(
        draw(names),
        shape=draw(st.sampled_from(["rect", "ellipse", "polygon", "star"])),
        width=draw(small),
        fill=draw(colors),
    ),
    lambda draw, doc: d.DeleteLayer(layer(draw, doc)),
    lambda draw, doc: d.DuplicateLayer(layer(draw, doc)),
    lambda draw, doc: d.RaiseLayer(layer(draw, doc)),
    lambda draw, doc: d.LowerLayer(layer(draw, doc)),
    lambda draw, doc: d.LayerToTop(layer(draw, doc)),
    lambda draw, doc: d.LayerToBottom(layer(draw, doc)),
    lambda draw, doc: d.RestackLayer(layer(draw, doc), layer(draw, doc)),
    lambda draw, doc: d.MoveLayer(layer(draw, doc), draw(inches), draw(inches)),
    lambda draw, doc: d.ScaleLayer(layer(draw, doc), draw(small)),
    lambda draw, doc: d.RotateLayer(layer(draw, doc), draw(st.floats(-400, 400))),
    lambda draw, doc: d.FlipLayer(layer(draw, doc), draw(st.sampled_from(["x", "y"]))),
    lambda draw, doc: d.SetLayerOpacity(layer(draw, doc), draw(small)),
    lambda draw, doc: d.SetLayerBlend(
        layer(draw, doc), draw(st.sampled_from(["screen", "multiply", "normal", "x"]))
    ),
    lambda draw, doc: d.SetLayerVisible(layer(draw, doc), draw(st.booleans())),
    lambda draw, doc: d.SetLayerLocked(layer(draw, doc), draw(st.booleans())),
    lambda draw, doc: d.RenameLayer(layer(draw, doc), draw(names)),
    lambda draw, doc: d.SetText(text(draw, doc), draw(names)),
    lambda draw, doc: d.SetTextFont(text(draw, doc), FONT, "font.ttf"),
    lambda draw, doc: d.SetTextSize(text(draw, doc), draw(st.floats(1, 200) | st.just(3000.0))),
    lambda draw, doc: d.SetTextColor(text(draw, doc), draw(colors)),
    lambda draw, doc: d.SetTextSpacing(text(draw, doc), draw(small), draw(small)),
    lambda draw, doc: d.SetTextStroke(text(draw, doc), draw(paint), draw(small)),
    lambda draw, doc: d.SetShapeKind(
        shape(draw, doc), draw(st.sampled_from(["rect", "ellipse", "polygon", "star"]))
    ),
    lambda draw, doc: d.SetShapeSize(shape(draw, doc), draw(small), draw(small)),
    lambda draw, doc: d.SetShapeColors(shape(draw, doc), draw(paint), draw(paint), draw(small)),
    lambda draw, doc: d.SetCornerRadius(shape(draw, doc), draw(small)),
    lambda draw, doc: d.SetStarShape(
        shape(draw, doc), draw(st.integers(3, 8) | st.just(2)), draw(small)
    ),
    lambda draw, doc: m.SetTitle(draw(names)),
    lambda draw, doc: m.AddTag(draw(names)),
    lambda draw, doc: m.RemoveTag(draw(st.sampled_from([*doc.meta.tags, "zz"]))),
    lambda draw, doc: m.SetLicense(draw(st.sampled_from(["MIT", "GPL", "LicenseRef-x"]))),
    lambda draw, doc: m.SetDescription(draw(names)),
]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_edits_encode_and_undo_exactly(data: st.DataObject) -> None:
    start = data.draw(st.sampled_from(STARTS))
    assert isinstance(start, DesignDocument)
    history: History[DesignDocument] = History(start)
    original = current = codec.encode(start)
    applied = 0
    for _ in range(data.draw(st.integers(1, 30))):
        build = data.draw(st.sampled_from(BUILDERS))
        command = build(data.draw, history.doc)
        before = history.doc
        try:
            history.apply(command, merge=data.draw(st.booleans()))
        except EditError as exc:
            assert history.doc is before  # refused: nothing changed
            assert "\n" not in str(exc) and str(exc).startswith("$")
            continue
        applied += 1
        assert codec.encode(before) == current  # the command did not touch its input
        current = codec.encode(history.doc)  # every intermediate document still encodes
    final = codec.encode(history.doc)
    while history.can_undo:
        history.undo()
    assert codec.encode(history.doc) == original
    while history.can_redo:
        history.redo()
    assert codec.encode(history.doc) == final
    data.draw(st.just(applied), label="applied")
