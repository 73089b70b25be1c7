"""``cocreate play`` reports a session to the gallery the level was pulled from, against a real
gallery process: the fastest clear goes on the level's board, a play without one is counted, and
anything that is not the gallery's level as pulled (or a machine not signed in) sends nothing."""

from __future__ import annotations

import json
import shutil
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec
import pytest

from engine import codec
from engine.document import LevelDocument, ReplayDocument
from engine.fileio import load, save
from engine.render.play import Session
from engine.replay import iter_inputs
from engine.sim.inputs import Buttons
from engine.sim.verify import simulate
from engine.sim.world import Status, World
from share.client.plays import ordinal, record_note, report_session
from tests.share.client.conftest import ROOT, GalleryProcess, Machine, make_level

LEVEL = "first-steps.cocreate"
SAMPLE_REPLAY = ROOT / "levels" / "first-steps.replay.cocreate"


@pytest.fixture(scope="module")
def level_id(tmp_path_factory: pytest.TempPathFactory, gallery: GalleryProcess) -> str:
    """The sample level ``first-steps``, pushed (with its replay) by its maker."""
    maker = Machine(tmp_path_factory.mktemp("maker"), gallery)
    maker.user = f"m{uuid.uuid4().hex[:10]}"
    gallery.register(maker.user)
    maker.login(maker.user)
    for name in (LEVEL, SAMPLE_REPLAY.name):
        shutil.copy(ROOT / "levels" / name, maker.home / name)
    done = maker.run("push", LEVEL)
    assert done.returncode == 0, done.stderr
    return load(maker.home / LEVEL).id


@pytest.fixture
def player(
    tmp_path: Path, gallery: GalleryProcess, level_id: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Machine]:
    """A new user's machine, signed in, that has pulled the level; this process uses its
    settings (for ``report_session`` called here)."""
    m = Machine(tmp_path, gallery)
    m.user = f"p{uuid.uuid4().hex[:10]}"
    gallery.register(m.user)
    m.login(m.user)
    done = m.run("pull", level_id)
    assert done.returncode == 0, done.stderr
    assert (m.home / LEVEL).is_file()
    for name, value in m.env().items():
        if name.startswith("COCREATE_"):
            monkeypatch.setenv(name, value)
    yield m


def sample_inputs() -> list[int]:
    """A player's own clear of the sample: its replay's inputs after a tick standing still
    (the maker's published run itself is not a player's clear: the gallery refuses it)."""
    replay = load(SAMPLE_REPLAY)
    assert isinstance(replay, ReplayDocument)
    return [0, *iter_inputs(replay.replay.inputs)]


def level_of(path: Path) -> tuple[bytes, LevelDocument]:
    data = path.read_bytes()
    doc = codec.decode(data)
    assert isinstance(doc, LevelDocument)
    return data, doc


def session_of(doc: LevelDocument, *attempts: list[int]) -> Session:
    """A session as the window builds it: each attempt's ticks played one by one."""
    session = Session()
    for inputs in attempts:
        world = World(doc)
        session.begin(world)
        for buttons in inputs:
            if world.status is not Status.PLAYING:
                break
            world.step(buttons)
            session.played(buttons)
    return session


def counters(gallery: GalleryProcess, ident: str) -> tuple[int, int]:
    with gallery.api() as api:
        got = api.get(f"/creations/{ident}").json()
    return got["plays"], got["clears"]


def board(gallery: GalleryProcess, ident: str) -> dict[str, Any]:
    with gallery.api() as api:
        r = api.get(f"/creations/{ident}/clears", params={"limit": 100})
        assert r.status_code == 200, r.text
        body: dict[str, Any] = r.json()
        return body


