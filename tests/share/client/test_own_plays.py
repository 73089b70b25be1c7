"""``cocreate play`` of a level by its own maker, against a real gallery process: the session is
reported without a problem (the gallery takes it), but the maker's plays are not counted (and
the client says so); their clear still goes on the board."""

from __future__ import annotations

import pytest

from engine.sim.inputs import Buttons
from engine.sim.verify import simulate
from share.client.plays import report_session
from tests.share.client.conftest import GalleryProcess, Machine, make_level
from tests.share.client.test_play_report import board, counters, level_of, session_of


@pytest.fixture
def maker(machines: tuple[Machine, Machine], monkeypatch: pytest.MonkeyPatch) -> Machine:
    """A signed-in machine that pushed a level of its own (``hop.cocreate``); this process uses
    its settings (for ``report_session`` called here)."""
    m, _other = machines
    path = make_level(m.home)
    done = m.run("push", path.name)
    assert done.returncode == 0, done.stderr
    for name, value in m.env().items():
        if name.startswith("COCREATE_"):
            monkeypatch.setenv(name, value)
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    return m


def test_the_makers_own_sessions_are_reported_without_a_problem_but_not_counted(
    maker: Machine, gallery: GalleryProcess
) -> None:
    path = maker.home / "hop.cocreate"
    data, doc = level_of(path)
    ident = doc.id
    done = maker.run("play", path.name, "--ticks", "30")  # no key pressed: not cleared
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (
        f"Reported a play to {gallery.url}, not counted: you made this level: a maker's own "
        "plays are not counted\n"
    )
    assert counters(gallery, ident) == (0, 0)

    run = [int(Buttons.RIGHT)] * 400  # runs right to the goal
    report = report_session(path, data, doc, session_of(doc, run))
    cleared = simulate(doc, run).outcome()
    assert (report.done, report.problems) == (
        [f"Reported to {gallery.url}: your clear {cleared.tick / 60:.2f} s, score 0 — 1st of 1"],
        [],
    )
    assert [e["user"] for e in board(gallery, ident)["items"]] == [maker.user]
    assert counters(gallery, ident) == (0, 0)
