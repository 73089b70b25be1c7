"""Publish: share the level being edited in a gallery, with the clear run that proves it.

How it is called (no pygame here; every call blocks for the upload, so the windows run it on
a thread of its own: :mod:`editor.publishing`)::

    from editor import publish

    run = playtest.clear_run                    # a ClearRun, kept when a play test reached the goal
    target = publish.publish_target()           # (server, token) of the stored login, or None
    if target is None:
        session.status = publish.sign_in_hint()
    elif run is None or not run.clears(session.doc):
        session.status = publish.NEEDS_CLEAR    # play the level to the goal first
    else:
        try:
            url = publish.publish(session.doc, run, server=target[0], token=target[1])
        except CocreateError as exc:            # engine.errors: PublishError, ShareError, ...
            session.status = str(exc)           # one line
        else:
            session.status = f"Published: {url}"

``publish`` re-checks that the run clears the *current* document before any request (a level
edited after its clear run must be cleared again: :class:`PublishError`), then uploads it as
``cocreate push`` does (``share.client.sync.Client.push``: the revision after the gallery's, a
remix of someone else's creation, the replay played again on the bumped bytes), and returns the
creation's page URL. :func:`publish_level` also returns the document as the gallery now holds it
(its new revision, or a remix's new id), for the editor to carry on from.

``cocreate edit --server URL`` chooses the gallery (:data:`server`, else ``$COCREATE_SERVER``,
else the one last signed in to with ``cocreate login``).
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from engine.errors import ShareError

if TYPE_CHECKING:
    from engine.document import DesignDocument, LevelDocument, ReplayDocument
    from engine.sim.world import World

D = TypeVar("D", "LevelDocument", "DesignDocument")

server: str | None = None
"""The gallery chosen with ``cocreate edit --server`` (normalized), or None for the default."""

NEEDS_CLEAR = "Publish: play the level to the goal first (a level is shared with a clear run)"


class PublishError(ShareError):
    """The level cannot be published as it is (no clear run of this version, a conflict)."""


@dataclass(frozen=True)
class ClearRun:
    """A play test that reached the goal: the inputs of every tick and the replay they make."""

    doc: LevelDocument
    digest: str
    """sha256 of the document's canonical bytes (``engine.codec.encode``)."""
    inputs: tuple[int, ...]
    replay: ReplayDocument

    @classmethod
    def record(cls, doc: LevelDocument, inputs: Sequence[int], world: World) -> ClearRun:
        """The clear run of ``inputs`` played on ``doc`` (ending as ``world`` did)."""
        from engine.sim.verify import make_replay

        digest = level_digest(doc)
        replay = make_replay(doc, digest, list(inputs), world)
        return cls(doc, digest, tuple(inputs), replay)

    def clears(self, doc: LevelDocument) -> bool:
        """Whether this run was recorded on ``doc`` (same bytes), or on ``doc`` as it was before
        the gallery gave it another identity (``id``, ``revision``, ``meta.parents``: what a
        publish changes; they do not change how the level plays)."""
        if doc is self.doc or level_digest(doc) == self.digest:
            return True
        return level_digest(_with_identity_of(doc, self.doc)) == self.digest

    def on(self, doc: LevelDocument) -> ClearRun:
        """This run bound to ``doc`` (played again on it when only its identity changed)."""
        if doc is self.doc or level_digest(doc) == self.digest or not self.clears(doc):
            return self
        from engine.sim.verify import simulate

        return ClearRun.record(doc, self.inputs, simulate(doc, list(self.inputs)))


@dataclass(frozen=True)
class Published:
    url: str
    """The creation's page (``SERVER/c/ID``), as ``cocreate push`` prints."""
    doc: LevelDocument
    """The level as the gallery holds it now (its revision; a new id for a remix)."""


def _with_identity_of(doc: LevelDocument, other: LevelDocument) -> LevelDocument:
    import msgspec

    meta = msgspec.structs.replace(doc.meta, parents=other.meta.parents)
    return msgspec.structs.replace(doc, id=other.id, revision=other.revision, meta=meta)


def level_digest(doc: LevelDocument) -> str:
    from engine import codec

    return codec.digest(codec.encode(doc))


