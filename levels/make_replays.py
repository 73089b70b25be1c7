"""Find and save the replay that clears each sample level: ``levels/NAME.replay.cocreate``.

Run it after a level changes (``make replays``): a replay names the exact level bytes it was
recorded on, so a changed level needs a new one (the tests say so).

How: a best-first search along a route. The route visits every switch that is linked to
something and every platform such a switch moves, left to right, then the goal. A search node
is a list of inputs; its children append one short move (run, jump, hop either way, jump up,
wait); each child is simulated from the start of the level (exact: pymunk does not resume
copies bit-identically) and kept only if it reaches a place (a 24 px cell, on the ground or
not, and in levels with moving platforms a time slot) no node reached before without dying.
Nodes nearer the next stop of the route go first. The found inputs are checked again from
scratch before saving. A level whose timing makes the search slow (``switch-and-door``: a lift
to catch, a bounce pad to approach just so) has a scripted route in ``ROUTES`` instead: a
controller that reads the world each tick, so small changes to the level still work.
"""

from __future__ import annotations

import argparse
import heapq
import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from engine import codec
from engine.document import LevelDocument
from engine.fileio import load, read_bytes
from engine.level.entities import Goal, MovingPlatform, Switch
from engine.sim.inputs import Buttons
from engine.sim.verify import save_replay, simulate, verdict_of
from engine.sim.world import Status, World

HERE = Path(__file__).resolve().parent
LEVELS = ("first-steps", "switch-and-door", "tile-garden")
R, L, J = int(Buttons.RIGHT), int(Buttons.LEFT), int(Buttons.JUMP)
STEP = 12


def _moves() -> list[list[int]]:
    moves = []
    for toward in (R, L):
        moves += [
            [toward] * STEP,
            [toward | J] * STEP * 3,
            [toward | J] * 5 + [toward] * (STEP - 5),
        ]
    moves += [[J] * STEP * 3, [0] * STEP]
    return moves


def _route(doc: LevelDocument) -> list[tuple[float, float]]:
    """Every switch linked to something, then every platform a switch moves (to ride it),
    left to right; then the goal."""
    level = doc.level
    linked = {link.source for link in level.links}
    moved = {link.target for link in level.links}
    stops = [(e.x, e.y) for e in level.entities if isinstance(e, Switch) and e.id in linked]
    stops += [
        (e.x, e.y - e.height / 2 - 22)  # standing on it
        for e in level.entities
        if isinstance(e, MovingPlatform) and e.id in moved
    ]
    stops.sort(key=lambda p: p[0])
    goal = next(e for e in level.entities if isinstance(e, Goal))
    return [*stops, (goal.x, goal.y)]


@dataclass(order=True)
class _Node:
    priority: tuple[float, ...]
    inputs: list[int] = field(compare=False)
    stop: int = field(compare=False)


def _run(
    doc: LevelDocument, inputs: list[int], route: list[tuple[float, float]]
) -> tuple[World, int]:
    """Simulate from scratch (exact), noting which stops of the route were reached."""
    world = World(doc)
    stop = 0
    for b in inputs:
        world.step(b)
        p = world.player.position
        if stop < len(route) - 1 and math.dist((p.x, p.y), route[stop]) < 40:
            stop += 1
        if world.status is not Status.PLAYING or world.deaths:
            break
    return world, stop


def solve(doc: LevelDocument, *, budget: int = 6000) -> list[int] | None:
    """Best-first search over short moves, new places first, from-scratch simulation."""
    route = _route(doc)
    moves = _moves()
    seen: set[tuple[int, int, int, bool, int]] = set()
    doc_moves = any(isinstance(e, MovingPlatform) for e in doc.level.entities)
    frontier = [_Node((0.0,), [], 0)]
    for expansion in range(budget):
        if not frontier:
            return None
        node = heapq.heappop(frontier)
        if expansion % 200 == 0:
            print(f"  {expansion} expanded, stop {node.stop}, {len(node.inputs)} ticks", flush=True)
        for move in moves:
            inputs = node.inputs + move
            world, stop = _run(doc, inputs, route)
            if world.status is Status.CLEARED:
                return inputs[: world.tick]
            if world.status is not Status.PLAYING or world.deaths:
                continue
            p = world.player.position
            # with moving parts, *when* matters too: a lift comes back every few seconds
            when = world.tick // 30 if doc_moves else 0
            cell = (stop, round(p.x / 24), round(p.y / 24), world.player_state.grounded, when)
            if cell in seen:
                continue
            seen.add(cell)
            target = route[stop]
            distance = math.dist((p.x, p.y), target)
            heapq.heappush(frontier, _Node((-stop, distance, len(inputs)), inputs, stop))
    return None


