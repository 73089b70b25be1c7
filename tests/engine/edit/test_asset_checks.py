"""A file is embedded only when validation would accept it as an asset: the edit commands run
:mod:`engine.validation.assets`' checks on it (so no editor or command brings in a file that
breaks drawing) and refuse it in validation's own words, leaving the document as it was."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from engine.edit import History
from engine.edit.assets import check_file
from engine.edit.design import AddImageLayer, SetTextFont
from engine.edit.level import AddDecoration
from engine.errors import EditError
from engine.level.model import Decoration
from engine.starter import new_level
from engine.validation import validate
from tests.engine.edit import broken_files as bad


def _validation_says(layer: int, data: bytes) -> str:
    """What validation reports about ``data`` as the asset of ``layer`` of a design."""
    (problem,) = validate(bad.with_asset_data(bad.design(), layer, data))
    assert problem.path.endswith(".data")
    return problem.message


def test_a_font_freetype_cannot_read_is_refused_and_the_design_kept() -> None:
    doc = bad.design()
    history = History(doc)
    with pytest.raises(EditError) as refused:
        history.apply(SetTextFont(0, bad.corrupt_ttf(), "f.ttf"))
    assert str(refused.value) == (
        "$.design.layers[0].font: 'f.ttf': font cannot be read: unknown file format"
    )
    assert str(refused.value).endswith(_validation_says(0, bad.corrupt_ttf()))
    assert history.doc is doc and not history.can_undo


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (bad.truncated_png, "image cannot be read"),
        (bad.fake_png, "image cannot be read"),
        (bad.png_bomb, "image is a decompression bomb: 400,000,000 pixels"),
        (bad.jpeg_bomb, "image is a decompression bomb: 900,000,000 pixels"),
    ],
)
def test_an_image_validation_refuses_is_not_added(make: Callable[[], bytes], words: str) -> None:
    doc = bad.design()
    with pytest.raises(EditError) as refused:
        AddImageLayer("cut", make(), "cut.png").apply(doc)
    message = str(refused.value)
    assert message.startswith(f"$.design.layers[2].image: 'cut.png': {words}")
    assert message.endswith(_validation_says(1, make()))


def test_an_image_over_the_pixel_limit_is_refused_with_the_limit() -> None:
    with pytest.raises(EditError, match=r"'big.png': image is 7000 × 6000 = 42,000,000 pixels"):
        check_file(bad.png((7000, 6000)), "big.png", "image")


def test_a_whole_file_passes_with_its_size() -> None:
    assert check_file(bad.png(), "photo.png", "image") == ("image/png", (400, 300))
    assert check_file(bad.FONT, "f.ttf", "font") == ("font/ttf", None)


def test_the_level_editor_gets_the_same_check() -> None:
    deco = Decoration(id=0, image="", x=10.0, y=10.0, width=40.0, height=20.0)
    with pytest.raises(EditError, match=r"'cut.png': image cannot be read"):
        AddDecoration(deco, bad.truncated_png(), "cut.png").apply(new_level("Decor"))
