"""Gallery load benchmark (issue 6): a real server process on 127.0.0.1 under a bounded load.

Each server is its own process, started as a user starts it (``cocreate gallery serve``: one
uvicorn process), on SQLite and on PostgreSQL, beside a bare Starlette app answering ``hello``
served by the same uvicorn the same way (the limit). The gallery is seeded over HTTP with
designs and levels (with their replays), then each operation is hammered by ``CONCURRENCY``
keep-alive connections for a fixed number of requests: list (a page of 20), search (``q=``),
get one, download, and a mix of the four, all anonymous (so served by the response cache);
then list and get once more with ``Cache-Control: no-cache``, which goes past the cache to the
routes, as every signed-in read does (a quarter as many requests). The load comes from a
minimal asyncio HTTP/1.1 client in this process, so the client costs as little as it can next
to the server.

Targets: list and get ≥ 30% of the bare app's requests per second, zero errors anywhere; an
upload of a level (its file and replay, over HTTP, checked and rendered in a worker, stored)
costs ≤ 1.2× the engine's own work on the same files (``checks.check_upload``, the function the
worker runs: validate, clear check, thumbnail and clip), timed in a process of its own (the
limit); and concurrent uploads use both worker processes.

Run: ``.venv/bin/python bench/bench_gallery.py [--quick]``; PostgreSQL comes from
``COCREATE_TEST_POSTGRES_URL`` or a throw-away cluster (as the tests start one). Exits 1 when a
target is missed.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import msgspec  # noqa: E402

from engine import codec  # noqa: E402
from engine.document import LevelDocument  # noqa: E402
from engine.sim.inputs import Buttons  # noqa: E402
from engine.sim.verify import make_replay, simulate  # noqa: E402
from engine.starter import new_level  # noqa: E402

CONCURRENCY = 16
NO_CACHE = "Cache-Control: no-cache\r\n"
PASSWORD = "correct horse battery"
WORDS = ["sunrise", "meadow", "cave", "ocean", "storm", "forest", "desert", "glacier"]
BARE_APP = """
import uvicorn
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route


async def hello(request):
    return PlainTextResponse("hello")


app = Starlette(routes=[Route("/hello", hello)])
uvicorn.run(app, host="127.0.0.1", port={port}, log_level="warning")
"""


# -- servers --------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_up(url: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server at {url} exited: {proc.stderr.read()!r}")  # type: ignore[union-attr]
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"the server at {url} did not start")


@contextmanager
def process(cmd: list[str], url: str, env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_up(url, proc)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def gallery(data_dir: Path, database_url: str) -> Iterator[str]:
    port = _free_port()
    env = {
        **os.environ,
        "COCREATE_DATA_DIR": str(data_dir),
        "COCREATE_DATABASE_URL": database_url,
        "COCREATE_RATE_PER_ADDRESS": "0",  # the load comes from one address
        "COCREATE_RATE_PER_ACCOUNT": "0",
    }
    cmd = [sys.executable, "-m", "cocreate", "gallery", "serve", "--port", str(port)]
    url = f"http://127.0.0.1:{port}"
    with process(cmd, url + "/api/v1/health", env):
        yield url


@contextmanager
def bare_app() -> Iterator[str]:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with process(
        [sys.executable, "-c", BARE_APP.format(port=port)], url + "/hello", {**os.environ}
    ):
        yield url


@contextmanager
def postgres() -> Iterator[str]:
    """A new database on ``COCREATE_TEST_POSTGRES_URL``'s cluster, or on a throw-away one."""
    from tests.share.gallery.live import postgres_database
    from tests.share.gallery.postgres import Cluster

    server = os.environ.get("COCREATE_TEST_POSTGRES_URL")
    cluster = None
    if not server:
        cluster = Cluster()
        server = cluster.start()
    try:
        with postgres_database(server) as url:
            yield url
    finally:
        if cluster is not None:
            cluster.stop()


# -- creations ------------------------------------------------------------------------------------


def a_level(title: str, tags: list[str], description: str) -> tuple[bytes, bytes]:
    doc = new_level(title, author="bench")
    doc = msgspec.structs.replace(
        doc,
        id=str(uuid.uuid4()),
        meta=msgspec.structs.replace(doc.meta, tags=tags, description=description),
    )
    data = codec.encode(doc)
    decoded = codec.decode(data)
    assert isinstance(decoded, LevelDocument)
    inputs = [int(Buttons.RIGHT)] * 400
    replay = make_replay(decoded, codec.digest(data), inputs, simulate(decoded, inputs))
    return data, codec.encode(replay)


def a_design(title: str, tags: list[str], description: str) -> bytes:
    from tests.factories import simple_design

    doc = simple_design(title)
    doc = msgspec.structs.replace(
        doc,
        id=str(uuid.uuid4()),
        meta=msgspec.structs.replace(doc.meta, tags=tags, description=description),
    )
    return codec.encode(doc)