def _switch_and_door(doc: LevelDocument) -> list[int]:
    """A scripted route (a controller that looks at the world each tick): the lift's timing
    and the bounce pad's tight approach make this level slow to find by search."""
    level = doc.level
    lift = next(e for e in level.entities if isinstance(e, MovingPlatform))
    button = next(
        e
        for e in level.entities
        if isinstance(e, Switch)
        and e.id != lift.id
        and any(k.source == e.id and k.target == lift.id for k in level.links)
    )
    ends = sorted(lift.x + x for x, _ in _path_points(lift))
    world = World(doc)
    inputs: list[int] = []

    def step(b: int) -> None:
        inputs.append(b)
        world.step(b)

    def x() -> float:
        return float(world.player.position.x)

    body = world.bodies[lift.id]
    while x() < button.x - 140 and world.tick < 2_000:  # past the door, onto the ice
        step(R)
    for _ in range(20):  # up onto the wooden ledge
        step(R | J)
    while not (world.player_state.grounded and world.player.position.y < button.y) and (
        world.tick < 3_000
    ):
        step(R if x() < button.x else L)  # onto the lift's button
    while abs(x() - (button.x + 70)) > 6 and world.tick < 3_000:  # to the ledge's end
        step(R if x() < button.x + 70 else L)
    while not (body.velocity.x < 0 and ends[0] + 190 < body.position.x < ends[0] + 230) and (
        world.tick < 5_000
    ):
        step(0)  # wait for the lift to come back towards us
    for _ in range(24):
        step(R | J)
    while not world.player_state.grounded and world.tick < 5_000:
        step(R)
    while body.position.x < ends[-1] - 20 and world.tick < 6_000:  # ride, keeping centred
        dx = body.position.x - x()
        step(R if dx > 8 else L if dx < -8 else 0)
    for _ in range(6):
        step(R | J)
    rubber = ends[-1] + lift.width / 2 + 50
    for _ in range(90):  # over the gap, then drift down onto the rubber before the pad
        step(R if x() < rubber else 0)
        if world.player_state.grounded and x() > rubber:
            break
    while world.status is Status.PLAYING and world.tick < 7_000:
        if world.player_state.grounded and world.player.position.y < 800:
            break
        step(R)  # the pad throws us up past the flag
    while world.status is Status.PLAYING and world.tick < 8_000:
        step(L)  # and back to it
    return inputs


def _path_points(platform: MovingPlatform) -> list[tuple[float, float]]:
    from engine.packed import unpack_points

    return unpack_points(platform.path)


ROUTES = {"switch-and-door": _switch_and_door}
"""Levels solved by a scripted route rather than by search."""


def make(name: str, out_dir: Path) -> bool:
    path = HERE / f"{name}.cocreate"
    doc = load(path)
    assert isinstance(doc, LevelDocument)
    digest = codec.digest(read_bytes(path))
    found = ROUTES[name](doc) if name in ROUTES else solve(doc)
    if found is None:
        print(f"{name}: no route found within the search budget")
        return False
    inputs = found
    world = simulate(doc, inputs)  # from scratch: exactly what a verifier will see
    verdict = verdict_of(world)
    print(f"{name}: {verdict.message} ({len(inputs)} ticks of input)")
    if not verdict.cleared:
        return False
    save_replay(out_dir / f"{name}.replay.cocreate", doc, digest, inputs[: world.tick], world)
    return True


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", default=list(LEVELS))
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args(argv)
    results = [make(name, args.out) for name in args.names]  # every level, even after a failure
    ok = all(results)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
