"""Playing a gallery's levels: fetching one named by its id or page URL (``cocreate play URL``),
and reporting a play session to the gallery a level came from: its plays, clears and best runs.

:func:`fetch` pulls the level, as ``cocreate pull`` does, into a folder of its own
(:func:`played_dir`: ``$COCREATE_CACHE_DIR/levels``, else the user cache dir's), with its sync
state, so that a session played on it is reported like one played on any pulled level; a level
already there and up to date is not downloaded again.

``cocreate play LEVEL`` calls :func:`report_session` when the window has closed. A session is
reported only when the file is a gallery's level, unchanged: its folder's sync state
(``state.py``) names its id, revision, digest and gallery, and its bytes still hash to that
digest (a local edit is not the gallery's level); and only when this machine is signed in to that
gallery (``config.py``, as ``cocreate push`` finds its token). Otherwise nothing is sent, and
nothing is said.

What is sent: a session with a clear sends the replay of its fastest clear (``POST
/creations/ID/clears``, which counts the play too: one request per session, never both); one with
attempts but no clear counts a play that did not clear (``POST …/plays``); one with no attempt
sends nothing. A failure is a line in ``Report.problems``, never an exception: playing worked.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.errors import CocreateError, ShareError
from share.client.sync import Report, sha256

if TYPE_CHECKING:
    from engine.document import LevelDocument
    from engine.render.play import Run, Session
    from share.client.api import Gallery


@dataclass(frozen=True)
class Origin:
    """The gallery creation a file is, unchanged, and this machine's account there."""

    ident: str
    revision: int
    digest: str
    server: str
    token: str
    user: str


def origin(path: Path, data: bytes, *, signed_in: bool = True) -> Origin | None:
    """Where the level at ``path`` (whose bytes are ``data``) came from; None when it is not a
    gallery's revision unchanged, or (``signed_in``) when this machine is not signed in to that
    gallery (else ``token`` and ``user`` are empty then). A sync state or settings file that
    cannot be read is a :class:`ShareError`."""
    from share.client import config, state

    synced = state.load(path.parent).by_file(path.name)
    if synced is None:
        return None
    ident, entry = synced
    if sha256(data) != entry.digest:
        return None
    account = config.load().account(entry.server)
    if account is None and signed_in:
        return None
    token, user = (account.token, account.user) if account is not None else ("", "")
    return Origin(ident, entry.revision, entry.digest, entry.server, token, user)


NOTE_DEADLINE = 1.0
"""Seconds :func:`record_note` may take before the window opens (the gallery may be away)."""


def record_note(path: Path, data: bytes) -> str:
    """What the play window shows of the level's board, when the level at ``path`` is a
    gallery's revision unchanged: ``Record 5.75 s by bob · yours 6.02 s, 2nd of 4``, or ``No
    clears yet: be the first``; ``""`` when it is no gallery's level or the board cannot be
    read quickly (playing never waits on the gallery for long, nor fails for it)."""
    from share.client.api import Gallery

    try:
        came_from = origin(path, data, signed_in=False)
        if came_from is None:
            return ""
        token = came_from.token or None
        with Gallery(came_from.server, token, deadline=NOTE_DEADLINE) as gallery:
            board = gallery.clears(came_from.ident, came_from.revision, limit=100)
        items = board["items"]
        if not items:
            return "No clears yet: be the first"
        best = items[0]
        note = f"Record {float(best['seconds']):.2f} s by {best['user']}"
        mine = next((i for i in items if came_from.user and i["user"] == came_from.user), None)
        if mine is not None:
            place = f"{ordinal(int(mine['rank']))} of {int(board['entries'])}"
            note += f" · yours {float(mine['seconds']):.2f} s, {place}"
        return note
    except (CocreateError, KeyError, TypeError, ValueError, IndexError):
        return ""


