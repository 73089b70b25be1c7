"""The base of every schema struct and the field types shared by them.

Every struct is a ``msgspec.Struct`` that forbids unknown keys and is keyword-only. Sizes that a
hostile file could blow up (lists, maps, strings, bins) carry their limit from
:mod:`engine.limits` as ``Meta(max_length=..., extra={"limit": NAME})``, so msgspec refuses them
while it reads and our error names the limit. Value rules (patterns, ranges, finiteness) live in
:mod:`engine.validation`, which reports every problem at once.
"""

from __future__ import annotations

from typing import Annotated, Any

import msgspec

from engine import limits


class Model(msgspec.Struct, forbid_unknown_fields=True, kw_only=True, gc=False):
    """Base of every struct in a creation file.

    ``gc=False``: a document is a tree (no struct can reach itself), so the cycle collector
    need not track its structs; decoding and freeing a large level is then ~25 % faster.
    """


def limited(name: str, unit: int = 1) -> msgspec.Meta:
    """A ``Meta`` capping a length at ``limits.<name>`` (× ``unit`` bytes per item for bins)."""
    value = getattr(limits, name)
    return msgspec.Meta(max_length=int(value) * unit, extra={"limit": name, "unit": unit})


Name = Annotated[str, limited("MAX_NAME_CHARS")]
"""A short label: title, name, author, tag."""
Text = Annotated[str, limited("MAX_TEXT_CHARS")]
"""Free text: descriptions, terms, signs, text layers."""
Color = Annotated[str, msgspec.Meta(max_length=16)]
"""``#rrggbb`` in lower case."""
Digest = Annotated[str, msgspec.Meta(max_length=64)]
"""A sha256 hex digest (64 lower-case hex digits) naming an asset; ``""`` where optional."""
Uuid = Annotated[str, msgspec.Meta(max_length=36)]
"""A UUID in its canonical lower-case 8-4-4-4-12 form."""
Timestamp = Annotated[str, msgspec.Meta(max_length=32)]
"""UTC, ``YYYY-MM-DDTHH:MM:SSZ``."""
Ring = Annotated[bytes, limited("MAX_POLYGON_POINTS", 16)]
"""Points of a ring: little-endian float64 ``x, y`` pairs, not closed (first point not repeated)."""
PathPoints = Annotated[bytes, limited("MAX_PATH_POINTS", 16)]
"""Points of a path: little-endian float64 ``x, y`` pairs."""


def encode_name(struct_type: type[Any], field: str) -> str:
    """The key a struct field is written under (msgspec may rename; we do not, but be exact)."""
    info = msgspec.structs.fields(struct_type)
    for f in info:
        if f.name == field:
            return f.encode_name
    raise KeyError(field)
