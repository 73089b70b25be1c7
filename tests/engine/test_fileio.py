"""Reading and saving files: atomic under SIGKILL, clear errors, modes kept, strays removed."""

from __future__ import annotations

import fcntl
import io
import os
import random
import signal
import stat
import time
from pathlib import Path

import msgspec
import pytest

from engine import codec
from engine.document import Asset, Document
from engine.errors import FileAccessError, SaveError
from engine.fileio import load, read_bytes, remove_stale_temps, save, temp_pattern
from tests.factories import rich_design, simple_level


def noise_png(side: int, seed: int) -> bytes:
    """An incompressible PNG (random pixels): ``side`` = 700 gives about 1.5 MB."""
    from PIL import Image

    pixels = random.Random(seed).randbytes(side * side * 3)
    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), pixels).save(out, format="PNG", compress_level=1)
    return out.getvalue()


def with_png(doc: Document, data: bytes) -> Document:
    import hashlib

    key = hashlib.sha256(data).hexdigest()
    return msgspec.structs.replace(
        doc, assets={key: Asset(type="image/png", name="noise.png", data=data)}
    )


def strays(folder: Path, name: str) -> list[str]:
    pattern = temp_pattern(folder / name)
    return sorted(p.name for p in folder.iterdir() if pattern.fullmatch(p.name))


def test_save_killed_at_random_moments_leaves_old_or_new_file_whole(tmp_path):
    a = with_png(simple_level("A"), noise_png(700, seed=1))
    b = rich_design("B")
    a_bytes, b_bytes = codec.encode(a), codec.encode(b)
    assert len(a_bytes) > 1_000_000 > 100_000 > len(b_bytes)
    target = tmp_path / "x.cocreate"
    t0 = time.monotonic()
    save(b, target)
    save(a, target)
    # kill within about one round of saves (A and B), however fast this disk is
    window = min(max(0.030, 1.5 * (time.monotonic() - t0)), 0.100)
    rng = random.Random(2026)
    seen = {a_bytes: 0, b_bytes: 0}
    killed_mid_write = 0
    kills = 200
    started = time.monotonic()
    for _ in range(kills):
        pid = os.fork()
        if pid == 0:  # the writer: save A and B in turn until killed
            try:
                while True:
                    save(b, target)
                    save(a, target)
            finally:
                os._exit(1)
        time.sleep(rng.uniform(0, window))
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, status
        data = target.read_bytes()
        assert data in seen, f"after a kill the file is {len(data):,} bytes, neither A nor B"
        seen[data] += 1
        assert codec.decode(data) == (a if data == a_bytes else b)
        left = strays(tmp_path, "x.cocreate")
        assert len(left) <= 1, left  # the killed writer's own, at most; older ones were removed
        killed_mid_write += len(left)
        assert sorted(os.listdir(tmp_path)) == sorted(["x.cocreate", *left])
    elapsed = time.monotonic() - started
    # the kills landed both between saves and inside them, and the file changed
    assert seen[a_bytes] >= 10 and seen[b_bytes] >= 10, (seen.values(), elapsed)
    assert killed_mid_write >= 10, (killed_mid_write, elapsed)  # about 150 of 200 here
    # a later save is not blocked by a stray and removes it
    save(b, target)
    assert target.read_bytes() == b_bytes
    assert strays(tmp_path, "x.cocreate") == []


def test_save_removes_stray_temps_of_dead_writers_only(tmp_path):
    target = tmp_path / "x.cocreate"
    dead = tmp_path / ".x.cocreate.ab_cd123.tmp"
    live = tmp_path / ".x.cocreate.zz99yy88.tmp"
    others = [
        ".x.cocreate.backup.tmp",  # not mkstemp's 8 characters
        ".x.cocreate.x.abcd1234.tmp",  # a temp of x.cocreate.x
        ".y.cocreate.abcd1234.tmp",
        "x.cocreate.abcd1234.tmp",
    ]
    for p in [dead, live] + [tmp_path / n for n in others]:
        p.write_bytes(b"half a file")
    with live.open("rb") as held:  # a writer that is still alive holds its lock
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        save(simple_level(), target)
        assert not dead.exists()
        assert live.exists()
        assert remove_stale_temps(target) == []
    assert remove_stale_temps(target) == [str(live)]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*others, "x.cocreate"])


def test_save_returns_the_canonical_bytes_it_wrote(tmp_path):
    target = tmp_path / "x.cocreate"
    data = save(simple_level(), target)
    assert data == codec.encode(simple_level()) == target.read_bytes()
    assert load(target) == simple_level()


