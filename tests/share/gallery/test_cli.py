"""``cocreate gallery serve|admin`` as a user runs them: real processes, a fresh data dir each."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import httpx
import pytest

from engine import __version__
from tests.conftest import COCREATE, Ran, subprocess_env
from tests.share.gallery.postgres import free_port


def gallery(data: Path, *args: str, **env: str) -> Ran:
    done = subprocess.run(
        [str(COCREATE), "gallery", *args],
        env={**subprocess_env(), "COCREATE_DATA_DIR": str(data), **env},
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    return Ran(done.returncode, done.stdout, done.stderr)


def test_migrate_makes_a_fresh_database_then_says_it_is_up_to_date(tmp_path: Path) -> None:
    assert gallery(tmp_path, "admin", "migrate") == Ran(
        0, "migrated the gallery database from schema none to 0008\n", ""
    )
    assert gallery(tmp_path, "admin", "migrate") == Ran(
        0, "the gallery database is up to date (schema 0008)\n", ""
    )
    assert (tmp_path / "gallery.sqlite3").is_file()


def test_a_database_behind_the_code_is_refused_until_migrated(tmp_path: Path) -> None:
    from alembic import command

    from share.gallery.db import _alembic_config, make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'gallery.sqlite3'}")
    command.upgrade(_alembic_config(engine), "0001")
    engine.dispose()
    ran = gallery(tmp_path, "serve", "--port", str(free_port()))
    assert ran == Ran(
        1,
        "",
        f"cocreate gallery: the gallery database sqlite:///{tmp_path}/gallery.sqlite3 has "
        "schema 0001, older than this cocreate's (0008): run `cocreate gallery admin migrate` "
        "to upgrade it\n",
    )
    assert gallery(tmp_path, "admin", "migrate").out == (
        "migrated the gallery database from schema 0001 to 0008\n"
    )


def test_create_admin_makes_an_account_or_promotes_one(tmp_path: Path) -> None:
    ran = gallery(tmp_path, "admin", "create-admin", "root", COCREATE_ADMIN_PASSWORD="s3cret pass")
    assert ran == Ran(0, "made admin root\n", "")
    ran = gallery(tmp_path, "admin", "create-admin", "root", "--role", "moderator")
    assert ran == Ran(0, "root is now a moderator\n", "")
    ran = gallery(tmp_path, "admin", "create-admin", "newbie")  # no password given, no terminal
    assert ran.code == 0 and ran.out.startswith("made admin newbie with password ")


def test_seed_adds_levels_with_their_replays_and_remixes_after_their_parents(
    tmp_path: Path,
) -> None:
    from engine import codec
    from tests.share.gallery.conftest import level

    folder = tmp_path / "samples"
    folder.mkdir()
    original, replay = level("Original")
    (folder / "b-original.cocreate").write_bytes(original)
    (folder / "b-original.replay.cocreate").write_bytes(replay)
    ident = codec.decode(original).id
    remix, remix_replay = level("Remix", parents=[(ident, 1, codec.digest(original))])
    (folder / "a-remix.cocreate").write_bytes(remix)
    (folder / "a-remix.replay.cocreate").write_bytes(remix_replay)
    data = tmp_path / "data"
    ran = gallery(data, "admin", "seed", str(folder))
    assert ran.code == 0, ran.err
    assert ran.out.splitlines() == [
        f"{folder}/b-original.cocreate: added as {ident} revision 1",
        f"{folder}/a-remix.cocreate: added as {codec.decode(remix).id} revision 1",
    ]
    again = gallery(data, "admin", "seed", str(folder))
    assert again.code == 0
    assert again.out.splitlines() == [
        f"{folder}/a-remix.cocreate: already in the gallery as {codec.decode(remix).id}",
        f"{folder}/b-original.cocreate: already in the gallery as {ident}",
    ]


def test_seed_refuses_a_level_without_its_replay(tmp_path: Path) -> None:
    folder = tmp_path / "samples"
    folder.mkdir()
    from tests.share.gallery.conftest import level

    (folder / "lonely.cocreate").write_bytes(level()[0])
    ran = gallery(tmp_path / "data", "admin", "seed", str(folder))
    assert ran == Ran(
        1,
        "",
        f"{folder}/lonely.cocreate: a level is published with the replay that clears it "
        "(form field `replay`)\n",
    )
    assert gallery(tmp_path, "admin", "seed", str(tmp_path / "nope")) == Ran(
        2, "", f"{tmp_path / 'nope'}: is not a folder\n"
    )


@pytest.mark.skipif(os.name != "posix", reason="signals")
def test_serve_runs_a_real_server_and_prints_its_url(tmp_path: Path) -> None:
    port = free_port()
    proc = subprocess.Popen(
        [str(COCREATE), "gallery", "serve", "--port", str(port)],
        env={**subprocess_env(), "COCREATE_DATA_DIR": str(tmp_path)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert first == (
            f"cocreate gallery at http://127.0.0.1:{port}/ (API docs at /docs), data in "
            f"{tmp_path}; Ctrl+C stops it\n"
        )
        for _ in range(100):
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=5)
                break
            except httpx.ConnectError:
                import time

                time.sleep(0.05)
        assert r.json() == {"status": "ok", "version": __version__}
        docs = httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=5).json()
        assert "/api/v1/creations" in docs["paths"]
        busy = gallery(tmp_path, "serve", "--port", str(port))
        assert busy == Ran(
            1,
            "",
            f"cocreate gallery: 127.0.0.1:{port} is in use (is a gallery running already?): "
            "--port N picks another\n",
        )
    finally:
        proc.terminate()
        proc.wait(20)
