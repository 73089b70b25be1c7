"""What a valid creation still needs before it can be shared (a draft is fine to save and edit).

A level needs exactly one spawn and at least one goal, both inside the level; a design needs a
visible layer and no print preflight error (:mod:`engine.preflight`: art that would not print,
text its font cannot show...), as the design editor's Publish does. ``cocreate validate`` prints
the others as a note (it renders nothing and reads no font); ``--publishable`` makes them all
errors; the gallery refuses an upload that has any.
"""

from __future__ import annotations

from engine.document import DesignDocument, Document, LevelDocument
from engine.errors import Problem
from engine.level.entities import Goal, Spawn


def unpublishable(doc: Document, *, print_check: bool = True) -> list[Problem]:
    """Why a valid ``doc`` cannot be shared yet (empty when it can); ``print_check=False``
    leaves out a design's print preflight (it renders the design)."""
    out: list[Problem] = []
    if isinstance(doc, LevelDocument):
        level = doc.level
        spawns = [i for i, e in enumerate(level.entities) if isinstance(e, Spawn)]
        goals = [i for i, e in enumerate(level.entities) if isinstance(e, Goal)]
        if not spawns:
            out.append(Problem("$.level.entities", "no spawn: a level needs one to be played"))
        elif len(spawns) > 1:
            out.append(
                Problem(
                    f"$.level.entities[{spawns[1]}]",
                    f"{len(spawns)} spawns: a level needs exactly one",
                )
            )
        if not goals:
            out.append(Problem("$.level.entities", "no goal: a level needs one to be cleared"))
        w, h = level.size.width, level.size.height
        for i in spawns + goals:
            ent = level.entities[i]
            if not (0 <= ent.x <= w and 0 <= ent.y <= h):
                out.append(
                    Problem(f"$.level.entities[{i}]", f"is outside the level (0..{w:g}, 0..{h:g})")
                )
    elif isinstance(doc, DesignDocument):
        if not any(lay.visible for lay in doc.design.layers):
            out.append(Problem("$.design.layers", "no visible layer: nothing would be printed"))
        elif print_check:
            out.extend(_print_errors(doc))
    return out


def _print_errors(doc: DesignDocument) -> list[Problem]:
    """Print preflight's errors, as problems (its warnings do not stop sharing)."""
    from engine.errors import one_line
    from engine.preflight import preflight

    try:
        found = preflight(doc).errors
    except Exception as exc:  # an image or font validation passed that Pillow cannot draw
        return [Problem("$.design", one_line(f"print preflight could not run: {exc}"))]
    return [Problem(f.path, f"{f.message} (print preflight)") for f in found]
