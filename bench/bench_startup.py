"""Start-up benchmark (issue §6): ``cocreate validate SMALL_LEVEL`` as a whole process vs a bare
``python -c "import ..."`` of exactly the libraries that validation imported (read from
``-X importtime`` of the same command: for the small level, which has no images and whose
polygon numpy proves valid, msgspec and numpy, with msgspec's typing_extensions; shapely and
Pillow join the peer whenever validation loads them): median of interleaved runs, target ratio
≤ 1.3. It also shows that validating imports none of pygame, pymunk, fastapi, httpx.

Run: ``.venv/bin/python bench/bench_startup.py``; exits 1 when the target is missed.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine import fileio
from engine.starter import new_level

RUNS = 21
TARGET = 1.3
FORBIDDEN = ("pygame", "pymunk", "fastapi", "httpx")


def _bin(name: str) -> str:
    return str(Path(sys.executable).parent / name)


# As a user runs them: bytecode caches written and used (this sandbox sets
# PYTHONDONTWRITEBYTECODE, which would recompile our modules, and only ours, on every run).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _run(cmd: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV, check=False
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {done.stderr.decode(errors='replace')}")
    return elapsed


def imported_modules(cmd: list[str]) -> list[str]:
    """Every module a command imports, read from ``-X importtime``."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *cmd],
        capture_output=True,
        text=True,
        env=ENV,
        check=True,
    )
    names = []
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if name != "imported package":
                names.append(name)
    return names


OURS = ("cocreate", "engine")


def _libraries(modules: list[str]) -> list[str]:
    """The top-level packages outside the standard library and this project that were really
    loaded (``-X importtime`` also lists tries that failed, such as ``copy``'s ``org``), less
    what every interpreter here loads (``sitecustomize``)."""
    import importlib.util

    tops = {m.split(".")[0] for m in modules}
    tops -= {m.split(".")[0] for m in imported_modules(["-c", "pass"])}
    return sorted(
        m
        for m in tops
        if m not in sys.stdlib_module_names
        and not m.startswith("_")
        and m not in OURS
        and importlib.util.find_spec(m) is not None
    )


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        level = Path(tmp) / "small.cocreate"
        doc = new_level("Start-up benchmark", ident="0f1e2d3c-4b5a-4697-8877-665544332211")
        fileio.save(doc, level)
        assert not doc.assets, "the small level has images: add PIL.Image to the peer"
        ours_cmd = [_bin("cocreate"), "validate", str(level)]
        modules = imported_modules(ours_cmd)
        libraries = _libraries(modules)
        peer_code = f"import {', '.join(libraries)}"
        peer_cmd = [sys.executable, "-c", peer_code]
        for _ in range(3):  # warm the page cache and the .pyc files
            _run(ours_cmd)
            _run(peer_cmd)
        ours: list[float] = []
        peer: list[float] = []
        for i in range(RUNS):
            if i % 2:
                ours.append(_run(ours_cmd))
                peer.append(_run(peer_cmd))
            else:
                peer.append(_run(peer_cmd))
                ours.append(_run(ours_cmd))
    ours_ms = statistics.median(ours) * 1000
    peer_ms = statistics.median(peer) * 1000
    ratio = ours_ms / peer_ms
    passed = ratio <= TARGET
    print(
        f"cocreate validate SMALL_LEVEL (whole process, median of {RUNS}): {ours_ms:.1f} ms · "
        f'python -c "{peer_code}": {peer_ms:.1f} ms · ratio {ratio:.2f} · '
        f"target ratio ≤ {TARGET:g} · {'PASS' if passed else 'FAIL'}"
    )
    tops = sorted({m.split(".")[0] for m in modules})
    bad = [m for m in FORBIDDEN if m in tops]
    print(
        f"validate imports {len(modules)} modules; outside the stdlib: "
        f"{', '.join([*OURS, *libraries])}"
    )
    print(
        f"forbidden imports ({', '.join(FORBIDDEN)}): "
        + (f"FOUND {', '.join(bad)}" if bad else "none")
        + f"; PIL imported: {'yes' if 'PIL' in tops else 'no'}"
    )
    return 0 if passed and not bad else 1


if __name__ == "__main__":
    sys.exit(main())