def check_clears(doc: LevelDocument, replay: ReplayDocument) -> None:
    """:class:`PublishError` unless ``replay`` was recorded on ``doc`` and clears it."""
    from engine.replay import iter_inputs
    from engine.sim.verify import simulate, verdict_of

    rep = replay.replay
    if rep.level_digest != level_digest(doc):
        raise PublishError(
            "not published: the level changed after its clear run; "
            "play it to the goal again, then publish"
        )
    verdict = verdict_of(simulate(doc, iter_inputs(rep.inputs)))
    if not verdict.cleared:
        raise PublishError(
            f"not published: the clear run does not clear the level ({verdict.message})"
        )


def publish_target(override: str | None = None) -> tuple[str, str] | None:
    """The gallery to publish to and this machine's token for it (``cocreate login``), or None
    when not signed in to it. The gallery: ``override``, else :data:`server`, else as the client
    chooses (``$COCREATE_SERVER``, else the last signed in to)."""
    from share.client import config

    cfg = config.load()
    url = cfg.gallery(override or server)
    account = cfg.account(url)
    return None if account is None else (url, account.token)


def sign_in_hint(override: str | None = None) -> str:
    """What to tell a user who is not signed in to the gallery publish would use."""
    from share.client import config

    url = config.load().gallery(override or server)
    return f"Publish: sign in first (cocreate login --server {url})"


def _file_name(title: str, kind: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60].strip("-")
    return f"{slug or kind}.cocreate"


def push_document(
    doc: D, *, server: str, token: str, beside: Callable[[Path], None] | None = None
) -> tuple[str, D]:
    """Upload ``doc`` as ``cocreate push`` does, from a temporary file (``beside(path)`` may
    write files next to it first, as a level's replay); return the creation's page URL and the
    document as the gallery now holds it. :class:`PublishError` when the gallery has a newer
    revision or refuses it; ``ShareError`` and ``FormatError`` as push raises them."""
    from engine import codec
    from share.client import config, state
    from share.client.api import Gallery
    from share.client.refs import page_url
    from share.client.sync import Client, Report

    kind = type(doc).__struct_config__.tag
    url = config.normalize(server)
    with tempfile.TemporaryDirectory(prefix="cocreate-publish-") as tmp:
        path = Path(tmp) / _file_name(doc.meta.title, str(kind))
        path.write_bytes(codec.encode(doc))
        if beside is not None:
            beside(path)
        report = Report()
        with Gallery(url, token) as gallery:
            client = Client(gallery, gallery.me())
            client.push(path, state.load(path.parent), report)
        if report.problems:
            raise PublishError(_problem(report.problems[0], path, doc.id, str(kind)))
        final = codec.decode(path.read_bytes(), source=str(path))
    assert isinstance(final, type(doc))
    return page_url(url, final.id), final


def publish_level(
    doc: LevelDocument, replay: ReplayDocument | ClearRun, *, server: str, token: str
) -> Published:
    """Upload ``doc`` with the replay that clears it, as ``cocreate push`` does (see the module's
    docstring). Errors are ours (``engine.errors``): :class:`PublishError` before any request
    when the replay does not clear ``doc``; ``ShareError`` (``NetworkError``, ``ServerError``:
    a wrong token, a level the gallery refuses) and ``FormatError`` as push raises them."""
    from engine import codec
    from share.client.sync import replay_path

    replay_doc = replay.on(doc).replay if isinstance(replay, ClearRun) else replay
    check_clears(doc, replay_doc)

    def write_replay(path: Path) -> None:
        replay_path(path).write_bytes(codec.encode(replay_doc))

    url, final = push_document(doc, server=server, token=token, beside=write_replay)
    return Published(url, final)


def _problem(line: str, path: Path, ident: str, kind: str) -> str:
    """A push problem about the temporary file, said about the document being edited."""
    if "changed here and in the gallery" in line:
        return (
            f"not published: the gallery has a newer revision of this {kind} (published from "
            f"elsewhere); cocreate pull {ident} and edit that"
        )
    return "not published: " + line.removeprefix(f"{path}: ")


def publish(
    doc: LevelDocument, replay: ReplayDocument | ClearRun, *, server: str, token: str
) -> str:
    """Upload ``doc`` with its clear run and return the creation's page URL (see
    :func:`publish_level`)."""
    return publish_level(doc, replay, server=server, token=token).url
