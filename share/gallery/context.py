"""The gallery's parts for one app: settings, database, blob store, worker pool."""

from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from share.gallery.blobs import BlobStore
from share.gallery.ratelimit import Limiter
from share.gallery.security import password_hasher
from share.gallery.settings import Settings
from share.gallery.workers import WorkerPool


@dataclass
class Gallery:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    blobs: BlobStore
    workers: WorkerPool
    passwords: PasswordHasher
    addresses: Limiter
    """The request rate limit per client address."""
    accounts: Limiter
    """The request rate limit per signed-in account."""

    @classmethod
    def open(cls, settings: Settings) -> Gallery:
        """Open (creating and migrating a fresh one) the database; raise SchemaBehind."""
        from share.gallery.blobs import FolderStore
        from share.gallery.db import open_database, session_factory

        engine = open_database(settings)
        return cls(
            settings,
            engine,
            session_factory(engine),
            FolderStore(settings.blob_dir),
            WorkerPool(
                settings.check_workers,
                seconds=settings.check_seconds,
                memory_bytes=settings.check_memory_bytes,
            ),
            password_hasher(
                time_cost=settings.argon2_time_cost, memory_kib=settings.argon2_memory_kib
            ),
            Limiter(settings.rate_per_address, settings.rate_window),
            Limiter(settings.rate_per_account, settings.rate_window),
        )

    def close(self) -> None:
        self.workers.close()
        self.engine.dispose()
