"""Codec benchmarks on the large level (issue §6), each against a peer in the same run.

(a) load + full validation (``engine.validation.check_bytes``: decode, every value, geometry and
    image check, canonical form) vs ``json.loads`` of the same content as JSON, each point an
    ``[x, y]`` list (and, for information, each ring one flat list): ≥ 5× faster;
(b) decode alone (``engine.codec.decode``) vs ``msgpack.unpackb`` of the same bytes: ratio ≤ 1.3;
(c) save (``engine.codec.encode``) vs ``json.dumps`` of the JSON version: ≥ 5× faster;
and, for information, (a) with the garbage collector off, its CPU time over every thread, (a)
with every check on the calling thread, and the whole atomic ``engine.fileio.save`` (temp
file, fsync, replace).

Run: ``.venv/bin/python bench/bench_codec.py``; exits 1 when a target is missed.
"""

from __future__ import annotations

import gc
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import msgpack

from bench.large_level import image_bytes, json_level, large_level
from bench.timing import faster_by, medians, ms, show, within
from engine import codec, fileio
from engine.validation import assets, check_bytes


def _cpu_ms(fn: Callable[[], object], repeats: int = 21) -> float:
    """Median process CPU time of ``fn`` (all threads), in ms."""
    times = []
    for _ in range(repeats):
        gc.collect()
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times) * 1000


def main() -> int:
    doc = large_level()
    data = codec.encode(doc)
    plain = json_level(doc)
    text = json.dumps(plain)
    checked = check_bytes(data)
    if not checked.ok:
        print("the large level is not valid:", *checked.problems[:5], sep="\n  ")
        return 1
    print(
        f"large level: {len(doc.level.shapes):,} shapes, {len(doc.level.entities):,} entities, "
        f"{len(doc.level.links):,} links, images {image_bytes(doc):,} bytes; "
        f".cocreate {len(data):,} bytes, JSON {len(text):,} bytes"
    )

    results = []
    ours, peer = medians(lambda: check_bytes(data), lambda: json.loads(text))
    results.append(faster_by("(a) load + full validation vs json.loads", ours, peer, at_least=5))
    show(results[-1], "check_bytes", "json.loads")
    ours, peer = medians(lambda: check_bytes(data), lambda: json.loads(text), gc_off=True)
    print(
        f"(info) the same with the garbage collector off while timing: check_bytes {ms(ours)} · "
        f"json.loads {ms(peer)} · {peer / ours:.2f}× the peer's speed"
    )
    cpu = _cpu_ms(lambda: check_bytes(data))
    print(
        f"(info) CPU time of one check_bytes, every thread: {cpu:.2f} ms "
        f"(the images are checked on a worker thread while this one checks the rest)"
    )
    saved = assets.PARALLEL_BYTES
    assets.PARALLEL_BYTES = 1 << 62  # every check on the calling thread
    try:
        ours, peer = medians(lambda: check_bytes(data), lambda: json.loads(text), repeats=11)
    finally:
        assets.PARALLEL_BYTES = saved
    print(
        f"(info) the same on one thread: check_bytes {ms(ours)} · json.loads {ms(peer)} · "
        f"{peer / ours:.2f}× the peer's speed"
    )
    flat = json.dumps(json_level(doc, points="flat"))
    ours, peer = medians(lambda: check_bytes(data), lambda: json.loads(flat), repeats=11)
    print(
        f"(info) the same with each ring one flat number list ({len(flat):,} bytes): "
        f"check_bytes {ms(ours)} · json.loads {ms(peer)} · {peer / ours:.2f}× the peer's speed"
    )

    ours, peer = medians(lambda: codec.decode(data), lambda: msgpack.unpackb(data), repeats=51)
    results.append(within("(b) decode vs msgpack.unpackb", ours, peer, ratio=1.3))
    show(results[-1], "codec.decode", "msgpack.unpackb")

    ours, peer = medians(lambda: codec.encode(doc), lambda: json.dumps(plain))
    results.append(faster_by("(c) save (encode) vs json.dumps", ours, peer, at_least=5))
    show(results[-1], "codec.encode", "json.dumps")

    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "large.cocreate"
        whole, _ = medians(lambda: fileio.save(doc, target), lambda: None, repeats=11)
    print(f"(info) fileio.save, atomic with fsync: {ms(whole)}")

    missed = [r.name for r in results if not r.passed]
    if missed:
        print("MISSED:", "; ".join(missed))
        return 1
    print("all codec targets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
