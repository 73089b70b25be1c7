"""Remix lineage as trees: what a creation descends from, and what descends from it.

Edges come from every revision's ``meta.parents`` (``models.Parent``), so credit flows back to
each ancestor even after a later revision drops a parent. Creations the viewer may not see show
as their id only.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from share.gallery import crud
from share.gallery.models import Creation, Parent, User
from share.gallery.schemas import Lineage, LineageNode

MAX_NODES = 500
"""The most creations one lineage answer names (a bound on work for a huge family)."""


def _node(creation: Creation, revision: int, viewer: User | None) -> LineageNode:
    if not crud.can_see(creation, viewer):
        return LineageNode(id=creation.id, title="", owner="", revision=revision)
    return LineageNode(
        id=creation.id, title=creation.title, owner=creation.owner.name, revision=revision
    )


def lineage_of(session: Session, creation: Creation, viewer: User | None) -> Lineage:
    budget = [MAX_NODES]

    def up(c: Creation, seen: frozenset[int]) -> list[LineageNode]:
        rows = session.execute(
            select(Creation, Parent.parent_n)
            .join(Parent, Parent.parent_pk == Creation.pk)
            .where(Parent.child_pk == c.pk)
            .order_by(Parent.child_n.desc(), Creation.id)
        )
        out: list[LineageNode] = []
        done: set[int] = set()
        for parent, n in rows:
            if parent.pk in seen or parent.pk in done or budget[0] <= 0:
                continue
            done.add(parent.pk)
            budget[0] -= 1
            node = _node(parent, n, viewer)
            node.children = up(parent, seen | {parent.pk})
            out.append(node)
        return out

    def down(c: Creation, seen: frozenset[int]) -> list[LineageNode]:
        rows = session.scalars(
            select(Creation)
            .join(Parent, Parent.child_pk == Creation.pk)
            .where(Parent.parent_pk == c.pk)
            .distinct()
            .order_by(Creation.pk)
        )
        out: list[LineageNode] = []
        for child in rows:
            if child.pk in seen or budget[0] <= 0:
                continue
            budget[0] -= 1
            node = _node(child, child.latest, viewer)
            node.children = down(child, seen | {child.pk})
            out.append(node)
        return out

    tree = _node(creation, creation.latest, viewer)
    tree.children = down(creation, frozenset({creation.pk}))
    return Lineage(ancestors=up(creation, frozenset({creation.pk})), tree=tree)
