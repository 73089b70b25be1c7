"""The command base: a frozen value that turns one document into the next."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import msgspec

from engine.document import DesignDocument, LevelDocument
from engine.errors import EditError

Doc = TypeVar("Doc", LevelDocument, DesignDocument)
T = TypeVar("T")


@dataclass(frozen=True)
class Command(Generic[Doc]):
    """One edit. Subclasses are frozen dataclasses holding what the edit needs (indices, ids,
    new values) and implement ``apply``; they never mutate the document they are given."""

    @property
    def label(self) -> str:
        """What the edit does, for the Undo/Redo menu ("Move shape 3")."""
        return type(self).__name__

    def apply(self, doc: Doc) -> Doc:
        """The document after this edit; raise ``EditError`` (doc unchanged) if it cannot."""
        raise NotImplementedError

    def merge(self, later: Command[Any]) -> Command[Any] | None:
        """One command that does this and then ``later`` (a drag's many moves become one undo
        step), or None when they do not merge. Only called for commands applied back to back."""
        return None


@dataclass(frozen=True)
class Together(Command[Doc]):
    """Several commands as one edit, one undo step (a shape and the material it needs)."""

    commands: tuple[Command[Doc], ...]
    text: str
    """The label: what the edit does as a whole."""

    @property
    def label(self) -> str:
        return self.text

    def apply(self, doc: Doc) -> Doc:
        for command in self.commands:
            doc = command.apply(doc)
        return doc


def replace(struct: T, **changes: Any) -> T:
    """``struct`` with ``changes`` (a new Struct; the old one is untouched)."""
    return msgspec.structs.replace(struct, **changes)  # type: ignore[type-var]


def item(items: Sequence[T], index: int, path: str, what: str) -> T:
    """``items[index]``, or an ``EditError`` naming ``path[index]`` when there is none."""
    if not 0 <= index < len(items):
        raise EditError(f"{path}[{index}]: no such {what} (there are {len(items)})")
    return items[index]


def with_item(items: Sequence[T], index: int, new: T) -> list[T]:
    """A copy of ``items`` with ``items[index]`` replaced by ``new``."""
    out = list(items)
    out[index] = new
    return out


def update_item(
    items: Sequence[T], index: int, path: str, what: str, change: Callable[[T], T]
) -> list[T]:
    """A copy of ``items`` with ``change`` applied to ``items[index]`` (checked)."""
    return with_item(items, index, change(item(items, index, path, what)))


def insert_at(items: Sequence[T], index: int | None, new: T, path: str) -> list[T]:
    """A copy of ``items`` with ``new`` inserted at ``index`` (None: at the end)."""
    out = list(items)
    if index is None:
        out.append(new)
    elif 0 <= index <= len(out):
        out.insert(index, new)
    else:
        raise EditError(f"{path}[{index}]: cannot insert there (there are {len(out)})")
    return out


def remove_at(items: Sequence[T], index: int, path: str, what: str) -> list[T]:
    item(items, index, path, what)
    return [x for i, x in enumerate(items) if i != index]
