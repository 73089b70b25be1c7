"""Pushes and pulls a tester walked through: someone else's edited creation credited to its
remixer, an edited level whose replay still clears it (or no longer does), ``push *.cocreate``
over levels with their replays beside them, and ``pull -o`` into a folder not there yet."""

from __future__ import annotations

from pathlib import Path

import msgspec

from engine import codec
from engine.document import LevelDocument, ReplayDocument
from engine.fileio import load, save
from engine.level.entities import Goal
from tests.share.client.conftest import GalleryProcess, Machine, make_level


def _edit_without_recording(path: Path, title: str, goal_x: float | None = None) -> bytes:
    """Change the level's title (and move its goal to ``goal_x``) without recording its replay
    again, as an edit in the editor does; the new bytes."""
    doc = load(path)
    assert isinstance(doc, LevelDocument)
    level = doc.level
    if goal_x is not None:
        entities = [
            msgspec.structs.replace(e, x=goal_x) if isinstance(e, Goal) else e
            for e in level.entities
        ]
        level = msgspec.structs.replace(level, entities=entities)
    meta = msgspec.structs.replace(doc.meta, title=title)
    return save(msgspec.structs.replace(doc, meta=meta, level=level), path)


def test_pushing_someone_elses_edit_credits_the_remixer_in_the_file_and_gallery(
    machines: tuple[Machine, Machine], gallery: GalleryProcess
) -> None:
    a, b = machines
    ident = load(make_level(a.home)).id
    assert a.run("push", "hop.cocreate").returncode == 0
    assert b.run("pull", ident).returncode == 0
    assert load(b.home / "hop.cocreate").meta.author == "tester"
    _edit_without_recording(b.home / "hop.cocreate", "Hop, my way")
    done = b.run("push", "hop.cocreate")
    assert (done.returncode, done.stderr) == (0, "")
    assert "it is now your remix of revision 1" in done.stdout
    doc = load(b.home / "hop.cocreate")
    assert (doc.meta.author, doc.meta.title) == (b.user, "Hop, my way")
    with gallery.api() as api:
        stored = codec.decode(api.get(f"/creations/{doc.id}/download").content)
    assert stored.meta.author == b.user
    assert codec.digest(codec.encode(stored)) == codec.digest(
        (b.home / "hop.cocreate").read_bytes()
    )


def test_an_edited_levels_replay_is_played_again_and_rewritten_when_it_still_clears(
    machines: tuple[Machine, Machine], gallery: GalleryProcess
) -> None:
    a, _ = machines
    path = make_level(a.home)
    ident = load(path).id
    assert a.run("push", "hop.cocreate").returncode == 0
    _edit_without_recording(path, "Hop, with a sign")
    done = a.run("push", "hop.cocreate")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (
        f"hop.cocreate: pushed as revision 2 of {ident}: {gallery.url}/c/{ident}; "
        "hop.replay.cocreate rewritten for it\n"
    )
    replay = load(a.home / "hop.replay.cocreate")
    assert isinstance(replay, ReplayDocument)
    assert replay.replay.level_digest == codec.digest(path.read_bytes())
    assert replay.replay.result == "cleared"
    with gallery.api() as api:
        got = api.get(f"/creations/{ident}/replay")
    assert got.content == (a.home / "hop.replay.cocreate").read_bytes()


def test_an_edit_the_replay_no_longer_clears_is_not_pushed_and_says_how_to_record_one(
    machines: tuple[Machine, Machine], gallery: GalleryProcess
) -> None:
    a, _ = machines
    path = make_level(a.home)
    ident = load(path).id
    assert a.run("push", "hop.cocreate").returncode == 0
    replay_before = (a.home / "hop.replay.cocreate").read_bytes()
    level_before = _edit_without_recording(path, "Hop back", goal_x=20.0)  # behind the spawn
    done = a.run("push", "hop.cocreate")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        "hop.replay.cocreate: no longer clears the edited level hop.cocreate: record a run that "
        "does (cocreate play hop.cocreate --record hop.replay.cocreate) and push again\n"
    )
    assert (a.home / "hop.replay.cocreate").read_bytes() == replay_before
    assert path.read_bytes() == level_before
    with gallery.api() as api:
        assert api.get(f"/creations/{ident}").json()["revision"] == 1


def test_push_star_pushes_each_level_with_its_replay_and_skips_the_replays_named(
    machines: tuple[Machine, Machine], gallery: GalleryProcess
) -> None:
    a, _ = machines
    hop = make_level(a.home)
    skip = make_level(a.home, "skip.cocreate", "Skip")
    names = sorted(p.name for p in a.home.iterdir())  # as the shell expands *.cocreate
    assert names == ["hop.cocreate", "hop.replay.cocreate", "skip.cocreate", "skip.replay.cocreate"]
    done = a.run("push", *names)
    assert (done.returncode, done.stderr) == (0, "")
    hop_id, skip_id = load(hop).id, load(skip).id
    assert done.stdout == (
        f"hop.cocreate: pushed as revision 1 of {hop_id}: {gallery.url}/c/{hop_id}\n"
        f"skip.cocreate: pushed as revision 1 of {skip_id}: {gallery.url}/c/{skip_id}\n"
    )
    # a replay whose level is not there is still refused, in one line
    (a.home / "lone.replay.cocreate").write_bytes((a.home / "hop.replay.cocreate").read_bytes())
    done = a.run("push", "lone.replay.cocreate")
    assert (done.returncode, done.stderr) == (
        1,
        "lone.replay.cocreate: is a replay: push the level it clears\n",
    )


def test_pull_into_a_folder_not_there_yet_makes_it_and_a_file_there_is_exit_2(
    machines: tuple[Machine, Machine], gallery: GalleryProcess
) -> None:
    a, b = machines
    ident = load(make_level(a.home)).id
    assert a.run("push", "hop.cocreate").returncode == 0
    done = b.run("pull", ident, "-o", "levels/new")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == f"levels/new/hop.cocreate: pulled revision 1 of {ident} (Hop)\n"
    assert (b.home / "levels/new/hop.cocreate").read_bytes() == (
        a.home / "hop.cocreate"
    ).read_bytes()
    assert (b.home / "levels/new/hop.replay.cocreate").is_file()

    missing = "6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab"  # a typo: no folder is left behind
    done = b.run("pull", missing, "-o", "other/new")
    assert (done.returncode, done.stderr) == (
        1,
        f"no creation {missing} in the gallery at {gallery.url}\n",
    )
    assert not (b.home / "other").exists()

    (b.home / "notes").write_text("a file, not a folder")
    done = b.run("pull", ident, "-o", "notes")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "notes: is a file: -o names the folder to pull into\n"


def test_a_remix_title_is_marked_once_and_fits_the_limit() -> None:
    from engine import limits
    from share.client.remixes import remix_title

    assert remix_title("Hop") == "Hop (remix)"
    # an override the title leaves open is closed before the suffix (else it reads "(ximer)")
    assert remix_title("Sunset \u202e RTL") == "\u2068Sunset \u202e RTL\u2069 (remix)"
    assert len(remix_title("\u202e" + "x" * 300)) == limits.MAX_NAME_CHARS
    assert remix_title("Hop (remix)") == "Hop (remix)"  # a remix of a remix
    long = remix_title("x" * limits.MAX_NAME_CHARS)
    assert len(long) == limits.MAX_NAME_CHARS and long.endswith(" (remix)")
