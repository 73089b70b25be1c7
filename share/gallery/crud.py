"""What the API does to the database, as keyword-only functions (routes stay thin).

Errors a client should see are raised as ``HTTPException`` with a one-line ``detail``.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

from argon2 import PasswordHasher
from fastapi import HTTPException
from sqlalchemy import BindParameter, bindparam, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from share.gallery import moderation, ranking
from share.gallery.blobs import BlobStore
from share.gallery.checks import Outcome
from share.gallery.models import (
    Audit,
    Blob,
    Creation,
    Image,
    Parent,
    PlayReport,
    Rating,
    Report,
    Revision,
    Tag,
    User,
    utcnow,
)
from share.gallery.schemas import (
    CreationPublic,
    ParentPublic,
    RatingSummary,
    RevisionPublic,
)

FOREVER = dt.datetime(9999, 12, 31)
_PARENT = aliased(Creation, name="parent")
"""One alias for every query (a new alias per query would defeat SQLAlchemy's query cache)."""


# -- users ----------------------------------------------------------------------------------------


def user_by_name(session: Session, name: str) -> User | None:
    return session.scalar(select(User).where(User.name_key == name.lower()))


def create_user(
    session: Session, hasher: PasswordHasher, *, name: str, password: str, role: str = "user"
) -> User:
    if user_by_name(session, name) is not None:
        raise HTTPException(409, f"the name {name!r} is taken")
    user = User(name=name, name_key=name.lower(), password_hash=hasher.hash(password), role=role)
    session.add(user)
    try:
        session.commit()
    except IntegrityError as exc:  # registered at the same moment by another request
        session.rollback()
        raise HTTPException(409, f"the name {name!r} is taken") from exc
    return user


def ban_refusal(actor: User, user: User) -> str | None:
    """Why ``actor`` may not ban ``user`` (one line), or None: nobody bans themselves or an
    admin, and only an admin bans a moderator."""
    if user.pk == actor.pk:
        return "you cannot ban yourself"
    if user.role == "admin":
        return f"{user.name} is an admin: nobody bans an admin"
    if user.role == "moderator" and actor.role != "admin":
        return f"{user.name} is a moderator: only an admin may ban a moderator"
    return None


def ban(session: Session, *, actor: User, user: User, reason: str, days: float | None) -> None:
    refusal = ban_refusal(actor, user)
    if refusal is not None:
        raise HTTPException(403, refusal)
    until = FOREVER if days is None else utcnow() + dt.timedelta(days=days)
    user.banned_until, user.ban_reason = until, reason
    session.add(Audit(actor_pk=actor.pk, action="ban", target_user_pk=user.pk, reason=reason))
    session.commit()


def unban(session: Session, *, actor: User, user: User, reason: str) -> None:
    user.banned_until, user.ban_reason = None, ""
    session.add(Audit(actor_pk=actor.pk, action="unban", target_user_pk=user.pk, reason=reason))
    session.commit()


# -- creations ------------------------------------------------------------------------------------


_BY_ID = select(Creation).where(Creation.id == bindparam("ident"))
"""The hot reads are built once, with bound parameters: building a statement costs about as
much as running it on SQLite."""


def creation_by_id(session: Session, ident: str) -> Creation | None:
    return session.scalar(_BY_ID, {"ident": ident})


def visible_creation(session: Session, ident: str, user: User | None) -> Creation:
    """The creation ``ident`` if ``user`` may see it; else 404 (as if it did not exist)."""
    creation = creation_by_id(session, ident)
    if creation is None or not can_see(creation, user):
        raise HTTPException(404, f"no creation {ident} in this gallery")
    return creation


def can_see(creation: Creation, user: User | None) -> bool:
    role = user.role if user is not None else ""
    is_owner = user is not None and creation.owner_pk == user.pk
    return moderation.visible(creation.state, role, is_owner=is_owner)


_REVISION = select(Revision).where(
    Revision.creation_pk == bindparam("pk"), Revision.n == bindparam("n")
)


def revision_of(session: Session, creation: Creation, n: int | None = None) -> Revision:
    n = creation.latest if n is None else n
    rev = session.scalar(_REVISION, {"pk": creation.pk, "n": n})
    if rev is None:
        raise HTTPException(404, f"creation {creation.id} has no revision {n}")
    return rev


def _parents(session: Session, creation: Creation, n: int) -> list[ParentPublic]:
    rows = session.execute(
        select(Creation.id, Parent.parent_n)
        .join(Parent, Parent.parent_pk == Creation.pk)
        .where(Parent.child_pk == creation.pk, Parent.child_n == n)
        .order_by(Creation.id)
    )
    return [ParentPublic(id=i, revision=r) for i, r in rows]


def rating_summary(session: Session, creation: Creation) -> RatingSummary:
    count, mean = session.execute(
        select(func.count(), func.avg(Rating.value)).where(Rating.creation_pk == creation.pk)
    ).one()
    shown = None if creation.kind != "design" or mean is None else round(float(mean), 2)
    return RatingSummary(count=count, mean=shown)


def public(session: Session, creation: Creation) -> CreationPublic:
    return publics(session, [creation])[0]


_PKS: BindParameter[list[int]] = bindparam("pks", expanding=True)
_LATEST = (
    select(Revision)
    .join(Creation, Creation.pk == Revision.creation_pk)
    .where(Revision.creation_pk.in_(_PKS), Revision.n == Creation.latest)
)
_OWNERS = (
    select(Creation.pk, User.name)
    .join(User, User.pk == Creation.owner_pk)
    .where(Creation.pk.in_(_PKS))
)
_PARENTS = (
    select(Parent.child_pk, _PARENT.id, Parent.parent_n)
    .join(_PARENT, _PARENT.pk == Parent.parent_pk)
    .join(Creation, Creation.pk == Parent.child_pk)
    .where(Parent.child_pk.in_(_PKS), Parent.child_n == Creation.latest)
    .order_by(_PARENT.id)
)
_RATINGS = (
    select(Rating.creation_pk, func.count(), func.avg(Rating.value))
    .where(Rating.creation_pk.in_(_PKS))
    .group_by(Rating.creation_pk)
)


def publics(session: Session, creations: Sequence[Creation]) -> list[CreationPublic]:
    """What the API shows of each of ``creations``, in five queries whatever their number."""
    if not creations:
        return []
    pks = {"pks": [c.pk for c in creations]}
    revs = {r.creation_pk: r for r in session.scalars(_LATEST, pks)}
    owners: dict[int, str] = {row.pk: row.name for row in session.execute(_OWNERS, pks)}
    parents: dict[int, list[ParentPublic]] = {pk: [] for pk in pks["pks"]}
    for child_pk, ident, n in session.execute(_PARENTS, pks):
        parents[child_pk].append(ParentPublic(id=ident, revision=n))
    ratings = {pk: (count, mean) for pk, count, mean in session.execute(_RATINGS, pks)}
    out = []
    for creation in creations:
        rev = revs[creation.pk]
        count, mean = ratings.get(creation.pk, (0, None))
        out.append(
            _public(
                creation,
                owner=owners[creation.pk],
                digest=rev.digest,
                size=rev.size,
                title=rev.title,
                description=rev.description,
                author=rev.author,
                tags=_tags(rev.tags),
                license=rev.license,
                parents=parents[creation.pk],
                rating=(count, mean),
            )
        )
    return out


def uploaded_public(
    session: Session, creation: Creation, *, owner: User, outcome: Outcome, size: int
) -> CreationPublic:
    """What the API shows of ``creation`` just stored from ``outcome`` (as :func:`public`
    would, from what is in hand: one query, for its ratings, instead of five)."""
    count, mean = session.execute(
        select(func.count(), func.avg(Rating.value)).where(Rating.creation_pk == creation.pk)
    ).one()
    linked = dict.fromkeys((pid, n) for pid, n, _digest in outcome.parents)
    return _public(
        creation,
        owner=owner.name,
        digest=outcome.digest,
        size=size,
        title=outcome.title,
        description=outcome.description,
        author=outcome.author,
        tags=list(outcome.tags),
        license=outcome.license,
        parents=[ParentPublic(id=i, revision=n) for i, n in sorted(linked)],
        rating=(count, mean),
    )


def _public(
    creation: Creation,
    *,
    owner: str,
    digest: str,
    size: int,
    title: str,
    description: str,
    author: str,
    tags: list[str],
    license: str,
    parents: list[ParentPublic],
    rating: tuple[int, float | None],
) -> CreationPublic:
    count, mean = rating
    shown = None if creation.kind != "design" or mean is None else round(float(mean), 2)
    return CreationPublic(
        id=creation.id,
        kind=creation.kind,
        owner=owner,
        state=creation.state,  # type: ignore[arg-type]
        revision=creation.latest,
        digest=digest,
        size=size,
        title=title,
        description=description,
        author=author,
        tags=tags,
        license=license,
        parents=parents,
        rating=RatingSummary(count=count, mean=shown),
        plays=creation.plays,
        clears=creation.clears,
        created=creation.created,
        updated=creation.updated,
    )


def revision_public(session: Session, creation: Creation, rev: Revision) -> RevisionPublic:
    return RevisionPublic(
        revision=rev.n,
        digest=rev.digest,
        size=rev.size,
        title=rev.title,
        description=rev.description,
        author=rev.author,
        tags=_tags(rev.tags),
        license=rev.license,
        parents=_parents(session, creation, rev.n),
        clear=rev.clear_message,
        created=rev.created,
    )


def _tags(joined: str) -> list[str]:
    return joined.split("\n") if joined else []


SORTS: dict[str, str] = {
    "new": "pk",
    "top": "rating_score",
    "played": "plays",
    "remixed": "remixes",
    "trending": "trend",
}
"""Each sort and the column it orders by (highest first; ties newest first)."""

Key = tuple[float, int]
"""Where a page ends: the sort column's value and the pk of its last creation."""


def list_creations(
    session: Session,
    *,
    kind: str | None,
    tag: str | None,
    author: str | None,
    license: str | None,
    q: str | None = None,
    sort: str = "new",
    after: Key | None = None,
    limit: int,
) -> tuple[list[Creation], Key | None]:
    """Public creations in ``sort`` order after the key ``after``; and the next page's key.

    Keyset pagination on (sort column, pk): a page starts exactly after the last one ended, so
    creations added meanwhile never shift it, and ties never repeat or skip a creation.
    """
    column = getattr(Creation, SORTS[sort])
    query = select(Creation).where(Creation.state.in_(moderation.PUBLIC_STATES))
    if kind:
        query = query.where(Creation.kind == kind)
    if license:
        query = query.where(Creation.license == license)
    if author:
        query = query.join(User, User.pk == Creation.owner_pk).where(
            User.name_key == author.lower()
        )
    if tag:
        query = query.where(Creation.pk.in_(select(Tag.creation_pk).where(Tag.tag == tag.lower())))
    if q is not None:
        from share.gallery.search import matching

        query = query.where(matching(session.get_bind().dialect.name, q))
    if after is not None:
        value, pk = after
        if sort == "new":
            query = query.where(Creation.pk < pk)
        else:
            query = query.where((column < value) | ((column == value) & (Creation.pk < pk)))
    order = [Creation.pk.desc()] if sort == "new" else [column.desc(), Creation.pk.desc()]
    rows = list(session.scalars(query.order_by(*order).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    if not (more and rows):
        return rows, None
    last = rows[-1]
    return rows, (float(getattr(last, SORTS[sort])), last.pk)


# -- uploads --------------------------------------------------------------------------------------


def store_upload(
    session: Session,
    blobs: BlobStore,
    *,
    user: User,
    outcome: Outcome,
    name: str,
    data: bytes,
    replay: bytes | None,
    imported: bool = False,
) -> tuple[Creation, bool]:
    """Store a checked upload as a new creation or revision; (creation, whether it was stored).

    The same bytes again give the creation they are already a revision of. A new creation
    starts at revision 1 (:func:`_check_first`), unless ``imported``: the seed takes files made
    elsewhere at the revision they have.
    """
    same = _by_digest(session, outcome.digest, user)
    if same is not None:
        return same, False
    creation = creation_by_id(session, outcome.id)
    if creation is not None:
        _check_revision(creation, user=user, outcome=outcome, name=name)
    elif not imported:
        _check_first(outcome, name=name)
    parents = _check_parents(session, outcome=outcome, name=name)

    # the blobs are written (and flushed to disk) while the rows are made, and the rows are
    # committed only once every blob is stored: a committed row never names a missing blob
    files = [data, *([] if replay is None else [replay]), *outcome.images.values()]
    writing = _blob_writers().submit(blobs.put_many, files)
    try:
        creation, digests = _write_rows(
            session, creation, user=user, outcome=outcome, files=files, parents=parents
        )
        if writing.result() != digests:  # pragma: no cover - a store not content-addressed
            raise HTTPException(500, "the blob store filed the upload under other digests")
        session.commit()
    except IntegrityError as exc:  # another upload's rows, flushed or committed meanwhile
        session.rollback()
        same = _by_digest(session, outcome.digest, user)
        if same is not None:  # the same upload, at the same moment
            return same, False
        raise HTTPException(409, _lost_race(session, outcome, name)) from exc
    return creation, True


def _write_rows(
    session: Session,
    creation: Creation | None,
    *,
    user: User,
    outcome: Outcome,
    files: list[bytes],
    parents: list[tuple[int, int]],
) -> tuple[Creation, list[str]]:
    """The rows of a checked upload (flushed, not committed): the creation (new, or its new
    revision), blobs, tags, parents and images; and the digest of each of ``files`` (the
    file, its replay if any, then its images)."""
    digests = blob_rows(session, files)
    names = list(outcome.images)
    images = dict(zip(names, digests[len(files) - len(names) :], strict=True))
    now = utcnow()
    if creation is None:
        creation = Creation(
            id=outcome.id,
            kind=outcome.kind,
            owner_pk=user.pk,
            state="new",
            latest=outcome.revision,
            title=outcome.title,
            license=outcome.license,
            created=now,
            updated=now,
            trend=ranking.bumped(0.0, ranking.UPLOAD, now),
        )
        session.add(creation)
        session.flush()
    else:
        creation.latest, creation.title = outcome.revision, outcome.title
        creation.license, creation.updated = outcome.license, now
        creation.trend = ranking.bumped(creation.trend, ranking.REVISION, now)
    creation.description, creation.tags = outcome.description, "\n".join(outcome.tags)
    session.add(
        Revision(
            creation_pk=creation.pk,
            n=outcome.revision,
            digest=outcome.digest,
            size=len(files[0]),
            replay_digest=outcome.replay_digest or None,
            clear_message=outcome.clear_message,
            title=outcome.title,
            description=outcome.description,
            author=outcome.author,
            tags="\n".join(outcome.tags),
            license=outcome.license,
            uploader_pk=user.pk,
            created=now,
        )
    )
    session.execute(delete(Tag).where(Tag.creation_pk == creation.pk))
    session.add_all(
        Tag(creation_pk=creation.pk, tag=t) for t in dict.fromkeys(t.lower() for t in outcome.tags)
    )
    session.add_all(
        Parent(child_pk=creation.pk, child_n=outcome.revision, parent_pk=pk, parent_n=n)
        for pk, n in parents
    )
    session.add_all(
        Image(creation_pk=creation.pk, n=outcome.revision, name=name, digest=digest)
        for name, digest in images.items()
    )
    session.flush()
    for pk, _n in parents:
        _remixed(session, pk, now)
    return creation, digests


def _by_digest(session: Session, digest: str, user: User) -> Creation | None:
    creation = session.scalar(
        select(Creation)
        .join(Revision, Revision.creation_pk == Creation.pk)
        .where(Revision.digest == digest)
    )
    if creation is not None and not can_see(creation, user):
        raise HTTPException(409, f"this file is already in the gallery as {creation.id}")
    return creation


def _check_revision(creation: Creation, *, user: User, outcome: Outcome, name: str) -> None:
    if creation.owner_pk != user.pk:
        raise HTTPException(
            403,
            f"{name}: $.id: creation {creation.id} belongs to {creation.owner.name}: only its "
            "owner adds revisions; a remix needs a new id, with meta.parents naming it",
        )
    if outcome.kind != creation.kind:
        raise HTTPException(
            409,
            f"{name}: $.kind: creation {creation.id} is a {creation.kind}, not a {outcome.kind}",
        )
    latest = creation.latest
    if outcome.revision == latest:
        raise HTTPException(409, _published_meanwhile(outcome, name))
    if outcome.revision < latest:
        raise HTTPException(
            409,
            f"{name}: $.revision: revision {outcome.revision} of {creation.id} is in the gallery "
            f"already, and the latest is {latest}: pull it, then push yours as revision "
            f"{latest + 1}",
        )
    if outcome.revision != latest + 1:
        raise HTTPException(
            409,
            f"{name}: $.revision: is {outcome.revision}, but the latest revision of "
            f"{creation.id} is {latest}: a new revision must build on it, as revision "
            f"{latest + 1}",
        )


def _lost_race(session: Session, outcome: Outcome, name: str) -> str:
    """Why an upload whose rows the database refused is not stored: its revision was taken by
    another upload meanwhile, or (rarely) another upload stored one of its files first."""
    creation = creation_by_id(session, outcome.id)
    if creation is not None and creation.latest >= outcome.revision:
        return _published_meanwhile(outcome, name)
    return f"{name}: another upload stored one of its files at the same moment: try again"


def _published_meanwhile(outcome: Outcome, name: str) -> str:
    """Why an upload of revision N is refused when another upload published a revision N
    first (before it, or at the same moment, as two pushes racing)."""
    n = outcome.revision
    return (
        f"{name}: $.revision: revision {n} of {outcome.id} was just published by another "
        f"upload: pull it, then push yours as revision {n + 1}"
    )


def _check_first(outcome: Outcome, *, name: str) -> None:
    """A creation new to the gallery starts at revision 1, a remix too (a remix is a new
    creation: ``cocreate remix`` writes it as revision 1): its history here has no gap."""
    if outcome.revision != 1:
        raise HTTPException(
            409,
            f"{name}: $.revision: is {outcome.revision}, but creation {outcome.id} is new to "
            "this gallery: a new creation (a remix too) is uploaded as revision 1",
        )


def _check_parents(session: Session, *, outcome: Outcome, name: str) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    for i, (pid, n, digest) in enumerate(outcome.parents):
        where = f"{name}: $.meta.parents[{i}]"
        if pid == outcome.id:
            raise HTTPException(422, f"{where}: names the creation itself")
        parent = creation_by_id(session, pid)
        if parent is None:
            raise HTTPException(422, f"{where}: no creation {pid} in this gallery")
        rev = session.scalar(
            select(Revision).where(Revision.creation_pk == parent.pk, Revision.n == n)
        )
        if rev is None:
            raise HTTPException(
                422, f"{where}: creation {pid} has no revision {n} (latest {parent.latest})"
            )
        if rev.digest != digest:
            raise HTTPException(
                422,
                f"{where}: revision {n} of {pid} has digest {rev.digest[:12]}…, not {digest[:12]}…",
            )
        found.append((parent.pk, n))
    return found


@functools.cache
def _blob_writers() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(4, thread_name_prefix="cocreate-store")


def blob_rows(session: Session, files: list[bytes]) -> list[str]:
    """The digest of each of ``files`` (sha256, as the blob store files them), and a ``blobs``
    row for each one not yet known. A row already known is touched first, so the sweep
    (``sweep.py``) does not take it from under this upload."""
    digests = [hashlib.sha256(data).hexdigest() for data in files]
    sizes = dict(zip(digests, map(len, files), strict=True))
    session.execute(update(Blob).where(Blob.digest.in_(sizes)).values(created=utcnow()))
    known = set(session.scalars(select(Blob.digest).where(Blob.digest.in_(sizes))))
    session.add_all(Blob(digest=d, size=n) for d, n in sizes.items() if d not in known)
    session.flush()
    return digests


def _remixed(session: Session, parent_pk: int, now: dt.datetime) -> None:
    """A remix of ``parent_pk`` was stored: recount its remixes, and it trends."""
    parent = session.get(Creation, parent_pk)
    assert parent is not None
    count = session.scalar(
        select(func.count(func.distinct(Parent.child_pk))).where(Parent.parent_pk == parent_pk)
    )
    parent.remixes = count or 0
    parent.trend = ranking.bumped(parent.trend, ranking.REMIX, now)


# -- ratings and reports --------------------------------------------------------------------------


def rate(session: Session, *, user: User, creation: Creation, value: int) -> None:
    if creation.owner_pk == user.pk:
        raise HTTPException(403, "you cannot rate your own creation")
    if creation.kind == "level" and value != 1:
        raise HTTPException(422, f"a level takes a heart (value 1), not {value}")
    rating = session.get(Rating, (user.pk, creation.pk))
    if rating is None:
        session.add(Rating(user_pk=user.pk, creation_pk=creation.pk, value=value))
        creation.trend = ranking.bumped(creation.trend, ranking.RATING, utcnow())
    else:
        rating.value = value
    session.flush()
    refresh_rating(session, creation)
    session.commit()


def refresh_rating(session: Session, creation: Creation) -> None:
    """Recompute the "top rated" key of ``creation`` from its ratings."""
    values = session.scalars(select(Rating.value).where(Rating.creation_pk == creation.pk))
    creation.rating_score = ranking.rating_score(creation.kind, list(values))


def visible_level(session: Session, ident: str, user: User | None) -> Creation:
    """The level ``ident`` if ``user`` may see it; 404 as :func:`visible_creation`, 422 for a
    design (only levels are played)."""
    creation = visible_creation(session, ident, user)
    if creation.kind != "level":
        raise HTTPException(422, f"creation {ident} is a {creation.kind}: only levels are played")
    return creation


OWN_PLAY = "you made this level: a maker's own plays are not counted"


def uncounted(creation: Creation, user: User) -> str | None:
    """Why a play of ``creation`` by ``user`` is not counted (one line), or None when it is.

    A maker's own plays do not count (as in Mario Maker): they would raise the level's plays
    and change its clear rate, which rank it. Only its owner: moderators' and admins' plays
    count like anyone's."""
    return OWN_PLAY if creation.owner_pk == user.pk else None


def played(
    session: Session, *, creation: Creation, user: User, cleared: bool, key: str | None
) -> str | None:
    """Count a play of a level (and whether it reached the goal), and commit; why it is not
    counted (:func:`uncounted`), or None when it is (a play whose ``key`` was counted already,
    sent again, stays counted once)."""
    reason = uncounted(creation, user)
    if reason is not None:
        return reason
    try:
        count_play(session, creation=creation, user=user, cleared=cleared, key=key)
        session.commit()
    except IntegrityError:  # the same key, sent twice at the same moment: counted once
        session.rollback()
    return None


def count_play(
    session: Session, *, creation: Creation, user: User, cleared: bool, key: str | None = None
) -> bool:
    """Count a play of a level (and whether it reached the goal); it trends. Not committed:
    a clear run commits it with its row. With ``key`` (the client's, for this one play), a
    play already counted under it is not counted again: False then; False too, and nothing
    done, for its maker's own play (:func:`uncounted`)."""
    if uncounted(creation, user) is not None:
        return False
    if key is not None:
        if session.get(PlayReport, key) is not None:
            return False
        session.add(PlayReport(key=key, user_pk=user.pk, creation_pk=creation.pk))
        session.flush()
    session.execute(
        update(Creation)
        .where(Creation.pk == creation.pk)
        .values(plays=Creation.plays + 1, clears=Creation.clears + int(cleared))
    )
    session.refresh(creation, ["trend", "plays", "clears"])
    creation.trend = ranking.bumped(creation.trend, ranking.PLAY, utcnow())
    return True


OWN_REPORT = (
    "you made this creation: change it with a new revision (cocreate push) instead of reporting it"
)


def check_reportable(creation: Creation, user: User) -> None:
    """403 when ``user`` made ``creation``: a report is for other people's creations (as a
    rating is); its maker changes it with a new revision."""
    if creation.owner_pk == user.pk:
        raise HTTPException(403, OWN_REPORT)


def report(
    session: Session, *, user: User, creation: Creation, reason: str, details: str, requeue: int
) -> Report:
    """File a report; a published creation reported by ``requeue`` people goes back to new.
    Its maker may not report it (403: :func:`check_reportable`)."""
    check_reportable(creation, user)
    mine = session.scalar(
        select(Report).where(
            Report.creation_pk == creation.pk,
            Report.reporter_pk == user.pk,
            Report.resolved.is_(False),
        )
    )
    if mine is not None:
        raise HTTPException(409, "you have already reported this creation; a moderator will look")
    row = Report(creation_pk=creation.pk, reporter_pk=user.pk, reason=reason, details=details)
    session.add(row)
    session.flush()
    reporters = session.scalar(
        select(func.count(func.distinct(Report.reporter_pk))).where(
            Report.creation_pk == creation.pk, Report.resolved.is_(False)
        )
    )
    if creation.state == "published" and (reporters or 0) >= requeue:
        move(
            session,
            actor=None,
            creation=creation,
            to="new",
            reason=f"reported by {reporters} people",
        )
    session.commit()
    return row


# -- moderation -----------------------------------------------------------------------------------


def move(session: Session, *, actor: User | None, creation: Creation, to: str, reason: str) -> None:
    """Move a creation to another state (checked against the transition table) + audit row."""
    role = "system" if actor is None else actor.role
    is_owner = actor is not None and creation.owner_pk == actor.pk
    refusal = moderation.may_move(role, is_owner=is_owner, state=creation.state, to=to)
    if refusal is not None:
        raise HTTPException(*refusal)
    session.add(
        Audit(
            actor_pk=None if actor is None else actor.pk,
            action="appeal" if is_owner and role not in moderation.MODERATORS else "move",
            creation_pk=creation.pk,
            from_state=creation.state,
            to_state=to,
            reason=reason,
        )
    )
    creation.state = to
    if actor is not None and role in moderation.MODERATORS and to != "new":
        session.execute(
            update(Report).where(Report.creation_pk == creation.pk).values(resolved=True)
        )


def queue(session: Session, *, limit: int) -> Sequence[tuple[Creation, int]]:
    """New creations and those with open reports, oldest first, with their open report counts."""
    open_reports = (
        select(Report.creation_pk, func.count().label("n"))
        .where(Report.resolved.is_(False))
        .group_by(Report.creation_pk)
        .subquery()
    )
    rows = session.execute(
        select(Creation, func.coalesce(open_reports.c.n, 0))
        .outerjoin(open_reports, open_reports.c.creation_pk == Creation.pk)
        .where((Creation.state == "new") | (open_reports.c.n > 0))
        .order_by(Creation.pk)
        .limit(limit)
    )
    return [(c, int(n)) for c, n in rows]
