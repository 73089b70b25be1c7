"""What a creation's page reads from the stored file itself: contribution terms, garment style
and colours.

The database keeps what listings need; these live only in the file. They are read with partial
msgspec types, so only ``meta.terms`` and ``design.garment``'s ``style`` and ``colors`` are
decoded (every other key is skipped unread). A file of an older format version may lack them:
then they are empty (a missing style is a t-shirt, as in the format).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import msgspec


class _Colour(msgspec.Struct):
    name: str
    color: str = ""


class _Garment(msgspec.Struct):
    style: str = "tshirt"
    colors: list[_Colour] = msgspec.field(default_factory=list)


class _Design(msgspec.Struct):
    garment: _Garment | None = None


class _Meta(msgspec.Struct):
    terms: str = ""


class _File(msgspec.Struct):
    meta: _Meta | None = None
    design: _Design | None = None


_DECODER = msgspec.msgpack.Decoder(_File)


@dataclass(frozen=True)
class FileFacts:
    terms: str = ""
    """The contribution terms (``meta.terms``): free text, maybe empty."""
    colours: list[tuple[str, str]] = field(default_factory=list)
    """A design's garment colours as (name, ``#rrggbb``), the default first."""
    style: str = ""
    """A design's garment style (``tshirt``, ``longsleeve``, ``hoodie``, ``tank``); empty for
    a level."""


def read_facts(data: bytes) -> FileFacts:
    """The terms, garment style and colours of a stored file (nothing, for bytes that do not
    decode)."""
    try:
        found = _DECODER.decode(data)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return FileFacts()
    terms = found.meta.terms if found.meta is not None else ""
    garment = found.design.garment if found.design is not None else None
    colours = [(c.name, c.color) for c in garment.colors] if garment is not None else []
    style = garment.style if garment is not None else ""
    return FileFacts(terms=terms, colours=colours, style=style)
