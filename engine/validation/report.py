"""A collector of problems, and the small value checks every part of validation uses."""

from __future__ import annotations

import math
import re

from engine.errors import Problem

_COLOR = re.compile(r"#[0-9a-f]{6}")
_HEX64 = re.compile(r"[0-9a-f]{64}")


class Report:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def finite(self, path: str, value: float, *, bound: float | None = None) -> bool:
        if not math.isfinite(value):
            self.add(path, f"must be a finite number, not {value}")
            return False
        if bound is not None and abs(value) > bound:
            self.add(path, f"{value:g} is out of range (-{bound:g} to {bound:g})")
            return False
        return True

    def positive(self, path: str, value: float, *, most: float | None = None) -> bool:
        if not self.finite(path, value):
            return False
        if value <= 0:
            self.add(path, f"must be more than 0, not {value:g}")
            return False
        if most is not None and value > most:
            self.add(path, f"{value:g} is more than the most allowed, {most:g}")
            return False
        return True

    def between(self, path: str, value: float, low: float, high: float) -> bool:
        if not self.finite(path, value):
            return False
        if not low <= value <= high:
            self.add(path, f"{value:g} is out of range ({low:g} to {high:g})")
            return False
        return True

    def color(self, path: str, value: str, *, optional: bool = False) -> None:
        if optional and value == "":
            return
        if not _COLOR.fullmatch(value):
            self.add(path, f"{value!r} is not a colour (#rrggbb, lower case)")

    def name(self, path: str, value: str) -> bool:
        if not value.strip():
            self.add(path, "must not be empty")
            return False
        if any(ord(c) < 32 for c in value):
            self.add(path, "must not contain control characters")
            return False
        return True


def is_digest(value: str) -> bool:
    return bool(_HEX64.fullmatch(value))
