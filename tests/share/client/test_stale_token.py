"""A token the gallery no longer knows (revoked, expired, garbled) in this machine's settings:
what only reads goes on without it after one warning; what writes still fails and says why."""

from __future__ import annotations

import json

from engine.fileio import load
from tests.share.client.conftest import GalleryProcess, Machine, edit_level, make_level


def _spoil_token(machine: Machine) -> None:
    """Replace the machine's token with one the gallery never issued."""
    config = machine.config / "config.json"
    body = json.loads(config.read_text())
    body["accounts"][machine.server]["token"] = "cct_not-a-token-the-gallery-issued"
    config.write_text(json.dumps(body))


def _warning(gallery: GalleryProcess) -> str:
    return (
        f"warning: your sign-in to {gallery.url} is no longer valid (cocreate login); "
        "going on without it\n"
    )


def test_pull_and_sync_with_a_bad_token_read_without_it_after_one_warning(
    machines: tuple[Machine, Machine], gallery: GalleryProcess
) -> None:
    a, b = machines
    path = make_level(a.home)
    ident = load(path).id
    assert a.run("push", "hop.cocreate").returncode == 0
    _spoil_token(b)

    done = b.run("pull", ident)
    assert (done.returncode, done.stderr) == (0, _warning(gallery))
    assert done.stdout == f"hop.cocreate: pulled revision 1 of {ident} (Hop)\n"
    assert (b.home / "hop.cocreate").read_bytes() == path.read_bytes()

    edit_level(path, "Hop again")
    assert a.run("push", "hop.cocreate").returncode == 0
    done = b.run("sync")  # several reads: the state, the level, its replay; one warning
    assert (done.returncode, done.stderr) == (0, _warning(gallery))
    assert (
        done.stdout == f"hop.cocreate: pulled revision 2 of {ident} (Hop again)\n.: 0 up to date\n"
    )


def test_play_of_a_gallery_level_with_a_bad_token_goes_on(
    machines: tuple[Machine, Machine], gallery: GalleryProcess
) -> None:
    a, b = machines
    ident = load(make_level(a.home)).id
    assert a.run("push", "hop.cocreate").returncode == 0
    _spoil_token(b)
    replay = a.home / "hop.replay.cocreate"
    done = b.run("play", ident, "--headless", "--replay", str(replay))
    assert done.stderr == _warning(gallery)
    assert done.returncode == 0, done.stdout


def test_a_push_with_a_bad_token_still_fails_and_says_sign_in_again(
    machines: tuple[Machine, Machine], gallery: GalleryProcess
) -> None:
    a, _ = machines
    path = make_level(a.home)
    before = path.read_bytes()
    _spoil_token(a)
    done = a.run("push", "hop.cocreate")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (  # one line: no warning that it goes on, since it cannot
        f"hop.cocreate: not pushed: the gallery at {gallery.url} no longer accepts this "
        f"machine's sign-in (revoked or expired): sign in again with cocreate login --server "
        f"{gallery.url}\n"
    )
    assert path.read_bytes() == before
    with gallery.api() as api:
        assert api.get(f"/creations/{load(path).id}").status_code == 404
