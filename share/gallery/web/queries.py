"""What the pages read that the API does not: home shelves, a creation's page, remix trees.

Every function runs a fixed number of statements whatever the number of creations (the pages'
tests count them): shelves rank with a window function, lineages walk ``parents`` with a
recursive CTE and then load every creation they name at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, literal_column, select, union_all
from sqlalchemy.orm import Session, aliased

from share.gallery import crud, moderation
from share.gallery.models import Creation, Image, Parent, Rating, Revision, Token, User, utcnow
from share.gallery.schemas import CreationPublic

SHELVES = ("featured", "new", "week", "remixed")
"""The home page's shelves, in order: each for levels and for designs."""

WEEK = dt.timedelta(days=7)
MAX_TREE_EDGES = 2000
"""The most ``parents`` rows one remix tree reads (a bound on work for a huge family)."""


# -- home -----------------------------------------------------------------------------------------


def shelves(session: Session, *, size: int) -> dict[tuple[str, str], list[CreationPublic]]:
    """``(shelf, kind)`` → up to ``size`` public creations, for every shelf of :data:`SHELVES`.

    One statement ranks every shelf of both kinds (``row_number() over (partition by kind)``),
    one loads the creations and :func:`crud.publics` five more: seven in all.
    """
    public = Creation.state.in_(moderation.PUBLIC_STATES)
    week = (
        select(
            Rating.creation_pk.label("pk"),
            func.sum(case((Creation.kind == "design", Rating.value / 5.0), else_=1.0)).label(
                "points"
            ),
        )
        .join(Creation, Creation.pk == Rating.creation_pk)
        .where(Rating.created >= utcnow() - WEEK)
        .group_by(Rating.creation_pk)
        .subquery("week")
    )

    def ranked(shelf: str, query: Select[int, str], *order: ColumnElement[Any]) -> Select[Any]:
        rank = func.row_number().over(partition_by=Creation.kind, order_by=order)
        inner = query.add_columns(rank.label("rank")).where(public).subquery(shelf)
        # the shelf's number as a constant (a parameter would have no type in a UNION)
        number: ColumnElement[int] = literal_column(str(SHELVES.index(shelf)))
        return select(number.label("shelf"), inner.c.pk, inner.c.kind, inner.c.rank).where(
            inner.c.rank <= size
        )

    base = select(Creation.pk, Creation.kind)
    parts = [
        ranked(
            "featured",
            base.where(Creation.featured_at.is_not(None)),
            Creation.featured_at.desc(),
            Creation.pk.desc(),
        ),
        ranked("new", base, Creation.pk.desc()),
        ranked(
            "week",
            base.join(week, week.c.pk == Creation.pk),
            week.c.points.desc(),
            Creation.pk.desc(),
        ),
        ranked(
            "remixed",
            base.where(Creation.remixes > 0),
            Creation.remixes.desc(),
            Creation.pk.desc(),
        ),
    ]
    rows = session.execute(union_all(*parts)).all()
    by_pk = {
        c.pk: c
        for c in session.scalars(select(Creation).where(Creation.pk.in_({r[1] for r in rows})))
    }
    publics = dict(zip(by_pk, crud.publics(session, list(by_pk.values())), strict=True))
    out: dict[tuple[str, str], list[CreationPublic]] = {
        (s, k): [] for s in SHELVES for k in ("level", "design")
    }
    for shelf, pk, kind, _rank in sorted(rows, key=lambda r: (r[0], r[2], r[3])):
        out[(SHELVES[shelf], kind)].append(publics[pk])
    return out


# -- browse ---------------------------------------------------------------------------------------


def licenses(session: Session) -> list[str]:
    """The licences of public creations, for the browse page's select."""
    return list(
        session.scalars(
            select(Creation.license)
            .where(Creation.state.in_(moderation.PUBLIC_STATES))
            .distinct()
            .order_by(Creation.license)
        )
    )


# -- a creation's page ----------------------------------------------------------------------------


@dataclass
class Credit:
    """An ancestor of a creation: shown as "remix of TITLE by OWNER"."""

    id: str
    title: str
    owner: str
    revision: int
    visible: bool
    direct: bool
    """A parent of the revision shown (else a further ancestor)."""


def revisions(session: Session, creation: Creation) -> list[Revision]:
    """Every revision of ``creation``, newest first."""
    return list(
        session.scalars(
            select(Revision).where(Revision.creation_pk == creation.pk).order_by(Revision.n.desc())
        )
    )


def image_names(session: Session, creation: Creation, n: int) -> list[str]:
    """The images rendered for revision ``n`` (``thumbnail``, ``mockup:COLOUR``, ``clip``)."""
    return list(
        session.scalars(
            select(Image.name)
            .where(Image.creation_pk == creation.pk, Image.n == n)
            # mockups in the order the file offers them is lost; alphabetical is stable
            .order_by(Image.name)
        )
    )


def my_rating(session: Session, creation: Creation, user: User | None) -> int | None:
    if user is None:
        return None
    row = session.get(Rating, (user.pk, creation.pk))
    return None if row is None else row.value


def credits(session: Session, creation: Creation, n: int, viewer: User | None) -> list[Credit]:
    """The parents of revision ``n`` (first) and every further ancestor: two statements."""
    edges = _edges_up(session, creation.pk)
    direct = {p: pn for c, cn, p, pn in edges if c == creation.pk and cn == n}
    latest: dict[int, tuple[int, int]] = {}
    for _child, child_n, parent, parent_n in edges:
        if parent not in direct and (parent not in latest or child_n > latest[parent][0]):
            latest[parent] = (child_n, parent_n)
    wanted = [*direct, *(p for p in latest if p != creation.pk)]
    nodes = _nodes(session, wanted)
    out = []
    for pk in wanted:
        if pk not in nodes:
            continue
        c, owner = nodes[pk]
        seen = crud.can_see(c, viewer)
        out.append(
            Credit(
                id=c.id,
                title=c.title if seen else "",
                owner=owner if seen else "",
                revision=direct[pk] if pk in direct else latest[pk][1],
                visible=seen,
                direct=pk in direct,
            )
        )
    out.sort(key=lambda cr: (not cr.direct, cr.id))
    return out


