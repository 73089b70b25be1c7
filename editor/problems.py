"""The problems list: what ``engine.validation`` finds wrong with the level, one per line.

It sits under the inspector and follows the document (rebuilt only when the problems change).
Clicking a problem whose path names a shape, an entity or a decoration
(``$.level.shapes[3].points``) selects it; the app then centres the view on it.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

import pygame
import pygame_gui
from pygame_gui.elements import UILabel, UISelectionList

from editor.session import EditorSession
from engine.document import LevelDocument

NO_PROBLEMS = "No problems"
_ITEM = re.compile(r"^\$\.level\.(shapes|entities|decorations)\[(\d+)\]")


def target_of(doc: LevelDocument, path: str) -> int | None:
    """The id of the shape, entity or decoration that ``path`` names, or None."""
    match = _ITEM.match(path)
    if match is None:
        return None
    level = doc.level
    items: list[Any] = getattr(level, match.group(1))
    index = int(match.group(2))
    return items[index].id if index < len(items) else None


def line_of(text: str) -> str:
    """A problem as the list shows it: without the ``$.level.`` every path starts with."""
    return text.removeprefix("$.level.")


class _Measure(Protocol):
    def size(self, text: str) -> tuple[int, int]: ...


def fit(text: str, font: _Measure, room: int) -> str:
    """``text``, cut short with "…" so that it is at most ``room`` px wide in ``font``."""
    if font.size(text)[0] <= room:
        return text
    while text and font.size(text + "…")[0] > room:
        text = text[:-1]
    return text.rstrip() + "…"


class ProblemsList:
    """The heading and list of problems inside ``rect`` of the window."""

    def __init__(self, manager: pygame_gui.UIManager, rect: pygame.Rect) -> None:
        self.manager = manager
        self.rect = rect
        self.heading = UILabel(
            pygame.Rect(rect.x + 8, rect.y, rect.width - 16, 24), "", manager, object_id="#heading"
        )
        self.list = UISelectionList(
            pygame.Rect(rect.x + 8, rect.y + 26, rect.width - 16, rect.height - 32),
            [NO_PROBLEMS],
            manager,
        )
        self.lines: list[str | tuple[str, str]] = [NO_PROBLEMS]
        self.problems: list[str] = []
        """The whole text of each problem listed (the list may cut a line short)."""
        self.paths: dict[str, str] = {}
        self.texts: dict[str, str] = {}
        self._font: _Measure = manager.get_theme().get_font(["@selection_list_item"])
        self._room = self.list.rect.width - 34  # less the scroll bar and the padding
        self._doc: LevelDocument | None = None

    def sync(self, session: EditorSession) -> None:
        """Show the session's problems (checked once per document)."""
        doc = session.doc
        if doc is self._doc:
            return
        self._doc = doc
        problems = session.problems()
        shown = [fit(line_of(str(p)), self._font, self._room) for p in problems]
        self.problems = [str(p) for p in problems]
        self.paths, self.texts = {}, {}
        for line, problem in zip(shown, problems, strict=True):
            self.paths.setdefault(line, problem.path)
            self.texts.setdefault(line, str(problem))
        lines: list[str | tuple[str, str]] = [*shown] or [NO_PROBLEMS]
        count = len(problems)
        self.heading.set_text(f"Problems ({count})" if count else "Problems")
        if lines != self.lines:
            self.lines = lines
            self.list.set_item_list(lines)

    def clicked(self, event: pygame.event.Event, session: EditorSession) -> int | None:
        """For a click on a problem: select what it names (its id, or None) and put the
        whole problem in the status bar."""
        if event.type not in (
            pygame_gui.UI_SELECTION_LIST_NEW_SELECTION,
            pygame_gui.UI_SELECTION_LIST_DROPPED_SELECTION,
        ):
            return None
        if getattr(event, "ui_element", None) is not self.list:
            return None
        line = str(event.text)
        if line not in self.paths:
            return None
        session.status = self.texts[line]
        ident = target_of(session.doc, self.paths[line])
        if ident is not None:
            session.select([ident])
        return ident
