"""A collector of problems, and the small value checks every part of validation uses."""

from __future__ import annotations

import math
import re

from engine.errors import Problem

_COLOR = re.compile(r"#[0-9a-f]{6}")
TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
"""Control characters free text may not hold: all but tab and line feed, the C1 set (NEL
U+0085 among them) and the Unicode line and paragraph separators, which text layout cannot
set (Pillow's raqm fails on them)."""
NAME_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
"""Control characters a name may not hold: all of them, line breaks and tabs too."""
_HEX64 = re.compile(r"[0-9a-f]{64}")


class Report:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def finite(
        self, path: str, value: float, *, bound: float | None = None, limit: str = ""
    ) -> bool:
        if not math.isfinite(value):
            self.add(path, f"must be a finite number, not {value}")
            return False
        if bound is not None and abs(value) > bound:
            self.add(
                path, f"{num(value)} is out of range ({num(-bound)} to {num(bound)})" + _l(limit)
            )
            return False
        return True

    def positive(
        self, path: str, value: float, *, most: float | None = None, limit: str = ""
    ) -> bool:
        if not self.finite(path, value):
            return False
        if value <= 0:
            self.add(path, f"must be more than 0, not {num(value)}")
            return False
        if most is not None and value > most:
            self.add(path, f"{num(value)} is more than the most allowed, {num(most)}" + _l(limit))
            return False
        return True

    def between(self, path: str, value: float, low: float, high: float, limit: str = "") -> bool:
        if not self.finite(path, value):
            return False
        if not low <= value <= high:
            self.add(path, f"{num(value)} is out of range ({num(low)} to {num(high)})" + _l(limit))
            return False
        return True

    def color(self, path: str, value: str, *, optional: bool = False) -> None:
        if optional and value == "":
            return
        if not _COLOR.fullmatch(value):
            self.add(path, f"{value!r} is not a colour (#rrggbb, lower case)")

    def text(self, path: str, value: str) -> bool:
        """Free text: not blank; line breaks and tabs allowed, other control characters not."""
        if not value.strip():
            self.add(path, "must not be empty")
            return False
        if TEXT_CONTROL.search(value):
            self.add(path, "must not contain control characters (line breaks and tabs are fine)")
            return False
        return True

    def name(self, path: str, value: str) -> bool:
        if not value.strip():
            self.add(path, "must not be empty")
            return False
        if NAME_CONTROL.search(value):
            self.add(path, "must not contain control characters")
            return False
        return True


def num(value: float) -> str:
    """A number as a person writes it: ``1,000,000``, ``0.5``, ``-3``."""
    if math.isfinite(value) and value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:g}"


def _l(limit: str) -> str:
    return f" (limit {limit})" if limit else ""


def is_digest(value: str) -> bool:
    return bool(_HEX64.fullmatch(value))
