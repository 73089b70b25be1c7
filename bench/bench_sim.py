"""Simulation benchmarks (issue 4), each against its target or a peer measured in the same run.

(1) headless replay verification of each sample level (``levels/NAME.cocreate`` with
    ``levels/NAME.replay.cocreate``): ticks/s and × real time (60 ticks = 1 s), target ≥ 100×;
(2) the typical level of ``bench/sim_levels.py`` (about 2,000 static segments, 100 dynamic
    bodies) with three minutes (10,800 ticks) of scripted input: the simulation ≥ 100× real
    time, and the whole verification of the replay file (read, decode, validate, check the
    digest, re-simulate, verdict) under 2 s;
(3) ``World.step(buttons)`` vs a bare pymunk loop, ``world.space.step(1/60)`` on a second World
    built identically (the limit): ratio ≤ 1.3;
(4) the stress level of ``bench/sim_levels.py``, 1,000 dynamic bodies: × real time (no target).

Times are medians of repeats, our side and the peer interleaved. Run:
``.venv/bin/python bench/bench_sim.py``; exits 1 when a target is missed.
"""

from __future__ import annotations

import gc
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pymunk

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.sim_levels import run_right_with_jumps, stress_level, typical_level
from engine import codec
from engine.document import LevelDocument
from engine.fileio import read_bytes, save
from engine.replay import iter_inputs
from engine.sim.verify import Verdict, load_replay, make_replay, simulate, verdict_of
from engine.sim.world import DT, TICK_RATE, Status, World
from engine.validation import validate

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ("first-steps", "switch-and-door", "tile-garden")
REAL_TIME_TARGET = 100.0
"""× real time a level must reach."""
VERIFY_SECONDS = 2.0
"""A three-minute replay verifies within this."""
OVERHEAD_TARGET = 1.3
"""``World.step`` / bare ``space.step``."""
OVERHEAD_TICKS = 3_600
STRESS_TICKS = 600


