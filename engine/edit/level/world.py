"""The level as a whole: its size, gravity and background."""

from __future__ import annotations

from dataclasses import dataclass

from engine.document import LevelDocument
from engine.edit.level.common import _W, LevelCommand, _check_image, _require, _with_level
from engine.level.model import Background, Size, Vec
from engine.validation.level import MAX_GRAVITY
from engine.validation.report import Report


@dataclass(frozen=True)
class SetSize(LevelCommand):
    """The level's width and height in px (each more than 0, at most ``MAX_WORLD``)."""

    width: float
    height: float

    @property
    def label(self) -> str:
        return "Resize level"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        _require(
            lambda r: (
                r.positive("$.level.size.width", self.width, most=_W, limit="MAX_WORLD")
                and r.positive("$.level.size.height", self.height, most=_W, limit="MAX_WORLD")
            )
        )
        return _with_level(doc, size=Size(width=float(self.width), height=float(self.height)))


@dataclass(frozen=True)
class SetGravity(LevelCommand):
    """Gravity in px/s² (each component within ±100,000; positive ``y`` pulls down)."""

    x: float
    y: float

    @property
    def label(self) -> str:
        return "Set gravity"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        _require(
            lambda r: (
                r.finite("$.level.gravity.x", self.x, bound=MAX_GRAVITY)
                and r.finite("$.level.gravity.y", self.y, bound=MAX_GRAVITY)
            )
        )
        return _with_level(doc, gravity=Vec(x=float(self.x), y=float(self.y)))


@dataclass(frozen=True)
class SetBackground(LevelCommand):
    """Change the background's colour, image (an image asset's digest, or ``""``) or parallax;
    fields left None keep their value."""

    color: str | None = None
    image: str | None = None
    parallax: float | None = None

    @property
    def label(self) -> str:
        return "Change background"

    def apply(self, doc: LevelDocument) -> LevelDocument:
        bg = doc.level.background
        color = bg.color if self.color is None else self.color
        image = bg.image if self.image is None else self.image
        parallax = bg.parallax if self.parallax is None else float(self.parallax)
        base = "$.level.background"

        def check(r: Report) -> None:
            r.color(f"{base}.color", color)
            r.between(f"{base}.parallax", parallax, 0, 1)

        _require(check)
        _check_image(doc, f"{base}.image", image)
        return _with_level(doc, background=Background(color=color, image=image, parallax=parallax))
