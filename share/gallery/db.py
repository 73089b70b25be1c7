"""The database: an engine for the settings' URL, sessions, and the schema check at start.

SQLite runs in WAL mode with foreign keys on and a busy timeout, so readers never wait for the
writer. Migrations are Alembic's, run from code: :func:`open_database` creates and migrates a
fresh database, and refuses one whose schema is behind (``cocreate gallery admin migrate``
upgrades it) or ahead (made by a newer cocreate).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.orm import Session, sessionmaker

from share.gallery.errors import SchemaBehind
from share.gallery.settings import Settings

MIGRATIONS = Path(__file__).with_name("migrations")


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def migrate(engine: Engine) -> tuple[str | None, str]:
    """Upgrade the schema to the newest; return (revision before, revision after)."""
    from alembic import command

    before = current_revision(engine)
    command.upgrade(_alembic_config(engine), "head")
    return before, head_revision()


def open_database(settings: Settings) -> Engine:
    """The database of ``settings``, created and migrated when empty, checked when not."""
    engine = make_engine(settings.url)
    current = current_revision(engine)
    head = head_revision()
    if current == head:
        return engine
    if current is None and not inspect(engine).get_table_names():
        migrate(engine)
        return engine
    from alembic.script import ScriptDirectory

    known = {s.revision for s in ScriptDirectory(str(MIGRATIONS)).walk_revisions()}
    engine.dispose()
    shown = _safe_url(settings.url)
    if current is not None and current not in known:
        raise SchemaBehind(
            f"the gallery database {shown} has schema {current}, which this cocreate does not "
            "know: it was made by a newer cocreate"
        )
    raise SchemaBehind(
        f"the gallery database {shown} has schema {current or 'none'}, older than this "
        f"cocreate's ({head}): run `cocreate gallery admin migrate` to upgrade it"
    )


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
