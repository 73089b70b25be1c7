"""Clear runs: each player's fastest clear of a level's revision, and the board they make.

A run is sent as a replay, re-simulated in a worker (``checks.check_clear_run``), and counted as
a play that cleared; it is kept when it is the player's best on that revision (fewer ticks
wins; on equal ticks the earlier run stays), replacing their slower one. The board lists one
run per player, fastest first, leaving out players who are banned now. A run must be the
player's own: the maker's published replay, or another player's run (the same inputs up to
the goal, ``clear_runs.inputs_digest``), sent by someone else is refused.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fastapi import HTTPException
from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from share.gallery import crud
from share.gallery.blobs import BlobStore
from share.gallery.checks import ClearRunOutcome
from share.gallery.models import ClearRun, Creation, User, utcnow
from share.gallery.schemas import ClearBoard, ClearPublic, ClearResult

TICKS_PER_SECOND = 60


def _not_banned(now: dt.datetime) -> ColumnElement[bool]:
    """Runs by players not banned at ``now`` (the query joins ``users``)."""
    return or_(User.banned_until.is_(None), User.banned_until <= now)


def _on_board(creation: Creation, revision: int, now: dt.datetime) -> ColumnElement[bool]:
    """The runs of ``revision`` of ``creation`` by players not banned at ``now``."""
    return and_(
        ClearRun.creation_pk == creation.pk, ClearRun.revision == revision, _not_banned(now)
    )


def _runs(creation: Creation, revision: int, now: dt.datetime) -> Select[ClearRun, str]:
    return (
        select(ClearRun, User.name)
        .join(User, User.pk == ClearRun.user_pk)
        .where(_on_board(creation, revision, now))
    )


def _entries(session: Session, creation: Creation, revision: int, now: dt.datetime) -> int:
    count = session.scalar(
        select(func.count())
        .select_from(ClearRun)
        .join(User, User.pk == ClearRun.user_pk)
        .where(_on_board(creation, revision, now))
    )
    return count or 0


def _rank(
    session: Session,
    creation: Creation,
    revision: int,
    *,
    user: User,
    ticks: int,
    created: dt.datetime,
    now: dt.datetime,
) -> int:
    """Where a run of ``user`` that took ``ticks``, sent at ``created``, stands among the
    other players' best runs: 1 + how many of them are faster, or as fast and earlier."""
    ahead = session.scalar(
        select(func.count())
        .select_from(ClearRun)
        .join(User, User.pk == ClearRun.user_pk)
        .where(
            _on_board(creation, revision, now),
            ClearRun.user_pk != user.pk,
            or_(
                ClearRun.ticks < ticks,
                and_(ClearRun.ticks == ticks, ClearRun.created < created),
            ),
        )
    )
    return 1 + (ahead or 0)


def replay_path(creation: Creation, pk: int) -> str:
    return f"/api/v1/creations/{creation.id}/clears/{pk}/replay"


def _public(creation: Creation, run: ClearRun, *, user: str, rank: int, kept: bool) -> ClearPublic:
    return ClearPublic(
        id=run.pk if kept else None,
        rank=rank,
        user=user,
        revision=run.revision,
        ticks=run.ticks,
        seconds=run.ticks / TICKS_PER_SECOND,
        score=run.score,
        deaths=run.deaths,
        created=run.created,
        replay=replay_path(creation, run.pk) if kept else None,
    )


def board(session: Session, creation: Creation, revision: int, *, limit: int) -> ClearBoard:
    """The fastest ``limit`` players' best runs of ``revision``, fastest first."""
    now = utcnow()
    rows = session.execute(
        _runs(creation, revision, now)
        .order_by(ClearRun.ticks, ClearRun.created, ClearRun.pk)
        .limit(limit)
    )
    items = [
        _public(creation, run, user=name, rank=i, kept=True)
        for i, (run, name) in enumerate(rows, start=1)
    ]
    return ClearBoard(
        revision=revision, entries=_entries(session, creation, revision, now), items=items
    )


def board_run(session: Session, creation: Creation, pk: int) -> ClearRun:
    """The run ``pk`` on a board of ``creation``; 404 when there is none (or its player is
    banned now: banned players' runs are not shown)."""
    run = session.scalar(
        select(ClearRun)
        .join(User, User.pk == ClearRun.user_pk)
        .where(ClearRun.pk == pk, ClearRun.creation_pk == creation.pk, _not_banned(utcnow()))
    )
    if run is None:
        raise HTTPException(404, f"creation {creation.id} has no clear run {pk}")
    return run


