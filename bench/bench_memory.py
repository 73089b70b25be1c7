"""Memory benchmark (issue §6): peak RSS of validating a ~60 MB file, against its size.

The file is the large level plus two 3072 × 3072 noise PNGs (about 28 MB each) as textures.
A child process imports what validation needs, notes its RSS (the baseline), then runs
``engine.validation.check_file`` (read, decode, every check, canonical re-encode) and reports
its peak RSS (``ru_maxrss``). Target: peak − baseline < 4 × the file size.

Run: ``.venv/bin/python bench/bench_memory.py``; exits 1 when the target is missed.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET = 4.0
MIB = 1024 * 1024


def _rss() -> int:
    """Peak resident set size of this process so far, in bytes (Linux gives KiB).

    Linux carries ``ru_maxrss`` over from the process that forked: the parent here stays small
    (it builds the file in another child), so the child's baseline is its own."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _hwm() -> int:
    """The same peak from ``/proc/self/status`` (VmHWM), as a cross-check; 0 if unavailable."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def build(path: str) -> None:
    from bench.large_level import large_level
    from engine import fileio

    fileio.save(large_level(extra_images=2, side=3072), path)


def child(path: str) -> None:
    import concurrent.futures  # noqa: F401  (validation imports these; count them as baseline)

    import msgspec  # noqa: F401
    import numpy  # noqa: F401
    import PIL.Image
    import PIL.PngImagePlugin  # noqa: F401
    import shapely  # noqa: F401

    from engine.validation import check_file

    baseline, hwm_baseline = _rss(), _hwm()
    checked = check_file(path)
    peak, hwm_peak = _rss(), _hwm()
    print(
        json.dumps(
            {
                "baseline": baseline,
                "peak": peak,
                "hwm": hwm_peak - hwm_baseline,
                "ok": checked.ok,
            }
        )
    )


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.cocreate"
        subprocess.run([sys.executable, __file__, "--build", str(path)], check=True)
        size = path.stat().st_size
        done = subprocess.run(
            [sys.executable, __file__, "--child", str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
    if done.returncode != 0:
        print(done.stdout, done.stderr)
        return 1
    got = json.loads(done.stdout)
    used = got["peak"] - got["baseline"]
    ratio = used / size
    passed = ratio < TARGET and got["ok"]
    print(
        f"validate a {size / MIB:.1f} MiB file: baseline RSS after imports "
        f"{got['baseline'] / MIB:.1f} MiB, peak {got['peak'] / MIB:.1f} MiB, "
        f"peak − baseline {used / MIB:.1f} MiB = {ratio:.2f} × the file size · "
        f"target < {TARGET:g}× · {'PASS' if passed else 'FAIL'}"
        + ("" if got["ok"] else " (the file was NOT valid)")
        + f" (VmHWM says {got['hwm'] / MIB:.1f} MiB)"
    )
    return 0 if passed else 1


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] in ("--child", "--build"):
        (child if sys.argv[1] == "--child" else build)(sys.argv[2])
        sys.exit(0)
    sys.exit(main())
