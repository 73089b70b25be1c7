"""What the schema says at a JSON path: which limit caps it, which values it allows.

Used to turn msgspec's terse errors into ours (naming the limit, listing the choices) and by the
spec test that checks every field is documented.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

import msgspec.inspect as mi

_TOKEN = re.compile(r"\.(\w+)|\[(\d+|\.\.\.)\]")


@cache
def _root() -> mi.Type:
    from engine.document import Document

    return mi.type_info(Document)


def _unwrap(t: mi.Type) -> Iterator[tuple[mi.Type, dict[str, Any]]]:
    """Yield (type, extra) with Metadata, Optional and unions flattened."""
    extra: dict[str, Any] = {}
    while isinstance(t, mi.Metadata):
        extra = {**extra, **(t.extra or {})}
        t = t.type
    if isinstance(t, mi.UnionType):
        for member in t.types:
            for inner, inner_extra in _unwrap(member):
                yield inner, {**extra, **inner_extra}
    else:
        yield t, extra


def _types_at(path: str) -> list[tuple[mi.Type | None, dict[str, Any], str]]:
    """Candidates (type, extra, last token) for ``path``; the type is None at a union's tag."""
    if not path.startswith("$"):
        return []
    current: list[tuple[mi.Type | None, dict[str, Any], str]] = [(_root(), {}, "$")]
    for m in _TOKEN.finditer(path, 1):
        name, index = m.group(1), m.group(2)
        nxt: list[tuple[mi.Type | None, dict[str, Any], str]] = []
        for t, _ in ((c[0], c[1]) for c in current):
            if t is None:
                continue
            for inner, _extra in _unwrap(t):
                if name is not None and isinstance(inner, mi.StructType):
                    if inner.tag_field == name:
                        nxt.append((None, {"tag": inner.tag}, name))
                    for f in inner.fields:
                        if f.encode_name == name:
                            nxt.append((f.type, {}, name))
                elif index is not None and isinstance(inner, mi.ListType):
                    nxt.append((inner.item_type, {}, index))
                elif index is not None and isinstance(inner, mi.DictType):
                    nxt.append((inner.value_type, {}, index))
        current = nxt
    return current


def limit_at(path: str) -> str | None:
    """The name of the limit (``MAX_SHAPES``...) capping the value at ``path``, if any."""
    for t, _, _ in _types_at(path):
        if t is None:
            continue
        for _inner, extra in _unwrap(t):
            if "limit" in extra:
                return str(extra["limit"])
    return None


def choices_at(path: str) -> list[str]:
    """The allowed values at ``path`` when it is a literal or a union's tag."""
    out: list[str] = []
    for t, extra, _ in _types_at(path):
        if t is None:
            out.append(str(extra["tag"]))
            continue
        for inner, _ in _unwrap(t):
            if isinstance(inner, mi.LiteralType):
                out.extend(str(v) for v in inner.values)
    seen: dict[str, None] = dict.fromkeys(out)
    return list(seen)


def field_paths() -> list[str]:
    """Every ``Struct.field`` pair in the schema, as ``ClassName.field`` (for the spec test)."""
    found: dict[str, None] = {}

    def walk(t: mi.Type, seen: set[type]) -> None:
        for inner, _ in _unwrap(t):
            if isinstance(inner, mi.StructType):
                if inner.cls in seen:
                    continue
                seen.add(inner.cls)
                if inner.tag_field:
                    found[f"{inner.cls.__name__}.{inner.tag_field}"] = None
                for f in inner.fields:
                    found[f"{inner.cls.__name__}.{f.encode_name}"] = None
                    walk(f.type, seen)
            elif isinstance(inner, mi.ListType):
                walk(inner.item_type, seen)
            elif isinstance(inner, mi.DictType):
                walk(inner.value_type, seen)

    walk(_root(), set())
    return list(found)