def copied_from(
    session: Session, creation: Creation, revision: int, *, user: User, run: ClearRunOutcome
) -> str | None:
    """Whose run ``run`` is when it is not ``user``'s own play: the maker's published clear
    run, or a run on the board (the same inputs, by another player, banned or not); else None.
    The same player sending their own run again is not a copy (it is counted, not kept)."""
    if run.makers and creation.owner_pk != user.pk:
        return creation.owner.name
    if not run.inputs_digest:
        return None
    return session.scalar(
        select(User.name)
        .join(ClearRun, ClearRun.user_pk == User.pk)
        .where(
            ClearRun.creation_pk == creation.pk,
            ClearRun.revision == revision,
            ClearRun.inputs_digest == run.inputs_digest,
            ClearRun.user_pk != user.pk,
        )
    )


def record(
    session: Session,
    blobs: BlobStore,
    *,
    creation: Creation,
    user: User,
    revision: int,
    run: ClearRunOutcome,
    replay: bytes,
    replay_name: str = "replay.cocreate",
    key: str | None = None,
) -> ClearResult:
    """Count a checked clear run as a play that cleared (once per ``key``, the client's for this
    play: a run sent again is not counted again), and keep it when it is ``user``'s best on
    ``revision``. Two runs of one player at the same moment: the second sees the first (its
    insert fails on the unique (creation, revision, user), and it is recorded again). A run
    that is someone else's (:func:`copied_from`) is refused (409), and counts nothing."""

    def attempt() -> ClearResult:
        owner = copied_from(session, creation, revision, user=user, run=run)
        if owner is not None:
            raise HTTPException(
                409,
                [
                    f"{replay_name}: the same run, input for input, as {owner}'s: a clear must "
                    "be your own play"
                ],
            )
        best = session.scalar(
            select(ClearRun).where(
                ClearRun.creation_pk == creation.pk,
                ClearRun.revision == revision,
                ClearRun.user_pk == user.pk,
            )
        )
        now = utcnow()
        sent = ClearRun(
            creation_pk=creation.pk,
            revision=revision,
            user_pk=user.pk,
            ticks=run.ticks,
            score=run.score,
            deaths=run.deaths,
            replay_digest=run.replay_digest,
            created=now,
            inputs_digest=run.inputs_digest or None,
        )
        kept = best is None or run.ticks < best.ticks
        if kept:
            blobs.put(replay)  # before the row that names it is committed
            crud.blob_rows(session, [replay])
            if best is not None:
                session.delete(best)
                session.flush()  # the old row goes before the new one takes its place
            session.add(sent)
            best = sent
        assert best is not None
        crud.count_play(session, creation=creation, user=user, cleared=True, key=key)
        session.commit()
        rank = _rank(
            session, creation, revision, user=user, ticks=best.ticks, created=best.created, now=now
        )
        shown = rank
        if not kept:
            shown = _rank(
                session, creation, revision, user=user, ticks=run.ticks, created=now, now=now
            )
        return ClearResult(
            clear=_public(creation, sent, user=user.name, rank=shown, kept=kept),
            best=kept,
            rank=rank,
            entries=_entries(session, creation, revision, now),
            yours=_public(creation, best, user=user.name, rank=rank, kept=True),
        )

    try:
        return attempt()
    except IntegrityError:
        session.rollback()
    return attempt()


@dataclass(frozen=True)
class PlayerRun:
    """One of a player's best runs, for their page: the level, its revision and the run."""

    creation: Creation
    run: ClearPublic


def player_runs(
    session: Session, player: User, viewer: User | None, *, limit: int
) -> list[PlayerRun]:
    """``player``'s best runs (one per level revision) of the levels ``viewer`` may see, newest
    first, each with its place on that revision's board (none while ``player`` is banned)."""
    now = utcnow()
    if player.banned_until is not None and player.banned_until > now:
        return []
    rows = session.execute(
        select(ClearRun, Creation)
        .join(Creation, Creation.pk == ClearRun.creation_pk)
        .where(ClearRun.user_pk == player.pk)
        .order_by(ClearRun.created.desc(), ClearRun.pk.desc())
    )
    shown: list[PlayerRun] = []
    for run, creation in rows:
        if not crud.can_see(creation, viewer):
            continue
        rank = _rank(
            session,
            creation,
            run.revision,
            user=player,
            ticks=run.ticks,
            created=run.created,
            now=now,
        )
        shown.append(
            PlayerRun(creation, _public(creation, run, user=player.name, rank=rank, kept=True))
        )
        if len(shown) == limit:
            break
    return shown
