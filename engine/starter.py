"""New documents: what ``cocreate new`` writes and what the editor starts from."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from engine import APP
from engine.design.model import Design, Garment, GarmentColor
from engine.document import DesignDocument, LevelDocument, Meta
from engine.level.entities import Goal, Spawn
from engine.level.model import Level, Material, Shape, Size
from engine.packed import pack_points


def now_utc() -> str:
    """The current time as a format timestamp (UTC, whole seconds)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_meta(title: str, *, author: str = "", when: str | None = None) -> Meta:
    stamp = when or now_utc()
    return Meta(title=title, author=author, created=stamp, modified=stamp)


def new_level(
    title: str = "Untitled level", *, author: str = "", ident: str | None = None
) -> LevelDocument:
    """A small playable level: ground, a spawn on the left, a goal on the right."""
    level = Level(
        size=Size(width=1920.0, height=1080.0),
        materials=[Material(name="ground", color="#6b8e23", friction=0.8)],
        shapes=[
            Shape(
                id=1,
                material="ground",
                points=pack_points([(0, 960), (1920, 960), (1920, 1080), (0, 1080)]),
            )
        ],
        entities=[Spawn(id=2, x=120.0, y=900.0), Goal(id=3, x=1800.0, y=928.0)],
        next_id=4,
    )
    return LevelDocument(
        app=APP, id=ident or str(uuid.uuid4()), meta=new_meta(title, author=author), level=level
    )


def new_design(
    title: str = "Untitled design", *, author: str = "", ident: str | None = None
) -> DesignDocument:
    """An empty design on a white, black and heather-grey t-shirt."""
    garment = Garment(
        colors=[
            GarmentColor(name="white", color="#ffffff"),
            GarmentColor(name="black", color="#111111"),
            GarmentColor(name="heather grey", color="#9e9e9e"),
        ]
    )
    return DesignDocument(
        app=APP,
        id=ident or str(uuid.uuid4()),
        meta=new_meta(title, author=author),
        design=Design(garment=garment),
    )
