"""A folder's sync state: ``.cocreate-sync.json``, what was last synced of each creation.

::

    {"version": 1, "creations": {ID: {"file": "hop.cocreate", "revision": 3,
                                      "digest": SHA256, "server": URL, "seen": 0}}}

``revision`` and ``digest`` are those of the last revision pushed or pulled: a file whose bytes
still hash to ``digest`` has no local change. ``seen`` is a newer revision of the gallery's that
was saved beside the file (``NAME.rev-N.cocreate``) because both had changed; the next push
builds on it. The state is keyed by creation, and :func:`settle` keeps it true to the files:
an entry follows its creation to a renamed file, and lets go of a file that now holds another
creation. The file is written atomically (``engine.fileio.write_atomic``), and only after the
creation files it describes, so an interrupted command leaves it describing files that exist.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from engine.errors import ShareError

FILE_NAME = ".cocreate-sync.json"


@dataclass
class Entry:
    file: str
    """The creation's file name in the folder."""
    revision: int
    digest: str
    server: str
    seen: int = 0


@dataclass
class SyncState:
    folder: Path
    creations: dict[str, Entry] = field(default_factory=dict)
    written: bytes = b""
    """The file's bytes as read or last written: a save that changes nothing writes nothing."""

    @property
    def path(self) -> Path:
        return self.folder / FILE_NAME

    def by_file(self, name: str) -> tuple[str, Entry] | None:
        return next(((i, e) for i, e in self.creations.items() if e.file == name), None)

    def render(self) -> bytes:
        body = {
            "version": 1,
            "creations": {i: asdict(e) for i, e in sorted(self.creations.items())},
        }
        return (json.dumps(body, indent=1, sort_keys=True) + "\n").encode()

    def save(self) -> None:
        data = self.render()
        if data != self.written:
            from engine.fileio import write_atomic  # here: importing it loads the codec

            write_atomic(self.path, data)
            self.written = data


def load(folder: Path) -> SyncState:
    state = SyncState(folder)
    try:
        state.written = state.path.read_bytes()
        raw: Any = json.loads(state.written)
    except FileNotFoundError:
        state.written = state.render()  # nothing to write until something is synced
        return state
    except (OSError, ValueError) as exc:
        raise ShareError(
            f"cannot read the sync state: {exc} (move it away to start afresh)",
            source=str(state.path),
        ) from exc
    try:
        for ident, e in raw["creations"].items():
            state.creations[str(ident)] = Entry(
                file=str(e["file"]),
                revision=int(e["revision"]),
                digest=str(e["digest"]),
                server=str(e["server"]),
                seen=int(e.get("seen", 0)),
            )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ShareError(
            "the sync state is not one cocreate wrote (move it away to start afresh)",
            source=str(state.path),
        ) from exc
    return state


def settle(state: SyncState, held: dict[str, str]) -> list[str]:
    """Make the state agree with the files, given ``held`` (file name → the creation it holds,
    for the files looked at; a file not in it is taken to hold what the state says, unless it
    is gone). An entry whose file is gone or holds another creation follows its creation to the
    one other file that holds it and no entry names (a rename); else, when its file holds
    another creation now, the entry goes: that file is synced as the creation it holds (a new
    one from revision 1). One line per change, to tell the user."""
    said: list[str] = []
    loose = {
        ident: entry
        for ident, entry in state.creations.items()
        if held.get(entry.file, ident if (state.folder / entry.file).is_file() else "") != ident
    }
    named = {e.file for i, e in state.creations.items() if i not in loose}
    for ident, entry in loose.items():
        holders = [name for name, i in held.items() if i == ident and name not in named]
        if len(holders) == 1:
            said.append(f"{state.folder / holders[0]}: was {entry.file}: synced as renamed")
            entry.file = holders[0]
            named.add(entry.file)
        elif entry.file in held:
            del state.creations[ident]
            said.append(
                f"{state.folder / entry.file}: now holds creation {held[entry.file]}, not "
                f"{ident}: that one is no longer synced here (cocreate pull {ident} brings it "
                "back)"
            )
    return said
