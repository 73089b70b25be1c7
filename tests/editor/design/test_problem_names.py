"""Problems in the design editor's words: layers named as the layer list names them ("Layer 2
'headline'" is the list's "2. headline"), the garment's colours and print area by name, no
limit names; the list wraps each whole, a click on any of its lines selects the layer, and the
status line says the same words."""

from __future__ import annotations

from editor.design.app import DesignApp
from editor.design.panels import layer_label, status_text
from editor.design.pilot import DesignPilot
from editor.design.session import DesignSession
from editor.problem_words import INDENT, design_words
from engine.edit.design import MoveLayer

AREA = (
    "Warning: Print area: dpi: the print file is 150 dpi, under the 300 dpi print shops usually "
    "ask for, so edges and fine lines print soft: set the print area's dpi to 300"
)
BADGE = (
    "Warning: Layer 1 'sunrise badge': art is inside the 0.5 in safe margin at the left: keep "
    "important art 0.5 in from the edge"
)


def badge_to_the_margin(app: DesignApp, pilot: DesignPilot) -> None:
    """Move the badge into the safe margin (a problem of a layer), and select another layer."""
    assert app.session.apply(MoveLayer(0, -2.0, 0.0), merge=False)
    app.session.select(1)
    pilot.frames(1)


def words(session: DesignSession, text: str) -> str:
    return str(design_words(session.doc, text))


def test_layers_are_named_as_the_layer_list_names_them(app: DesignApp) -> None:
    session = app.session
    assert layer_label(1, session) == "2. headline"
    assert words(session, "$.design.layers[1].text: must not be empty") == (
        "Layer 2 'headline': text: must not be empty"
    )
    assert words(session, "warning: $.design.layers[0] (sunrise badge): image is small") == (
        "Warning: Layer 1 'sunrise badge': image is small"
    )
    assert words(session, "error: $.design.layers: nothing would print") == (
        "Error: Layers: nothing would print"
    )


def test_the_garment_and_print_area_are_named_without_limit_names(app: DesignApp) -> None:
    session = app.session
    first = session.doc.design.garment.colors[0].name
    assert words(session, "$.design.garment.colors[0].color: 'red' is not #rrggbb") == (
        f"Garment colour {first!r}: colour: 'red' is not #rrggbb"
    )
    assert words(
        session, "$.design.print_area.dpi: 9000 is out of range (72 to 1200) (limit MAX_DPI)"
    ) == ("Print area: dpi: 9000 is out of range (72 to 1200)")
    assert words(session, "$.design.layers[9].x: gone") == "design.layers[9].x: gone"


def test_the_list_shows_each_problem_whole_in_words(app: DesignApp) -> None:
    assert app.side.problem_words[0] == AREA
    shown = [str(item["text"]) for item in app.side.problem_list.item_list]
    assert shown[:5] == [
        "Warning: Print area: dpi: the print file is 150",
        f"{INDENT}dpi, under the 300 dpi print shops",
        f"{INDENT}usually ask for, so edges and fine lines",
        f"{INDENT}print soft: set the print area's dpi to 300",
        "Warning: Layers: the art has 13 ink colours;",
    ]
    assert " ".join(line.strip() for line in shown[:4]) == AREA
    assert app.side.problems_heading.text == f"Problems ({len(app.side.problem_words)})"


def test_clicking_any_line_of_a_problem_selects_its_layer(
    app: DesignApp, pilot: DesignPilot
) -> None:
    badge_to_the_margin(app, pilot)
    items = app.side.problem_list.item_list
    first = next(i for i, item in enumerate(items) if str(item["text"]).startswith(BADGE[:30]))
    assert str(items[first + 1]["text"]).startswith(INDENT)
    button = items[first + 1]["button_element"]  # the problem's second line
    assert button is not None
    pilot.click(*button.rect.center)
    pilot.frames(1)
    assert app.session.selected_index == 0
    assert app.session.status == BADGE
    assert status_text(app.session) == BADGE


def test_the_status_line_says_problems_and_refusals_in_words(
    app: DesignApp, pilot: DesignPilot
) -> None:
    session = app.session
    assert session.apply(MoveLayer(1, 0.0, -20.0), merge=False)
    session.status = ""
    pilot.frames(1)
    assert status_text(session) == f"3 problems: {AREA}"
    assert "Error: Layer 2 'headline': layer lies wholly outside the print area" in (
        " ".join(app.side.problem_words)
    )
    session.status = "$.design.layers[1].scale: 0 is too small (limit MIN_SCALE)"
    assert status_text(session) == "Layer 2 'headline': scale: 0 is too small"
