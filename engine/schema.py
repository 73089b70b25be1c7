"""Every structural problem in a decoded-but-untyped document, each with its JSON path.

msgspec's typed decoder stops at the first wrong type; when it does, the codec walks the plain
values against the same schema (read from the Structs with ``msgspec.inspect``) to report every
missing key, unknown key, wrong type, bad choice and over-limit length at once.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import msgspec.inspect as mi

from engine import limits
from engine.errors import Problem


@cache
def _root() -> mi.Type:
    from engine.document import Document

    return mi.type_info(Document)


def type_name(value: Any) -> str:
    """How a plain value is called in messages (the msgpack type)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "str"
    if isinstance(value, bytes | bytearray):
        return "bytes"
    if isinstance(value, list | tuple):
        return "array"
    if isinstance(value, dict):
        return "map"
    return type(value).__name__


def problems(value: Any, *, every_key: bool = False) -> list[Problem]:
    """Every structural problem of ``value`` (plain decoded msgpack) against the schema.

    ``every_key`` also reports keys that are missing but have a default (the decoder fills
    those in, but a canonical file writes every key).
    """
    out: list[Problem] = []
    _check(value, _root(), "$", None, out, 0, every_key)
    return out


def _check(
    value: Any,
    t: mi.Type,
    path: str,
    limit: str | None,
    out: list[Problem],
    depth: int,
    every_key: bool,
) -> None:
    if depth > limits.MAX_DEPTH:
        out.append(Problem(path, f"nested more than {limits.MAX_DEPTH} deep (limit MAX_DEPTH)"))
        return
    if isinstance(t, mi.Metadata):
        extra = t.extra or {}
        _check(value, t.type, path, extra.get("limit", limit), out, depth, every_key)
        return
    if isinstance(t, mi.UnionType):
        _check_union(value, t, path, out, depth, every_key)
        return
    if isinstance(t, mi.StructType):
        _check_struct(value, t, path, out, depth, None, every_key)
        return
    if isinstance(t, mi.ListType):
        if not isinstance(value, list):
            out.append(Problem(path, f"expected array, got {type_name(value)}"))
            return
        if _too_long(value, t.max_length, path, limit, "items", out):
            return
        for i, item in enumerate(value):
            _check(item, t.item_type, f"{path}[{i}]", None, out, depth + 1, every_key)
        return
    if isinstance(t, mi.DictType):
        if not isinstance(value, dict):
            out.append(Problem(path, f"expected map, got {type_name(value)}"))
            return
        if _too_long(value, t.max_length, path, limit, "entries", out):
            return
        for key, item in value.items():
            if not isinstance(key, str):
                out.append(Problem(f"{path} (a key)", f"expected str, got {type_name(key)}"))
                continue
            _check(item, t.value_type, f"{path}[{key[:12]}…]", None, out, depth + 1, every_key)
        return
    if isinstance(t, mi.LiteralType):
        if value not in t.values or type(value) is not type(t.values[0]):
            choices = ", ".join(str(v) for v in t.values)
            out.append(Problem(path, f"invalid value {value!r}, expected one of: {choices}"))
        return
    _check_scalar(value, t, path, limit, out)


def _check_scalar(value: Any, t: mi.Type, path: str, limit: str | None, out: list[Problem]) -> None:
    got = type_name(value)
    if isinstance(t, mi.StrType):
        if got != "str":
            out.append(Problem(path, f"expected str, got {got}"))
        else:
            _too_long(value, t.max_length, path, limit, "characters", out)
    elif isinstance(t, mi.BytesType):
        if got != "bytes":
            out.append(Problem(path, f"expected bytes, got {got}"))
        else:
            _too_long(value, t.max_length, path, limit, "bytes", out)
    elif isinstance(t, mi.IntType):
        if got != "int":
            out.append(Problem(path, f"expected int, got {got}"))
        elif not -(2**63) <= value < 2**64:
            out.append(Problem(path, "integer out of range"))
    elif isinstance(t, mi.FloatType):
        if got not in ("float", "int"):
            out.append(Problem(path, f"expected float, got {got}"))
    elif isinstance(t, mi.BoolType):
        if got != "bool":
            out.append(Problem(path, f"expected bool, got {got}"))
    elif isinstance(t, mi.AnyType):
        pass
    else:  # a type the schema does not use today
        out.append(Problem(path, f"cannot check a value of schema type {type(t).__name__}"))


def _too_long(
    value: Any, most: int | None, path: str, limit: str | None, unit: str, out: list[Problem]
) -> bool:
    if most is not None and len(value) > most:
        named = f" (limit {limit})" if limit else ""
        out.append(Problem(path, f"more than {most:,} {unit}{named}"))
        return True
    return False


def _check_union(
    value: Any, t: mi.UnionType, path: str, out: list[Problem], depth: int, every_key: bool
) -> None:
    structs = [m for m in t.types if isinstance(m, mi.StructType)]
    if not structs or len(structs) != len(t.types):
        out.append(Problem(path, "cannot check this union"))
        return
    tag_field = structs[0].tag_field
    if not isinstance(value, dict):
        out.append(Problem(path, f"expected map, got {type_name(value)}"))
        return
    if tag_field not in value:
        out.append(Problem(path, f"required key `{tag_field}` is missing"))
        return
    tag = value[tag_field]
    for member in structs:
        if member.tag == tag:
            _check_struct(value, member, path, out, depth, tag_field, every_key)
            return
    choices = ", ".join(str(m.tag) for m in structs)
    out.append(Problem(f"{path}.{tag_field}", f"invalid value {tag!r}, expected one of: {choices}"))


def _check_struct(
    value: Any,
    t: mi.StructType,
    path: str,
    out: list[Problem],
    depth: int,
    tag_field: str | None,
    every_key: bool,
) -> None:
    if not isinstance(value, dict):
        out.append(Problem(path, f"expected map, got {type_name(value)}"))
        return
    known = {f.encode_name: f for f in t.fields}
    for key in value:
        if not isinstance(key, str):
            out.append(Problem(f"{path} (a key)", f"expected str, got {type_name(key)}"))
        elif key not in known and key != tag_field:
            out.append(Problem(path, f"unknown key `{key}` (not in this format version)"))
    for name, field in known.items():
        if name not in value:
            if field.required or every_key:
                out.append(Problem(path, f"required key `{name}` is missing"))
            continue
        _check(value[name], field.type, f"{path}.{name}", None, out, depth + 1, every_key)