def test_save_into_a_missing_folder_says_so_in_one_line(tmp_path):
    target = tmp_path / "nope" / "x.cocreate"
    with pytest.raises(SaveError) as err:
        save(simple_level(), target)
    assert str(err.value) == f"{target}: folder {tmp_path / 'nope'} does not exist"
    assert not (tmp_path / "nope").exists()


def test_save_over_a_directory_is_refused(tmp_path):
    (tmp_path / "x.cocreate").mkdir()
    with pytest.raises(SaveError) as err:
        save(simple_level(), tmp_path / "x.cocreate")
    assert str(err.value) == f"{tmp_path / 'x.cocreate'}: is a directory"
    assert os.listdir(tmp_path / "x.cocreate") == []
    assert strays(tmp_path, "x.cocreate") == []


def test_save_into_a_folder_that_is_a_file_says_so(tmp_path):
    (tmp_path / "f").write_bytes(b"")
    with pytest.raises(SaveError) as err:
        save(simple_level(), tmp_path / "f" / "x.cocreate")
    assert (
        str(err.value)
        == f"{tmp_path / 'f' / 'x.cocreate'}: folder {tmp_path / 'f'} is not a folder"
    )


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temp(tmp_path, python_cmd):
    target = tmp_path / "x.cocreate"
    save(simple_level("old"), target)
    old = target.read_bytes()
    # a file-size limit makes the write itself fail (EFBIG), even for root
    code = (
        "import resource, signal, sys\n"
        "from engine.errors import SaveError\n"
        "from engine.fileio import write_atomic\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (4096, resource.RLIM_INFINITY))\n"
        "try:\n"
        "    write_atomic(sys.argv[1], bytes(10_000))\n"
        "except SaveError as exc:\n"
        "    print(exc)\n"
    )
    ran = python_cmd("-c", code, target)
    assert (ran.code, ran.out, ran.err) == (0, f"{target}: cannot save: File too large\n", "")
    assert target.read_bytes() == old
    assert os.listdir(tmp_path) == ["x.cocreate"]


def test_a_name_of_255_bytes_can_be_saved(tmp_path):
    name = "é" * 121 + ".cocreate"  # 242 characters, 251 bytes: the temporary name is shortened
    assert len(os.fsencode(name)) == 251
    save(simple_level(), tmp_path / name)
    save(simple_level("again"), tmp_path / name)
    assert load(tmp_path / name).meta.title == "again"
    assert os.listdir(tmp_path) == [name]


def test_save_keeps_the_mode_of_the_file_it_replaces(tmp_path):
    target = tmp_path / "x.cocreate"
    target.write_bytes(b"old")
    target.chmod(0o600)
    save(simple_level(), target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    target.chmod(0o664)
    save(simple_level(), target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o664


def test_a_new_file_is_readable_by_all_writable_by_its_owner(tmp_path):
    target = tmp_path / "x.cocreate"
    save(simple_level(), target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_load_of_a_directory_says_it_is_a_directory(tmp_path):
    with pytest.raises(FileAccessError) as err:
        load(tmp_path)
    assert str(err.value) == f"{tmp_path}: is a directory, not a file"


def test_load_of_a_missing_path_says_no_such_file(tmp_path):
    with pytest.raises(FileAccessError) as err:
        load(tmp_path / "gone.cocreate")
    assert str(err.value) == f"{tmp_path / 'gone.cocreate'}: no such file"


def test_load_of_a_named_pipe_is_refused_at_once_not_waited_on(tmp_path, python_cmd):
    """Opening a FIFO for reading waits for a writer: the check must not (in its own process,
    so that a regression times out there instead of hanging the run)."""
    pipe = tmp_path / "pipe.cocreate"
    os.mkfifo(pipe)
    code = "import sys; from engine.fileio import load; load(sys.argv[1])"
    ran = python_cmd("-c", code, str(pipe))
    assert ran.code == 1
    assert ran.err.strip().endswith(f"FileAccessError: {pipe}: is not a regular file")


def test_read_bytes_refuses_a_file_over_the_size_limit(tmp_path):
    target = tmp_path / "big.cocreate"
    target.write_bytes(b"\x00" * 101)
    assert read_bytes(target, max_bytes=101) == b"\x00" * 101
    with pytest.raises(Exception) as err:
        read_bytes(target, max_bytes=100)
    assert str(err.value) == f"{target}: $: file is 101 bytes, more than 100 (limit MAX_FILE_BYTES)"


def test_saving_through_a_symlink_replaces_its_target_and_keeps_the_link(tmp_path: Path) -> None:
    from engine.fileio import load, save
    from engine.starter import new_design, new_level

    real = tmp_path / "real.cocreate"
    link = tmp_path / "link.cocreate"
    save(new_level(), real)
    link.symlink_to(real)
    doc = new_design()
    save(doc, link)
    assert link.is_symlink()
    assert load(real) == doc
