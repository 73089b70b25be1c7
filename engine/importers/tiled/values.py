"""Typed getters for the JSON-shaped structure both front ends give (XML gives strings, JSON
numbers), Tiled's custom properties read by type, :class:`Bad` (the error for a bad map) and
:func:`few_names` (a list of names for a note)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from engine import limits

_SOLID_PROPS = ("solid", "collides", "collision")
Props = dict[str, tuple[str, Any]]
"""Custom properties: name → (type, value)."""


class Bad(Exception):
    """Something wrong with the map; becomes a :class:`MapError` naming the map."""


def get_num(d: dict[str, Any], key: str, default: float, where: str) -> float:
    value = d.get(key)
    if value is None or value == "":
        return default
    try:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise ValueError
        out = float(value)
    except ValueError:
        raise Bad(f"{where}: {key} is {value!r}, not a number") from None
    if not math.isfinite(out) or abs(out) > limits.MAX_WORLD * 16:
        raise Bad(f"{where}: {key} is {value!r}, out of range")
    return out


def get_int(d: dict[str, Any], key: str, default: int, where: str, *, least: int = 0) -> int:
    value = get_num(d, key, default, where)
    if value != int(value) or value < least:
        raise Bad(f"{where}: {key} is {d.get(key)!r}, needs a whole number ≥ {least}")
    return int(value)


def get_str(d: dict[str, Any], key: str, where: str) -> str:
    value = d.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise Bad(f"{where}: {key} is {value!r}, not a string")
    return value


def get_bool(d: dict[str, Any], key: str, default: bool) -> bool:
    value = d.get(key)
    if isinstance(value, bool):
        return value
    if value in (0, 1, "0", "1", "true", "false"):
        return value in (1, "1", "true")
    return default


def _list(d: dict[str, Any], key: str, where: str) -> list[Any]:
    value = d.get(key) or []
    if not isinstance(value, list):
        raise Bad(f"{where}: {key} is not a list")
    return value


def get_dicts(d: dict[str, Any], key: str, where: str) -> list[dict[str, Any]]:
    items = _list(d, key, where)
    if not all(isinstance(i, dict) for i in items):
        raise Bad(f"{where}: {key} holds something that is not an object")
    return items


def get_props(d: dict[str, Any], where: str) -> Props:
    raw = d.get("properties")
    if not raw:
        return {}
    if isinstance(raw, dict):  # JSON from Tiled before 1.2
        return {str(k): ("string" if isinstance(v, str) else "json", v) for k, v in raw.items()}
    if not isinstance(raw, list):
        raise Bad(f"{where}: properties is not a list")
    out: Props = {}
    for prop in raw:
        if not isinstance(prop, dict):
            raise Bad(f"{where}: a property is not an object")
        name, kind = str(prop.get("name", "")), prop.get("type", "string")
        value: Any = prop.get("value")
        try:
            if kind == "bool":
                if value not in (True, False, "true", "false"):
                    raise ValueError
                out[name] = (kind, value in (True, "true"))
            elif kind in ("int", "object"):
                if isinstance(value, bool) or float(value) != int(float(value)):
                    raise ValueError
                out[name] = (kind, int(float(value)))
            elif kind == "float":
                if isinstance(value, bool) or not math.isfinite(float(value)):
                    raise ValueError
                out[name] = (kind, float(value))
            elif kind != "class":
                out[name] = ("string", "" if value is None else str(value))
        except (TypeError, ValueError, OverflowError):
            raise Bad(f"{where}: property {name!r} is {value!r}, not a {kind}") from None
    return out


def prop_bool(props: Props, name: str) -> bool | None:
    kind, value = props.get(name, ("", ""))
    if kind == "bool":
        return bool(value)
    if kind == "string" and str(value).lower() in ("true", "false"):
        return str(value).lower() == "true"
    return None


def prop_num(props: Props, name: str) -> float | None:
    kind, value = props.get(name, ("", ""))
    if kind in ("int", "float"):
        return float(value)
    if kind == "string":
        try:
            out = float(value)
        except ValueError:
            return None
        return out if math.isfinite(out) else None
    return None


def prop_str(props: Props, name: str) -> str | None:
    kind, value = props.get(name, ("", ""))
    return value if kind == "string" and isinstance(value, str) else None


def prop_obj(props: Props, name: str) -> int | None:
    kind, value = props.get(name, ("", ""))
    return value if kind == "object" and isinstance(value, int) and value > 0 else None


def solid_mark(props: Props) -> bool | None:
    """True/False when a solid/collides/collision bool property says so, else None."""
    for name in _SOLID_PROPS:
        if (value := prop_bool(props, name)) is not None:
            return value
    return None


def few_names(names: Iterable[str], most: int = 5) -> str:
    unique = list(dict.fromkeys(n or "(unnamed)" for n in names))
    shown = ", ".join(unique[:most])
    return shown + (f" and {len(unique) - most} more" if len(unique) > most else "")
