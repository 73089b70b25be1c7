"""``Gallery.post_clear`` and ``Gallery.post_play`` against a real gallery process: what they
answer, what the gallery counts, and the one-line errors they raise."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine import codec
from engine.document import LevelDocument, ReplayDocument
from engine.errors import ServerError
from engine.replay import iter_inputs
from engine.sim.inputs import Buttons
from engine.sim.verify import make_replay, simulate
from share.client.api import Gallery, Remote
from tests.share.client.conftest import PASSWORD, ROOT, GalleryProcess, make_design, make_level

SAMPLE = ROOT / "levels" / "first-steps.cocreate"
SAMPLE_REPLAY = ROOT / "levels" / "first-steps.replay.cocreate"


def _signed_in(gallery: GalleryProcess, name: str) -> Gallery:
    gallery.register(name)
    with Gallery(gallery.url, deadline=2.0) as anon:
        token = anon.sign_in(name, PASSWORD, "tests")
    return Gallery(gallery.url, token, deadline=2.0)


@pytest.fixture
def people(gallery: GalleryProcess) -> Iterator[tuple[Gallery, Gallery]]:
    """A maker and a player, each signed in as a new user."""
    maker = _signed_in(gallery, f"m{uuid.uuid4().hex[:10]}")
    player = _signed_in(gallery, f"p{uuid.uuid4().hex[:10]}")
    try:
        yield maker, player
    finally:
        maker.close()
        player.close()


def _slower(level: bytes, wait: int) -> bytes:
    """A replay of ``level`` that stands still ``wait`` ticks, then runs right until it clears."""
    doc = codec.decode(level)
    assert isinstance(doc, LevelDocument)
    inputs = [0] * wait + [int(Buttons.RIGHT)] * 400
    return codec.encode(make_replay(doc, codec.digest(level), inputs, simulate(doc, inputs)))


def _published(maker: Gallery, folder: Path) -> tuple[Remote, bytes]:
    """A new level of ``maker``'s in the gallery (with a replay that clears it: standing still
    a tick first, so a player's run from the start is their own), and its bytes."""
    path = make_level(folder)
    level = path.read_bytes()
    remote, _new = maker.upload(path.name, level, ("hop.replay.cocreate", _slower(level, 1)))
    return remote, level


def _own_run(level: bytes, replay: bytes) -> bytes:
    """A player's own clear of ``level``: ``replay``'s inputs after a tick standing still (the
    gallery refuses someone else's run, the maker's published replay included)."""
    doc = codec.decode(level)
    played = codec.decode(replay)
    assert isinstance(doc, LevelDocument) and isinstance(played, ReplayDocument)
    inputs = [0, *iter_inputs(played.replay.inputs)]
    return codec.encode(make_replay(doc, codec.digest(level), inputs, simulate(doc, inputs)))


def _counts(gallery: GalleryProcess, ident: str) -> tuple[int, int]:
    with gallery.api() as api:
        body = api.get(f"/creations/{ident}").json()
    return body["plays"], body["clears"]


def test_post_clear_of_the_sample_level_is_listed_and_counted(
    gallery: GalleryProcess, people: tuple[Gallery, Gallery]
) -> None:
    maker, player = people
    remote, _new = maker.upload(
        SAMPLE.name, SAMPLE.read_bytes(), (SAMPLE_REPLAY.name, SAMPLE_REPLAY.read_bytes())
    )
    run = _own_run(SAMPLE.read_bytes(), SAMPLE_REPLAY.read_bytes())
    result = player.post_clear(remote.id, run)
    assert (result["best"], result["rank"], result["entries"]) == (True, 1, 1)
    clear = result["clear"]
    assert (clear["user"], clear["revision"], clear["rank"]) == (player.me(), 1, 1)
    assert clear["seconds"] == clear["ticks"] / 60
    again = player.post_clear(remote.id, run, revision=1)
    assert (again["best"], again["clear"]["id"]) == (False, None)  # as fast: the first stays
    with gallery.api() as api:
        board = api.get(f"/creations/{remote.id}/clears").json()
        assert board["items"] == [clear]
        assert api.get(clear["replay"].removeprefix("/api/v1")).content == run
    assert _counts(gallery, remote.id) == (2, 2)
    with pytest.raises(ServerError) as caught:  # the maker's run is not the player's clear
        player.post_clear(remote.id, SAMPLE_REPLAY.read_bytes())
    assert caught.value.status == 409
    assert str(caught.value).endswith(
        f"the same run, input for input, as {maker.me()}'s: a clear must be your own play"
    )
    assert _counts(gallery, remote.id) == (2, 2)


def test_post_play_counts_a_play_and_a_faster_clear_replaces_the_best(
    gallery: GalleryProcess, people: tuple[Gallery, Gallery], tmp_path: Path
) -> None:
    maker, player = people
    remote, level = _published(maker, tmp_path)
    player.post_play(remote.id, cleared=False)
    slow = player.post_clear(remote.id, _slower(level, 60))
    fast = player.post_clear(remote.id, _slower(level, 0))
    assert slow["best"] and fast["best"]
    assert fast["clear"]["ticks"] < slow["clear"]["ticks"]
    assert _counts(gallery, remote.id) == (3, 2)


def test_refusals_are_server_errors_with_the_galleries_lines(
    gallery: GalleryProcess, people: tuple[Gallery, Gallery], tmp_path: Path
) -> None:
    maker, player = people
    remote, level = _published(maker, tmp_path)
    with pytest.raises(ServerError) as caught:
        player.post_clear(remote.id, SAMPLE_REPLAY.read_bytes())
    assert caught.value.status == 422
    assert str(caught.value) == "replay.cocreate: is a replay of another level or revision"
    with pytest.raises(ServerError) as caught:
        player.post_clear(remote.id, _slower(level, 0)[:-1])
    assert caught.value.status == 400
    assert str(caught.value).startswith("replay.cocreate: ")
    tee = make_design(tmp_path)
    design, _new = maker.upload(tee.name, tee.read_bytes())
    with pytest.raises(ServerError) as caught:
        player.post_play(design.id, cleared=True)
    assert (caught.value.status, str(caught.value)) == (
        422,
        f"creation {design.id} is a design: only levels are played",
    )
    with Gallery(gallery.url, deadline=2.0) as anon, pytest.raises(ServerError) as caught:
        anon.post_clear(remote.id, _slower(level, 0))
    assert caught.value.status == 401
    assert _counts(gallery, remote.id) == (0, 0)
