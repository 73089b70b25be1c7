"""Reading a number typed into a field of either editor's inspector (no pygame here)."""

from __future__ import annotations

import math

from engine.errors import EditError


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
