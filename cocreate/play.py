"""``cocreate play LEVEL``: play a level in a window, record, verify a replay, or screenshot.

- ``cocreate play LEVEL`` opens a window (``--record R`` saves the last attempt as a replay).
  When the window closes, the session is reported to the gallery the level was pulled from
  (``share/client/plays.py``): the fastest clear as a replay, else a play that did not clear;
  only for the gallery's revision unchanged, when signed in there, and not with ``--offline``.
- ``cocreate play LEVEL --headless --replay R`` re-simulates R without a window: exit 0 when it
  clears the level, 1 when it does not (saying why and at which tick), 2 when R was recorded on
  another level (its digest differs).
- ``cocreate play LEVEL --screenshot OUT.png --at TICK [--replay R]`` renders one frame headless.
- ``cocreate play LEVEL --replay R --clip OUT.webp`` renders R's run as a short looping animated
  WebP (what the gallery shows beside a level's thumbnail), then says whether R clears the level
  as ``--headless`` does: exit 0 when it does, 1 when not (the clip of what happened is written
  all the same), 2 when R was recorded on another level.

``--screenshot`` writes only to a name ending in ``.png``, ``--clip`` to one ending in ``.webp``,
and neither over the level or the replay being read (exit 2). ``--at`` goes up to the longest
replay (``engine.limits.MAX_REPLAY_TICKS``). Headless runs stop at once on SIGTERM or Ctrl+C.

In the window, ``--replay R`` drives the player with R's inputs instead of the keyboard, and
``--ticks N`` closes the window after N ticks (or when the attempt ends sooner): for demos and
tests, e.g. ``cocreate play L --replay R --record R2 --ticks 90``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engine.document import LevelDocument
    from engine.render.play import Session


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = (
        "A level pulled from a gallery, unchanged, is reported there when the window closes "
        "(if you are signed in to it): your fastest clear goes on its board, else a play counts."
    )
    parser.add_argument(
        "level",
        metavar="LEVEL",
        help="a level file, or a gallery's level: its id or page URL (pulled first)",
    )
    parser.add_argument("--replay", metavar="R", help="a replay file to play back or verify")
    parser.add_argument("--headless", action="store_true", help="no window: verify --replay")
    parser.add_argument("--record", metavar="R", help="save the last attempt as a replay")
    parser.add_argument("--screenshot", metavar="OUT", help="render one frame to a PNG")
    parser.add_argument(
        "--at", type=int, metavar="TICK", help="tick to render (with --screenshot; default 0)"
    )
    parser.add_argument(
        "--clip", metavar="OUT", help="render --replay's run as an animated WebP (headless)"
    )
    parser.add_argument(
        "--ticks", type=int, metavar="N", help="stop after N ticks: for demos and tests"
    )
    parser.add_argument(
        "--offline", action="store_true", help="do not report this play to the gallery"
    )


def _usage(message: str) -> int:
    print(f"cocreate play: error: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    from cocreate.reading import read_valid, report
    from engine import codec
    from engine.document import LevelDocument
    from engine.errors import CocreateError, FileAccessError, FormatError

    if args.headless and not args.replay and not args.screenshot:
        return _usage("--headless needs --replay R (or --screenshot OUT)")
    if args.clip and not args.replay:
        return _usage("--clip needs --replay R (the run to show)")
    if args.clip and args.screenshot:
        return _usage("--clip and --screenshot: one at a time")
    if args.record and (args.headless or args.screenshot or args.clip):
        return _usage("--record needs the window (not --headless, --screenshot or --clip)")
    if args.at is not None and not args.screenshot:
        return _usage("--at needs --screenshot OUT (the frame to render)")
    problem = _at_error(args.at or 0) or _out_error(args) or _record_error(args)
    if problem:
        return _usage(problem)
    if args.ticks is not None and (args.headless or args.screenshot or args.clip):
        return _usage("--ticks needs the window (not --headless, --screenshot or --clip)")
    if args.ticks is not None and args.ticks < 1:
        return _usage("--ticks must be 1 or more")
    if not Path(args.level).exists() and _names_creation(args.level):
        from share.client.plays import fetch
        from share.client.refs import UsageError

        try:
            path, done = fetch(args.level)
        except UsageError as exc:
            return report(exc, also_usage=(UsageError,))
        except CocreateError as exc:
            return report(exc)
        for line in done:
            print(line)
        args.level = str(path)
    read = read_valid(args.level, "level")
    if isinstance(read, int):
        return read
    doc, data = read.document, read.data
    assert isinstance(doc, LevelDocument)
    from engine.level.entities import Spawn

    if not args.screenshot and not any(isinstance(e, Spawn) for e in doc.level.entities):
        print(
            f"{args.level}: $.level.entities: no spawn: a level needs one to be played "
            f"(add one with cocreate edit {args.level})",
            file=sys.stderr,
        )
        return 1

    inputs: list[int] = []
    if args.replay:
        from engine.sim.verify import ReplayMismatch, load_replay

        try:
            replay = load_replay(args.replay, level=doc, level_digest=codec.digest(data))
        except (FileAccessError, FormatError, ReplayMismatch) as exc:
            return report(exc, also_usage=(ReplayMismatch,))
        from engine.replay import iter_inputs

        inputs = list(iter_inputs(replay.replay.inputs))

    if args.screenshot:
        from engine.render.play import screenshot

        world = screenshot(doc, args.screenshot, at_tick=args.at or 0, inputs=inputs)
        print(f"{args.screenshot}: frame at tick {world.tick} of {args.level}")
        return 0
    if args.clip:
        return _clip(args, doc, inputs)
    if args.headless:
        from engine.sim.verify import simulate, verdict_of

        verdict = verdict_of(simulate(doc, inputs))
        print(f"{args.replay}: {verdict.message}")
        return 0 if verdict.cleared else 1
    return _window(args, doc, data, inputs)


def _at_error(at: int) -> str | None:
    """Why ``--at`` is out of range (below 0, or past the longest replay), or None."""
    from engine import limits

    if at < 0:
        return "--at must be 0 or more"
    if at > limits.MAX_REPLAY_TICKS:
        from engine.sim.world import TICK_RATE

        most = limits.MAX_REPLAY_TICKS
        return f"--at must be at most {most} ticks ({most // TICK_RATE} s, the longest replay)"
    return None


def _out_error(args: argparse.Namespace) -> str | None:
    """Why ``--screenshot`` or ``--clip`` may not write where it is told to, or None."""
    from cocreate.cli import image_output_error

    inputs = [("the level", args.level), ("the replay", args.replay)]
    if args.screenshot:
        return image_output_error("--screenshot", args.screenshot, "PNG", inputs)
    if args.clip:
        return image_output_error("--clip", args.clip, "WebP", inputs)
    return None


def _record_error(args: argparse.Namespace) -> str | None:
    """Why ``--record`` may not write where it is told to, or None: a replay is a
    ``.cocreate`` file, and neither the level nor the replay being read."""
    from cocreate.cli import input_clash

    out = args.record
    if not out:
        return None
    if not out.lower().endswith(".cocreate"):
        return f"--record {out}: a replay is a .cocreate file (e.g. NAME.replay.cocreate)"
    return input_clash("--record", out, [("the level", args.level), ("the replay", args.replay)])


def _names_creation(text: str) -> bool:
    """Whether ``text`` (not a path that exists) names a gallery's creation."""
    from share.client.refs import UsageError, parse

    try:
        parse(text)
    except UsageError:
        return False
    return True