def sign_in(url: str, name: str) -> httpx.Client:
    api = httpx.Client(base_url=url + "/api/v1", timeout=120)
    r = api.post("/users", json={"name": name, "password": PASSWORD})
    assert r.status_code == 201, r.text
    r = api.post("/tokens", json={"name": name, "password": PASSWORD})
    api.headers["Authorization"] = f"Bearer {r.json()['token']}"
    return api


def post(api: httpx.Client, data: bytes, replay: bytes | None = None) -> dict[str, object]:
    files = {"file": ("c.cocreate", data)}
    if replay is not None:
        files["replay"] = ("r.cocreate", replay)
    r = api.post("/creations", files=files)
    assert r.status_code == 201, r.text
    made: dict[str, object] = r.json()
    return made


def seed(url: str, designs: int, levels: int) -> list[str]:
    rng = random.Random(6)
    api = sign_in(url, "bench")
    ids = []
    for i in range(designs):
        words = rng.sample(WORDS, 3)
        made = post(api, a_design(f"{words[0].title()} tee {i}", words[1:], " ".join(words)))
        ids.append(str(made["id"]))
    for i in range(levels):
        words = rng.sample(WORDS, 3)
        made = post(api, *a_level(f"{words[0].title()} run {i}", words[1:], " ".join(words)))
        ids.append(str(made["id"]))
    api.close()
    return ids


# -- load -----------------------------------------------------------------------------------------


