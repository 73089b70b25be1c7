"""The problems list: everything ``cocreate validate`` finds in the level, in the editor's words.

Validation's problems come first (they block Play and Publish), then, under a line of their own,
what a valid draft still needs before it can be published (``engine.validation.publish``). Each
problem names what it is about as the rest of the editor does ("Shape 5", "Crate 10", "Tile
layer 1 'terrain'", "Level"), not by JSON path, and without the engine's limit names
(:func:`level_words`, :func:`design_words` for the design editor); a long one is wrapped over
several lines of the list. Clicking any of its lines selects what it names (the app then centres
the view on it) and puts the whole problem in the status bar.

The list also keeps the level editor's status line in these words: a refused edit's message
naming a path is reworded, an edit that brings a new problem says so ("Added shape 5: edges
cross at (80, 40)"), and :attr:`ProblemsList.summary` is what the status bar shows when it has
no message. The wording itself is :mod:`editor.problem_words` (pure).
"""

from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.elements import UILabel, UISelectionList

from editor.problem_words import (
    NO_PROBLEMS,
    Listed,
    TextMeasure,
    announced,
    fresh,
    level_problems,
    level_words,
    list_lines,
    reworded,
    summary,
    target_of,
)
from editor.session import EditorSession
from engine.document import LevelDocument


def clicked_line(event: pygame.event.Event, widget: UISelectionList) -> str | None:
    """The text of the line of ``widget`` a click chose (also a click on the line already
    chosen, which pygame_gui reports as dropped), or None."""
    if event.type not in (
        pygame_gui.UI_SELECTION_LIST_NEW_SELECTION,
        pygame_gui.UI_SELECTION_LIST_DROPPED_SELECTION,
    ):
        return None
    if getattr(event, "ui_element", None) is not widget:
        return None
    dropped = event.type == pygame_gui.UI_SELECTION_LIST_DROPPED_SELECTION
    if dropped and any(item["selected"] for item in widget.item_list):
        return None  # dropped because another line was chosen: that one counts
    return str(event.text)


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
        self.listed: list[Listed] = []
        self.owners: dict[str, int] = {}
        """The problem (its index in ``listed``) each line of the list shows part of."""
        self.summary = "valid"
        self._font: TextMeasure = manager.get_theme().get_font(["@selection_list_item"])
        self._room = self.list.rect.width - 34  # less the scroll bar and the padding
        self._session: EditorSession | None = None
        self._doc: LevelDocument | None = None

    @property
    def problems(self) -> list[str]:
        """Each problem listed, whole, in the editor's words."""
        return [str(p) for p in self.listed]

    def sync(self, session: EditorSession) -> None:
        """Show the session's problems (checked once per document) and keep the status line
        in the editor's words (see the module's docstring); called once per frame."""
        if session is not self._session:
            self._session, self._doc = session, None  # another document: nothing is new
        doc = session.doc
        if doc is not self._doc:
            before = self.listed if self._doc is not None else None
            self._doc = doc
            self._show(level_problems(doc, session.problems()))
            if before is not None:
                session.status = announced(session.status, fresh(before, self.listed))
        if "$." in session.status or "(limit " in session.status:
            session.status = reworded(session.status, lambda t: level_words(doc, t))

    def _show(self, listed: list[Listed]) -> None:
        self.listed = listed
        self.summary = summary(listed)
        first_later = next((i for i, p in enumerate(listed) if p.publish_only), None)
        texts = [str(p) for p in listed]
        shown, owners = list_lines(texts, self._font, self._room, note_before=first_later)
        self.owners = {line: i for line, i in zip(shown, owners, strict=True) if i is not None}
        count = len(listed)
        self.heading.set_text(f"Problems ({count})" if count else "Problems")
        lines: list[str | tuple[str, str]] = [*shown] or [NO_PROBLEMS]
        if lines != self.lines:
            self.lines = lines
            self.list.set_item_list(lines)

    def clicked(self, event: pygame.event.Event, session: EditorSession) -> int | None:
        """For a click on a problem's line: select what it names (its id, or None) and put
        the whole problem in the status bar."""
        line = clicked_line(event, self.list)
        if line is None or line not in self.owners:
            return None
        problem = self.listed[self.owners[line]]
        session.status = str(problem)
        ident = target_of(session.doc, problem.path)
        if ident is not None:
            session.select([ident])
        return ident
