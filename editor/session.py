"""One open level in the editor: its undo history, file, selection and status line.

Everything the editor does to a level goes through :meth:`EditorSession.apply` with a command
from ``engine.edit.level``; a command that does not apply leaves the level as it was and its
message becomes the status line. No pygame here: the session is tested without a window.

The session also holds the clipboard and the keyboard's edits of the selection: ``duplicate``
(Ctrl+D), ``copy`` / ``paste`` (Ctrl+C / Ctrl+V, values not ids, so a paste works after the
originals are gone), ``select_all`` (Ctrl+A) and ``nudge`` (the arrow keys). All of them take
shapes, entities and decorations alike; a copy carries the decorations' images along, so they
paste into a level that lacks them (embedded with the paste, one undo step).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from editor.document_session import APP_NAME as APP_NAME
from editor.document_session import STAMP_LABEL as STAMP_LABEL
from editor.document_session import DocumentSession, opened
from editor.document_session import StampModified as StampModified
from editor.picking import decoration_ids, split_ids
from engine import fileio, limits
from engine.document import IMAGE_TYPES, Asset, Document, LevelDocument
from engine.edit import Command
from engine.edit.command import replace
from engine.edit.level import DuplicateSelection, MoveSelection, PasteItems
from engine.errors import EditError, Problem
from engine.level.entities import Entity
from engine.level.model import Decoration, Link, Shape
from engine.starter import new_level
from engine.validation import validate

_ENTITY = re.compile(r"\bentity (\d+)\b")
"""An entity named by id in a command's label ("Move entity 2")."""

UNTITLED = "untitled level"
COPY_OFFSET = 16.0
"""How far (world px) a duplicate or paste lands from the original when the grid is off (on:
one grid step); each further paste of the same copy lands one offset further."""
NUDGE_BIG = 10
"""Shift+arrow nudges this many grid steps (1 px each when the grid is off)."""


def _things(n: int) -> str:
    return f"{n} thing{'' if n == 1 else 's'}"


Item = Shape | Entity | Decoration


@dataclass(frozen=True)
class Clipboard:
    """What Ctrl+C copied: shape, entity and decoration values (shapes, then entities, then
    decorations, each in document order), the links between the copied entities, and the image
    assets the copied decorations show (by digest)."""

    items: tuple[Item, ...]
    links: tuple[Link, ...]
    images: tuple[tuple[str, Asset], ...] = ()


@dataclass(frozen=True)
class PasteWithImages(Command[LevelDocument]):
    """:class:`~engine.edit.level.PasteItems` after embedding those of ``images`` (digest and
    asset, as a copy took them from its level) the level does not hold yet: pasted decorations
    bring their images along. Nothing is embedded if the paste does not apply."""

    paste: PasteItems
    images: tuple[tuple[str, Asset], ...] = ()

    @property
    def label(self) -> str:
        return self.paste.label

    def apply(self, doc: LevelDocument) -> LevelDocument:
        missing = {key: a for key, a in self.images if key not in doc.assets}
        if missing:
            for key, asset in missing.items():
                if asset.type not in IMAGE_TYPES:
                    raise EditError(f"$.assets[{key[:12]}…]: {asset.name!r} is not an image")
            if len(doc.assets) + len(missing) > limits.MAX_ASSETS:
                raise EditError(
                    f"$.assets: {len(doc.assets)} assets and {len(missing)} more images would "
                    f"pass {limits.MAX_ASSETS} (limit MAX_ASSETS)"
                )
            doc = replace(doc, assets={**doc.assets, **missing})
        return self.paste.apply(doc)


def _level(doc: Document, source: str = "") -> LevelDocument:
    if not isinstance(doc, LevelDocument):
        kind = type(doc).__name__.removesuffix("Document").lower()
        raise EditError(f"is a {kind}, not a level: the level editor opens levels", source=source)
    return doc


def ids_of(doc: LevelDocument) -> set[int]:
    """The ids of every shape, entity and decoration of ``doc``."""
    level = doc.level
    return (
        {s.id for s in level.shapes}
        | {e.id for e in level.entities}
        | {d.id for d in level.decorations}
    )


