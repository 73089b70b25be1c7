"""What either editor's inspector makes of a value typed into a field (no pygame here): a number
read with one wording of what is wrong, and whether the edit it makes would leave the object it
edits invalid (refused, with validation's own reason in the editor's words)."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from engine.errors import EditError, Problem

_INDEX = re.compile(r"\[\d+\]$")


def parse_float(label: str, text: str) -> float:
    """``text`` as a finite number, or an ``EditError`` naming the field ``label``."""
    try:
        value = float(text.strip())
    except ValueError:
        raise EditError(f"{label}: {text.strip()!r} is not a number") from None
    if not math.isfinite(value):
        raise EditError(f"{label}: must be a finite number, not {text.strip()}")
    return value


def parse_int(label: str, text: str) -> int:
    """``text`` as a whole number, or an ``EditError`` naming the field ``label``."""
    try:
        return int(text.strip())
    except ValueError:
        raise EditError(f"{label}: {text.strip()!r} is not a whole number") from None


def refusal(
    before: Sequence[Problem], after: Sequence[Problem], paths: Sequence[str]
) -> EditError | None:
    """Why an edit is refused: the first of the problems ``after`` it that lie at one of
    ``paths`` (the edited object's, e.g. ``$.level.entities[6]``) and were not there ``before``,
    as "Not changed: width must be at least 6 px …"; None when the edit adds none. Problems
    elsewhere, or the object's own problems from before, do not stop an edit (one that mends a
    problem must go through)."""
    known = {(p.path, p.message) for p in before}
    for problem in after:
        base = next((b for b in paths if _under(problem.path, b)), None)
        if base is not None and (problem.path, problem.message) not in known:
            return EditError(f"Not changed: {_saying(problem, base)}")
    return None


def reworded(err: EditError, paths: Sequence[str]) -> EditError:
    """A command's refusal of an edit at one of ``paths`` in the same words as
    :func:`refusal` ("$.level.materials[0].friction: 500 is out of range …" becomes "Not
    changed: friction: 500 is out of range …"); any other as it is."""
    path, _, message = err.message.partition(": ")
    base = next((b for b in paths if _under(path, b)), None)
    if base is None or not message:
        return err
    return EditError(f"Not changed: {_saying(Problem(path, message), base)}")


def _under(path: str, base: str) -> bool:
    return path == base or path.startswith((f"{base}.", f"{base}["))


def _saying(problem: Problem, base: str) -> str:
    """``problem`` named by its field under ``base`` ("width must be …", "restitution: 5 is out
    of range …"); a problem of the whole object by its message alone."""
    rest = problem.path[len(base) :].lstrip(".")
    name = _INDEX.sub("", rest.rpartition(".")[2]).replace("_", " ")
    if not name:
        return problem.message
    return (
        f"{name} {problem.message}"
        if problem.message.startswith("must")
        else (f"{name}: {problem.message}")
    )