def test_a_session_with_a_clear_puts_its_fastest_on_the_board_and_counts_one_play(
    player: Machine, gallery: GalleryProcess, level_id: str
) -> None:
    path = player.home / LEVEL
    data, doc = level_of(path)
    inputs = sample_inputs()
    cleared = simulate(doc, inputs).outcome()
    assert cleared.status is Status.CLEARED
    session = session_of(doc, inputs[:200], inputs, inputs[:50])  # one clear in three attempts
    before = counters(gallery, level_id)

    report = report_session(path, data, doc, session)

    listed = board(gallery, level_id)
    n = listed["entries"]
    assert (report.done, report.problems) == (
        [
            f"Reported to {gallery.url}: your clear {cleared.tick / 60:.2f} s, score "
            f"{cleared.score} — {ordinal(n)} of {n}"  # the same time as others: after them
        ],
        [],
    )
    mine = [e for e in listed["items"] if e["user"] == player.user]
    assert [(e["ticks"], e["score"], e["revision"], e["rank"]) for e in mine] == [
        (cleared.tick, cleared.score, 1, n)
    ]
    assert counters(gallery, level_id) == (before[0] + 1, before[1] + 1)
    with gallery.api() as api:  # the replay kept is the fastest attempt's, as played here
        kept = api.get(mine[0]["replay"].removeprefix("/api/v1")).content
    replay = codec.decode(kept)
    assert isinstance(replay, ReplayDocument)
    assert list(iter_inputs(replay.replay.inputs)) == inputs[: cleared.tick]
    assert (replay.replay.level_digest, replay.meta.author) == (codec.digest(data), player.user)

    again = report_session(path, data, doc, session_of(doc, inputs))  # not faster: counted
    assert again.done == [
        f"Reported to {gallery.url}: your clear {cleared.tick / 60:.2f} s, score "
        f"{cleared.score} — not faster than your best ({cleared.tick / 60:.2f} s, {ordinal(n)} of "
        f"{n})"
    ]
    assert counters(gallery, level_id) == (before[0] + 2, before[1] + 2)
    assert board(gallery, level_id)["entries"] == n


def test_a_session_without_a_clear_counts_a_play_that_did_not_clear(
    player: Machine, gallery: GalleryProcess, level_id: str
) -> None:
    path = player.home / LEVEL
    data, doc = level_of(path)
    before = counters(gallery, level_id)
    report = report_session(path, data, doc, session_of(doc, sample_inputs()[:300], [0] * 40))
    assert (report.done, report.problems) == (
        [f"Reported a play to {gallery.url} (not cleared)"],
        [],
    )
    assert counters(gallery, level_id) == (before[0] + 1, before[1])
    users = [e["user"] for e in board(gallery, level_id)["items"]]
    assert player.user not in users


def test_nothing_is_sent_for_an_edited_file_a_machine_signed_out_or_no_attempt(
    player: Machine, gallery: GalleryProcess, level_id: str
) -> None:
    path = player.home / LEVEL
    data, doc = level_of(path)
    inputs = sample_inputs()
    before = counters(gallery, level_id)

    nothing = report_session(path, data, doc, Session())  # the window closed at once
    assert (nothing.done, nothing.problems) == ([], [])

    edited = msgspec.structs.replace(doc, meta=msgspec.structs.replace(doc.meta, title="Mine"))
    edited_data = save(edited, path)  # a local edit: not the gallery's level
    report = report_session(path, edited_data, edited, session_of(edited, inputs))
    assert (report.done, report.problems) == ([], [])
    path.write_bytes(data)

    done = player.run("logout")
    assert done.returncode == 0, done.stderr
    report = report_session(path, data, doc, session_of(doc, inputs))
    assert (report.done, report.problems) == ([], [])
    assert counters(gallery, level_id) == before


