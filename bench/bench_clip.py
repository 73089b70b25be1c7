"""Level clips (issue 7): size and render time of each sample level's clear-run animation.

For every ``levels/NAME.cocreate`` with its ``NAME.replay.cocreate``: the clip the gallery
renders at upload (``engine.render.clip.render_clip`` with its defaults: 480 × 270, 15 fps,
WebP quality 40, method 4), the median of ``REPEATS`` renders, split into its phases (the
first simulation that finds the end, drawing and scaling every frame, encoding), and the peak
memory of one render in a child process (``VmHWM`` after minus before).

Targets: each sample's clip ≤ 1 MiB and rendered in ≤ 5 s of CPU time (the render is one
thread; the wall time is shown too, and grows with the machine's load; the worker's budget is
60 s of wall time).

Run: ``.venv/bin/python bench/bench_clip.py [--quick]``; exits 1 when a target is missed.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from engine.document import LevelDocument, ReplayDocument  # noqa: E402
from engine.fileio import load  # noqa: E402
from engine.render import clip as clips  # noqa: E402
from engine.replay import iter_inputs  # noqa: E402

REPEATS = 5
MAX_BYTES = 1024 * 1024
MAX_SECONDS = 5.0

MEMORY = r"""
import os, sys
os.environ["SDL_VIDEODRIVER"] = "dummy"
sys.path.insert(0, sys.argv[1])
from engine.fileio import load
from engine.render.clip import render_clip
from engine.replay import iter_inputs
doc, rep = load(sys.argv[2]), load(sys.argv[3])
inputs = list(iter_inputs(rep.replay.inputs))
import pygame, PIL.Image  # loaded before the baseline, as in a worker that has run once


def peak():  # VmHWM starts afresh at exec (ru_maxrss would carry the parent's over)
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))


before = peak()
render_clip(doc, inputs)
print(peak() - before)
"""


def samples() -> list[tuple[str, LevelDocument, list[int]]]:
    out = []
    for replay in sorted((ROOT / "levels").glob("*.replay.cocreate")):
        name = replay.name.removesuffix(".replay.cocreate")
        doc, rep = load(ROOT / "levels" / f"{name}.cocreate"), load(replay)
        assert isinstance(doc, LevelDocument) and isinstance(rep, ReplayDocument)
        out.append((name, doc, list(iter_inputs(rep.replay.inputs))))
    return out


def phases(doc: LevelDocument, inputs: list[int]) -> tuple[float, float, float]:
    """Wall seconds to find the end, to draw and scale every frame, to encode (one render)."""
    start = time.perf_counter()
    end = clips._end_tick(doc, inputs)
    found = time.perf_counter()
    stride = clips.stride_for(end, clips.FPS, clips.MAX_SECONDS)
    frames, _, _ = clips._draw(doc, inputs, end, stride, clips.SIZE, speed=1.0)
    drawn = time.perf_counter()
    durations = [1000.0 / clips.FPS] * len(frames)
    clips._webp(frames, durations, clips.QUALITY, clips.METHOD)
    return found - start, drawn - found, time.perf_counter() - drawn


def peak_mib(name: str) -> float:
    level, replay = (
        ROOT / "levels" / f"{name}.cocreate",
        ROOT / "levels" / f"{name}.replay.cocreate",
    )
    ran = subprocess.run(
        [sys.executable, "-c", MEMORY, str(ROOT), str(level), str(replay)],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(ran.stdout.split()[-1]) / 1024


def main() -> int:
    repeats = 2 if "--quick" in sys.argv else REPEATS
    failed = False
    print(
        "| level | run | frames | clip | render: CPU (wall) | find end / draw / encode "
        "| peak memory | result |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name, doc, inputs in samples():
        clips.render_clip(doc, inputs)  # warm: imports, fonts
        times, cpu = [], []
        for _ in range(repeats):
            start, start_cpu = time.perf_counter(), time.process_time()
            clip = clips.render_clip(doc, inputs)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        split = [phases(doc, inputs) for _ in range(repeats)]
        found, drawn, encoded = (statistics.median(s[i] for s in split) for i in range(3))
        took, took_cpu = statistics.median(times), statistics.median(cpu)
        ok = len(clip.data) <= MAX_BYTES and took_cpu <= MAX_SECONDS
        failed |= not ok
        run = f"{clip.world.tick / 60:.2f} s"
        speed = f" at {clip.speed:g}x" if clip.speed > 1 else ""
        print(
            f"| {name} | {run} | {len(clip.ticks)}{speed} | {len(clip.data) / 1024:,.0f} KiB "
            f"| {took_cpu:.2f} s ({took:.2f} s) "
            f"| {found * 1000:.0f} ms / {drawn:.2f} s / {encoded:.2f} s "
            f"| {peak_mib(name):.0f} MiB | {'PASS' if ok else 'FAIL'} |"
        )
    cores = os.cpu_count()
    print(f"\ntargets: clip ≤ {MAX_BYTES // 1024} KiB, render ≤ {MAX_SECONDS:g} s; {cores} cores")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
