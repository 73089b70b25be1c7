"""Find and save the replay that clears each sample level: ``levels/NAME.replay.cocreate``.

Run it after a level changes (``make replays``): a replay names the exact level bytes it was
recorded on, so a changed level needs a new one (the tests say so).

How: a best-first search along a route. The route visits every switch that is linked to
something and every platform such a switch moves, left to right, then the goal. A search node is a list of inputs; its children append one short move
(run, jump, hop either way, jump up, wait); each child is simulated from the start of the level
(exact: pymunk does not resume copies bit-identically) and kept only if it reaches a place (a
24 px cell, on the ground or not) no node reached before without dying. Nodes nearer the next
stop of the route go first. The found inputs are checked again from scratch before saving.
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


def make(name: str, out_dir: Path) -> bool:
    path = HERE / f"{name}.cocreate"
    doc = load(path)
    assert isinstance(doc, LevelDocument)
    digest = codec.digest(read_bytes(path))
    found = solve(doc)
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
