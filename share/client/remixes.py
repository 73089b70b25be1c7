"""Remixes: a new creation of yours made from someone's (``cocreate remix``, or a push of their
creation edited here), naming the revision it came from as its parent, and its level's replay
played again on it (a replay names its level's exact bytes, which a remix changes)."""

from __future__ import annotations

import hashlib
import uuid
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engine.document import Document, Parent

# The engine is imported where it is used, as in ``sync.py``.


def remix(doc: Document, data: bytes, *, author: str = "") -> Document:
    """A new creation of yours from ``doc`` (whose bytes are ``data``), naming it as parent,
    titled as a remix (:func:`remix_title`)."""
    from engine.document import Parent
    from engine.starter import now_utc

    parent = Parent(id=doc.id, revision=doc.revision, digest=hashlib.sha256(data).hexdigest())
    return as_remix(
        doc,
        parent,
        str(uuid.uuid4()),
        author=author,
        stamp=now_utc(),
        title=remix_title(doc.meta.title),
    )


REMIX_MARK = " (remix)"


def remix_title(title: str) -> str:
    """A remix's title: the original's with " (remix)" (once: a remix of a remix keeps one),
    shortened to fit the title limit, so the gallery's cards and trees tell them apart."""
    from engine import limits
    from engine.errors import BIDI_CONTROLS

    if title.endswith(REMIX_MARK):
        return title
    room = limits.MAX_NAME_CHARS - len(REMIX_MARK)
    if any(c in BIDI_CONTROLS for c in title):
        # An override or embedding left open would run on into " (remix)" and mirror it: the
        # original goes in an isolate (U+2068 … U+2069), which closes whatever it opened.
        return "\u2068" + title[: room - 2].rstrip() + "\u2069" + REMIX_MARK
    return title[:room].rstrip() + REMIX_MARK


def as_remix(
    doc: Document,
    parent: Parent,
    ident: str,
    *,
    author: str = "",
    stamp: str = "",
    title: str = "",
) -> Document:
    """``doc`` as revision 1 of the new creation ``ident`` that names ``parent``, credited to
    ``author`` (the remixer; kept when empty) and made at ``stamp`` (kept when empty: a push
    makes the same bytes from the same edit), titled ``title`` (kept when empty). ``cocreate
    remix`` and a push of someone else's edited creation both make a remix this way."""
    import msgspec

    changes: dict[str, object] = {"parents": [parent]}
    if stamp:
        changes.update(created=stamp, modified=stamp)
    if author:
        changes["author"] = author
    if title:
        changes["title"] = title
    meta = msgspec.structs.replace(doc.meta, **changes)
    return msgspec.structs.replace(doc, id=ident, revision=1, meta=meta)


def remix_replay(
    source: str, replay_data: bytes, new: Document, digest: str | None = None
) -> bytes | None:
    """A replay's inputs (``replay_data``, read from ``source``) played again on the level
    ``new`` (whose bytes hash to ``digest``, by default those of its encoding), as a replay of
    it; None when ``new`` is no level, there is no replay, or the inputs no longer clear it.
    A remix or an edit changes the level's bytes, which a replay names."""
    from engine import codec
    from engine.document import LevelDocument, ReplayDocument

    if not isinstance(new, LevelDocument) or not replay_data:
        return None
    from engine.replay import iter_inputs
    from engine.sim.verify import make_replay, simulate, verdict_of

    replay = codec.decode(replay_data, source=source)
    if not isinstance(replay, ReplayDocument):
        return None
    inputs = list(iter_inputs(replay.replay.inputs))
    world = simulate(new, inputs)
    if not verdict_of(world).cleared:
        return None
    level_digest = digest or hashlib.sha256(codec.encode(new)).hexdigest()
    return codec.encode(make_replay(new, level_digest, inputs, world, author=replay.meta.author))
