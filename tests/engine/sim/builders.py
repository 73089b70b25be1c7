"""Tiny levels built in code for simulation tests (y down, ground top at y=1000)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from engine import APP
from engine.document import LevelDocument, Meta
from engine.level import entities as E
from engine.level.model import Level, Link, Material, Shape, Size
from engine.packed import pack_points

GROUND_Y = 1000.0
STAMP = "2026-01-01T00:00:00Z"


class LevelBuilder:
    def __init__(self, width: float = 3000.0, height: float = 1200.0) -> None:
        self.size = Size(width=width, height=height)
        self.materials = [
            Material(name="ground", friction=0.8),
            Material(name="ice", friction=0.05),
            Material(name="wood", density=0.5, friction=0.6),
        ]
        self.shapes: list[Shape] = []
        self.entities: list[Any] = []
        self.links: list[Link] = []
        self.next_id = 1

    def _id(self) -> int:
        ident = self.next_id
        self.next_id += 1
        return ident

    def polygon(
        self,
        points: Sequence[tuple[float, float]],
        *,
        material: str = "ground",
        body: str = "static",
        one_way: bool = False,
        holes: Sequence[Sequence[tuple[float, float]]] = (),
    ) -> int:
        ident = self._id()
        self.shapes.append(
            Shape(
                id=ident,
                material=material,
                body=body,  # type: ignore[arg-type]
                points=pack_points(points),
                holes=[pack_points(h) for h in holes],
                one_way=one_way,
            )
        )
        return ident

    def box(self, x0: float, y0: float, x1: float, y1: float, **kw: Any) -> int:
        return self.polygon([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], **kw)

    def ground(self, x0: float = 0.0, x1: float | None = None, **kw: Any) -> int:
        return self.box(x0, GROUND_Y, self.size.width if x1 is None else x1, GROUND_Y + 100, **kw)

    def entity(self, cls: type, **kw: Any) -> int:
        ident = self._id()
        self.entities.append(cls(id=ident, **kw))
        return ident

    def spawn(self, x: float = 100.0, y: float = GROUND_Y - 22.0) -> int:
        return self.entity(E.Spawn, x=x, y=y)

    def goal(self, x: float, y: float = GROUND_Y - 32.0) -> int:
        return self.entity(E.Goal, x=x, y=y)

    def link(self, source: int, target: int) -> None:
        self.links.append(Link(source=source, target=target))

    def build(self) -> LevelDocument:
        return LevelDocument(
            app=APP,
            id="00000000-0000-4000-8000-000000000001",
            meta=Meta(title="test level", created=STAMP, modified=STAMP),
            level=Level(
                size=self.size,
                materials=self.materials,
                shapes=self.shapes,
                entities=self.entities,
                links=self.links,
                next_id=self.next_id,
            ),
        )
