"""Real galleries (``cocreate gallery serve`` processes on 127.0.0.1, SQLite) and client
machines (each its own config dir), driven through the real ``cocreate`` command."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import random
import select
import signal
import socket
import struct
import subprocess
import sys
import termios
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx
import msgspec
import pytest
from PIL import Image

from engine import codec
from engine.design.model import ImageLayer, Transform
from engine.document import LevelDocument
from engine.fileio import load, save
from engine.sim.inputs import Buttons
from engine.sim.verify import make_replay, simulate
from engine.starter import new_level
from tests.factories import asset, simple_design

ROOT = Path(__file__).resolve().parents[3]
PASSWORD = "correct horse battery"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class GalleryProcess:
    """``cocreate gallery serve`` in its own process, over a data dir of its own."""

    def __init__(self, data_dir: Path, database_url: str = "") -> None:
        self.data_dir = data_dir
        self.database_url = database_url
        """PostgreSQL's, when not empty; else SQLite in the data dir."""
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> GalleryProcess:
        if self.proc is not None:  # a restart after a kill: the old port may be in TIME_WAIT
            self.port = _free_port()
            self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "COCREATE_DATA_DIR": str(self.data_dir)}
        env.pop("COCREATE_DATABASE_URL", None)
        if self.database_url:
            env["COCREATE_DATABASE_URL"] = self.database_url
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "cocreate", "gallery", "serve", "--port", str(self.port)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(self.url + "/api/v1/health", timeout=1).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                err = self.proc.stderr.read().decode() if self.proc.stderr else ""
                raise RuntimeError(f"the gallery did not start: {err}")
            time.sleep(0.05)

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(sig)
            self.proc.wait(20)

    def api(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url + "/api/v1", headers=headers, timeout=60)

    def register(self, name: str) -> None:
        with self.api() as api:
            r = api.post("/users", json={"name": name, "password": PASSWORD})
            assert r.status_code == 201, r.text


class Machine:
    """One person's computer: a config dir and a working folder."""

    def __init__(self, root: Path, gallery: GalleryProcess, server: str = "") -> None:
        self.gallery = gallery
        self.server = server or gallery.url
        self.user = ""
        self.config = root / "config"
        self.cache = root / "cache"
        """Where ``cocreate play ID|URL`` pulls levels to."""
        self.home = root / "work"
        self.home.mkdir(parents=True)
        self.deadline = 2.0
        """Seconds of retries (the default, 10, is for people; tests need not wait so long)."""

    def env(self) -> dict[str, str]:
        env = {**os.environ, "COCREATE_CONFIG_DIR": str(self.config)}
        env["COCREATE_CACHE_DIR"] = str(self.cache)
        env["COCREATE_SERVER"] = self.server
        env["COCREATE_CLIENT_DEADLINE"] = str(self.deadline)
        return env

    def run(
        self, *args: str, input: str | None = None, cwd: Path | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "cocreate", *args],
            cwd=cwd or self.home,
            env=self.env(),
            input=input,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def login(self, name: str) -> None:
        done = self.run("login", "--user", name, input=PASSWORD + "\n")
        assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def gallery(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GalleryProcess]:
    g = GalleryProcess(tmp_path_factory.mktemp("gallery")).start()
    yield g
    g.stop()


@pytest.fixture
def machines(tmp_path: Path, gallery: GalleryProcess) -> Iterator[tuple[Machine, Machine]]:
    """Two machines, signed in as two new users (``a.user``, ``b.user``)."""
    a, b = Machine(tmp_path / "a", gallery), Machine(tmp_path / "b", gallery)
    for m in (a, b):
        m.user = f"u{uuid.uuid4().hex[:10]}"
        gallery.register(m.user)
        m.login(m.user)
    yield a, b


# -- creations ------------------------------------------------------------------------------------


