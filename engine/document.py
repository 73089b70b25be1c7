"""The creation document: envelope, metadata, lineage and embedded assets.

A document is a :class:`LevelDocument`, :class:`DesignDocument` or :class:`ReplayDocument`
(``kind`` tells which).
Everything a file holds is a field here or below; ``docs/format.md`` is the specification of
record and a test checks that every field is documented there.
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from engine.design.model import Design
from engine.fields import Digest, Model, Name, Text, Timestamp, Uuid, limited
from engine.level.model import Level
from engine.replay import Replay

FORMAT_NAME: Literal["cocreate"] = "cocreate"
FORMAT_VERSION = 4
"""The version this cocreate writes (and the newest it reads)."""
OLDEST_VERSION = 1
"""The oldest version this cocreate migrates on load."""

AssetType = Literal["image/png", "image/jpeg", "font/ttf", "font/otf"]
IMAGE_TYPES: tuple[str, ...] = ("image/png", "image/jpeg")
FONT_TYPES: tuple[str, ...] = ("font/ttf", "font/otf")


class Asset(Model, kw_only=True):
    """An embedded file; its key in ``assets`` is the sha256 hex digest of ``data``."""

    type: AssetType
    name: Name
    data: Annotated[bytes, limited("MAX_ASSET_BYTES")]


class Parent(Model, kw_only=True):
    """A creation this one was remixed from, at a revision, with that revision's file digest."""

    id: Uuid
    revision: int
    digest: Digest


class Meta(Model, kw_only=True):
    """Who made it, what it is, under which licence, and where it came from."""

    title: Name
    description: Text = ""
    author: Name = ""
    tags: Annotated[list[Name], limited("MAX_TAGS")] = msgspec.field(default_factory=list)
    license: Name = "CC-BY-4.0"
    terms: Text = ""
    created: Timestamp
    modified: Timestamp
    parents: Annotated[list[Parent], limited("MAX_PARENTS")] = msgspec.field(default_factory=list)


Assets = Annotated[dict[Digest, Asset], limited("MAX_ASSETS")]


class _Envelope(Model, tag_field="kind", kw_only=True):
    format: Literal["cocreate"] = FORMAT_NAME
    version: int = FORMAT_VERSION
    app: Name
    id: Uuid
    revision: int = 1
    meta: Meta
    assets: Assets = msgspec.field(default_factory=dict)


class LevelDocument(_Envelope, tag="level", kw_only=True):
    """A 2D physics platformer level."""

    level: Level


class DesignDocument(_Envelope, tag="design", kw_only=True):
    """A t-shirt design."""

    design: Design


class ReplayDocument(_Envelope, tag="replay", kw_only=True):
    """The inputs that play a level, tick by tick: proof that it can be cleared."""

    replay: Replay


Document = LevelDocument | DesignDocument | ReplayDocument
KINDS: tuple[str, ...] = ("level", "design", "replay")