def report_session(path: Path, data: bytes, doc: LevelDocument, session: Session) -> Report:
    """Report ``session`` (played on ``doc``, read from ``path`` as ``data``) to the gallery the
    level came from: a line in ``done`` for what was reported, one in ``problems`` for a failure,
    none when there was nothing to report (or nowhere)."""
    report = Report()
    if session.attempts == 0:
        return report
    try:
        came_from = origin(path, data)
    except CocreateError as exc:
        report.problems.append(f"cocreate play: not reported: {exc}")
        return report
    if came_from is None:
        return report
    from share.client.api import Gallery

    try:
        with Gallery(came_from.server, came_from.token) as gallery:
            report.done.append(_send(gallery, came_from, doc, session))
    except CocreateError as exc:
        report.problems.append(f"cocreate play: not reported to {came_from.server}: {exc}")
    return report


def _send(gallery: Gallery, came_from: Origin, doc: LevelDocument, session: Session) -> str:
    """Send the session (its fastest clear, else a play); the line that says what was sent."""
    if session.fastest is None:
        uncounted = gallery.post_play(came_from.ident, cleared=False)
        if uncounted is not None:
            return f"Reported a play to {came_from.server}, not counted: {uncounted}"
        return f"Reported a play to {came_from.server} (not cleared)"
    replay = _replay_bytes(doc, came_from, session.fastest)
    result = gallery.post_clear(came_from.ident, replay, came_from.revision)
    return f"Reported to {came_from.server}: {_clear_text(result)}"


def _replay_bytes(doc: LevelDocument, came_from: Origin, run: Run) -> bytes:
    """The run as a replay document's bytes, as ``cocreate play --record`` would save it."""
    from engine import codec
    from engine.sim.verify import make_replay

    replay = make_replay(doc, came_from.digest, run.inputs, run.world, author=came_from.user)
    return codec.encode(replay)


def _clear_text(result: dict[str, Any]) -> str:
    """``your clear 9.68 s, score 2 — 1st of 3`` (or ``… — not faster than your best (9.12 s,
    2nd of 3)``) from the gallery's ClearResult."""
    try:
        run = result["clear"]
        said = f"your clear {float(run['seconds']):.2f} s, score {int(run['score'])}"
        place = f"{ordinal(int(result['rank']))} of {int(result['entries'])}"
        if result["best"]:
            return f"{said} — {place}"
        best = float(result["yours"]["seconds"])
        return f"{said} — not faster than your best ({best:.2f} s, {place})"
    except (KeyError, TypeError, ValueError) as exc:
        raise ShareError(f"the gallery's answer is not a clear's result ({exc!r})") from exc


def ordinal(n: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``4th``, ``11th``, ``21st``, ``112th``."""
    suffix = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def played_dir() -> Path:
    """Where ``cocreate play ID|URL`` keeps the levels it pulls."""
    env = os.environ.get("COCREATE_CACHE_DIR")
    if env:
        return Path(env) / "levels"
    import platformdirs

    return Path(platformdirs.user_cache_dir("cocreate", appauthor=False)) / "levels"


def fetch(text: str) -> tuple[Path, list[str]]:
    """Pull the level ``text`` names (an id, its page URL, ``?revision=N`` too) from its gallery
    (a bare id: the default one) into :func:`played_dir`; its path, and what was done (one
    line). ``ShareError`` when it cannot (``UsageError`` when ``text`` names no creation)."""
    from share.client import config, state
    from share.client.api import Gallery
    from share.client.refs import parse
    from share.client.sync import Client

    ref = parse(text)
    cfg = config.load()
    server = cfg.gallery(ref.server)
    account = cfg.account(server)
    folder = played_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ShareError(f"{folder}: cannot make the folder for played levels ({exc})") from exc
    synced = state.load(folder)
    report = Report()
    with Gallery(server, account.token if account else None) as gallery:
        remote = gallery.creation(ref.id)
        if remote is None:
            raise ShareError(f"no creation {ref.id} in the gallery at {server}")
        if remote.kind != "level":
            raise ShareError(f"{text}: is a {remote.kind}: only levels are played")
        user = account.user if account else ""
        Client(gallery, user).pull(ref.id, synced, report, revision=ref.revision, remote=remote)
    synced.save()
    if report.problems:
        raise ShareError(report.problems[0])
    return folder / synced.creations[ref.id].file, report.done
