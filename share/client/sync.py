"""Push, pull, remix and sync creation files against a gallery, never losing a local edit.

A file's ``revision`` is the gallery revision it was last pushed or pulled as (or builds on):
a push of a changed file sends it as ``revision + 1``, and rewrites the local file with that
revision only after the gallery has accepted it. The folder's sync state (``state.py``) remembers
the digest last synced, so "changed here" is a hash, and "changed there" is the gallery's latest
revision; a file changed on both sides is never overwritten: the gallery's revision is saved
beside it as ``NAME.rev-N.cocreate`` and the result is a conflict (exit 1).

A level travels with the replay that clears it, ``NAME.replay.cocreate`` beside it. A replay
names its level's exact bytes, so whenever the bytes pushed are not the ones it names (the level
was edited, or the push changes its revision, or its id for a remix) the replay's inputs are
played again on them: when they still clear the level the replay is rewritten, else nothing is
pushed and the user is told to record a run again.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from engine.errors import CocreateError, ShareError
from share.client.api import Gallery, Remote
from share.client.refs import page_url
from share.client.state import Entry, SyncState

if TYPE_CHECKING:
    from engine.document import Document, LevelDocument, Parent

# The engine (codec, documents, simulation) is imported where it is used, so that a sync where
# nothing changed costs a hash per file and one request, not the engine's imports.

SUFFIX = ".cocreate"
REPLAY_SUFFIX = ".replay.cocreate"
_REV = re.compile(r"\.rev-[0-9]+\.cocreate$")


@dataclass
class Report:
    """What a command did (``done``, for stdout) and what needs the user (``problems``)."""

    done: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    requests: int = 0

    @property
    def code(self) -> int:
        return 1 if self.problems else 0


# -- names ----------------------------------------------------------------------------------------


def is_creation_file(path: Path) -> bool:
    name = path.name
    return (
        name.endswith(SUFFIX)
        and not name.endswith(REPLAY_SUFFIX)
        and not _REV.search(name)
        and not name.startswith(".")
    )


def creation_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if is_creation_file(p) and p.is_file())


def stem(path: Path) -> str:
    return path.name[: -len(SUFFIX)] if path.name.endswith(SUFFIX) else path.name


def replay_path(path: Path) -> Path:
    return path.with_name(stem(path) + REPLAY_SUFFIX)


def rev_path(path: Path, revision: int) -> Path:
    return path.with_name(f"{stem(path)}.rev-{revision}{SUFFIX}")


def _slug(title: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return s[:60].strip("-") or "creation"


def _free_name(state: SyncState, title: str, ident: str) -> str:
    base = _slug(title)
    for n in range(1, 1000):
        name = f"{base}{SUFFIX}" if n == 1 else f"{base}-{n}{SUFFIX}"
        taken = state.by_file(name)
        if taken is not None and taken[0] != ident:
            continue
        path = state.folder / name
        if not path.exists() or _id_of(path) == ident:
            return name
    return f"{ident}{SUFFIX}"


def _id_of(path: Path) -> str | None:
    from engine import codec
    from engine.fileio import read_bytes

    try:
        return codec.decode(read_bytes(path), source=str(path)).id
    except CocreateError:
        return None


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path) -> str:
    """The sha256 of a file's bytes, read in chunks (no engine import: a sync's fast path)."""
    try:
        with path.open("rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError as exc:
        raise ShareError(f"cannot read: {exc.strerror or exc}", source=str(path)) from exc


# -- replays --------------------------------------------------------------------------------------


def _replay_for(path: Path, rp: Path, doc: LevelDocument, new_digest: str) -> bytes:
    """The replay ``rp`` of the level ``path``, bound to the level bytes ``new_digest``
    (``doc``): when it names other bytes (the level was edited, or its revision or id changes
    as it is pushed), its inputs are played again on ``doc`` and must still clear it."""
    from engine import codec
    from engine.document import ReplayDocument
    from engine.fileio import read_bytes

    if not rp.is_file():
        raise ShareError(
            f"a level is pushed with the replay that clears it: no {rp.name} beside it "
            "(or name one: cocreate push LEVEL --replay FILE)",
            source=str(path),
        )
    data = read_bytes(rp)
    replay = codec.decode(data, source=str(rp))
    if not isinstance(replay, ReplayDocument):
        raise ShareError("is not a replay", source=str(rp))
    if replay.replay.level_digest == new_digest:
        return data
    again = remix_replay(str(rp), data, doc, new_digest)
    if again is None:
        raise ShareError(
            f"no longer clears the edited level {path.name}: record a run that does "
            f"(cocreate play {path} --record {rp}) and push again",
            source=str(rp),
        )
    return again


# -- the client -----------------------------------------------------------------------------------


@dataclass
class Client:
    """Sync operations against one gallery, as ``me`` (empty when not signed in)."""

    gallery: Gallery
    me: str = ""
    replays: dict[Path, Path] = field(default_factory=dict)
    """A level's replay named on the command line (``push --replay``), else it is the one
    beside it (``NAME.replay.cocreate``)."""

    @property
    def server(self) -> str:
        return self.gallery.server

    def _replay_file(self, path: Path) -> Path:
        return self.replays.get(path) or replay_path(path)

    def _mine(self, remote: Remote) -> bool:
        return bool(self.me) and remote.owner.casefold() == self.me.casefold()

    # -- push ------------------------------------------------------------------------------------

    def push(self, path: Path, state: SyncState, report: Report, remote: object = ...) -> None:
        """Push one file (``remote``: what the gallery holds of it, when already asked)."""
        from engine import codec
        from engine.document import ReplayDocument
        from engine.fileio import read_bytes

        name = str(path)
        data = read_bytes(path)
        doc = codec.decode(data, source=name)
        if isinstance(doc, ReplayDocument):
            raise ShareError("is a replay: push the level it clears", source=name)
        digest = sha256(data)
        entry = state.creations.get(doc.id)
        if entry is not None and entry.file != path.name:
            raise ShareError(
                f"is creation {doc.id}, which this folder syncs as {entry.file}: one file per "
                "creation (cocreate remix makes a copy of your own)",
                source=name,
            )
        if remote is ...:
            remote = self.gallery.creation(doc.id)
        assert remote is None or isinstance(remote, Remote)
        if remote is None:
            if entry is not None:
                report.problems.append(
                    f"{name}: creation {doc.id} is no longer in the gallery (or is hidden from "
                    "you): nothing pushed"
                )
                return
            self._upload(path, doc, data, digest, state, report, doc)
            return
        if not self._mine(remote):
            self._push_remix(path, doc, data, digest, entry, remote, state, report)
            return
        if digest == remote.digest:
            self._record(state, doc.id, path, remote)
            report.done.append(f"{name}: up to date (revision {remote.revision})")
            return
        if entry is not None:
            base = max(entry.revision, entry.seen)
            changed = digest != entry.digest
        else:
            base = doc.revision
            changed = doc.revision >= remote.revision or (
                self.gallery.revision_digest(doc.id, doc.revision) != digest
            )
        if not changed:
            if entry is None:
                self._record(state, doc.id, path, remote, revision=doc.revision, digest=digest)
            report.done.append(
                f"{name}: nothing to push; the gallery has a newer revision {remote.revision} "
                f"(cocreate pull {doc.id})"
            )
            return
        if doc.revision > remote.revision:  # a revision the gallery lacks: let it judge
            self._upload(path, doc, data, digest, state, report, doc)
            return
        landed = self._bumped(doc, remote.revision)
        if sha256(landed[1]) == remote.digest:  # our own push landed; the local write did not
            self._finish(path, landed, remote, state, report, "pushed")
            return
        if base >= remote.revision:
            new = self._bumped(doc, remote.revision + 1)
            self._upload(path, new[0], new[1], sha256(new[1]), state, report, doc)
            return
        self._conflict(path, doc.id, remote, state, report, entry)

    def _bumped(self, doc: Document, revision: int) -> tuple[Document, bytes]:
        import msgspec

        from engine import codec

        new = msgspec.structs.replace(doc, revision=revision)
        return new, codec.encode(new)

    def _upload(
        self,
        path: Path,
        doc: Document,
        data: bytes,
        digest: str,
        state: SyncState,
        report: Report,
        local: Document,
        note: str = "",
    ) -> None:
        """Upload ``doc`` (``data``); once accepted, write it over ``path`` if it differs."""
        from engine.document import LevelDocument

        if not self.me:
            raise ShareError(
                f"not pushed: sign in first (cocreate login --server {self.server})",
                source=str(path),
            )

        replay = None
        if isinstance(doc, LevelDocument):
            rp = self._replay_file(path)
            replay_data = _replay_for(path, rp, doc, digest)
            replay = (rp.name, replay_data)
        remote, _new = self.gallery.upload(path.name, data, replay)
        self._finish(path, (doc, data), remote, state, report, "pushed", replay)
        if note:
            report.done[-1] += note
        if local.id != doc.id:
            state.creations.pop(local.id, None)

    def _finish(
        self,
        path: Path,
        new: tuple[Document, bytes],
        remote: Remote,
        state: SyncState,
        report: Report,
        verb: str,
        replay: tuple[str, bytes] | None = None,
    ) -> None:
        from engine.document import LevelDocument
        from engine.fileio import read_bytes, write_atomic

        new_doc, new_data = new
        if isinstance(new_doc, LevelDocument):
            rp = self._replay_file(path)
            if replay is None:
                rebound = _replay_for(path, rp, new_doc, sha256(new_data))
                replay = (rp.name, rebound)
            if not rp.is_file() or read_bytes(rp) != replay[1]:
                write_atomic(rp, replay[1])
        if read_bytes(path) != new_data:
            write_atomic(path, new_data)
        self._record(state, new_doc.id, path, remote)
        report.done.append(
            f"{path}: {verb} as revision {remote.revision} of {new_doc.id}: "
            f"{page_url(self.server, new_doc.id)}"
        )

    def _push_remix(
        self,
        path: Path,
        doc: Document,
        data: bytes,
        digest: str,
        entry: Entry | None,
        remote: Remote,
        state: SyncState,
        report: Report,
    ) -> None:
        from engine import codec
        from engine.document import Parent

        base = entry.revision if entry is not None else doc.revision
        base_digest = entry.digest if entry is not None else None
        if base_digest is None or base_digest != digest:
            base_digest = self.gallery.revision_digest(doc.id, base) or base_digest
        if base_digest == digest:
            self._record(state, doc.id, path, remote, revision=base, digest=digest)
            report.done.append(f"{path}: unchanged ({remote.owner}'s creation, revision {base})")
            return
        if base_digest is None:
            raise ShareError(
                f"is a copy of {doc.id} by {remote.owner}, whose revision {base} is not in the "
                "gallery: cannot push it as a remix",
                source=str(path),
            )
        if not self.me:
            raise ShareError("sign in first: cocreate login", source=str(path))
        # the same edit of the same original always makes the same remix (no time stamped):
        # pushing again after an interruption finds it in the gallery instead of making another
        new_id = str(uuid.uuid5(uuid.UUID(doc.id), f"remix:{self.me.casefold()}:{digest}"))
        parent = Parent(id=doc.id, revision=base, digest=base_digest)
        new = as_remix(doc, parent, new_id, author=self.me)
        new_data = codec.encode(new)
        note = (
            f" (it was {remote.owner}'s creation {doc.id}: it is now your remix of revision "
            f"{base}, a new creation)"
        )
        self._upload(path, new, new_data, sha256(new_data), state, report, doc, note)

    def _conflict(
        self,
        path: Path,
        ident: str,
        remote: Remote,
        state: SyncState,
        report: Report,
        entry: Entry | None,
    ) -> None:
        """Both changed: save the gallery's revision beside ``path``; never overwrite it."""
        from engine import codec
        from engine.document import LevelDocument
        from engine.fileio import write_atomic

        data = self.gallery.download(ident, remote.revision)
        beside = rev_path(path, remote.revision)
        write_atomic(beside, data)
        if isinstance(codec.decode(data, source=str(beside)), LevelDocument):
            replay = self.gallery.download(ident, remote.revision, replay=True)
            write_atomic(beside.with_name(stem(beside) + REPLAY_SUFFIX), replay)
        if entry is not None:
            entry.seen = remote.revision
        else:
            state.creations[ident] = Entry(
                file=path.name, revision=0, digest="", server=self.server, seen=remote.revision
            )
        report.problems.append(
            f"{path}: changed here and in the gallery (revision {remote.revision}): saved the "
            f"gallery's as {beside.name} beside it; bring what you want from it into "
            f"{path.name} and push again (it becomes revision {remote.revision + 1})"
        )

    def _record(
        self,
        state: SyncState,
        ident: str,
        path: Path,
        remote: Remote,
        *,
        revision: int | None = None,
        digest: str | None = None,
    ) -> None:
        state.creations[ident] = Entry(
            file=path.name,
            revision=remote.revision if revision is None else revision,
            digest=remote.digest if digest is None else digest,
            server=self.server,
        )

    # -- pull ------------------------------------------------------------------------------------

    def pull(
        self,
        ident: str,
        state: SyncState,
        report: Report,
        *,
        revision: int | None = None,
        remote: Remote | None = None,
    ) -> None:
        """Download a creation (``revision``, else the latest) into the state's folder."""
        from engine import codec
        from engine.document import LevelDocument
        from engine.fileio import read_bytes, write_atomic

        if remote is None:
            remote = self.gallery.creation(ident)
            if remote is None:
                raise ShareError(f"no creation {ident} in the gallery at {self.server}")
        n = revision or remote.revision
        data = self.gallery.download(ident, n)
        digest = sha256(data)
        if revision is None and digest != remote.digest:
            raise ShareError(f"{ident}: the gallery changed while downloading: try again")
        doc = codec.decode(data, source=ident)
        entry = state.creations.get(ident)
        name = entry.file if entry is not None else _free_name(state, doc.meta.title, ident)
        path = state.folder / name
        if path.is_file():
            local = sha256(read_bytes(path))
            if local == digest:
                self._record(state, ident, path, remote, revision=n, digest=digest)
                report.done.append(f"{path}: up to date (revision {n})")
                return
            if entry is None or local != entry.digest:
                there = Remote(ident, remote.kind, remote.owner, n, digest)
                self._conflict(path, ident, there, state, report, entry)
                return
        if isinstance(doc, LevelDocument):
            replay = self.gallery.download(ident, n, replay=True)
            write_atomic(replay_path(path), replay)
        write_atomic(path, data)
        self._record(state, ident, path, remote, revision=n, digest=digest)
        report.done.append(f"{path}: pulled revision {n} of {ident} ({doc.meta.title})")

    # -- sync ------------------------------------------------------------------------------------

    def sync(self, state: SyncState, report: Report) -> None:
        """Push what changed here, pull what changed there: one request when nothing did."""
        tracked = {e.file: i for i, e in state.creations.items()}
        untracked: dict[Path, str] = {}
        for path in creation_files(state.folder):
            if path.name in tracked:
                continue
            from engine import codec
            from engine.fileio import read_bytes

            try:
                untracked[path] = codec.decode(read_bytes(path), source=str(path)).id
            except CocreateError as exc:
                report.problems.extend(exc.lines())
        idents = list(state.creations) + [i for i in untracked.values() if i not in state.creations]
        remotes = self.gallery.states(idents)
        unchanged = 0
        for ident, entry in list(state.creations.items()):
            path = state.folder / entry.file
            remote = remotes.get(ident)
            if not path.is_file():
                report.done.append(
                    f"{path}: not here any more; left alone (cocreate pull {ident} brings it back)"
                )
                continue
            try:
                changed = file_digest(path) != entry.digest
                if not changed and remote is not None and remote.revision <= entry.revision:
                    unchanged += 1
                elif not changed and remote is not None:
                    self.pull(ident, state, report, remote=remote)
                else:
                    self.push(path, state, report, remote)
            except CocreateError as exc:
                report.problems.extend(exc.lines())
        for path, ident in untracked.items():
            try:
                self.push(path, state, report, remotes.get(ident))
            except CocreateError as exc:
                report.problems.extend(exc.lines())
        report.done.append(f"{state.folder}: {unchanged} up to date")


def remix(doc: Document, data: bytes, *, author: str = "") -> Document:
    """A new creation of yours from ``doc`` (whose bytes are ``data``), naming it as parent,
    titled as a remix (:func:`remix_title`)."""
    from engine.document import Parent
    from engine.starter import now_utc

    parent = Parent(id=doc.id, revision=doc.revision, digest=sha256(data))
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

    if title.endswith(REMIX_MARK):
        return title
    return title[: limits.MAX_NAME_CHARS - len(REMIX_MARK)].rstrip() + REMIX_MARK


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
    level_digest = digest or sha256(codec.encode(new))
    return codec.encode(make_replay(new, level_digest, inputs, world, author=replay.meta.author))
