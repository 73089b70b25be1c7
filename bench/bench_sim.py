"""Simulation benchmarks (issue 4), each against its target or a peer measured in the same run.

(1) headless replay verification of each sample level (``levels/NAME.cocreate`` with
    ``levels/NAME.replay.cocreate``): ticks/s and × real time (60 ticks = 1 s), target ≥ 100×;
(2) the typical level of ``bench/sim_levels.py`` (about 2,000 static segments, 100 dynamic
    bodies) and the replay of its scripted run, which clears it at tick 10,713 (2 min 58.6 s):
    the simulation ≥ 100× real time, and the whole verification of the replay file in process
    (read, decode, validate, check the digest, re-simulate, verdict) under 2 s; for
    information, the same as the command ``cocreate play LEVEL --headless --replay R``;
(3) ``World.step(buttons)`` vs a bare pymunk loop, ``world.space.step(1/60)`` on a second World
    built identically (the limit): ratio ≤ 1.3;
(4) the stress level of ``bench/sim_levels.py``, 1,000 dynamic bodies: × real time (no target).

Python's ``time.perf_counter``; times are medians of repeats, our side and the peer of (3)
interleaved. Run:
``.venv/bin/python bench/bench_sim.py``; exits 1 when a target is missed.
"""

from __future__ import annotations

import gc
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pymunk

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.sim_levels import run_right_with_jumps, stress_level, typical_level, write_typical
from engine import codec
from engine.document import LevelDocument
from engine.fileio import read_bytes
from engine.replay import iter_inputs
from engine.sim.verify import Verdict, load_replay, simulate, verdict_of
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


def verify_files(level_path: Path, replay_path: Path) -> tuple[Verdict, float]:
    """What ``cocreate play LEVEL --headless --replay R`` does in its process; also returns the
    seconds spent in ``simulate`` (building the World and stepping it)."""
    data = read_bytes(level_path)
    doc = codec.decode(data, source=str(level_path))
    assert isinstance(doc, LevelDocument)
    problems = validate(doc)
    if problems:
        raise SystemExit(f"{level_path}: {problems[0]}")
    replay = load_replay(replay_path, level=doc, level_digest=codec.digest(data))
    inputs = list(iter_inputs(replay.replay.inputs))
    start = time.perf_counter()
    world = simulate(doc, inputs)
    return verdict_of(world), time.perf_counter() - start


def timed_verifications(level: Path, replay: Path, repeats: int) -> tuple[Verdict, float, float]:
    """The verdict, and the median seconds of the whole verification and of its simulation."""
    whole: list[float] = []
    sim: list[float] = []
    verdict = verify_files(level, replay)[0]  # warm-up
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        verdict, simulating = verify_files(level, replay)
        whole.append(time.perf_counter() - start)
        sim.append(simulating)
    return verdict, statistics.median(whole), statistics.median(sim)


def cli_seconds(level: Path, replay: Path, repeats: int) -> tuple[int, float]:
    """Exit code and median wall seconds of the real command, process start included."""
    cocreate = Path(sys.executable).with_name("cocreate")
    cmd = [str(cocreate), "play", str(level), "--headless", "--replay", str(replay)]
    times = []
    code = 0
    for _ in range(repeats):
        start = time.perf_counter()
        code = subprocess.run(cmd, capture_output=True, check=False).returncode
        times.append(time.perf_counter() - start)
    return code, statistics.median(times)


def _mark(passed: bool) -> str:
    return "PASS" if passed else "FAIL"


def samples(results: dict[str, bool]) -> None:
    print("(1) headless replay verification of the sample levels, in process (median of 7):")
    for name in SAMPLES:
        level = ROOT / "levels" / f"{name}.cocreate"
        replay = ROOT / "levels" / f"{name}.replay.cocreate"
        verdict, whole, sim = timed_verifications(level, replay, 7)
        ticks = verdict.outcome.tick
        speed = ticks / TICK_RATE / whole
        ok = verdict.cleared and speed >= REAL_TIME_TARGET
        results[f"(1) {name}"] = ok
        print(
            f"  {name}: {verdict.message} · {ticks:,} ticks verified in {whole * 1000:.1f} ms "
            f"(simulating {sim * 1000:.1f} ms) · {ticks / whole:,.0f} ticks/s · {speed:,.0f}× "
            f"real time · target ≥ {REAL_TIME_TARGET:g}× · {_mark(ok)}"
        )


def typical(results: dict[str, bool]) -> None:
    doc = typical_level()
    space = World(doc).space
    statics = sum(1 for s in space.shapes if s.body is space.static_body)
    dynamic = sum(1 for b in space.bodies if b.body_type == b.DYNAMIC) - 1
    print(
        f"(2) typical level: {statics:,} static segments, {dynamic} dynamic bodies "
        f"({len(space.shapes):,} shapes); the scripted 3-minute run:"
    )
    with tempfile.TemporaryDirectory() as tmp:
        level, replay = write_typical(Path(tmp))
        verdict, whole, sim = timed_verifications(level, replay, 5)
        code, cli = cli_seconds(level, replay, 3)
    ticks = verdict.outcome.tick
    real = ticks / TICK_RATE
    ok = verdict.cleared and real / sim >= REAL_TIME_TARGET
    results["(2) typical level × real time"] = ok
    print(
        f"  simulate (build the World + {ticks:,} steps), median of 5: {sim:.3f} s · "
        f"{ticks / sim:,.0f} ticks/s · {real / sim:.0f}× real time · target ≥ "
        f"{REAL_TIME_TARGET:g}× · {_mark(ok)}"
    )
    ok = verdict.cleared and whole < VERIFY_SECONDS
    results["(2) typical level: the 3-minute replay verifies in time"] = ok
    print(
        f"  verify the replay file in process (read, decode, validate, digest, simulate, "
        f"verdict), median of 5: {whole:.3f} s · {verdict.message} · ratio to the "
        f"{VERIFY_SECONDS:g} s limit {whole / VERIFY_SECONDS:.2f} · {_mark(ok)}"
    )
    print(
        f"  (info) the same as a command, `cocreate play LEVEL --headless --replay R`, process "
        f"start included, median of 3: {cli:.3f} s · exit {code}"
    )


def overhead(results: dict[str, bool]) -> None:
    doc = typical_level()
    inputs = run_right_with_jumps(OVERHEAD_TICKS)
    ours_times: list[float] = []
    bare_times: list[float] = []
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