def _median_seconds(fn: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def verify_files(level_path: Path, replay_path: Path) -> Verdict:
    """What ``cocreate play LEVEL --headless --replay R`` does, minus the process start."""
    data = read_bytes(level_path)
    doc = codec.decode(data, source=str(level_path))
    assert isinstance(doc, LevelDocument)
    problems = validate(doc)
    if problems:
        raise SystemExit(f"{level_path}: {problems[0]}")
    replay = load_replay(replay_path, level=doc, level_digest=codec.digest(data))
    return verdict_of(simulate(doc, list(iter_inputs(replay.replay.inputs))))


def _mark(passed: bool) -> str:
    return "PASS" if passed else "FAIL"


def samples(results: dict[str, bool]) -> None:
    print("(1) headless replay verification of the sample levels (median of 7):")
    for name in SAMPLES:
        level, replay = (
            ROOT / "levels" / f"{name}.cocreate",
            ROOT / "levels" / f"{name}.replay.cocreate",
        )
        verdict = verify_files(level, replay)
        ticks = verdict.outcome.tick
        whole = _median_seconds(lambda lv=level, rp=replay: verify_files(lv, rp), 7)
        speed = ticks / TICK_RATE / whole
        ok = verdict.cleared and speed >= REAL_TIME_TARGET
        results[f"(1) {name}"] = ok
        print(
            f"  {name}: {verdict.message}; {ticks} ticks verified in {whole * 1000:.1f} ms · "
            f"{ticks / whole:,.0f} ticks/s · {speed:.0f}× real time · target ≥ "
            f"{REAL_TIME_TARGET:g}× · {_mark(ok)}"
        )


def typical(results: dict[str, bool]) -> None:
    doc = typical_level()
    inputs = run_right_with_jumps()
    space = World(doc).space
    statics = sum(1 for s in space.shapes if s.body is space.static_body)
    dynamic = sum(1 for b in space.bodies if b.body_type == b.DYNAMIC) - 1
    print(
        f"(2) typical level: {statics:,} static segments, {dynamic} dynamic bodies "
        f"({len(space.shapes):,} shapes), {len(inputs):,} ticks of input (3 minutes):"
    )
    with tempfile.TemporaryDirectory() as tmp:
        level_path, replay_path = (
            Path(tmp) / "typical.cocreate",
            Path(tmp) / "typical.replay.cocreate",
        )
        save(doc, level_path)
        world = simulate(doc, inputs)
        digest = codec.digest(read_bytes(level_path))
        save(make_replay(doc, digest, inputs, world), replay_path)
        sim_times, verify_times = [], []
        for i in range(5):
            order = ("sim", "verify") if i % 2 else ("verify", "sim")
            for what in order:
                gc.collect()
                start = time.perf_counter()
                if what == "sim":
                    world = simulate(doc, inputs)
                else:
                    verdict = verify_files(level_path, replay_path)
                (sim_times if what == "sim" else verify_times).append(time.perf_counter() - start)
    sim, whole = statistics.median(sim_times), statistics.median(verify_times)
    real = len(inputs) / TICK_RATE
    ok = world.tick == len(inputs) and real / sim >= REAL_TIME_TARGET
    results["(2) typical level × real time"] = ok
    print(
        f"  simulate (build the World + {world.tick:,} steps), median of 5: {sim:.3f} s · "
        f"{world.tick / sim:,.0f} ticks/s · {real / sim:.0f}× real time · target ≥ "
        f"{REAL_TIME_TARGET:g}× · {_mark(ok)}"
    )
    ok = verdict.outcome.tick == len(inputs) and whole < VERIFY_SECONDS
    results["(2) typical level: 3-minute replay verifies"] = ok
    print(
        f"  verify the 3-minute replay file (read, decode, validate, digest, simulate, verdict), "
        f"median of 5: {whole:.3f} s · ratio to the {VERIFY_SECONDS:g} s limit "
        f"{whole / VERIFY_SECONDS:.2f} · {verdict.message} · {_mark(ok)}"
    )


def overhead(results: dict[str, bool]) -> None:
    doc = typical_level()
    inputs = run_right_with_jumps(OVERHEAD_TICKS)
    ours_times, bare_times = [], []
    for i in range(7):
        ours_world, bare_world = World(doc), World(doc)

        def ours(world: World = ours_world) -> None:
            step = world.step
            for buttons in inputs:
                step(buttons)

        def bare(space: pymunk.Space = bare_world.space) -> None:
            step = space.step
            for _ in range(OVERHEAD_TICKS):
                step(DT)

        for fn, out in ((ours, ours_times), (bare, bare_times))[:: 1 if i % 2 else -1]:
            gc.collect()
            start = time.perf_counter()
            fn()
            out.append(time.perf_counter() - start)
        assert ours_world.status is Status.PLAYING
    ours_s, bare_s = statistics.median(ours_times), statistics.median(bare_times)
    ratio = ours_s / bare_s
    ok = ratio <= OVERHEAD_TARGET
    results["(3) World.step vs bare space.step"] = ok
    print(
        f"(3) typical level, {OVERHEAD_TICKS:,} ticks, median of 7: World.step "
        f"{ours_s * 1e6 / OVERHEAD_TICKS:.1f} µs/tick · bare space.step "
        f"{bare_s * 1e6 / OVERHEAD_TICKS:.1f} µs/tick · ratio {ratio:.2f} · target ≤ "
        f"{OVERHEAD_TARGET:g} · {_mark(ok)}"
    )


def stress() -> None:
    doc = stress_level()
    right = run_right_with_jumps(STRESS_TICKS)
    times = []
    for _ in range(3):
        world = World(doc)
        gc.collect()
        start = time.perf_counter()
        for buttons in right:
            world.step(buttons)
        times.append(time.perf_counter() - start)
    dynamic = sum(1 for b in world.space.bodies if b.body_type == b.DYNAMIC) - 1
    spent = statistics.median(times)
    real = STRESS_TICKS / TICK_RATE
    print(
        f"(4) stress level, {dynamic:,} dynamic bodies, {STRESS_TICKS} ticks, median of 3: "
        f"{spent:.3f} s · {STRESS_TICKS / spent:,.0f} ticks/s · {real / spent:.1f}× real time "
        f"(no target)"
    )


def main() -> int:
    results: dict[str, bool] = {}
    samples(results)
    typical(results)
    overhead(results)
    stress()
    missed = [name for name, ok in results.items() if not ok]
    if missed:
        print("MISSED:", "; ".join(missed))
        return 1
    print("all simulation targets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
