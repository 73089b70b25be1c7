"""``cocreate play``, run as a user runs it: verify replays headless, screenshot, record."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import msgspec
import numpy as np
import pytest
from PIL import Image

from engine import codec
from engine.document import LevelDocument, ReplayDocument
from engine.fileio import load, read_bytes, save
from engine.level import entities as E
from engine.replay import iter_inputs
from engine.sim.inputs import Buttons
from engine.sim.verify import save_replay, simulate
from engine.sim.world import Status
from engine.validation import check_file
from tests.conftest import Ran
from tests.engine.sim.builders import GROUND_Y, LevelBuilder

LEVELS = Path(__file__).parents[2] / "levels"
LEVEL = LEVELS / "first-steps.cocreate"
REPLAY = LEVELS / "first-steps.replay.cocreate"
PLAYER_RGB = (235, 94, 40)


@pytest.fixture
def play(cocreate_cmd: Callable[..., Ran]) -> Callable[..., Ran]:
    """``cocreate play ARGS``; whatever happens, stderr never holds a traceback."""

    def run(*args: str | Path) -> Ran:
        ran = cocreate_cmd("play", *args)
        assert "Traceback" not in ran.err
        assert "internal error" not in ran.err
        return ran

    return run


def sample() -> tuple[LevelDocument, bytes, list[int]]:
    data = read_bytes(LEVEL)
    level, replay = codec.decode(data), load(REPLAY)
    assert isinstance(level, LevelDocument)
    assert isinstance(replay, ReplayDocument)
    return level, data, list(iter_inputs(replay.replay.inputs))


def test_headless_replay_that_clears_exits_0(play: Callable[..., Ran]) -> None:
    level, _, inputs = sample()
    out = simulate(level, inputs).outcome()
    assert out.status is Status.CLEARED
    ran = play(LEVEL, "--headless", "--replay", REPLAY)
    assert (ran.code, ran.err) == (0, "")
    assert ran.out == (
        f"{REPLAY}: cleared at tick {out.tick} ({out.tick / 60:.2f} s), "
        f"score {out.score}, {out.deaths} deaths\n"
    )


def test_a_truncated_replay_says_where_it_ended(play: Callable[..., Ran], tmp_path: Path) -> None:
    level, data, inputs = sample()
    short = inputs[:300]
    path = tmp_path / "short.replay.cocreate"
    save_replay(path, level, codec.digest(data), short, simulate(level, short))
    assert check_file(path).ok
    ran = play(LEVEL, "--headless", "--replay", path)
    assert (ran.code, ran.err) == (1, "")
    assert ran.out == (
        f"{path}: not cleared: the replay ended at tick 300 (5.00 s) before the goal was reached\n"
    )


def test_a_replay_where_the_player_dies_says_so(play: Callable[..., Ran], tmp_path: Path) -> None:
    b = LevelBuilder()
    b.ground()
    b.spawn()
    b.entity(E.Hazard, x=300.0, y=GROUND_Y - 8, width=64.0, height=16.0)
    b.goal(2900.0)
    level_path = tmp_path / "spikes.cocreate"
    data = save(b.build(), level_path)
    level = load(level_path)
    assert isinstance(level, LevelDocument)
    inputs = [int(Buttons.RIGHT)] * 600
    world = simulate(level, inputs)
    out = world.outcome()
    assert (out.status, out.deaths) == (Status.DIED, 3)
    path = tmp_path / "spikes.replay.cocreate"
    save_replay(path, level, codec.digest(data), inputs, world)
    ran = play(level_path, "--headless", "--replay", path)
    assert (ran.code, ran.err) == (1, "")
    assert ran.out == (
        f"{path}: not cleared: the player touched a hazard and was out of lives at tick "
        f"{out.tick} ({out.tick / 60:.2f} s)\n"
    )


def test_a_replay_of_another_level_exits_2(play: Callable[..., Ran]) -> None:
    other = LEVELS / "tile-garden.replay.cocreate"
    recorded_on = load(other)
    assert isinstance(recorded_on, ReplayDocument)
    ran = play(LEVEL, "--headless", "--replay", other)
    assert (ran.code, ran.out) == (2, "")
    assert ran.err == (
        f"{other}: recorded on another level ({recorded_on.replay.level_id}): level digest "
        f"sha256:{recorded_on.replay.level_digest[:12]}…, "
        f"this file is sha256:{codec.digest(read_bytes(LEVEL))[:12]}…\n"
    )


def test_a_corrupt_replay_is_one_line_and_exit_1(play: Callable[..., Ran], tmp_path: Path) -> None:
    path = tmp_path / "cut.replay.cocreate"
    path.write_bytes(REPLAY.read_bytes()[:100])
    ran = play(LEVEL, "--headless", "--replay", path)
    assert (ran.code, ran.out) == (1, "")
    assert ran.err == f"{path}: file is truncated (it ends in the middle of a value)\n"


def test_a_level_given_as_the_replay_is_exit_1(play: Callable[..., Ran]) -> None:
    ran = play(LEVEL, "--headless", "--replay", LEVEL)
    assert (ran.code, ran.out) == (1, "")
    assert ran.err == f"{LEVEL}: $.kind: is 'level', not a replay\n"


def test_a_missing_replay_is_exit_2(play: Callable[..., Ran], tmp_path: Path) -> None:
    path = tmp_path / "nope.cocreate"
    ran = play(LEVEL, "--headless", "--replay", path)
    assert (ran.code, ran.out, ran.err) == (2, "", f"{path}: no such file\n")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--headless"], "--headless needs --replay R (or --screenshot OUT)"),
        (["--ticks", "0"], "--ticks must be 1 or more"),
        (["--headless", "--replay", REPLAY, "--ticks", "9"], "--ticks needs the window (not "),
        (["--screenshot", "x.png", "--at", "-1"], "--at must be 0 or more"),
        (["--at", "5"], "--at needs --screenshot OUT (the frame to render)"),
        (["--record", LEVEL], f"--record {LEVEL}: is the level being read ({LEVEL}); writing"),
        (["--record", "run.replay"], "--record run.replay: a replay is a .cocreate file (e.g. "),
        (
            ["--screenshot", "x.png", "--at", "54001"],
            "--at must be at most 54000 ticks (900 s, the longest replay)",
        ),
        (
            ["--screenshot", "frame.cocreate"],
            "--screenshot frame.cocreate: writes a PNG, so the name must end in .png",
        ),
        (["--screenshot", "x.webp"], "--screenshot x.webp: writes a PNG, so the name must end in "),
        (
            ["--replay", REPLAY, "--screenshot", REPLAY],
            f"--screenshot {REPLAY}: writes a PNG, so the name must end in .png",
        ),
        (
            ["--replay", REPLAY, "--clip", LEVEL],
            f"--clip {LEVEL}: writes a WebP, so the name must end in .webp",
        ),
        (
            ["--replay", REPLAY, "--clip", "run.png"],
            "--clip run.png: writes a WebP, so the name must end in .webp",
        ),
    ],
)
def test_usage_errors_exit_2(play: Callable[..., Ran], argv: list[str], message: str) -> None:
    ran = play(LEVEL, *argv)
    assert (ran.code, ran.out) == (2, "")
    assert ran.err.startswith(f"cocreate play: error: {message}")
    assert ran.err.count("\n") == 1


def test_at_the_longest_replay_a_screenshot_is_rendered(
    play: Callable[..., Ran], tmp_path: Path
) -> None:
    out = tmp_path / "late.png"
    ran = play(LEVEL, "--screenshot", out, "--at", "54000")
    assert (ran.code, ran.err) == (0, "")
    assert ran.out == f"{out}: frame at tick 54000 of {LEVEL}\n"


@pytest.mark.parametrize(("option", "suffix"), [("--screenshot", ".png"), ("--clip", ".webp")])
@pytest.mark.parametrize("which", ["level", "replay"])
def test_an_input_named_like_the_image_is_never_overwritten(
    play: Callable[..., Ran], tmp_path: Path, option: str, suffix: str, which: str
) -> None:
    level, replay = tmp_path / f"level{suffix}", tmp_path / f"replay{suffix}"
    level.write_bytes(LEVEL.read_bytes())
    replay.write_bytes(REPLAY.read_bytes())
    target = level if which == "level" else replay
    before = target.read_bytes()
    ran = play(level, "--replay", replay, option, target)
    assert (ran.code, ran.out) == (2, "")
    assert ran.err == (
        f"cocreate play: error: {option} {target}: is the {which} being read ({target}); "
        "writing would replace it\n"
    )
    assert target.read_bytes() == before


def test_a_screenshot_through_a_link_to_a_creation_is_refused(
    play: Callable[..., Ran], tmp_path: Path
) -> None:
    level = tmp_path / "level.cocreate"
    level.write_bytes(LEVEL.read_bytes())
    link = tmp_path / "frame.png"
    link.symlink_to(level)
    ran = play(level, "--screenshot", link)
    assert (ran.code, ran.out) == (2, "")
    assert ran.err == (
        f"cocreate play: error: --screenshot {link}: is a link to {level}, which is not a .png "
        "file\n"
    )
    assert level.read_bytes() == LEVEL.read_bytes()


def test_a_screenshot_replaces_an_existing_png(play: Callable[..., Ran], tmp_path: Path) -> None:
    out = tmp_path / "frame.PNG"
    Image.new("RGB", (4, 4)).save(out, "PNG")
    ran = play(LEVEL, "--screenshot", out, "--at", "3")
    assert (ran.code, ran.err) == (0, "")
    with Image.open(out) as img:
        assert (img.format, img.size) == ("PNG", (1280, 720))
    assert [p.name for p in tmp_path.iterdir()] == ["frame.PNG"]  # no temporary file left


def test_a_design_is_not_a_level(play: Callable[..., Ran]) -> None:
    design = LEVELS / "sunrise-tee.cocreate"
    ran = play(design, "--headless", "--replay", REPLAY)
    assert (ran.code, ran.out) == (1, "")
    assert ran.err == f"{design}: is a design, not a level\n"


def _player_pixels(path: Path) -> tuple[tuple[int, int], int, bytes]:
    with Image.open(path) as img:
        rgb = np.asarray(img.convert("RGB"))
    count = int((rgb == PLAYER_RGB).all(axis=2).sum())
    return (rgb.shape[1], rgb.shape[0]), count, rgb.tobytes()


def test_screenshot_renders_the_replay_at_a_tick(play: Callable[..., Ran], tmp_path: Path) -> None:
    moved, still = tmp_path / "moved.png", tmp_path / "still.png"
    ran = play(LEVEL, "--screenshot", moved, "--at", "120", "--replay", REPLAY)
    assert (ran.code, ran.err) == (0, "")
    assert ran.out == f"{moved}: frame at tick 120 of {LEVEL}\n"
    size, count, pixels = _player_pixels(moved)
    assert size == (1280, 720)
    assert count > 100  # the player's body is drawn
    ran = play(LEVEL, "--screenshot", still, "--at", "120")
    assert ran.code == 0
    still_size, still_count, still_pixels = _player_pixels(still)
    assert (still_size, still_count > 100) == ((1280, 720), True)
    assert pixels != still_pixels  # the replay's inputs moved the player (and the camera)


def test_screenshot_into_a_missing_folder_is_one_line(
    play: Callable[..., Ran], tmp_path: Path
) -> None:
    out = tmp_path / "no" / "frame.png"
    ran = play(LEVEL, "--screenshot", out, "--at", "5")
    assert (ran.code, ran.out) == (1, "")
    assert ran.err == f"{out}: folder {out.parent} does not exist\n"


def test_record_in_the_window_saves_the_ticks_played(
    play: Callable[..., Ran], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    level, data, _ = sample()
    r, j, left = int(Buttons.RIGHT), int(Buttons.JUMP), int(Buttons.LEFT)
    inputs = [r] * 20 + [r | j] * 10 + [0] * 15 + [left] * 10 + [left | j] * 5 + [r] * 100
    some = tmp_path / "some.replay.cocreate"
    save_replay(some, level, codec.digest(data), inputs, simulate(level, inputs))
    path = tmp_path / "rec.replay.cocreate"
    ran = play(LEVEL, "--record", path, "--ticks", "90", "--replay", some)
    assert (ran.code, ran.err) == (0, "")
    assert ran.out == f"{path}: replay of 90 ticks, timed out\n"
    checked = check_file(path)
    assert checked.ok, checked.problems
    recorded = checked.document
    assert isinstance(recorded, ReplayDocument)
    assert recorded.replay.ticks == 90
    assert list(iter_inputs(recorded.replay.inputs)) == inputs[:90]
    assert recorded.replay.level_digest == codec.digest(data)
    assert recorded.replay.result == "timed out"


def test_record_stops_when_the_level_is_cleared_and_the_replay_verifies(
    play: Callable[..., Ran], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    b = LevelBuilder()
    b.ground()
    b.spawn()
    b.goal(300.0)
    level_path = tmp_path / "short.cocreate"
    data = save(b.build(), level_path)
    level = load(level_path)
    assert isinstance(level, LevelDocument)
    inputs = [int(Buttons.RIGHT)] * 200
    cleared = simulate(level, inputs).outcome()
    assert cleared.status is Status.CLEARED
    some = tmp_path / "some.replay.cocreate"
    save_replay(some, level, codec.digest(data), inputs, simulate(level, inputs))
    path = tmp_path / "rec.replay.cocreate"
    ran = play(level_path, "--record", path, "--ticks", "5000", "--replay", some)
    assert (ran.code, ran.err) == (0, "")
    assert ran.out == f"{path}: replay of {cleared.tick} ticks, cleared\n"
    ran = play(level_path, "--headless", "--replay", path)
    assert (ran.code, ran.err) == (0, "")
    assert ran.out.startswith(f"{path}: cleared at tick {cleared.tick} (")


def test_playing_a_level_no_gallery_knows_reports_nothing(
    play: Callable[..., Ran], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    level = tmp_path / "first-steps.cocreate"
    level.write_bytes(read_bytes(LEVEL))  # no sync state beside it: not pulled from a gallery
    ran = play(level, "--ticks", "20")
    assert (ran.code, ran.out, ran.err) == (0, "", "")
    assert not (tmp_path / ".cocreate-sync.json").exists()


def test_help_names_offline(play: Callable[..., Ran]) -> None:
    ran = play("--help")
    assert ran.code == 0
    assert "--offline" in ran.out
    assert "do not report this play to the gallery" in ran.out
    assert "pulled from a gallery, unchanged, is reported there when the window closes" in " ".join(
        ran.out.split()
    )


def test_a_level_without_a_spawn_is_not_played_and_says_why(
    play: Callable[..., Ran], tmp_path: Path
) -> None:
    from engine.fileio import load, save
    from engine.level.entities import Spawn

    doc = load(LEVEL)
    assert isinstance(doc, LevelDocument)
    entities = [e for e in doc.level.entities if not isinstance(e, Spawn)]
    bare = msgspec.structs.replace(doc, level=msgspec.structs.replace(doc.level, entities=entities))
    path = tmp_path / "bare.cocreate"
    save(bare, path)
    for argv in ([], ["--headless", "--replay", REPLAY]):
        ran = play(path, *argv)
        assert (ran.code, ran.out) == (1, "")
        assert ran.err == (
            f"{path}: $.level.entities: no spawn: a level needs one to be played "
            f"(add one with cocreate edit {path})\n"
        )
    assert play(path, "--screenshot", tmp_path / "x.png").code == 0  # a frame still renders
