"""Sync benchmark (issue 8): ``cocreate sync`` of a folder of 200 creations where nothing
changed, against a real gallery process on 127.0.0.1 (SQLite), as a whole process, vs one
``cocreate info`` of a file in the same folder (the peer). Targets: at most 2 requests in all
(counted by a proxy between the client and the gallery), and a time ratio ≤ 2 (medians of
interleaved runs).

Run: ``.venv/bin/python bench/bench_sync.py``; exits 1 when a target is missed.
"""

from __future__ import annotations

import contextlib
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx
import msgspec

from engine.fileio import load, save

CREATIONS = 200
RUNS = 11
TARGET_RATIO = 2.0
TARGET_REQUESTS = 2
PASSWORD = "correct horse battery"
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _bin(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class CountingProxy:
    """Forwards TCP to the gallery and counts the HTTP requests that pass."""

    METHODS = (b"GET ", b"POST ", b"PUT ", b"DELETE ", b"HEAD ", b"PATCH ")

    def __init__(self, upstream: int) -> None:
        self.upstream = upstream
        self.requests = 0
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.upstream))
            threading.Thread(target=self._pump, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, False), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, up: bool) -> None:
        with contextlib.suppress(OSError):
            while data := src.recv(65536):
                if up and data.startswith(self.METHODS):
                    self.requests += 1
                dst.sendall(data)
            dst.shutdown(socket.SHUT_WR)


def _run(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=cwd, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {done.stderr}")
    return elapsed, done.stdout


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        port = _free_port()
        server = subprocess.Popen(
            [_bin("cocreate"), "gallery", "serve", "--port", str(port)],
            env={**ENV, "COCREATE_DATA_DIR": str(root / "data")},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            return _bench(root, port)
        finally:
            server.terminate()
            server.wait(20)


def _bench(root: Path, port: int) -> int:
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(url + "/api/v1/health", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise SystemExit("the gallery did not start") from None
            time.sleep(0.1)
    httpx.post(url + "/api/v1/users", json={"name": "bench", "password": PASSWORD}, timeout=60)
    proxy = CountingProxy(port)
    folder = root / "work"
    folder.mkdir()
    env = {**ENV, "COCREATE_CONFIG_DIR": str(root / "config"), "COCREATE_SERVER": proxy.url}
    subprocess.run(
        [_bin("cocreate"), "login", "--user", "bench"],
        input=PASSWORD + "\n",
        text=True,
        env=env,
        check=True,
        capture_output=True,
    )
    sample = load(Path(__file__).resolve().parent.parent / "levels" / "sunrise-tee.cocreate")
    for i in range(CREATIONS):  # copies of a sample design, each a creation of its own
        meta = msgspec.structs.replace(sample.meta, title=f"Tee {i:03d}")
        doc = msgspec.structs.replace(sample, id=str(uuid.uuid4()), meta=meta)
        save(doc, folder / f"tee-{i:03d}.cocreate")
    start = time.perf_counter()
    _run([_bin("cocreate"), "sync"], env, folder)
    first = time.perf_counter() - start

    ours_cmd = [_bin("cocreate"), "sync"]
    peer_cmd = [_bin("cocreate"), "info", "tee-000.cocreate"]
    for _ in range(2):
        _run(ours_cmd, env, folder)
        _run(peer_cmd, env, folder)
    before = proxy.requests
    _, said = _run(ours_cmd, env, folder)
    requests = proxy.requests - before
    ours: list[float] = []
    peer: list[float] = []
    for i in range(RUNS):
        ours_side, peer_side = (ours_cmd, ours), (peer_cmd, peer)
        for cmd, out in (ours_side, peer_side) if i % 2 else (peer_side, ours_side):
            out.append(_run(cmd, env, folder)[0])
    o, p = statistics.median(ours), statistics.median(peer)
    ratio = o / p
    ok_requests = requests <= TARGET_REQUESTS
    ok_ratio = ratio <= TARGET_RATIO
    print(f"first sync of {CREATIONS} new creations (pushes them all): {first:.2f} s")
    print(f"unchanged sync said: {said.strip()}")
    print(
        f"requests of an unchanged sync: {requests} (target ≤ {TARGET_REQUESTS}) "
        f"{'PASS' if ok_requests else 'FAIL'}"
    )
    print(
        f"cocreate sync (200 unchanged) {o * 1000:.0f} ms vs cocreate info (one file) "
        f"{p * 1000:.0f} ms: ratio {ratio:.2f} (target ≤ {TARGET_RATIO:g}) "
        f"{'PASS' if ok_ratio else 'FAIL'}"
    )
    return 0 if ok_requests and ok_ratio else 1


if __name__ == "__main__":
    raise SystemExit(main())
