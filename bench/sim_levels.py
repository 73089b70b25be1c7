"""Levels and inputs for the simulation benchmarks, built deterministically from code.

- :func:`typical_level`: a 60,000 px run: one long ground ring with gentle bumps (about 1,000
  segments), 125 static octagons floating above it (1,000 segments), 60 crates and 40 dynamic
  octagons (100 dynamic bodies), 100 collectibles, checkpoints, four moving platforms, a spawn
  and a goal at 53,300 px, which the scripted run reaches at tick 10,713 (2 min 58.6 s).
  The ground's top is flat (a vertex every 60 px): on a bumpy segment chain the player
  sometimes falls through the ground at a vertex when landing, and would then run inside it.
- :func:`stress_level`: 1,000 dynamic bodies (800 crates and 200 dynamic octagons) dropped in
  ten stacks onto a flat floor between two walls.
- :func:`run_right_with_jumps`: the scripted input: run right all the time, holding jump for 18
  ticks out of every 45.

Run it to write ``typical.cocreate``, ``typical.replay.cocreate`` (three minutes of the script)
and ``stress.cocreate`` into a folder::

    .venv/bin/python bench/sim_levels.py /tmp/out
"""

from __future__ import annotations

import math
import random
import sys
from pathlib import Path
from typing import Any

from engine import APP
from engine.document import LevelDocument, Meta
from engine.level import entities as E
from engine.level.model import Level, Material, Shape, Size
from engine.packed import pack_points
from engine.sim.inputs import Buttons

STAMP = "2026-01-31T12:00:00Z"
GROUND_Y = 1000.0
TICKS_3_MIN = 3 * 60 * 60
Point = tuple[float, float]


class _Builder:
    def __init__(self, width: float, height: float) -> None:
        self.size = Size(width=width, height=height)
        self.materials = [
            Material(name="ground", friction=0.8, color="#6b8e23"),
            Material(name="rock", friction=0.7, color="#808080"),
            Material(name="wood", density=0.5, friction=0.6, color="#a0522d"),
        ]
        self.shapes: list[Shape] = []
        self.entities: list[Any] = []
        self.next_id = 1

    def _id(self) -> int:
        ident = self.next_id
        self.next_id += 1
        return ident

    def polygon(self, points: list[Point], *, material: str, body: str = "static") -> None:
        self.shapes.append(
            Shape(
                id=self._id(),
                material=material,
                body=body,  # type: ignore[arg-type]
                points=pack_points(points),
            )
        )

    def entity(self, cls: type, **kw: Any) -> None:
        self.entities.append(cls(id=self._id(), **kw))

    def build(self, ident: str, title: str) -> LevelDocument:
        return LevelDocument(
            app=APP,
            id=ident,
            meta=Meta(title=title, created=STAMP, modified=STAMP),
            level=Level(
                size=self.size,
                materials=self.materials,
                shapes=self.shapes,
                entities=self.entities,
                next_id=self.next_id,
            ),
        )


def octagon(cx: float, cy: float, radius: float) -> list[Point]:
    return [
        (cx + radius * math.cos(a), cy + radius * math.sin(a))
        for a in (math.pi * (2 * k + 1) / 8 for k in range(8))
    ]


