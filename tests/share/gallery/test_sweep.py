"""The sweep: blobs nothing names go (their rows and files); everything named stays readable."""

from __future__ import annotations

import datetime as dt
import os
import time
import uuid
from pathlib import Path

from sqlalchemy import select, update

from engine import codec
from share.gallery.blobs import FolderStore
from share.gallery.models import Blob, PlayReport
from share.gallery.sweep import Swept, sweep
from tests.conftest import Ran
from tests.share.gallery.conftest import Site, design, level, replay_of, send_clear, upload
from tests.share.gallery.test_cli import gallery

NOW = dt.timedelta(0)
DAY = dt.timedelta(days=1)


def run_sweep(site: Site, grace: dt.timedelta, *, dry_run: bool = False) -> Swept:
    g = site.server.gallery
    with g.sessions() as session:
        return sweep(session, g.blobs, grace=grace, dry_run=dry_run)


def rows(site: Site) -> set[str]:
    with site.server.gallery.sessions() as session:
        return set(session.scalars(select(Blob.digest)))


def age(site: Site, digest: str, by: dt.timedelta) -> None:
    """Make blob ``digest`` look stored ``by`` ago (its row, and its file's last put)."""
    g = site.server.gallery
    with g.sessions() as session:
        session.execute(update(Blob).where(Blob.digest == digest).values(created=Blob.created - by))
        session.commit()
    path = Path(site.server.settings.blob_dir) / digest[:2] / digest[2:]
    then = path.stat().st_mtime - by.total_seconds()
    os.utime(path, (then, then))


def test_a_beaten_runs_replay_is_swept_and_everything_named_stays(site: Site) -> None:
    alice, bob = site.user("alice"), site.user("bob")
    data, replay = level("Hop")
    ident = upload(alice, data, replay).json()["id"]
    upload(alice, design())
    slow, fast = replay_of(data, wait=60), replay_of(data)
    assert send_clear(bob, ident, slow).status_code == 201
    assert send_clear(bob, ident, fast).status_code == 201  # the slow run's replay is unnamed
    before = rows(site)
    named = before - {codec.digest(slow)}
    assert codec.digest(slow) in before

    assert run_sweep(site, NOW, dry_run=True) == Swept(1, len(slow), 0, 0)
    assert rows(site) == before and site.server.gallery.blobs.has(codec.digest(slow))

    assert run_sweep(site, NOW) == Swept(1, len(slow), 0, 0)
    assert rows(site) == named
    blobs = site.server.gallery.blobs
    assert not blobs.has(codec.digest(slow))
    for digest in named:
        assert blobs.get(digest)  # every blob a row names is still there
    assert site.anon.get(f"/creations/{ident}/download").content == data
    assert site.anon.get(f"/creations/{ident}/replay").content == replay
    best = site.anon.get(f"/creations/{ident}/clears").json()["items"][0]
    assert site.anon.get(best["replay"].removeprefix("/api/v1")).content == fast
    assert run_sweep(site, NOW) == Swept(0, 0, 0, 0)


def test_young_blobs_are_left_for_the_grace_period(site: Site) -> None:
    alice, bob = site.user("alice"), site.user("bob")
    data, replay = level("Hop")
    ident = upload(alice, data, replay).json()["id"]
    slow = replay_of(data, wait=60)
    send_clear(bob, ident, slow)
    send_clear(bob, ident, replay_of(data))
    orphan = site.server.gallery.blobs.put(b"an upload that never committed")
    assert run_sweep(site, DAY) == Swept(0, 0, 0, 0)
    age(site, codec.digest(slow), 2 * DAY)
    age(site, orphan, 2 * DAY)
    assert run_sweep(site, DAY) == Swept(1, len(slow), 1, len(b"an upload that never committed"))
    assert not site.server.gallery.blobs.has(orphan)


def test_an_upload_of_the_same_bytes_keeps_a_blob_the_sweep_would_take(site: Site) -> None:
    """Storing bytes already stored touches their row and file: a sweep that began before
    cannot take them from under the upload that names them again."""
    alice, bob, carol = site.user("alice"), site.user("bob"), site.user("carol")
    data, replay = level("Hop")
    ident = upload(alice, data, replay).json()["id"]
    slow = replay_of(data, wait=60)
    send_clear(bob, ident, slow)
    send_clear(bob, ident, replay_of(data))
    age(site, codec.digest(slow), 2 * DAY)
    sent = time.time()
    assert send_clear(carol, ident, slow).status_code == 201  # the same bytes, named again
    g = site.server.gallery
    with g.sessions() as session:
        stored = session.scalar(select(Blob.created).where(Blob.digest == codec.digest(slow)))
    assert stored is not None
    assert stored > dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(minutes=1)
    path = Path(site.server.settings.blob_dir) / codec.digest(slow)[:2] / codec.digest(slow)[2:]
    assert path.stat().st_mtime >= sent - 1
    assert run_sweep(site, DAY) == Swept(0, 0, 0, 0)
    assert g.blobs.get(codec.digest(slow)) == slow


def test_play_keys_are_kept_for_the_grace_period_then_swept(site: Site) -> None:
    alice, bob = site.user("alice"), site.user("bob")
    ident = upload(alice, *level("Hop")).json()["id"]
    key = str(uuid.uuid4())
    r = bob.post(f"/creations/{ident}/plays", json={"cleared": False, "key": key})
    assert r.status_code == 204
    g = site.server.gallery

    def keys() -> list[str]:
        with g.sessions() as session:
            return list(session.scalars(select(PlayReport.key)))

    run_sweep(site, DAY)
    assert keys() == [key]
    run_sweep(site, NOW, dry_run=True)
    assert keys() == [key]
    run_sweep(site, NOW)
    assert keys() == []


def test_the_store_keeps_a_file_put_while_the_sweep_decides(tmp_path: Path) -> None:
    store = FolderStore(tmp_path)
    digest = store.put(b"bytes")
    path = tmp_path / digest[:2] / digest[2:]
    os.utime(path, (1e9, 1e9))
    began = time.time()
    store.put(b"bytes")  # an upload of the same bytes after the sweep began
    assert store.discard(digest, untouched_since=began - 1) == 0
    assert store.get(digest) == b"bytes" and path.is_file()
    os.utime(path, (1e9, 1e9))
    assert store.discard(digest, untouched_since=began) == len(b"bytes")
    assert not store.has(digest)
    assert store.discard(digest, untouched_since=began) == 0
    with_open = store.put(b"other")  # a sweep stopped half-way left it aside
    other = tmp_path / with_open[:2] / with_open[2:]
    os.rename(other, other.with_name(other.name + ".sweep"))
    assert store.get(with_open) == b"other" and store.has(with_open)
    assert [s.digest for s in store.stored()] == [with_open]  # and is put back
    assert other.is_file()


def test_the_admin_command_sweeps_and_refuses_a_bad_grace(tmp_path: Path) -> None:
    empty = "0 blobs nothing names (0 bytes) and 0 files with no row (0 bytes)"
    assert gallery(tmp_path, "admin", "sweep") == Ran(
        0, f"removed {empty}, leaving those stored in the last 24 hours\n", ""
    )
    assert gallery(tmp_path, "admin", "sweep", "--dry-run", "--grace-hours", "0.5") == Ran(
        0, f"would remove {empty}, leaving those stored in the last 0.5 hours\n", ""
    )
    ran = gallery(tmp_path, "admin", "sweep", "--grace-hours", "-1")
    assert ran.code == 2
    assert ran.err.endswith("argument --grace-hours: '-1' is not a number of hours from 0\n")
