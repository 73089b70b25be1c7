"""Seeding a gallery from a folder of creations (``cocreate gallery admin seed DIR``).

Every ``NAME.cocreate`` that is not a replay goes through the same checks as an upload (a level
with its ``NAME.replay.cocreate``), is owned by the ``samples`` account and published, with an
audit row. Remixes wait for their parents; files already in the gallery are left as they are.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import HTTPException
from sqlalchemy.orm import Session

from share.gallery import crud
from share.gallery.checks import check_upload
from share.gallery.context import Gallery
from share.gallery.models import User

SEED_USER = "samples"


@dataclass
class Seeded:
    added: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    """One line per problem, as an upload would be answered."""


def _seed_user(gallery: Gallery, session: Session) -> User:
    user = crud.user_by_name(session, SEED_USER)
    if user is None:  # nobody signs in as it: its password is random and never shown
        user = crud.create_user(
            session,
            gallery.passwords,
            name=SEED_USER,
            password=secrets.token_urlsafe(24),
            role="admin",
        )
    return user


def seed(gallery: Gallery, folder: Path) -> Seeded:
    files = sorted(p for p in folder.glob("*.cocreate") if not p.name.endswith(".replay.cocreate"))
    result = Seeded()
    waiting: list[tuple[Path, list[str]]] = [(p, []) for p in files]
    with gallery.sessions() as session:
        user = _seed_user(gallery, session)
        while waiting:
            still: list[tuple[Path, list[str]]] = []
            for path, _ in waiting:
                lines = _seed_one(gallery, session, user, path, result)
                if lines:
                    still.append((path, lines))
            if len(still) == len(waiting):  # no progress: report why each was refused
                for _, lines in still:
                    result.refused.extend(lines)
                break
            waiting = still
    return result


def _seed_one(
    gallery: Gallery, session: Session, user: User, path: Path, result: Seeded
) -> list[str]:
    """Seed one file; the lines of its refusal (empty when it was added or kept)."""
    data = path.read_bytes()
    replay_path = path.with_name(path.name.removesuffix(".cocreate") + ".replay.cocreate")
    replay = replay_path.read_bytes() if replay_path.is_file() else None
    outcome = check_upload(data, str(path), replay, str(replay_path))
    if outcome.status:
        return outcome.lines
    try:
        creation, stored = crud.store_upload(
            session,
            gallery.blobs,
            user=user,
            outcome=outcome,
            name=str(path),
            data=data,
            replay=replay,
            imported=True,
        )
    except HTTPException as exc:
        session.rollback()
        return [str(exc.detail)]
    if not stored:
        result.kept.append(f"{path}: already in the gallery as {creation.id}")
        return []
    if creation.state == "new":
        crud.move(session, actor=user, creation=creation, to="published", reason="a sample")
        session.commit()
    result.added.append(f"{path}: added as {creation.id} revision {creation.latest}")
    return []
