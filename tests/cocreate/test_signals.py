"""``cocreate play`` stops when told to: SIGTERM and Ctrl+C end a headless render at once, and
still close the window (SDL turns them into a quit event there)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from engine.fileio import save
from engine.level import entities as E
from engine.packed import pack_points
from tests.conftest import COCREATE, Ran, subprocess_env
from tests.engine.sim.builders import LevelBuilder

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads /proc/PID/status")

LONGEST = "54000"
"""``engine.limits.MAX_REPLAY_TICKS``: the longest ``--at`` allowed."""


@pytest.fixture
def busy(tmp_path: Path) -> Path:
    """A level whose 54000 ticks take many seconds: 100 moving platforms never rest."""
    b = LevelBuilder()
    b.ground()
    b.spawn()
    b.goal(2900.0)
    for i in range(100):
        b.entity(
            E.MovingPlatform,
            x=200.0 + (i % 40) * 60,
            y=200.0 + (i // 40) * 40,
            material="wood",
            path=pack_points([(0.0, 0.0), (0.0, 200.0)]),
        )
    path = tmp_path / "busy.cocreate"
    save(b.build(), path)
    return path


@pytest.fixture
def start() -> Iterator[Callable[..., subprocess.Popen[str]]]:
    """``start(*args, env=...)``: ``cocreate ARGS`` running; killed at the end if still alive."""
    started: list[subprocess.Popen[str]] = []

    def run(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
        proc = subprocess.Popen(
            [str(COCREATE), *map(str, args)],
            env=env or subprocess_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=_as_from_a_terminal,
        )
        started.append(proc)
        return proc

    yield run
    for proc in started:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()


def _as_from_a_terminal() -> None:
    """Ctrl+C's default, which a test runner's worker may have set to ignored (and children
    inherit what is ignored)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _stop(proc: subprocess.Popen[str], sig: signal.Signals) -> tuple[Ran, float]:
    """Send ``sig``; what the process said and how many seconds it took to end (at most 10)."""
    proc.send_signal(sig)
    sent = time.monotonic()
    out, err = proc.communicate(timeout=10)
    return Ran(proc.returncode, out, err), time.monotonic() - sent


def _window_running(proc: subprocess.Popen[str]) -> None:
    """Wait until the play window's loop runs (at most 20 s)."""
    deadline = time.monotonic() + 20
    while not _catches_sigterm(proc.pid):  # SDL is up once it has its handler
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
        time.sleep(0.05)
    time.sleep(1.0)  # and the window's loop runs: a Ctrl+C while it opens can be lost


def _catches_sigterm(pid: int) -> bool:
    """Whether the process has a handler installed for SIGTERM (its SigCgt mask)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("SigCgt:"):
            return bool(int(line.split()[1], 16) >> (signal.SIGTERM - 1) & 1)
    raise AssertionError("no SigCgt line in /proc/PID/status")


def test_sigterm_ends_a_long_screenshot_at_once(start, busy: Path, tmp_path: Path) -> None:
    out = tmp_path / "late.png"
    proc = start("play", busy, "--screenshot", out, "--at", LONGEST)
    time.sleep(1.0)
    assert proc.poll() is None, "the render ended before it could be stopped"
    ran, took = _stop(proc, signal.SIGTERM)
    assert ran == (-signal.SIGTERM, "", "")
    assert took < 3.0
    assert not out.exists()


def test_ctrl_c_ends_a_long_screenshot_with_130(start, busy: Path, tmp_path: Path) -> None:
    out = tmp_path / "late.png"
    proc = start("play", busy, "--screenshot", out, "--at", LONGEST)
    time.sleep(1.0)
    assert proc.poll() is None, "the render ended before it could be stopped"
    ran, took = _stop(proc, signal.SIGINT)
    assert ran == (130, "", "cocreate: interrupted\n")
    assert took < 3.0
    assert not out.exists()


def test_headless_drawing_leaves_sigterm_to_the_system(python_cmd: Callable[..., Ran]) -> None:
    """What clips and screenshots draw in: SIGTERM kills; with SDL's own handlers it would not."""
    kill = "os.kill(os.getpid(), signal.SIGTERM); time.sleep(0.5); print('alive')"
    headless = (
        "import os, signal, time\n"
        "from engine.render.play import headless_pygame\n"
        f"with headless_pygame():\n    {kill}\n"
    )
    assert python_cmd("-c", headless) == (-signal.SIGTERM, "", "")
    plain = (  # the same with SDL's defaults: the signal becomes an unread quit event
        "import os, signal, time\n"
        "os.environ.update(SDL_VIDEODRIVER='dummy', PYGAME_HIDE_SUPPORT_PROMPT='1')\n"
        "import pygame\n"
        f"pygame.display.init()\n{kill}\n"
    )
    assert python_cmd("-c", plain) == (0, "alive\n", "")


@pytest.mark.parametrize(
    ("sig", "ended"),
    [(signal.SIGTERM, (0, "", "")), (signal.SIGINT, (130, "", "cocreate: interrupted\n"))],
)
def test_the_window_still_closes_on_sigterm_and_ctrl_c(
    start, busy: Path, sig: signal.Signals, ended: tuple[int, str, str]
) -> None:
    env = subprocess_env() | {"SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    proc = start("play", busy, "--offline", env=env)
    _window_running(proc)
    ran, took = _stop(proc, sig)
    assert ran == ended
    assert took < 3.0


def test_ctrl_c_in_the_window_still_saves_the_attempt_it_records(
    start, busy: Path, tmp_path: Path
) -> None:
    from engine.document import ReplayDocument
    from engine.fileio import load

    env = subprocess_env() | {"SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    out = tmp_path / "run.replay.cocreate"
    proc = start("play", busy, "--offline", "--record", out, env=env)
    _window_running(proc)  # and the attempt has ticks
    ran, took = _stop(proc, signal.SIGINT)
    assert (ran.code, ran.err) == (130, "cocreate: interrupted\n")
    assert ran.out.startswith(f"{out}: replay of ") and took < 3.0
    replay = load(out)
    assert isinstance(replay, ReplayDocument)
