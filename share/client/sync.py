"""Push, pull, remix and sync creation files against a gallery, never losing a local edit.

A file's ``revision`` is the gallery revision it was last pushed or pulled as (or builds on):
a push of a changed file sends it as ``revision + 1``, and rewrites the local file with that
revision only after the gallery has accepted it. The folder's sync state (``state.py``) remembers
the digest last synced, so "changed here" is a hash, and "changed there" is the gallery's latest
revision; a file changed on both sides is never overwritten: the gallery's revision is saved
beside it as ``NAME.rev-N.cocreate`` and the result is a conflict (exit 1); so is a push the
gallery refuses because another push of the same creation got there first (409). Such a copy is
never pushed itself: ``push *.cocreate`` skips it with a note.

The folder's state names each creation's file. A file that now holds another creation than the
state says is synced as that creation (a new one starts at revision 1), and the state no longer
names the file for the old one; a renamed file takes its creation's state with it (a folder
syncs one file per creation: two files of one creation are refused).

A level travels with the replay that clears it, ``NAME.replay.cocreate`` beside it. A replay
names its level's exact bytes, so whenever the bytes pushed are not the ones it names (the level
was edited, or the push changes its revision, or its id for a remix) the replay's inputs are
played again on them: when they still clear the level the replay is rewritten, else nothing is
pushed and the user is told to record a run again. A replay recorded on another creation is
refused, and never written to.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from engine.errors import CocreateError, ServerError, ShareError, shown
from share.client.api import Gallery, Remote
from share.client.names import slug
from share.client.refs import page_url
from share.client.remixes import as_remix, remix_replay
from share.client.state import Entry, SyncState, settle

if TYPE_CHECKING:
    from engine.document import Document, LevelDocument

# The engine (codec, documents, simulation) is imported where it is used, so that a sync where
# nothing changed costs a hash per file and one request, not the engine's imports.

SUFFIX = ".cocreate"
REPLAY_SUFFIX = ".replay.cocreate"
_REV = re.compile(r"\.rev-([0-9]+)\.cocreate$")


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


def saved_copy(path: Path, ident: str, state: SyncState) -> tuple[str, int] | None:
    """When ``path`` is ``NAME.rev-N.cocreate`` holding creation ``ident``, which the state
    syncs as ``NAME.cocreate``: a conflict's copy of the gallery's revision, as (``NAME.cocreate``,
    N); else None."""
    found = _REV.search(path.name)
    if found is None:
        return None
    name = path.name[: found.start()] + SUFFIX
    held = state.by_file(name)
    return (name, int(found[1])) if held is not None and held[0] == ident else None


def _free_name(state: SyncState, title: str, ident: str) -> str:
    base = slug(title)
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


def _replay_for(
    path: Path, rp: Path, doc: LevelDocument, new_digest: str, local: Document | None = None
) -> bytes:
    """The replay ``rp`` of the level ``path``, bound to the level bytes ``new_digest``
    (``doc``): when it names other bytes (the level was edited, or its revision or id changes
    as it is pushed), its inputs are played again on ``doc`` and must still clear it. It must
    have been recorded on this creation (``doc``, or ``local``, the file's own when the push
    makes it a remix): another level's replay would be rewritten as this one's."""
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
    own = {doc.id, (local or doc).id}
    if str(replay.replay.level_id) not in own:
        raise ShareError(
            f"was recorded on another level ({replay.replay.level_id}), not {path.name} "
            f"({(local or doc).id}): name its own replay, or record one (cocreate play {path} "
            f"--record {replay_path(path)})",
            source=str(rp),
        )
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
        copy = saved_copy(path, doc.id, state)
        if copy is not None:
            report.done.append(
                f"{name}: skipped: the gallery's revision {copy[1]} of {copy[0]}, saved beside "
                f"it in a conflict (bring what you want into {copy[0]}, then delete this copy)"
            )
            return
        digest = sha256(data)
        entry = self._claim(path, doc.id, state, report)
        if remote is ... or (isinstance(remote, Remote) and remote.id != doc.id):
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
        self._conflict(path, doc.id, remote, state, report, entry, local_revision=doc.revision)

    def _claim(self, path: Path, ident: str, state: SyncState, report: Report) -> Entry | None:
        """The state's entry for creation ``ident``, held by ``path``, once the state agrees
        that ``path`` holds it (``state.settle``: it follows a rename; another creation's entry
        no longer names the file). Two files of the creation are refused."""
        held = {path.name: ident}
        entry = state.creations.get(ident)
        if entry is not None and entry.file != path.name:
            recorded = state.folder / entry.file
            if recorded.is_file():
                held[entry.file] = _id_of(recorded) or ""
        report.done.extend(settle(state, held))
        entry = state.creations.get(ident)
        if entry is not None and entry.file != path.name:
            raise ShareError(
                f"is creation {ident}, as {entry.file} is too: a folder syncs one file per "
                "creation: move one of the two out of it (cocreate remix makes a new creation "
                "of yours from one)",
                source=str(path),
            )
        return entry

    def _bumped(self, doc: Document, revision: int) -> tuple[Document, bytes]:
        import msgspec

        from engine import codec

        new = msgspec.structs.replace(doc, revision=revision)
        return new, codec.encode(new)

    def _signed_out(self, path: Path) -> ShareError:
        """The one line for a push whose token the gallery refuses (revoked, expired)."""
        return ShareError(
            f"not pushed: the gallery at {self.server} no longer accepts this machine's sign-in "
            f"(revoked or expired): sign in again with cocreate login --server {self.server}",
            source=str(path),
        )

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
        """Upload ``doc`` (``data``); once accepted, write it over ``path`` if it differs. When
        the gallery refuses it because another push of ``local`` got there first (409), that is
        a conflict as any other (:meth:`_conflict`)."""
        from engine.document import LevelDocument

        if not self.me:
            raise ShareError(
                f"not pushed: sign in first (cocreate login --server {self.server})",
                source=str(path),
            )
        if self.gallery.token_refused:
            raise self._signed_out(path)

        replay = None
        if isinstance(doc, LevelDocument):
            rp = self._replay_file(path)
            replay_data = _replay_for(path, rp, doc, digest, local)
            replay = (rp.name, replay_data)
        try:
            remote, _new = self.gallery.upload(path.name, data, replay)
        except ServerError as exc:
            if exc.status == 401:
                raise self._signed_out(path) from exc
            if exc.status != 409 or not self._lost_race(path, doc, local, state, report):
                raise
            return
        self._finish(path, (doc, data), remote, state, report, "pushed", replay, note)
        if local.id != doc.id:
            state.creations.pop(local.id, None)

    def _lost_race(
        self, path: Path, doc: Document, local: Document, state: SyncState, report: Report
    ) -> bool:
        """After a 409: when the gallery now holds revision ``doc.revision`` (or later) of this
        creation of ours, another push got there first: the conflict is handled (True)."""
        if doc.id != local.id:
            return False
        now = self.gallery.creation(doc.id)
        if now is None or not self._mine(now) or now.revision < doc.revision:
            return False
        entry = state.creations.get(doc.id)
        self._conflict(path, doc.id, now, state, report, entry, local_revision=local.revision)
        return True

    def _finish(
        self,
        path: Path,
        new: tuple[Document, bytes],
        remote: Remote,
        state: SyncState,
        report: Report,
        verb: str,
        replay: tuple[str, bytes] | None = None,
        note: str = "",
    ) -> None:
        """Write what the gallery accepted over ``path`` (and the replay, checked to be this
        level's by :func:`_replay_for`, over its file) and record it in the state; the line
        ends with ``note``, then says when the replay file was rewritten."""
        from engine.document import LevelDocument
        from engine.fileio import read_bytes, write_atomic

        new_doc, new_data = new
        rewrote = ""
        if isinstance(new_doc, LevelDocument):
            rp = self._replay_file(path)
            if replay is None:
                rebound = _replay_for(path, rp, new_doc, sha256(new_data))
                replay = (rp.name, rebound)
            if not rp.is_file() or read_bytes(rp) != replay[1]:
                if rp.is_file():  # the same run, now naming the level as the gallery holds it
                    rewrote = f"; {rp} rewritten for it"
                write_atomic(rp, replay[1])
        if read_bytes(path) != new_data:
            write_atomic(path, new_data)
        self._record(state, new_doc.id, path, remote)
        report.done.append(
            f"{path}: {verb} as revision {remote.revision} of {new_doc.id}: "
            f"{page_url(self.server, new_doc.id)}{note}{rewrote}"
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
        """Push someone else's creation, edited here, as a remix of the revision it builds on
        (after a conflict, the gallery's revision saved beside it)."""
        from engine import codec
        from engine.document import Parent

        base = doc.revision if entry is None else max(entry.revision, entry.seen)
        known = entry.digest if entry is not None and base == entry.revision else None
        base_digest = known or None
        if base_digest != digest:
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
            raise ShareError(
                f"not pushed: sign in first (cocreate login --server {self.server})",
                source=str(path),
            )
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
        *,
        local_revision: int,
        revision: int | None = None,
    ) -> None:
        """Both changed: save the gallery's ``revision`` (else its latest, ``remote``) beside
        ``path``; never overwrite it. The file builds on ``local_revision`` when the state has
        no entry for it. The line says what a push does next, as :meth:`push` will do it."""
        from engine import codec
        from engine.document import LevelDocument
        from engine.fileio import write_atomic

        n = revision or remote.revision
        data = self.gallery.download(ident, n)
        beside = rev_path(path, n)
        write_atomic(beside, data)
        if isinstance(codec.decode(data, source=str(beside)), LevelDocument):
            replay = self.gallery.download(ident, n, replay=True)
            write_atomic(beside.with_name(stem(beside) + REPLAY_SUFFIX), replay)
        if entry is None:
            entry = Entry(file=path.name, revision=local_revision, digest="", server=self.server)
            state.creations[ident] = entry
        entry.seen = max(entry.seen, n)
        what = (
            f"changed here and in the gallery (revision {n}): saved the gallery's"
            if n == remote.revision
            else f"changed here: saved the gallery's revision {n} (its latest is {remote.revision})"
        )
        report.problems.append(
            f"{path}: {what} as {beside.name} beside it; bring what you want from it into "
            f"{path.name} and {self._next_push(ident, entry, remote)}"
        )

    def _next_push(self, ident: str, entry: Entry, remote: Remote) -> str:
        """What pushing the file (whose state is ``entry``) will do, after a conflict."""
        base = max(entry.revision, entry.seen)
        if not self.me:
            return f"push it once signed in (cocreate login --server {self.server})"
        if not self._mine(remote):
            return (
                f"push it: it becomes your remix of {remote.owner}'s revision {base}, a new "
                "creation"
            )
        if base < remote.revision:
            return (
                f"pull the latest too (cocreate pull {ident}: revision {remote.revision}) "
                "before you push"
            )
        return f"push again (it becomes revision {remote.revision + 1})"

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
            local = read_bytes(path)
            if sha256(local) == digest:
                self._record(state, ident, path, remote, revision=n, digest=digest)
                report.done.append(f"{path}: up to date (revision {n})")
                return
            if entry is None or sha256(local) != entry.digest:
                mine = _revision_of(local, str(path))
                self._conflict(
                    path, ident, remote, state, report, entry, local_revision=mine, revision=n
                )
                return
        if isinstance(doc, LevelDocument):
            replay = self.gallery.download(ident, n, replay=True)
            write_atomic(replay_path(path), replay)
        write_atomic(path, data)
        self._record(state, ident, path, remote, revision=n, digest=digest)
        report.done.append(f"{path}: pulled revision {n} of {ident} ({shown(doc.meta.title)})")

    # -- sync ------------------------------------------------------------------------------------

    def sync(self, state: SyncState, report: Report) -> None:
        """Push what changed here, pull what changed there: one request when nothing did."""
        held, digests = _scan(state, report)
        report.done.extend(settle(state, held))
        tracked = {e.file for e in state.creations.values()}
        untracked = {n: i for n, i in held.items() if n not in tracked}
        idents = list(dict.fromkeys([*state.creations, *untracked.values()]))
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
                changed = (digests.get(entry.file) or file_digest(path)) != entry.digest
                if not changed and remote is not None and remote.revision <= entry.revision:
                    unchanged += 1
                elif not changed and remote is not None:
                    self.pull(ident, state, report, remote=remote)
                else:
                    self.push(path, state, report, remote)
            except CocreateError as exc:
                report.problems.extend(exc.lines())
        for name, ident in untracked.items():
            try:
                self.push(state.folder / name, state, report, remotes.get(ident))
            except CocreateError as exc:
                report.problems.extend(exc.lines())
        report.done.append(f"{state.folder}: {unchanged} up to date")


def _scan(state: SyncState, report: Report) -> tuple[dict[str, str], dict[str, str]]:
    """Which creation each creation file of the folder holds (name → id), and the digest of
    each file the state names: only a file that is new or changed is decoded (a sync where
    nothing changed imports no engine). A file that cannot be read is said in ``report``
    when the state does not name it (else its push says so)."""
    from engine import codec
    from engine.fileio import read_bytes

    named = {e.file: i for i, e in state.creations.items()}
    held: dict[str, str] = {}
    digests: dict[str, str] = {}
    for path in creation_files(state.folder):
        ident = named.get(path.name)
        try:
            if ident is not None:
                digests[path.name] = file_digest(path)
                if digests[path.name] == state.creations[ident].digest:
                    held[path.name] = ident
                    continue
            held[path.name] = codec.decode(read_bytes(path), source=str(path)).id
        except CocreateError as exc:
            if ident is None:
                report.problems.extend(exc.lines())
            else:
                held[path.name] = ident
    return held, digests


def _revision_of(data: bytes, source: str) -> int:
    """The revision a local file says it builds on (0 when it is not a creation we read)."""
    from engine import codec

    try:
        return codec.decode(data, source=source).revision
    except CocreateError:
        return 0