# -- remix trees ----------------------------------------------------------------------------------


@dataclass
class Node:
    id: str
    title: str
    owner: str
    kind: str
    revision: int
    """For an ancestor: the revision that was remixed; else the latest."""
    visible: bool
    current: bool = False
    children: list[Node] = field(default_factory=list)


@dataclass
class Tree:
    ancestors: list[Node]
    """What the creation was remixed from, nearest first, each with its own parents as children."""
    root: Node
    """The creation, with every remix of it (and of those) as children."""


def _edges_up(session: Session, pk: int) -> list[tuple[int, int, int, int]]:
    """(child_pk, child_n, parent_pk, parent_n) of every ``parents`` row above ``pk``."""
    up = (
        select(Parent.child_pk, Parent.child_n, Parent.parent_pk, Parent.parent_n)
        .where(Parent.child_pk == pk)
        .cte("up", recursive=True)
    )
    p = aliased(Parent)
    up = up.union(
        select(p.child_pk, p.child_n, p.parent_pk, p.parent_n).join(
            up, p.child_pk == up.c.parent_pk
        )
    )
    rows = session.execute(select(up).limit(MAX_TREE_EDGES))
    return [(a, b, c, d) for a, b, c, d in rows]


def _edges_down(session: Session, pk: int) -> list[tuple[int, int]]:
    """(parent_pk, child_pk) of every remix edge below ``pk``."""
    down = (
        select(Parent.parent_pk, Parent.child_pk)
        .where(Parent.parent_pk == pk)
        .cte("down", recursive=True)
    )
    p = aliased(Parent)
    down = down.union(select(p.parent_pk, p.child_pk).join(down, p.parent_pk == down.c.child_pk))
    rows = session.execute(select(down).limit(MAX_TREE_EDGES))
    return [(a, b) for a, b in rows]


def _nodes(session: Session, pks: Sequence[int]) -> dict[int, tuple[Creation, str]]:
    if not pks:
        return {}
    rows = session.execute(
        select(Creation, User.name)
        .join(User, User.pk == Creation.owner_pk)
        .where(Creation.pk.in_(set(pks)))
    )
    return {c.pk: (c, name) for c, name in rows}


def tree(session: Session, creation: Creation, viewer: User | None) -> Tree:
    """The remix tree of ``creation``: three statements however large the family."""
    up = _edges_up(session, creation.pk)
    down = _edges_down(session, creation.pk)
    nodes = _nodes(
        session,
        [creation.pk, *(r[2] for r in up), *(r[0] for r in up), *(r[1] for r in down)],
    )

    def node(pk: int, revision: int | None) -> Node:
        c, owner = nodes[pk]
        seen = crud.can_see(c, viewer)
        return Node(
            id=c.id,
            title=c.title if seen else "",
            owner=owner if seen else "",
            kind=c.kind,
            revision=c.latest if revision is None else revision,
            visible=seen,
        )

    parents: dict[int, list[tuple[int, int, int]]] = {}
    for child, child_n, parent, parent_n in up:
        parents.setdefault(child, []).append((child_n, parent, parent_n))
    children: dict[int, set[int]] = {}
    for parent, child in down:
        children.setdefault(parent, set()).add(child)

    def above(pk: int, seen: frozenset[int]) -> list[Node]:
        out = []
        done: set[int] = set()
        # the latest revision that names a parent says which of its revisions was remixed
        for _child_n, parent, parent_n in sorted(
            parents.get(pk, []), key=lambda r: (-r[0], nodes[r[1]][0].id)
        ):
            if parent in seen or parent in done or parent not in nodes:
                continue
            done.add(parent)
            n = node(parent, parent_n)
            n.children = above(parent, seen | {parent})
            out.append(n)
        return out

    def below(pk: int, seen: frozenset[int]) -> list[Node]:
        out = []
        for child in sorted(children.get(pk, ())):
            if child in seen or child not in nodes:
                continue
            n = node(child, None)
            n.children = below(child, seen | {child})
            out.append(n)
        return out

    root = node(creation.pk, None)
    root.current = True
    root.children = below(creation.pk, frozenset({creation.pk}))
    return Tree(ancestors=above(creation.pk, frozenset({creation.pk})), root=root)


# -- author page ----------------------------------------------------------------------------------


def remixes_of_work_by(session: Session, user: User, *, limit: int) -> list[Creation]:
    """Public creations by others that remix one of ``user``'s, newest first."""
    parent = aliased(Creation)
    remixing = (
        select(Parent.child_pk)
        .join(parent, parent.pk == Parent.parent_pk)
        .where(parent.owner_pk == user.pk)
    )
    return list(
        session.scalars(
            select(Creation)
            .where(
                Creation.pk.in_(remixing),
                Creation.owner_pk != user.pk,
                Creation.state.in_(moderation.PUBLIC_STATES),
            )
            .order_by(Creation.pk.desc())
            .limit(limit)
        )
    )


# -- tokens ---------------------------------------------------------------------------------------


def tokens_of(session: Session, user: User) -> list[Token]:
    return list(session.scalars(select(Token).where(Token.user_pk == user.pk).order_by(Token.pk)))
