"""Moderation: the states of a creation as one transition table, and who may make which move.

::

    new ──────> published, hidden, rejected       (a moderator or admin)
    published ─> hidden, rejected                 (a moderator or admin)
    published ─> new                              (the gallery: reported by several people)
    hidden ───> published, rejected               (a moderator or admin)
    hidden, rejected ─> new                       (the owner appeals; a moderator may too)

``new`` and ``published`` creations are public; ``hidden`` and ``rejected`` ones are seen only
by their owner and by moderators. Every move writes an audit row (``crud.move``).
"""

from __future__ import annotations

from dataclasses import dataclass

MODERATORS = ("moderator", "admin")
PUBLIC_STATES = ("new", "published")


@dataclass(frozen=True)
class Move:
    to: str
    who: tuple[str, ...]
    """Who may make it: roles, ``owner`` (the creation's owner), or ``system``."""


FLOW: dict[str, tuple[Move, ...]] = {
    "new": (
        Move("published", MODERATORS),
        Move("hidden", MODERATORS),
        Move("rejected", MODERATORS),
    ),
    "published": (
        Move("hidden", MODERATORS),
        Move("rejected", MODERATORS),
        Move("new", ("system",)),
    ),
    "hidden": (
        Move("published", MODERATORS),
        Move("rejected", MODERATORS),
        Move("new", ("owner", *MODERATORS)),
    ),
    "rejected": (Move("new", ("owner", *MODERATORS)),),
}


def may_move(role: str, *, is_owner: bool, state: str, to: str) -> tuple[int, str] | None:
    """None when the move is allowed; else (409 or 403, why not in one line)."""
    moves = {m.to: m for m in FLOW.get(state, ())}
    move = moves.get(to)
    if move is None:
        allowed = ", ".join(sorted(moves)) or "nothing"
        return 409, f"a {state} creation cannot become {to} (from {state}: {allowed})"
    if role in move.who or (is_owner and "owner" in move.who):
        return None
    if "owner" in move.who:
        return 403, f"only its owner or a moderator may move a {state} creation to {to}"
    if "system" in move.who:
        return 403, f"a {state} creation goes back to {to} only when several people report it"
    return 403, f"only a moderator may move a {state} creation to {to}"


def next_states(role: str, *, is_owner: bool, state: str) -> list[str]:
    """The moves this person may make now (drives the buttons of the moderation UI)."""
    return [
        m.to
        for m in FLOW.get(state, ())
        if may_move(role, is_owner=is_owner, state=state, to=m.to) is None
    ]


def visible(state: str, role: str, *, is_owner: bool) -> bool:
    return state in PUBLIC_STATES or is_owner or role in MODERATORS