class EditorSession(DocumentSession[LevelDocument]):
    """The level being edited, with undo/redo, the file it came from, and the selection (the
    history, status line, undo, redo and save are :class:`DocumentSession`'s)."""

    grid: float = 8.0
    noun = "level"

    def __init__(self, doc: Document, path: Path | None = None) -> None:
        super().__init__(_level(doc, str(path or "")), path)
        self.selection: frozenset[int] = frozenset()
        self.grid = EditorSession.grid
        self._problems: tuple[LevelDocument, list[Problem]] | None = None
        self.clipboard: Clipboard | None = None
        self._pastes = 0  # pastes of the clipboard so far: each lands one offset further

    @classmethod
    def new_level(cls, path: Path | None = None) -> EditorSession:
        """A fresh starter level (ground, spawn, goal), not yet saved."""
        return cls(new_level(), path)

    @classmethod
    def open(cls, path: Path) -> EditorSession:
        """The level in ``path`` (a ``CocreateError`` when it cannot be read or is no level).

        A Tiled or LDtk map (see :mod:`engine.importers`) is imported as a new, unsaved level
        (saving asks where, proposing the map's name beside it); the status bar says how many
        notes the import made, and the first; ``notes`` keeps them all."""
        from engine.importers import SUFFIXES

        if path.suffix.lower() in SUFFIXES:
            from engine.importers import import_map

            imported = import_map(path)
            session = cls(imported.document, None)
            session.history.mark_unsaved()
            session.suggested = path.with_suffix(".cocreate")
            notes = session.notes = list(imported.notes)
            session.status = f"Imported {path.name} (not saved yet)" + (
                f"; {len(notes)} note{'s' if len(notes) > 1 else ''}: {notes[0]}" if notes else ""
            )
            return session
        session = cls(_level(fileio.load(path), str(path)), path)
        session.status = opened(path, session.doc)
        return session

    def describe(self, command: Command[Any]) -> str:
        """The command's label with each entity named by its kind, as the inspector and the
        canvas name it ("Move spawn 2" rather than "Move entity 2")."""
        label = command.label
        named = {int(m[1]) for m in _ENTITY.finditer(label)}
        if not named:  # most edits (a shape's drag, a material) name no entity: no lookup
            return label
        kinds = {
            e.id: type(e).__struct_config__.tag for e in self.doc.level.entities if e.id in named
        }

        def kind(match: re.Match[str]) -> str:
            tag = kinds.get(int(match[1]))
            return f"{str(tag).replace('_', ' ')} {match[1]}" if tag else match[0]

        return _ENTITY.sub(kind, label)

    def _keep_existing(self) -> None:
        if self.selection:
            self.selection = self.selection & ids_of(self.doc)

    def select(self, ids: Iterable[int], *, add: bool = False) -> None:
        """Select ``ids`` (those that exist), or add them to the selection with ``add``."""
        chosen = frozenset(ids) & ids_of(self.doc)
        self.selection = self.selection | chosen if add else chosen

    def select_all(self) -> None:
        """Select every shape, entity and decoration."""
        self.selection = frozenset(ids_of(self.doc))
        self.status = f"Selected {_things(len(self.selection))}"

    def _selected(self) -> tuple[int, ...]:
        """The selected ids, shapes then entities then decorations, each in document order."""
        shapes, entities = split_ids(self.doc, self.selection)
        return (*shapes, *entities, *decoration_ids(self.doc, self.selection))

    def _offset(self) -> float:
        return self.grid if self.grid > 0 else COPY_OFFSET

    def _added(self, command: Command[Any], verb: str) -> bool:
        """Apply ``command`` (one that adds things from ``next_id`` on) as an undo step of its
        own and select what it added."""
        first = self.doc.level.next_id
        if not self.apply(command, merge=False):
            return False
        added = range(first, self.doc.level.next_id)
        self.select(added)
        self.status = f"{verb} {_things(len(added))}"
        return True

    def duplicate(self) -> bool:
        """Copy the selection in place, one grid step (``COPY_OFFSET`` without a grid) right
        and down, and select the copies; False (status says why) when nothing was added."""
        ids = self._selected()
        if not ids:
            self.status = "Nothing selected to duplicate"
            return False
        step = self._offset()
        return self._added(DuplicateSelection(ids, step, step), "Duplicated")

    def copy(self) -> bool:
        """Put the selection's values (and the links between them, and the images its
        decorations show) on the clipboard."""
        ids = self._selected()
        if not ids:
            self.status = "Nothing selected to copy"
            return False
        doc = self.doc
        level = doc.level
        chosen = set(ids)
        items: list[Item] = [s for s in level.shapes if s.id in chosen]
        items += [e for e in level.entities if e.id in chosen]
        decorations = [d for d in level.decorations if d.id in chosen]
        items += decorations
        links = tuple(k for k in level.links if k.source in chosen and k.target in chosen)
        keys = dict.fromkeys(d.image for d in decorations)
        images = tuple((key, doc.assets[key]) for key in keys if key in doc.assets)
        self.clipboard = Clipboard(tuple(items), links, images)
        self._pastes = 0
        self.status = f"Copied {_things(len(items))}"
        return True

    def paste(self) -> bool:
        """Add the clipboard's things, each paste one offset further from the originals (so
        repeated pastes cascade), and select them; images the level lacks come along."""
        board = self.clipboard
        if board is None:
            self.status = "Nothing to paste: copy something first (Ctrl+C)"
            return False
        offset = self._offset() * (self._pastes + 1)
        paste = PasteItems(board.items, offset, offset, board.links)
        command: Command[Any] = paste
        if any(key not in self.doc.assets for key, _ in board.images):
            command = PasteWithImages(paste, board.images)
        if not self._added(command, "Pasted"):
            return False
        self._pastes += 1
        return True

    def nudge(self, dx: int, dy: int, *, big: bool = False) -> bool:
        """Move the selection ``dx, dy`` grid steps (1 px without a grid; ``NUDGE_BIG`` times
        that with ``big``). Nudges in a row merge into one undo step, as a drag's moves do."""
        shapes, entities = split_ids(self.doc, self.selection)
        decos = decoration_ids(self.doc, self.selection)
        if not shapes and not entities and not decos:
            return False
        step = (self.grid if self.grid > 0 else 1.0) * (NUDGE_BIG if big else 1)
        move = MoveSelection(shapes, entities, dx * step, dy * step, decos)
        return self.apply(move, merge=True)

    def problems(self) -> list[Problem]:
        """What ``engine.validation`` finds wrong with the level (computed once per document)."""
        doc = self.doc
        if self._problems is None or self._problems[0] is not doc:
            self._problems = (doc, validate(doc))
        return list(self._problems[1])
