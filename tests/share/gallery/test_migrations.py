"""Schemas 0003, 0004, 0006, 0007 and 0008 on a database that already holds creations."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, inspect, text
from sqlalchemy.orm import Session

from share.gallery import crud
from share.gallery.db import _alembic_config, head_revision, make_engine, migrate
from share.gallery.models import Creation
from tests.share.gallery.live import postgres_database

ROWS = """
INSERT INTO users (pk, name, name_key, password_hash, role, ban_reason, created)
VALUES (1, 'alice', 'alice', 'x', 'user', '', '2026-11-01'),
       (2, 'bob', 'bob', 'x', 'user', '', '2026-11-01');
INSERT INTO blobs (digest, size, created) VALUES ('a', 1, '2026-11-01'), ('b', 1, '2026-11-01');
INSERT INTO creations (pk, id, kind, owner_pk, state, latest, title, license, created, updated)
VALUES (1, 'tee', 'design', 1, 'published', 2, 'Stormy Sea', 'CC0-1.0', '2026-11-01',
        '2026-11-02'),
       (2, 'remix', 'design', 2, 'new', 1, 'Calm Sea', 'CC0-1.0', '2026-11-03', '2026-11-03');
INSERT INTO revisions (pk, creation_pk, n, digest, size, clear_message, title, description,
                       author, tags, license, uploader_pk, created)
VALUES (1, 1, 1, 'a', 1, '', 'Old title', 'old words', 'a', 'old', 'CC0-1.0', 1, '2026-11-01'),
       (2, 1, 2, 'b', 1, '', 'Stormy Sea', 'waves at night', 'a', 'ocean', 'CC0-1.0', 1,
        '2026-11-02'),
       (3, 2, 1, 'b', 1, '', 'Calm Sea', 'still water', 'b', '', 'CC0-1.0', 2, '2026-11-03');
INSERT INTO parents (child_pk, child_n, parent_pk, parent_n) VALUES (2, 1, 1, 2);
INSERT INTO ratings (user_pk, creation_pk, value, created) VALUES (2, 1, 4, '2026-11-03');
"""


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        eng = make_engine(f"sqlite:///{tmp_path / 'gallery.sqlite3'}")
        yield eng
        eng.dispose()
        return
    with postgres_database(request.getfixturevalue("postgres_url")) as url:
        eng = make_engine(url)
        yield eng
        eng.dispose()


def test_0003_fills_in_search_and_sort_keys_of_existing_creations(engine: Engine) -> None:
    command.upgrade(_alembic_config(engine), "0002")
    with engine.begin() as conn:
        for statement in ROWS.split(";"):
            if statement.strip():
                conn.execute(text(statement))
    assert migrate(engine) == ("0002", head_revision())
    with Session(engine) as session:
        tee = session.get(Creation, 1)
        assert tee is not None
        assert (tee.description, tee.tags) == ("waves at night", "ocean")
        assert (tee.remixes, tee.rating_score) == (1, 0.8)

        def found(q: str) -> list[str]:
            rows, _ = crud.list_creations(
                session, kind=None, tag=None, author=None, license=None, q=q, limit=10
            )
            return [c.title for c in rows]

        assert found("ocean") == ["Stormy Sea"]
        assert found("sea") == ["Calm Sea", "Stormy Sea"]
        assert found("old") == []  # only the latest revision is searched


def test_0004_adds_featured_at_and_keeps_search_in_step_both_ways(engine: Engine) -> None:
    command.upgrade(_alembic_config(engine), "0002")
    with engine.begin() as conn:
        for statement in ROWS.split(";"):
            if statement.strip():
                conn.execute(text(statement))
    command.upgrade(_alembic_config(engine), "0003")
    assert migrate(engine) == ("0003", head_revision())

    def titles(q: str) -> list[str]:  # columns only: the model's featured_at may be gone
        from sqlalchemy import select

        from share.gallery.search import matching

        where = matching(engine.dialect.name, q)
        with Session(engine) as session:
            return list(session.scalars(select(Creation.title).where(where)))

    with Session(engine) as session:
        tee = session.get(Creation, 1)
        assert tee is not None and tee.featured_at is None
        tee.title = "Windy Bay"  # the search index follows (SQLite: its triggers survived)
        session.commit()
    assert titles("windy") == ["Windy Bay"]
    command.downgrade(_alembic_config(engine), "0003")
    with engine.begin() as conn:
        conn.execute(text("UPDATE creations SET title = 'Quiet Bay' WHERE pk = 1"))
    assert titles("quiet") == ["Quiet Bay"] and titles("windy") == []


def _differences(engine: Engine, table: str) -> list[object]:
    """What Alembic finds between ``table`` as migrated and as the models declare it."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from share.gallery.models import Base

    def only(obj: object, name: str | None, kind: str, *_args: object) -> bool:
        owner = name if kind == "table" else getattr(getattr(obj, "table", None), "name", None)
        return owner == table

    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": only})
        return list(compare_metadata(context, Base.metadata))


def test_0006_adds_clear_runs_as_the_models_declare_it_and_takes_it_away(engine: Engine) -> None:
    command.upgrade(_alembic_config(engine), "0005")
    with engine.begin() as conn:
        for statement in ROWS.split(";"):
            if statement.strip():
                conn.execute(text(statement))
    assert migrate(engine) == ("0005", "0008")
    assert _differences(engine, "clear_runs") == []
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO clear_runs (creation_pk, revision, user_pk, ticks, score, deaths, "
                "replay_digest, created) VALUES (1, 2, 2, 333, 0, 0, 'a', '2026-11-04')"
            )
        )
    command.downgrade(_alembic_config(engine), "0005")
    assert "clear_runs" not in inspect(engine).get_table_names()
    with Session(engine) as session:
        assert session.get(Creation, 1) is not None  # the rest is as it was


def test_0007_adds_play_reports_as_the_models_declare_it_and_takes_it_away(engine: Engine) -> None:
    command.upgrade(_alembic_config(engine), "0006")
    with engine.begin() as conn:
        for statement in ROWS.split(";"):
            if statement.strip():
                conn.execute(text(statement))
    assert migrate(engine) == ("0006", "0008")
    assert _differences(engine, "play_reports") == []
    command.downgrade(_alembic_config(engine), "0006")
    assert "play_reports" not in inspect(engine).get_table_names()
    with Session(engine) as session:
        assert session.get(Creation, 1) is not None  # the rest is as it was


def test_0008_adds_clear_runs_inputs_digest_keeping_the_runs_there(engine: Engine) -> None:
    command.upgrade(_alembic_config(engine), "0007")
    with engine.begin() as conn:
        for statement in ROWS.split(";"):
            if statement.strip():
                conn.execute(text(statement))
        conn.execute(
            text(
                "INSERT INTO clear_runs (creation_pk, revision, user_pk, ticks, score, deaths, "
                "replay_digest, created) VALUES (1, 2, 2, 333, 0, 0, 'a', '2026-11-04'), "
                "(1, 2, 1, 340, 0, 0, 'b', '2026-11-04')"
            )
        )
    assert migrate(engine) == ("0007", "0008")
    assert _differences(engine, "clear_runs") == []
    with engine.connect() as conn:
        kept = conn.execute(text("SELECT ticks, inputs_digest FROM clear_runs ORDER BY ticks"))
        assert list(kept) == [(333, None), (340, None)]  # two runs without a digest: not equal
    command.downgrade(_alembic_config(engine), "0007")
    columns = {c["name"] for c in inspect(engine).get_columns("clear_runs")}
    assert "inputs_digest" not in columns
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM clear_runs")).scalar() == 2
