"""A large file's assets are checked on worker threads while the rest is checked: the same
problems come out, worded the same and in the same order, as when everything runs on one
thread; damaged images are still caught; a small file starts no thread."""

from __future__ import annotations

import hashlib
import io
import struct
import subprocess
import sys
import threading
import zlib
from typing import Any

import numpy as np
import pytest

from engine import codec
from engine.packed import pack_points
from engine.validation import assets, check_bytes, workers
from tests.conftest import subprocess_env
from tests.factories import raw, rich_level, simple_level


def _noise(kind: str, side: int, seed: int) -> bytes:
    from PIL import Image

    pixels = np.random.default_rng(seed).integers(0, 256, size=(side, side, 3), dtype=np.uint8)
    out = io.BytesIO()
    Image.fromarray(pixels, "RGB").save(
        out, format=kind, **({"quality": 90} if kind == "JPEG" else {})
    )
    return out.getvalue()


def _damage_idat(png: bytes) -> bytes:
    """The PNG with bytes of its first IDAT payload flipped and the chunk's CRC fixed up, so
    only inflating the pixel stream finds the damage."""
    data = bytearray(png)
    i = data.index(b"IDAT")
    (n,) = struct.unpack(">I", data[i - 4 : i])
    body = bytearray(data[i + 4 : i + 4 + n])
    for k in range(100, 400):
        body[k] ^= 0xFF
    data[i + 4 : i + 4 + n] = body
    data[i + 4 + n : i + 8 + n] = struct.pack(">I", zlib.crc32(b"IDAT" + bytes(body)) & 0xFFFFFFFF)
    return bytes(data)


def _add(doc: dict[str, Any], kind: str, name: str, data: bytes) -> str:
    key = hashlib.sha256(data).hexdigest()
    doc["assets"][key] = {"type": kind, "name": name, "data": data}
    doc["level"]["materials"].append({**doc["level"]["materials"][0], "name": name, "texture": key})
    return key


def _large_damaged() -> tuple[bytes, str, str]:
    """A level with 600 KB of images, among them a cut-short JPEG and a PNG whose pixel stream
    is damaged (both with matching digests), plus problems in the envelope and the level."""
    doc = raw(rich_level())
    doc["meta"]["title"] = " "
    for k in range(4):
        _add(doc, "image/jpeg", f"tex{k}.jpg", _noise("JPEG", 256, k))
    cut = _add(doc, "image/jpeg", "cut.jpg", _noise("JPEG", 256, 9)[:30_000])
    broken = _add(doc, "image/png", "broken.png", _damage_idat(_noise("PNG", 300, 5)))
    doc["level"]["shapes"][0]["points"] = pack_points([(0, 0), (10, 10), (10, 0), (0, 10)])
    data = codec.encode_any(doc)
    assert sum(len(a["data"]) for a in doc["assets"].values()) >= assets.PARALLEL_BYTES
    return data, cut, broken


def _problems(data: bytes) -> list[str]:
    checked = check_bytes(data)
    assert checked.error is None
    return [str(p) for p in checked.problems]


def test_damaged_images_in_a_large_file_are_caught_on_threads_in_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data, cut, broken = _large_damaged()
    threaded = _problems(data)
    monkeypatch.setattr(assets, "PARALLEL_BYTES", 1 << 40)  # everything on this thread
    assert _problems(data) == threaded
    assert [p for p in threaded if "$.assets" in p] == sorted(
        [
            f"$.assets[{cut[:12]}…].data: image cannot be read: it is cut short (no "
            "end-of-image marker)",
            f"$.assets[{broken[:12]}…].data: image cannot be read: its pixel data is damaged "
            "(Error -3 while decompressing data: incorrect data check)",
        ],
        key=lambda p: p.split("]")[0],  # assets come in the order of their keys
    )
    assert threaded[0] == "$.meta.title: must not be empty"
    assert threaded[-1] == "$.level.shapes[0].points: edges cross at (5, 5)"
    assert len(threaded) == 4


def test_every_asset_problem_keeps_its_place_with_the_others(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Bad keys, digests, unused and unreadable assets, and a tile layer that needs the size of
    an image read on a worker: the same list as on one thread."""
    doc = raw(rich_level())
    for k in range(5):
        _add(doc, "image/jpeg", f"tex{k}.jpg", _noise("JPEG", 256, 20 + k))
    key = next(k for k, a in doc["assets"].items() if a["name"] == "sky.jpg")
    doc["assets"]["x" * 64] = doc["assets"].pop(key)  # a key that is not a digest
    extra = _noise("PNG", 200, 7)
    doc["assets"][hashlib.sha256(extra).hexdigest()] = {
        "type": "image/png",
        "name": "u.png",
        "data": extra,
    }
    layer = doc["level"]["tile_layers"][0]
    tiles = np.frombuffer(layer["data"], "<u4").copy()
    tiles[3] = 999
    layer["data"] = tiles.tobytes()
    data = codec.encode_any(doc)
    threaded = _problems(data)
    monkeypatch.setattr(assets, "PARALLEL_BYTES", 1 << 40)
    assert _problems(data) == threaded
    assert any("tile 999 does not exist" in p for p in threaded), threaded
    assert any("is not used by anything" in p for p in threaded)
    assert any("key is not a sha256 digest" in p for p in threaded)


def test_work_no_worker_has_started_runs_on_the_caller() -> None:
    """With every worker busy, the caller checks the items itself rather than wait."""
    release = threading.Event()
    pool = workers._executor()
    blockers = [pool.submit(release.wait, 10) for _ in range(pool._max_workers)]
    try:
        batch = workers.Batch(lambda _: threading.get_ident(), [1, 2, 3])
        assert batch.results() == [threading.get_ident()] * 3
    finally:
        release.set()
    assert all(b.result() for b in blockers)


def test_validating_a_small_file_starts_no_thread() -> None:
    code = (
        "import sys, threading\n"
        "from engine.validation import check_bytes\n"
        "assert check_bytes(sys.stdin.buffer.read()).ok\n"
        "print(threading.active_count(), 'concurrent.futures' in sys.modules)\n"
    )
    for doc in (simple_level(), rich_level()):
        done = subprocess.run(
            [sys.executable, "-c", code],
            input=codec.encode(doc),
            capture_output=True,
            env=subprocess_env(),
            check=True,
        )
        assert done.stdout.decode().split() == ["1", "False"]
