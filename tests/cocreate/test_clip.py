"""``cocreate play LEVEL --replay R --clip OUT.webp``, run as a user runs it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from engine import codec
from engine.document import LevelDocument, ReplayDocument
from engine.fileio import load, read_bytes
from engine.render.clip import clear_clip
from engine.replay import iter_inputs
from engine.sim.verify import save_replay, simulate, verdict_of
from tests.conftest import Ran

LEVELS = Path(__file__).parents[2] / "levels"
LEVEL = LEVELS / "tile-garden.cocreate"
REPLAY = LEVELS / "tile-garden.replay.cocreate"


@pytest.fixture
def play(cocreate_cmd: Callable[..., Ran]) -> Callable[..., Ran]:
    def run(*args: str | Path) -> Ran:
        ran = cocreate_cmd("play", *args)
        assert "Traceback" not in ran.err and "internal error" not in ran.err
        return ran

    return run


def sample() -> tuple[LevelDocument, bytes, list[int]]:
    data = read_bytes(LEVEL)
    level, replay = codec.decode(data), load(REPLAY)
    assert isinstance(level, LevelDocument) and isinstance(replay, ReplayDocument)
    return level, data, list(iter_inputs(replay.replay.inputs))


def test_a_clip_of_a_clear_run_exits_0(play: Callable[..., Ran], tmp_path: Path) -> None:
    level, _, inputs = sample()
    out = tmp_path / "run.webp"
    ran = play(LEVEL, "--replay", REPLAY, "--clip", out)
    assert (ran.code, ran.err) == (0, "")
    data = out.read_bytes()
    assert data == clear_clip(level, inputs)  # the same bytes as the gallery's
    with Image.open(out) as im:
        assert (im.format, im.size, getattr(im, "n_frames", 1)) == ("WEBP", (480, 270), 132)
    assert ran.out == (
        f"{out}: clip of {LEVEL}, 132 frames (9.8 s), {len(data) // 1024} KB\n"
        f"{REPLAY}: cleared at tick 522 (8.70 s), score 1, 0 deaths\n"
    )
    assert list(tmp_path.iterdir()) == [out]  # written atomically: no temporary file left


def test_a_run_that_does_not_clear_is_clipped_and_exits_1(
    play: Callable[..., Ran], tmp_path: Path
) -> None:
    level, data, inputs = sample()
    short = tmp_path / "short.replay.cocreate"
    save_replay(short, level, codec.digest(data), inputs[:120], simulate(level, inputs[:120]))
    out = tmp_path / "short.webp"
    ran = play(LEVEL, "--replay", short, "--clip", out, "--headless")
    assert (ran.code, ran.err) == (1, "")
    verdict = verdict_of(simulate(level, inputs[:120]))
    assert ran.out.splitlines()[1] == f"{short}: {verdict.message}"
    assert "the replay ended at tick 120" in verdict.message
    with Image.open(out) as im:
        assert getattr(im, "n_frames", 1) == 31  # ticks 0, 4, ... 116 and the end at 120


def test_a_replay_of_another_level_writes_nothing(play: Callable[..., Ran], tmp_path: Path) -> None:
    out = tmp_path / "x.webp"
    ran = play(LEVEL, "--replay", LEVELS / "first-steps.replay.cocreate", "--clip", out)
    assert (ran.code, ran.out) == (2, "")
    assert "recorded on another level" in ran.err
    assert not out.exists()


def test_a_clip_into_a_missing_folder_is_one_line(play: Callable[..., Ran], tmp_path: Path) -> None:
    out = tmp_path / "no" / "run.webp"
    ran = play(LEVEL, "--replay", REPLAY, "--clip", out)
    assert (ran.code, ran.out) == (1, "")
    assert ran.err == f"{out}: folder {out.parent} does not exist\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--clip", "x.webp"], "--clip needs --replay R (the run to show)"),
        (
            ["--replay", REPLAY, "--clip", "x.webp", "--screenshot", "x.png"],
            "--clip and --screenshot: one at a time",
        ),
        (
            ["--replay", REPLAY, "--clip", "x.webp", "--record", "r.cocreate"],
            "--record needs the window (not --headless, --screenshot or --clip)",
        ),
        (
            ["--replay", REPLAY, "--clip", "x.webp", "--ticks", "9"],
            "--ticks needs the window (not --headless, --screenshot or --clip)",
        ),
    ],
)
def test_clip_usage_errors_exit_2(
    play: Callable[..., Ran], tmp_path: Path, argv: list[str | Path], message: str
) -> None:
    ran = play(LEVEL, *argv)
    assert (ran.code, ran.out, ran.err) == (2, "", f"cocreate play: error: {message}\n")
