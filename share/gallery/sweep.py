"""The sweep: blobs nothing names any more, removed from the database and the store.

Blobs are shared by digest and written before the rows that name them, so some are left
behind: a clear run's replay once a faster run of the same player replaces it, and the files
of an upload whose server stopped between writing them and committing its rows (files with no
``blobs`` row). ``cocreate gallery admin sweep`` removes those older than a grace period (and
the keys of plays counted before then: ``models.PlayReport``).

It is safe while the gallery serves: an upload of bytes the sweep is about to take either
touches their row first (``crud.blob_rows``: the row is then too new to take, or its removal
waits for the upload's commit and then finds the row named) or, when the row is gone, writes a
new one; its file is kept when it was put after the sweep began (``blobs.FolderStore``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from sqlalchemy import CompoundSelect, delete, select, union
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from share.gallery.blobs import BlobStore, Stored
from share.gallery.models import Blob, ClearRun, Image, PlayReport, Revision, utcnow

_BATCH = 500


@dataclass(frozen=True)
class Swept:
    """What a sweep removed (or, for a dry run, would remove)."""

    rows: int
    """``blobs`` rows that nothing names."""
    row_bytes: int
    files: int
    """Files in the store with no row (from uploads that never committed)."""
    file_bytes: int


def _named() -> CompoundSelect[tuple[str]]:
    """Every digest a row names."""
    return union(
        select(Revision.digest),
        select(Revision.replay_digest).where(Revision.replay_digest.is_not(None)),
        select(Image.digest),
        select(ClearRun.replay_digest),
    )


def sweep(
    session: Session, blobs: BlobStore, *, grace: dt.timedelta, dry_run: bool = False
) -> Swept:
    """Remove the blobs nothing names that are older than ``grace``: their rows, then their
    files, then files with no row that were last put before then."""
    began = utcnow()
    before = began - grace
    untouched_since = before.replace(tzinfo=dt.UTC).timestamp()
    if not dry_run:  # a retry comes within minutes: older play keys are done with
        session.execute(delete(PlayReport).where(PlayReport.created < before))
        session.commit()
    gone = dict(_unnamed_rows(session, before, dry_run=dry_run))
    if not dry_run:
        for digest in gone:
            blobs.discard(digest, untouched_since=untouched_since)
    files = file_bytes = 0
    old = (s for s in blobs.stored() if s.touched < untouched_since and s.digest not in gone)
    for chunk in _chunks(old, _BATCH):
        digests = [s.digest for s in chunk]
        known = set(session.scalars(select(Blob.digest).where(Blob.digest.in_(digests))))
        for s in chunk:
            if s.digest in known:
                continue
            freed = s.size if dry_run else blobs.discard(s.digest, untouched_since=untouched_since)
            if freed:
                files, file_bytes = files + 1, file_bytes + freed
    return Swept(len(gone), sum(gone.values()), files, file_bytes)


def _chunks(items: Iterable[Stored], n: int) -> Iterator[list[Stored]]:
    it = iter(items)
    while chunk := list(islice(it, n)):
        yield chunk


def _unnamed_rows(session: Session, before: dt.datetime, *, dry_run: bool) -> list[tuple[str, int]]:
    """(digest, size) of each ``blobs`` row nothing names, created before ``before``; removed
    unless ``dry_run``. An upload naming one of them as they go makes the removal fail (the
    foreign key): it is then tried again, and that upload's row is left alone."""
    condition = (Blob.created < before, Blob.digest.not_in(_named()))
    if dry_run:
        return [
            (d, n) for d, n in session.execute(select(Blob.digest, Blob.size).where(*condition))
        ]
    removal = delete(Blob).where(*condition).returning(Blob.digest, Blob.size)
    try:
        gone = [(d, n) for d, n in session.execute(removal)]
        session.commit()
    except IntegrityError:
        session.rollback()
        gone = [(d, n) for d, n in session.execute(removal)]
        session.commit()
    return gone
