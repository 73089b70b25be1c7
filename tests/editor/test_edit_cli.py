"""``cocreate edit``, run as a user runs it, for the cases that end before a window opens."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from tests.conftest import COCREATE, Ran, subprocess_env

LEVELS = Path(__file__).resolve().parents[2] / "levels"


def test_a_replay_file_is_refused_in_one_line(cocreate_cmd: Callable[..., Ran]) -> None:
    replay = LEVELS / "first-steps.replay.cocreate"
    ran = cocreate_cmd("edit", replay)
    assert (ran.code, ran.out) == (1, "")
    assert ran.err == f"{replay}: is a replay, not a level or a design\n"


def test_a_corrupt_file_is_one_line_and_exit_1(
    cocreate_cmd: Callable[..., Ran], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.cocreate"
    bad.write_bytes(b"\x93not a level at all")
    ran = cocreate_cmd("edit", bad)
    assert ran.code == 1
    assert ran.err.startswith(f"{bad}: ")
    assert ran.err.count("\n") == 1
    assert "Traceback" not in ran.err


def test_a_directory_is_one_line_and_exit_1(
    cocreate_cmd: Callable[..., Ran], tmp_path: Path
) -> None:
    ran = cocreate_cmd("edit", tmp_path)
    assert ran.code == 1
    assert ran.err.count("\n") == 1
    assert str(tmp_path) in ran.err
    assert "Traceback" not in ran.err


def test_help_describes_the_file_argument(cocreate_cmd: Callable[..., Ran]) -> None:
    ran = cocreate_cmd("edit", "--help")
    assert ran.code == 0
    assert "FILE" in ran.out
    assert ran.err == ""


def test_edit_is_listed_among_the_commands(cocreate_cmd: Callable[..., Ran]) -> None:
    ran = cocreate_cmd("--help")
    assert "edit" in ran.out


def test_without_a_display_it_says_so_in_one_line(tmp_path: Path) -> None:
    env = subprocess_env()
    for var in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER"):
        env.pop(var, None)
    done = subprocess.run(
        [str(COCREATE), "edit", str(tmp_path / "new.cocreate")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr == "cocreate edit: no display (set DISPLAY to a running X server)\n"
    assert not (tmp_path / "new.cocreate").exists()