@dataclass
class Load:
    name: str
    requests: int
    seconds: float
    latencies: list[float]
    errors: int

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    def p(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    def line(self) -> str:
        return (
            f"{self.name:<22} {self.rate:8.0f} req/s  p50 {self.p(0.5) * 1000:6.2f} ms  "
            f"p99 {self.p(0.99) * 1000:7.2f} ms  errors {self.errors}"
        )


async def _connection(
    host: str, port: int, paths: Callable[[], str], count: int, out: Load, extra: str = ""
) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        for _ in range(count):
            request = f"GET {paths()} HTTP/1.1\r\nHost: {host}:{port}\r\n{extra}\r\n".encode()
            start = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            out.latencies.append(time.perf_counter() - start)
            if status != 200:
                out.errors += 1
    finally:
        writer.close()


def hammer(name: str, url: str, paths: Callable[[], str], total: int, extra: str = "") -> Load:
    """``total`` GETs of ``paths()`` over ``CONCURRENCY`` keep-alive connections; ``extra``:
    more header lines (each ending in CRLF)."""
    host, port = url.removeprefix("http://").split(":")
    out = Load(name, total, 0.0, [], 0)

    async def run() -> None:
        each = total // CONCURRENCY
        await asyncio.gather(
            *(_connection(host, int(port), paths, each, out, extra) for _ in range(CONCURRENCY))
        )

    warm = Load(name, 0, 0.0, [], 0)

    async def warm_up() -> None:
        await _connection(host, int(port), paths, 50, warm, extra)

    asyncio.run(warm_up())
    start = time.perf_counter()
    asyncio.run(run())
    out.seconds = time.perf_counter() - start
    out.requests = len(out.latencies)
    out.errors += warm.errors
    return out


def loads(url: str, ids: list[str], total: int) -> dict[str, Load]:
    rng = random.Random(7)
    api = "/api/v1/creations"

    def one() -> str:
        return f"{api}/{rng.choice(ids)}"

    def download() -> str:
        return f"{api}/{rng.choice(ids)}/download"

    def search() -> str:
        return f"{api}?q={rng.choice(WORDS)}"

    def listing() -> str:
        return f"{api}?sort={rng.choice(['new', 'top', 'trending'])}"

    def mix() -> str:
        return rng.choice([listing, search, one, one, download, download])()

    rows = {
        "list (20 a page)": (listing, ""),
        "search (q=word)": (search, ""),
        "get one": (one, ""),
        "download": (download, ""),
        "mix": (mix, ""),
        # the same past the response cache (as a signed-in user's reads always are)
        "list, uncached": (listing, NO_CACHE),
        "get one, uncached": (one, NO_CACHE),
    }
    return {
        name: hammer(name, url, paths, total // 4 if extra else total, extra)
        for name, (paths, extra) in rows.items()
    }


# -- uploads --------------------------------------------------------------------------------------


def engine_only(data: bytes, replay: bytes) -> float:
    """Seconds the engine takes for an upload, called directly: the limit. It is the very
    function the gallery's worker runs (validate, clear check, and every picture it renders:
    thumbnail, clear-run clip), run in a process of its own as the worker is, so the difference
    is the server's own cost: HTTP, the worker trip, the database and the blob files."""
    from share.gallery.checks import check_upload

    start = time.perf_counter()
    outcome = check_upload(data, "c.cocreate", replay, "r.cocreate")
    elapsed = time.perf_counter() - start
    assert outcome.status == 0 and outcome.clear_message, outcome.lines
    return elapsed


def uploads(url: str, count: int) -> tuple[float, float, float, float]:
    """Median seconds of an upload and of the engine alone (interleaved, each on new files);
    and the wall time of ``2 * count`` uploads one after another, and two at a time."""
    api = sign_in(url, "uploader")
    files = [a_level(f"Upload {i}", ["bench"], "timed") for i in range(5 * count + 2)]
    ours: list[float] = []
    peer: list[float] = []
    with multiprocessing.get_context("spawn").Pool(1) as engine:
        engine.apply(engine_only, files[-1])  # warm: imports, templates
        post(api, *files[-2])
        for i in range(count):
            data, replay = files[i]
            for side in (0, 1) if i % 2 else (1, 0):
                if side:
                    start = time.perf_counter()
                    post(api, data, replay)
                    ours.append(time.perf_counter() - start)
                else:
                    peer.append(engine.apply(engine_only, (data, replay)))
    start = time.perf_counter()
    for data, replay in files[count : 3 * count]:
        post(api, data, replay)
    serial = time.perf_counter() - start
    second = sign_in(url, "uploader2")

    def batch(api: httpx.Client, part: list[tuple[bytes, bytes]]) -> None:
        for data, replay in part:
            post(api, data, replay)

    start = time.perf_counter()
    pair = [
        threading.Thread(target=batch, args=(a, files[3 * count + k : 5 * count : 2]))
        for k, a in enumerate((api, second))
    ]
    for t in pair:
        t.start()
    for t in pair:
        t.join()
    parallel = time.perf_counter() - start
    api.close()
    second.close()
    return statistics.median(ours), statistics.median(peer), serial, parallel


# -- main -----------------------------------------------------------------------------------------


def main() -> int:
    quick = "--quick" in sys.argv
    total = 800 if quick else 4000
    print(f"{os.cpu_count()} cores; {CONCURRENCY} connections; {total} requests per row")
    with bare_app() as bare_url:
        first = hammer("bare Starlette hello", bare_url, lambda: "/hello", total)
        print(first.line())
        ok = first.errors == 0
        for db in ("sqlite", "postgresql"):
            ok &= _database(db, bare_url, first, total, quick)
    return 0 if ok else 1


def _database(db: str, bare_url: str, first: Load, total: int, quick: bool) -> bool:
    """Seed a gallery on ``db``, load it, time its uploads; whether every target is met. The
    limit is the bare app's rate measured at the start or again just before these loads,
    whichever is higher (the machine's load drifts; this never flatters the gallery)."""
    designs, levels, count = (20, 5, 4) if quick else (60, 20, 10)
    ok = True
    with (
        tempfile.TemporaryDirectory(prefix="bench-gallery-") as tmp,
        postgres() if db == "postgresql" else _nothing() as database_url,
        gallery(Path(tmp), database_url) as url,
    ):
        started = time.perf_counter()
        ids = seed(url, designs, levels)
        print(
            f"\n{db}: seeded {designs} designs and {levels} levels in "
            f"{time.perf_counter() - started:.1f} s"
        )
        again = hammer("bare Starlette hello", bare_url, lambda: "/hello", total)
        print(again.line(), "(again, just before)")
        ok &= again.errors == 0
        limit = max(first.rate, again.rate)
        found = loads(url, ids, total)
        for load in found.values():
            print(load.line())
        ours, peer, serial, parallel = uploads(url, count)
    for name in ("list (20 a page)", "get one"):
        share = found[name].rate / limit
        passed = share >= 0.30
        ok &= passed
        print(
            f"{name}: {share:.0%} of the bare app's {limit:.0f} req/s (target ≥ 30%) "
            f"{'PASS' if passed else 'FAIL'}"
        )
    errors = sum(load.errors for load in found.values())
    ok &= errors == 0
    ratio = ours / peer
    ok &= ratio <= 1.2
    print(
        f"errors: {errors} (target 0)\n"
        f"upload of a level: {ours * 1000:.1f} ms vs the engine alone {peer * 1000:.1f} ms: "
        f"ratio {ratio:.2f} (target ≤ 1.2) {'PASS' if ratio <= 1.2 else 'FAIL'}; "
        f"the server's own cost {(ours - peer) * 1000:.1f} ms\n"
        f"{2 * count} uploads one at a time {serial:.2f} s, two at a time {parallel:.2f} s "
        f"({serial / parallel:.2f}× faster)"
    )
    return ok


@contextmanager
def _nothing() -> Iterator[str]:
    yield ""


if __name__ == "__main__":
    sys.exit(main())