def test_cocreate_play_reports_the_session_when_the_window_closes(
    player: Machine, gallery: GalleryProcess, level_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    before = counters(gallery, level_id)
    done = player.run("play", LEVEL, "--ticks", "30")  # no key pressed: not cleared
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == f"Reported a play to {gallery.url} (not cleared)\n"
    assert counters(gallery, level_id) == (before[0] + 1, before[1])

    for args in (("--offline",), ("--replay", player.home / "first-steps.replay.cocreate")):
        done = player.run("play", LEVEL, "--ticks", "30", *map(str, args))
        assert (done.returncode, done.stdout, done.stderr) == (0, "", ""), args
    assert counters(gallery, level_id) == (before[0] + 1, before[1])


def test_cocreate_play_url_pulls_the_level_plays_it_and_reports_it(
    player: Machine, gallery: GalleryProcess, level_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    before = counters(gallery, level_id)
    page = f"{gallery.url}/c/{level_id}"
    done = player.run("play", page, "--ticks", "30")
    pulled = player.cache / "levels" / LEVEL
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    assert done.stdout == (
        f"{pulled}: pulled revision 1 of {level_id} (First Steps)\n"
        f"Reported a play to {gallery.url} (not cleared)\n"
    )
    assert pulled.read_bytes() == (ROOT / "levels" / LEVEL).read_bytes()
    assert (player.cache / "levels" / SAMPLE_REPLAY.name).is_file()
    done = player.run("play", level_id, "--ticks", "30", "--offline")  # a bare id: the default
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == f"{pulled}: up to date (revision 1)\n"  # not downloaded again
    assert counters(gallery, level_id) == (before[0] + 1, before[1])


def test_cocreate_play_of_a_design_or_nothing_is_one_line(
    player: Machine, gallery: GalleryProcess
) -> None:
    from tests.share.client.conftest import make_design

    tee = make_design(player.home)
    assert player.run("push", tee.name).returncode == 0
    ident = load(tee).id
    done = player.run("play", ident)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == f"{ident}: is a design: only levels are played\n"
    missing = str(uuid.uuid4())
    done = player.run("play", f"{gallery.url}/c/{missing}")
    assert (done.returncode, done.stderr) == (
        1,
        f"no creation {missing} in the gallery at {gallery.url}\n",
    )
    done = player.run("play", "nothing-here.cocreate")  # neither a file nor a creation
    assert done.returncode == 2 and "nothing-here.cocreate" in done.stderr
    assert not (player.cache / "levels" / tee.name).exists()  # a design is not pulled


def test_the_window_shows_the_levels_record_and_yours(
    player: Machine, gallery: GalleryProcess
) -> None:
    path = make_level(player.home)  # a level of the player's own, pushed: synced here
    assert player.run("push", path.name).returncode == 0
    data, doc = level_of(path)
    assert record_note(path, data) == "No clears yet: be the first"
    run = [int(Buttons.RIGHT)] * 400  # runs right to the goal
    report = report_session(path, data, doc, session_of(doc, run))
    assert report.problems == []
    cleared = simulate(doc, run).outcome()
    seconds = f"{cleared.tick / 60:.2f} s"
    note = f"Record {seconds} by {player.user} · yours {seconds}, 1st of 1"
    assert record_note(path, data) == note
    edited = msgspec.structs.replace(doc, level=msgspec.structs.replace(doc.level, next_id=999))
    save(edited, path)  # a local edit: no longer the gallery's level, nothing shown
    assert record_note(path, path.read_bytes()) == ""


def test_a_gallery_that_is_down_is_one_line_and_the_exit_code_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    g = GalleryProcess(tmp_path / "data").start()
    try:
        g.register("fran")
        m = Machine(tmp_path / "m", g)
        m.login("fran")
        m.deadline = 0.3
        make_level(m.home)
        assert m.run("push", "hop.cocreate").returncode == 0
    finally:
        g.stop()
    state = json.loads((m.home / ".cocreate-sync.json").read_text())
    assert [e["server"] for e in state["creations"].values()] == [g.url]
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    for name, value in m.env().items():
        if name.startswith("COCREATE_"):
            monkeypatch.setenv(name, value)
    hop = m.home / "hop.cocreate"
    started = time.monotonic()
    assert record_note(hop, hop.read_bytes()) == ""  # playing does not wait long, nor fail
    assert time.monotonic() - started < 5
    done = m.run("play", "hop.cocreate", "--ticks", "30")
    assert (done.returncode, done.stdout) == (0, "")
    assert done.stderr == (
        f"cocreate play: not reported to {g.url}: the gallery at {g.url} cannot be reached: "
        "cannot connect; nothing was changed\n"
    )