def record_replay(path: Path) -> Path:
    """Record a replay that clears the level at ``path`` (as the editor's Play does)."""
    data = path.read_bytes()
    doc = codec.decode(data)
    assert isinstance(doc, LevelDocument)
    inputs = [int(Buttons.RIGHT)] * 400
    replay = make_replay(doc, codec.digest(data), inputs, simulate(doc, inputs))
    out = path.with_name(path.name[: -len(".cocreate")] + ".replay.cocreate")
    save(replay, out)
    return out


def make_level(folder: Path, name: str = "hop.cocreate", title: str = "Hop") -> Path:
    doc = new_level(title, author="tester", ident=str(uuid.uuid4()))
    path = folder / name
    save(doc, path)
    record_replay(path)
    return path


def make_design(folder: Path, name: str = "tee.cocreate", title: str = "Tee") -> Path:
    doc = simple_design(title)
    meta = msgspec.structs.replace(doc.meta, author="tester")
    doc = msgspec.structs.replace(doc, id=str(uuid.uuid4()), meta=meta)
    path = folder / name
    save(doc, path)
    return path


def make_big_design(folder: Path, size: int, name: str = "big.cocreate") -> Path:
    """A valid design of at least ``size`` bytes: an image of noise (stored, not compressed)."""
    side = int((size / 3) ** 0.5) + 1
    out = io.BytesIO()
    noise = Image.frombytes("RGB", (side, side), random.Random(size).randbytes(side * side * 3))
    noise.save(out, format="PNG", compress_level=0)
    key, image = asset("image/png", "noise.png", out.getvalue())
    doc = simple_design("Big")
    layer = ImageLayer(id=2, name="noise", transform=Transform(x=6.0, y=8.0, scale=0.1), image=key)
    design = msgspec.structs.replace(doc.design, layers=[*doc.design.layers, layer], next_id=3)
    doc = msgspec.structs.replace(doc, id=str(uuid.uuid4()), design=design, assets={key: image})
    path = folder / name
    save(doc, path)
    return path


def edit_level(path: Path, title: str) -> bytes:
    """Change the level's title and record its replay again; the new bytes."""
    doc = load(path)
    doc = msgspec.structs.replace(doc, meta=msgspec.structs.replace(doc.meta, title=title))
    data = save(doc, path)
    record_replay(path)
    return data


# -- a terminal -----------------------------------------------------------------------------------


@dataclass
class TerminalRun:
    code: int
    terminal: str
    """Everything the command wrote to the terminal (``\\r\\n`` read as ``\\n``)."""
    stdout: str
    """What it wrote to stdout, when stdout was a pipe (``stdout_tty=False``)."""


def on_terminal(
    machine: Machine,
    *args: str,
    answers: Sequence[tuple[str, str]] = (),
    stdout_tty: bool = True,
    timeout: float = 120,
) -> TerminalRun:
    """Run ``cocreate ARGS`` with stdin and stderr (and stdout) on a pseudo-terminal that is its
    controlling terminal (so getpass asks on it); each ``(prompt, answer)`` is typed once the
    prompt has appeared."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))

    def controlling() -> None:
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    proc = subprocess.Popen(
        [sys.executable, "-m", "cocreate", *args],
        cwd=machine.home,
        env={**machine.env(), "TERM": "xterm", "COLUMNS": "100"},
        stdin=slave,
        stdout=slave if stdout_tty else subprocess.PIPE,
        stderr=slave,
        preexec_fn=controlling,
    )
    os.close(slave)
    seen, typed, pending = b"", 0, list(answers)
    end = time.monotonic() + timeout
    try:
        while time.monotonic() < end:
            ready, _, _ = select.select([master], [], [], 0.1)
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the last holder of the terminal closed it
                break
            if not chunk:
                break
            seen += chunk
            while pending and pending[0][0].encode() in seen[typed:]:
                prompt, answer = pending.pop(0)
                typed = seen.index(prompt.encode(), typed) + len(prompt)
                os.write(master, answer.encode() + b"\n")
        code = proc.wait(max(1.0, end - time.monotonic()))
        stdout = proc.stdout.read().decode() if proc.stdout is not None else ""
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
        os.close(master)
    return TerminalRun(code, seen.decode(errors="replace").replace("\r\n", "\n"), stdout)
