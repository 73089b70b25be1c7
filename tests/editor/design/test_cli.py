"""``cocreate edit`` on a design, as a user runs it, up to where a window would open."""

from __future__ import annotations

import subprocess
from pathlib import Path

from engine.fileio import save
from engine.starter import new_design
from tests.conftest import COCREATE, subprocess_env
from tests.editor.design.conftest import edit_in_a_process


def test_a_design_without_a_display_fails_in_one_line(tmp_path: Path) -> None:
    design = tmp_path / "tee.cocreate"
    save(new_design(), design)
    env = subprocess_env()
    for var in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER"):
        env.pop(var, None)
    done = subprocess.run(
        [str(COCREATE), "edit", str(design)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr == "cocreate edit: no display (set DISPLAY to a running X server)\n"
    assert done.stdout == ""


def test_the_design_window_opens_and_closes(tmp_path: Path) -> None:
    """The real ``cocreate edit`` path on a design under SDL's dummy driver: a QUIT event
    posted before the loop closes the (clean) window at once, exit 0."""
    design = tmp_path / "tee.cocreate"
    save(new_design(), design)
    done = edit_in_a_process(
        design,
        "",
        "    print('ran', self.session.path.name, len(self.session.doc.design.layers))\n",
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.strip().endswith("ran tee.cocreate 0")