def _clip(args: argparse.Namespace, doc: object, inputs: list[int]) -> int:
    from engine.document import LevelDocument
    from engine.fileio import write_atomic
    from engine.render.clip import render_clip
    from engine.sim.verify import verdict_of

    assert isinstance(doc, LevelDocument)
    clip = render_clip(doc, inputs)
    write_atomic(args.clip, clip.data)  # a bad path is a SaveError: one line, exit 1
    faster = f", {clip.speed:g}x speed" if clip.speed > 1 else ""
    print(
        f"{args.clip}: clip of {args.level}, {len(clip.ticks)} frames "
        f"({clip.seconds:.1f} s{faster}), {len(clip.data) // 1024} KB"
    )
    verdict = verdict_of(clip.world)
    print(f"{args.replay}: {verdict.message}")
    return 0 if verdict.cleared else 1


def _window(args: argparse.Namespace, doc: object, data: bytes, inputs: list[int]) -> int:
    from engine.document import LevelDocument
    from engine.render.play import play_window

    assert isinstance(doc, LevelDocument)
    env = os.environ
    no_display = not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY")
    if no_display and sys.platform.startswith("linux") and env.get("SDL_VIDEODRIVER") != "dummy":
        print("cocreate play: no display (set DISPLAY, or use --headless)", file=sys.stderr)
        return 1
    note = ""
    if not args.offline and not args.replay:  # the gallery's record, to beat
        from share.client.plays import record_note

        note = record_note(Path(args.level), data)
    session = play_window(
        doc,
        title=doc.meta.title,
        max_ticks=args.ticks,
        scripted=iter(inputs) if inputs else None,
        note=note,
    )
    code = _record(args.record, doc, data, session) if args.record else 0
    if not args.offline and not args.replay:  # watching a replay is not playing
        _report(Path(args.level), data, doc, session)
    if session.interrupted:  # Ctrl+C: what was played is saved and reported all the same
        print("cocreate: interrupted", file=sys.stderr)
        return 130
    return code


def _record(out: str, doc: LevelDocument, data: bytes, session: Session) -> int:
    """Save the last attempt as a replay (``--record``)."""
    from engine import codec
    from engine.sim.verify import save_replay

    if session.world is None or not session.inputs:
        print("cocreate play: nothing was played, no replay saved", file=sys.stderr)
        return 1
    saved = save_replay(out, doc, codec.digest(data), session.inputs, session.world)
    print(f"{out}: replay of {len(session.inputs)} ticks, {saved.replay.result}")
    return 0


def _report(level: Path, data: bytes, doc: LevelDocument, session: Session) -> None:
    """Tell the gallery the level came from how the session went; a failure is one line on
    stderr, and the exit code stays what it was (playing worked)."""
    from share.client.plays import report_session

    report = report_session(level, data, doc, session)
    for line in report.done:
        print(line)
    for line in report.problems:
        print(line, file=sys.stderr)
