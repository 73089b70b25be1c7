"""A real gallery per test module, on SQLite and on PostgreSQL, emptied after every test.

PostgreSQL comes from ``COCREATE_TEST_POSTGRES_URL`` (``.ci/run`` sets it), else from a
throw-away cluster started here; when neither works the PostgreSQL tests skip, or fail under
``CI=true``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import msgspec
import pytest

from engine import codec
from engine.design.model import GarmentColor
from engine.document import DesignDocument, LevelDocument, Parent
from engine.sim.inputs import Buttons
from engine.sim.verify import make_replay, simulate
from engine.starter import new_level
from share.gallery.models import User
from tests.factories import simple_design
from tests.share.gallery.live import LiveServer, client, postgres_database, settings_for
from tests.share.gallery.postgres import postgres_cluster

PASSWORD = "correct horse battery"


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    with postgres_cluster("the gallery tests") as url:
        yield url


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    data_dir = tmp_path_factory.mktemp("gallery")
    options: dict[str, Any] = getattr(request.module, "SERVER_SETTINGS", {})
    base = {
        "max_upload_bytes": 512 * 1024,
        "check_workers": 1,
        "check_seconds": 30.0,
        "reports_to_requeue": 2,
        "argon2_time_cost": 1,
        "argon2_memory_kib": 1024,
        "rate_per_address": 0,  # test_rate_limits.py sets small limits
        "rate_per_account": 0,
        **options,
    }
    if request.param == "sqlite":
        live = LiveServer(settings_for(data_dir, **base)).start()
        yield live
        live.stop()
        return
    with postgres_database(request.getfixturevalue("postgres_url")) as url:
        live = LiveServer(settings_for(data_dir, url, **base)).start()
        yield live
        live.stop()


class Site:
    """The test's view of a live gallery: clients for each role, and creations to upload."""

    def __init__(self, server: LiveServer) -> None:
        self.server = server
        self.anon = client(server)
        self._clients: list[httpx.Client] = [self.anon]

    def user(self, name: str, role: str = "user", *, banned: bool = False) -> httpx.Client:
        r = self.anon.post("/users", json={"name": name, "password": PASSWORD})
        assert r.status_code == 201, r.text
        if role != "user" or banned:
            import datetime as dt

            with self.server.gallery.sessions() as session:
                row = session.query(User).filter_by(name=name).one()
                row.role = role
                if banned:
                    row.banned_until = dt.datetime(9999, 12, 31)
                    row.ban_reason = "spam"
                session.commit()
        r = self.anon.post("/tokens", json={"name": name, "password": PASSWORD})
        assert r.status_code == 201, r.text
        c = client(self.server, r.json()["token"])
        self._clients.append(c)
        return c

    def close(self) -> None:
        for c in self._clients:
            c.close()


def upload(
    c: httpx.Client,
    data: bytes,
    replay: bytes | None = None,
    *,
    name: str = "mine.cocreate",
    replay_name: str = "mine.replay.cocreate",
) -> httpx.Response:
    files: dict[str, tuple[str, bytes, str]] = {"file": (name, data, "application/octet-stream")}
    if replay is not None:
        files["replay"] = (replay_name, replay, "application/octet-stream")
    return c.post("/creations", files=files)


def level(
    title: str = "A level",
    *,
    ident: str | None = None,
    revision: int = 1,
    parents: list[tuple[str, int, str]] = (),  # type: ignore[assignment]
    clears: bool = True,
    **meta: Any,
) -> tuple[bytes, bytes]:
    """A publishable level and a replay of it (that clears it, unless ``clears=False``)."""
    doc = new_level(title, author="tester")
    doc = msgspec.structs.replace(
        doc,
        id=ident or str(uuid.uuid4()),
        revision=revision,
        meta=msgspec.structs.replace(
            doc.meta,
            parents=[Parent(id=i, revision=n, digest=d) for i, n, d in parents],
            **meta,
        ),
    )
    data = codec.encode(doc)
    decoded = codec.decode(data)
    assert isinstance(decoded, LevelDocument)
    inputs = [int(Buttons.RIGHT) | MAKERS_HOLD] * (400 if clears else 30)
    world = simulate(decoded, inputs)
    replay = make_replay(decoded, codec.digest(data), inputs, world)
    return data, codec.encode(replay)


MAKERS_HOLD = int(Buttons.DOWN)
"""Held through the maker's replays (:func:`level`, :func:`makers_replay`): DOWN alone does
nothing, so it is the same run as :func:`replay_of`'s, in other inputs. The gallery refuses a
player's run that is the maker's published one (a copy), so players' runs must differ."""


def replay_of(data: bytes, *, wait: int = 0, ticks: int = 400, held: int = 0) -> bytes:
    """A replay of the level ``data``: ``wait`` ticks standing still, then running right for
    ``ticks`` (a :func:`level` is cleared at tick 333 + ``wait``), ``held`` (buttons) held
    all along."""
    doc = codec.decode(data)
    assert isinstance(doc, LevelDocument)
    inputs = [held] * wait + [int(Buttons.RIGHT) | held] * ticks
    return codec.encode(make_replay(doc, codec.digest(data), inputs, simulate(doc, inputs)))


def makers_replay(data: bytes) -> bytes:
    """The replay a maker publishes the level ``data`` with (cleared at tick 333, as
    :func:`replay_of`'s, holding :data:`MAKERS_HOLD`)."""
    return replay_of(data, held=MAKERS_HOLD)


def send_clear(c: httpx.Client, ident: str, replay: bytes, **form: int | str) -> httpx.Response:
    """``POST /creations/{ident}/clears``: a clear run, as a client sends one."""
    files = {"replay": ("replay.cocreate", replay, "application/octet-stream")}
    return c.post(f"/creations/{ident}/clears", files=files, data=form)


def design(
    title: str = "A design",
    *,
    ident: str | None = None,
    colors: dict[str, str] | None = None,
    **meta: Any,
) -> bytes:
    """A publishable design; ``colors`` (name → ``#rrggbb``) are the garment colours offered."""
    doc = simple_design(title)
    if colors is not None:
        garment = msgspec.structs.replace(
            doc.design.garment,
            colors=[GarmentColor(name=n, color=c) for n, c in colors.items()],
        )
        doc = msgspec.structs.replace(
            doc, design=msgspec.structs.replace(doc.design, garment=garment)
        )
    doc = msgspec.structs.replace(
        doc, id=ident or str(uuid.uuid4()), meta=msgspec.structs.replace(doc.meta, **meta)
    )
    data = codec.encode(doc)
    assert isinstance(codec.decode(data), DesignDocument)
    return data


@pytest.fixture
def site(server: LiveServer) -> Iterator[Site]:
    s = Site(server)
    try:
        yield s
    finally:
        s.close()
        server.wipe()


@pytest.fixture
def tmp_data(tmp_path: Path) -> Path:
    return tmp_path / "data"
