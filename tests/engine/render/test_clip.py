"""A level's run as an animated WebP: frames, timing, the camera on the player, determinism."""

from __future__ import annotations

import io
import math
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import numpy as np
import pytest
from PIL import Image, ImageSequence

from engine.document import LevelDocument
from engine.level import entities as E
from engine.render.clip import clear_clip, render_clip
from engine.sim.inputs import Buttons
from engine.sim.verify import simulate
from engine.sim.world import Status
from tests.engine.sim.builders import GROUND_Y, LevelBuilder

RIGHT = int(Buttons.RIGHT)


def level() -> LevelDocument:
    """Wider than the view (1280), so the camera has to follow the player to the goal."""
    b = LevelBuilder(width=2400.0, height=1200.0)
    b.ground()
    b.spawn()
    b.entity(E.Collectible, x=400.0, y=GROUND_Y - 20)
    b.goal(1900.0)
    return b.build()


def frames(data: bytes) -> list[tuple[np.ndarray, int]]:
    """Each frame's RGB pixels and duration (ms) as a WebP reader sees them."""
    with Image.open(io.BytesIO(data)) as im:
        assert im.format == "WEBP"
        assert im.info.get("loop", 0) == 0  # loops forever
        return [
            (np.asarray(f.convert("RGB")), int(f.info["duration"]))
            for f in ImageSequence.Iterator(im)
        ]


def player_x(rgb: np.ndarray) -> float | None:
    """The mean column of the player's orange (235, 94, 40), lossy WebP allowing for some drift."""
    d = np.abs(rgb.astype(int) - (235, 94, 40)).max(axis=2)
    cols = np.nonzero(d < 40)[1]
    return float(cols.mean()) if cols.size >= 8 else None


def test_a_clear_run_is_every_fourth_tick_then_the_end_held_a_second() -> None:
    doc = level()
    inputs = [RIGHT] * 600
    end = simulate(doc, inputs).outcome()
    assert end.status is Status.CLEARED
    clip = render_clip(doc, inputs)
    expected = [*range(0, end.tick, 4), end.tick]
    assert clip.ticks == expected
    assert (clip.stride, clip.speed) == (4, 1.0)
    assert clip.world.status is Status.CLEARED and clip.world.tick == end.tick

    shown = frames(clip.data)
    assert len(shown) == len(expected)
    assert shown[0][0].shape == (270, 480, 3)
    durations = [ms for _, ms in shown]
    assert all(66 <= ms <= 67 for ms in durations[:-1])  # 15 fps
    assert 1066 <= durations[-1] <= 1067  # the end, held a second longer
    assert abs(sum(durations) - (len(expected) / 15 + 1) * 1000) <= 1


def test_the_camera_follows_the_player_to_the_goal() -> None:
    clip = render_clip(level(), [RIGHT] * 600)
    shown = [rgb for rgb, _ in frames(clip.data)]
    xs = [player_x(rgb) for rgb in shown[:-1]]
    assert all(x is not None for x in xs)  # the player is in every frame
    # the player ran ~1800 px (~675 px at this scale) but stays in the middle third of the view
    assert all(140 < x < 340 for x in xs[20:] if x is not None)
    first, last = shown[0], shown[-1]
    assert not np.array_equal(first, last)
    # the last frame is the result card over the goal: darker than the frame before it
    assert last.mean() < shown[-2].mean() - 20


def test_the_same_inputs_give_the_same_bytes() -> None:
    doc = level()
    a = clear_clip(doc, [RIGHT] * 600)
    b = clear_clip(doc, iter([RIGHT] * 600))
    assert a == b
    assert clear_clip(doc, [RIGHT] * 300 + [0] * 30 + [RIGHT] * 300) != a


def test_inputs_past_the_end_of_the_run_are_not_drawn() -> None:
    doc = level()
    short = render_clip(doc, [RIGHT] * 600)
    long = render_clip(doc, [RIGHT] * 5000)
    assert long.ticks == short.ticks and long.data == short.data


def test_a_long_run_is_sped_up_and_says_so() -> None:
    doc = level()
    inputs = [0] * 300 + [RIGHT] * 600  # stands still 5 s first
    end = simulate(doc, inputs).tick
    clip = render_clip(doc, inputs, max_seconds=4.0)
    assert clip.stride == math.ceil(end / 60) > 4
    assert clip.speed == clip.stride / 4
    assert clip.ticks == [*range(0, end, clip.stride), end]
    assert len(clip.ticks) <= 4 * 15 + 1
    normal = render_clip(doc, inputs)
    # the same tick drawn at real time and sped up differs only by the label, top right
    fast = frames(clip.data)[4][0]  # 4 × stride is a tick the real-time clip draws too
    real = frames(normal.data)[normal.ticks.index(clip.ticks[4])][0]
    diff = np.abs(fast.astype(int) - real.astype(int)).max(axis=2)
    label = diff[:30, 400:]  # the top right corner, "2.75x speed" at this size
    rest = diff.copy()
    rest[:30, 400:] = 0
    assert (label > 48).sum() > 200  # white text on a dark panel over the sky
    assert (rest > 48).sum() < 40 and rest.mean() < 2  # elsewhere: the encoder's noise only


def test_a_run_that_does_not_clear_is_drawn_to_its_end() -> None:
    doc = level()
    clip = render_clip(doc, [RIGHT] * 100)
    assert clip.world.status is Status.TIMED_OUT
    assert clip.ticks[-1] == 100 and len(frames(clip.data)) == 26


def test_nothing_played_is_one_still_frame() -> None:
    clip = render_clip(level(), [])
    assert clip.ticks == [0]
    with Image.open(io.BytesIO(clip.data)) as im:
        assert (im.format, getattr(im, "n_frames", 1)) == ("WEBP", 1)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"fps": 7}, "fps must divide 60"),
        ({"fps": 0}, "fps must divide 60"),
        ({"size": (8, 8)}, "size must be 16 to 1920 pixels a side"),
        ({"max_seconds": 0.0}, "max_seconds must allow one frame"),
    ],
)
def test_bad_options_are_refused(options: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        render_clip(level(), [RIGHT], **options)  # type: ignore[arg-type]
