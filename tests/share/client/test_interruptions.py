"""Interrupted pushes and pulls (the gallery killed mid-upload and mid-download, the client
killed mid-pull): every local file is as it was, the gallery holds no half-written creation,
and running the command again finishes the work."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine import codec
from engine.fileio import load
from share.client.progress import LARGE
from tests.share.client.conftest import (
    GalleryProcess,
    Machine,
    edit_level,
    make_big_design,
    make_level,
)
from tests.share.client.proxy import Proxy


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[GalleryProcess]:
    g = GalleryProcess(tmp_path / "data").start()
    g.register("alice")
    yield g
    g.stop()


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _one_line_network_error(stderr: str, server: str) -> None:
    assert stderr.count("\n") == 1
    assert stderr.startswith(f"the gallery at {server} cannot be reached: ")
    assert stderr.endswith("; nothing was changed\n")


def test_gallery_killed_mid_upload_leaves_files_and_no_half_creation(
    tmp_path: Path, fresh: GalleryProcess
) -> None:
    proxy = Proxy(
        fresh.port,
        match=b"POST /api/v1/creations",
        direction="up",
        after=700,
        on_cut=lambda: fresh.stop(signal.SIGKILL),
    )
    m = Machine(tmp_path / "m", fresh, server=proxy.url)
    m.login("alice")
    path = make_level(m.home)
    before = _files(m.home)
    done = m.run("push", "hop.cocreate")
    assert proxy.cut.is_set()
    assert (done.returncode, done.stdout) == (1, "")
    _one_line_network_error(done.stderr, proxy.url)
    assert _files(m.home) == before

    fresh.start()  # the same data dir: nothing of the upload is there
    proxy.upstream_port = fresh.port
    with fresh.api() as api:
        assert api.get(f"/creations/{load(path).id}").status_code == 404
    assert list((fresh.data_dir / "blobs").glob("*/*")) == []
    done = m.run("push", "hop.cocreate")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("hop.cocreate: pushed as revision 1 of ")
    proxy.close()


@pytest.mark.slow
def test_gallery_killed_mid_download_leaves_the_old_file(
    tmp_path: Path, fresh: GalleryProcess
) -> None:
    a = Machine(tmp_path / "a", fresh)
    a.login("alice")
    path = make_level(a.home)
    ident = load(path).id
    assert a.run("push", "hop.cocreate").returncode == 0
    proxy = Proxy(
        fresh.port,
        match=f"GET /api/v1/creations/{ident}/download".encode(),
        direction="down",
        after=600,
        on_cut=lambda: fresh.stop(signal.SIGKILL),
        armed=False,
    )
    b = Machine(tmp_path / "b", fresh, server=proxy.url)
    assert b.run("pull", ident).returncode == 0  # revision 1, before the proxy is armed
    edit_level(path, "Hop 2")
    assert a.run("push", "hop.cocreate").returncode == 0
    before = _files(b.home)

    proxy.armed = True
    done = b.run("pull", ident)
    assert proxy.cut.is_set()
    assert (done.returncode, done.stdout) == (1, "")
    _one_line_network_error(done.stderr, proxy.url)
    assert _files(b.home) == before

    fresh.start()
    proxy.upstream_port = fresh.port
    done = b.run("pull", ident)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == f"hop.cocreate: pulled revision 2 of {ident} (Hop 2)\n"
    assert (b.home / "hop.cocreate").read_bytes() == path.read_bytes()
    proxy.close()


def test_client_killed_mid_pull_leaves_the_folder_and_pulling_again_finishes(
    tmp_path: Path, fresh: GalleryProcess
) -> None:
    a = Machine(tmp_path / "a", fresh)
    a.login("alice")
    ident = load(make_level(a.home)).id
    assert a.run("push", "hop.cocreate").returncode == 0
    proxy = Proxy(
        fresh.port,
        match=f"GET /api/v1/creations/{ident}/download".encode(),
        direction="down",
        after=600,
        hold=True,
    )
    b = Machine(tmp_path / "b", fresh, server=proxy.url)
    client = subprocess.Popen(
        [sys.executable, "-m", "cocreate", "pull", ident],
        cwd=b.home,
        env=b.env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert proxy.held.wait(30)
    finally:
        client.kill()
        client.wait(10)
    assert _files(b.home) == {}

    done = b.run("pull", ident)
    assert (done.returncode, done.stderr) == (0, "")
    assert (b.home / "hop.cocreate").read_bytes() == (a.home / "hop.cocreate").read_bytes()
    assert sorted(_files(b.home)) == [".cocreate-sync.json", "hop.cocreate", "hop.replay.cocreate"]
    proxy.close()


def test_ctrl_c_mid_push_of_a_large_file_says_so_and_pushing_again_finishes(
    tmp_path: Path, fresh: GalleryProcess
) -> None:
    proxy = Proxy(
        fresh.port, match=b"POST /api/v1/creations", direction="up", after=LARGE, hold=True
    )
    m = Machine(tmp_path / "m", fresh, server=proxy.url)
    m.login("alice")
    path = make_big_design(m.home, 3 * LARGE)
    before = _files(m.home)
    client = subprocess.Popen(
        [sys.executable, "-m", "cocreate", "push", "big.cocreate"],
        cwd=m.home,
        env=m.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proxy.held.wait(60)
        client.send_signal(signal.SIGINT)  # Ctrl-C
        out, err = client.communicate(timeout=30)
    finally:
        if client.poll() is None:
            client.kill()
            client.wait()
    assert (client.returncode, out, err) == (130, "", "cocreate: interrupted\n")
    assert _files(m.home) == before
    with fresh.api() as api:
        assert api.get(f"/creations/{load(path).id}").status_code == 404
    assert list((fresh.data_dir / "blobs").glob("*/*")) == []

    done = m.run("push", "big.cocreate")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("big.cocreate: pushed as revision 1 of ")
    with fresh.api() as api:
        got = api.get(f"/creations/{load(path).id}").json()
        assert got["digest"] == codec.digest(path.read_bytes())
    proxy.close()
