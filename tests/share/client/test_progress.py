"""The progress bar of a large push or pull: on stderr when it is a terminal, never in a pipe
(nor for a small file); the large file arrives whole either way."""

from __future__ import annotations

import io

from engine import codec
from engine.fileio import load
from share.client.progress import LARGE, bar
from tests.share.client.conftest import (
    GalleryProcess,
    Machine,
    make_big_design,
    make_design,
    on_terminal,
)

BIG = 3 * LARGE


def test_a_large_push_and_pull_in_a_pipe_print_no_bar_and_arrive_whole(
    machines: tuple[Machine, Machine], gallery: GalleryProcess
) -> None:
    a, b = machines
    path = make_big_design(a.home, BIG)
    data = path.read_bytes()
    assert len(data) >= BIG
    ident = load(path).id
    done = a.run("push", "big.cocreate")
    assert (done.returncode, done.stderr) == (0, "")
    assert (
        done.stdout == f"big.cocreate: pushed as revision 1 of {ident}: {gallery.url}/c/{ident}\n"
    )
    with gallery.api() as api:
        assert api.get(f"/creations/{ident}").json()["digest"] == codec.digest(data)
    done = b.run("pull", ident)
    assert (done.returncode, done.stderr) == (0, "")
    assert (b.home / "big.cocreate").read_bytes() == data


def test_on_a_terminal_a_large_transfer_shows_a_bar_and_a_small_one_does_not(
    machines: tuple[Machine, Machine], gallery: GalleryProcess
) -> None:
    a, b = machines
    size = make_big_design(a.home, BIG).stat().st_size
    make_design(a.home)
    ident = load(a.home / "big.cocreate").id

    done = on_terminal(a, "push", "big.cocreate", stdout_tty=False)
    assert done.code == 0, done.terminal
    assert done.stdout.startswith("big.cocreate: pushed as revision 1 of ")
    assert "upload big.cocreate" in done.terminal
    assert f"/{size / 1e6:.1f} MB" in done.terminal  # rich's DownloadColumn: done/total
    assert "━" in done.terminal

    done = on_terminal(b, "pull", ident, stdout_tty=False)
    assert done.code == 0, done.terminal
    assert f"download {ident[:8]}" in done.terminal
    assert (b.home / "big.cocreate").read_bytes() == (a.home / "big.cocreate").read_bytes()

    done = on_terminal(a, "push", "tee.cocreate", stdout_tty=False)
    assert (done.code, done.terminal) == (0, "")
    assert done.stdout.startswith("tee.cocreate: pushed as revision 1 of ")


def test_the_bar_writes_nothing_to_a_stream_that_is_not_a_terminal() -> None:
    out = io.StringIO()
    with bar("upload big.cocreate", 100 * LARGE, out) as advance:
        for done in range(0, 100 * LARGE, LARGE):
            advance(done)
    assert out.getvalue() == ""