def typical_level(
    *,
    width: float = 60_000.0,
    ground_step: float = 60.0,
    floating: int = 125,
    goal_x: float = 53_300.0,
) -> LevelDocument:
    """One player, about 2,000 static segments, 100 dynamic bodies (see the module's text)."""
    rng = random.Random(4)
    b = _Builder(width, 1200.0)
    # the ground: one ring, its top gentle hills (slopes under 6°), flat at the start
    top: list[Point] = []
    x = 0.0
    while x < width:
        top.append((x, GROUND_Y))
        x += ground_step
    top.append((width, top[-1][1]))
    b.polygon([*top, (width, GROUND_Y + 200), (0.0, GROUND_Y + 200)], material="ground")
    # floating rocks, high enough to run under, low enough to bump into when jumping
    for k in range(floating):
        cx = 1200 + (width - 2400) * (k + rng.random() * 0.5) / floating
        b.polygon(octagon(cx, rng.uniform(660, 780), rng.uniform(40, 70)), material="rock")
    # 100 dynamic bodies: crates on the ground, wooden octagons dropped from above
    for k in range(60):
        cx = 1500 + (width - 3000) * k / 60
        b.entity(E.Crate, x=cx, y=GROUND_Y - 120, width=32.0, height=32.0, material="wood")
    for k in range(40):
        cx = 2000 + (width - 3000) * k / 40
        b.polygon(octagon(cx, GROUND_Y - 160, 18.0), material="wood", body="dynamic")
    b.entity(E.Spawn, x=100.0, y=GROUND_Y - 60.0)
    for k in range(100):
        b.entity(E.Collectible, x=800 + (width - 1600) * k / 100, y=GROUND_Y - 120.0)
    for k in range(1, 10):
        b.entity(E.Checkpoint, x=width * k / 10, y=GROUND_Y - 120.0)
    for k in range(4):
        cx = width * (k + 0.5) / 4
        path = pack_points([(0.0, 0.0), (300.0, 0.0), (300.0, -150.0)])
        b.entity(E.MovingPlatform, x=cx, y=GROUND_Y - 320.0, material="rock", path=path)
    b.entity(E.Goal, x=goal_x, y=GROUND_Y - 32.0)
    return b.build("6c1d2e3f-4051-4b62-8c73-8d9eafb0c1d2", "Benchmark: a typical level")


def stress_level(*, bodies: int = 1_000, stacks: int = 10) -> LevelDocument:
    """``bodies`` dynamic bodies (four crates to one octagon) in ``stacks`` stacks on a floor."""
    width = 3000.0
    b = _Builder(width, 1200.0)
    b.polygon(
        [(0.0, GROUND_Y), (width, GROUND_Y), (width, GROUND_Y + 100), (0.0, GROUND_Y + 100)],
        material="ground",
    )
    per_stack = bodies // stacks
    for k in range(bodies):
        stack, level = divmod(k, per_stack)
        cx = 300 + stack * (width - 600) / max(1, stacks - 1) + (level % 2) * 4
        cy = GROUND_Y - 20 - level * 36
        if k % 5 == 4:
            b.polygon(octagon(cx, cy, 17.0), material="wood", body="dynamic")
        else:
            b.entity(E.Crate, x=cx, y=cy, width=32.0, height=32.0, material="wood")
    b.entity(E.Spawn, x=120.0, y=GROUND_Y - 30.0)
    b.entity(E.Goal, x=width - 60, y=GROUND_Y - 32.0)
    return b.build("7d2e3f40-5162-4c73-8d84-9eafb0c1d2e3", "Benchmark: 1,000 dynamic bodies")


def run_right_with_jumps(ticks: int = TICKS_3_MIN) -> list[int]:
    """Right held throughout; jump held for 18 ticks of every 45."""
    right, jump = int(Buttons.RIGHT), int(Buttons.RIGHT | Buttons.JUMP)
    return [jump if t % 45 < 18 else right for t in range(ticks)]


def write_typical(folder: Path) -> tuple[Path, Path]:
    """Save the typical level and the replay of the scripted run up to where it clears it."""
    from engine import codec
    from engine.fileio import save
    from engine.sim.verify import make_replay, simulate

    doc = typical_level()
    level_path = folder / "typical.cocreate"
    data = save(doc, level_path)
    inputs = run_right_with_jumps()
    world = simulate(doc, inputs)
    replay_path = folder / "typical.replay.cocreate"
    save(make_replay(doc, codec.digest(data), inputs[: world.tick], world), replay_path)
    return level_path, replay_path


def main(argv: list[str]) -> int:
    from engine.fileio import save
    from engine.validation import validate

    out = Path(argv[0] if argv else ".")
    out.mkdir(parents=True, exist_ok=True)
    for name, doc in (("typical", typical_level()), ("stress", stress_level())):
        problems = validate(doc)
        if problems:
            print(f"{name}: not valid:", *problems[:5], sep="\n  ")
            return 1
    save(stress_level(), out / "stress.cocreate")
    level, replay = write_typical(out)
    print(f"wrote {level}, {replay} and {out / 'stress.cocreate'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
