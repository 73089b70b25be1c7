"""A real gallery server for tests: uvicorn on 127.0.0.1 in a thread, over a fresh database."""

from __future__ import annotations

import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import uvicorn
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from share.gallery.app import create_app
from share.gallery.models import Base
from share.gallery.settings import Settings


class LiveServer:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.app = create_app(settings)
        self.gallery = self.app.state.gallery
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        # the gallery alone decides whom to believe about addresses (``trusted_proxies``)
        config = uvicorn.Config(self.app, log_level="warning", lifespan="on", proxy_headers=False)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )

    def start(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the gallery server did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(20)
        self.sock.close()

    def wipe(self) -> None:
        """Empty every table, the blob folder and the rate limits: a fresh gallery."""
        self.gallery.addresses.reset()
        self.gallery.accounts.reset()
        engine = self.gallery.engine
        with engine.begin() as conn:
            if engine.dialect.name == "postgresql":
                names = ", ".join(t.name for t in Base.metadata.sorted_tables)
                conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            else:
                for table in reversed(Base.metadata.sorted_tables):
                    conn.execute(table.delete())
        blobs = self.settings.blob_dir
        for path in blobs.glob("*/*"):
            path.unlink()


@contextmanager
def postgres_database(server_url: str) -> Iterator[str]:
    """A new, empty database on the cluster of ``server_url``; dropped afterwards."""
    name = f"gallery_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def client(server: LiveServer, token: str | None = None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.Client(base_url=server.url + "/api/v1", headers=headers, timeout=60)


def settings_for(data_dir: Path, url: str = "", **changes: object) -> Settings:
    return Settings(data_dir=data_dir, database_url=url, **changes)  # type: ignore[arg-type]
