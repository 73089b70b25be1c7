"""A throw-away PostgreSQL cluster for the tests (the recipe of ``.ci/run``, in Python).

``initdb`` refuses root, so as root it runs as ``postgres`` (``runuser``) in a mode-755 folder;
the cluster listens on 127.0.0.1 at a free port, with no Unix socket and no fsync.
"""

from __future__ import annotations

import contextlib
import glob
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest


class ClusterError(Exception):
    pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Cluster:
    def __init__(self) -> None:
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not bins:
            raise ClusterError("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb)")
        self.bin = Path(bins[-1]).parent
        self.root = Path(tempfile.mkdtemp(prefix="cocreate-pg-"))
        self.root.chmod(0o755)
        self.home = self.root / "pg"
        """Owned by the user the server runs as: the data dir and the log go in here."""
        self.data = self.home / "data"
        self.port = free_port()
        self.password = secrets.token_hex(8)
        self.url = f"postgresql+psycopg://cocreate:{self.password}@127.0.0.1:{self.port}/postgres"

    def _run(self, *argv: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        done = subprocess.run([*prefix, *argv], cwd="/", capture_output=True, text=True, timeout=60)
        if done.returncode:
            raise ClusterError(f"{Path(argv[0]).name} failed: {done.stderr.strip()[-500:]}")

    def start(self) -> str:
        self.home.mkdir()
        if os.geteuid() == 0:
            import pwd

            entry = pwd.getpwnam("postgres")
            os.chown(self.home, entry.pw_uid, entry.pw_gid)
        pwfile = self.root / "pw"
        pwfile.write_text(self.password)
        pwfile.chmod(0o644)
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        try:
            self._run(
                str(self.bin / "initdb"), "-D", str(self.data), "-U", "cocreate",
                "-A", "scram-sha-256", f"--pwfile={pwfile}", "-E", "UTF8",
            )  # fmt: skip
            self._run(
                str(self.bin / "pg_ctl"), "-D", str(self.data), "-w", "-l",
                str(self.home / "log"), "-o", options, "start",
            )  # fmt: skip
        except (ClusterError, OSError, KeyError, subprocess.TimeoutExpired) as exc:
            shutil.rmtree(self.root, ignore_errors=True)
            if isinstance(exc, ClusterError):
                raise
            raise ClusterError(f"cannot start a cluster: {exc}") from exc
        return self.url

    def stop(self) -> None:
        try:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


@contextlib.contextmanager
def postgres_cluster(who: str, *, shared: bool = True) -> Iterator[str]:
    """The URL of a PostgreSQL cluster for ``who`` (the tests that need it, for messages):
    ``COCREATE_TEST_POSTGRES_URL`` when set and ``shared``, else a throw-away cluster started
    here and stopped afterwards. Without one the tests skip, or fail under ``CI=true``."""
    url = os.environ.get("COCREATE_TEST_POSTGRES_URL")
    if url and shared:
        yield url
        return
    try:
        cluster = Cluster()
        url = cluster.start()
    except (ClusterError, OSError) as exc:
        message = f"no PostgreSQL for {who}: {exc}"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI=true: PostgreSQL must be installed)")
        pytest.skip(message)
    try:
        yield url
    finally:
        cluster.stop()
