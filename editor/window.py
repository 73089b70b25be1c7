"""What both editor windows share: the modal file and unsaved-changes dialogs, closing, the
60 fps loop, screenshots and the background upload of Publish (:mod:`editor.publishing`).

A window keeps ``session`` (with ``dirty``), ``surface``, ``manager`` (pygame_gui), ``running``
and says in :attr:`DIALOG_SUFFIXES` which files each file-dialog mode lists; it implements
``step``, ``draw``, ``open``, :meth:`_start_new`, :meth:`_picked` and :meth:`_upload` (what
:meth:`publish` sends); its ``step`` calls ``publisher.poll(session)`` once per frame.

Save, Save As and saving to a path are the window's too; Save As onto another file that exists
asks first whether to replace it. Before closing, New or Open loses unsaved changes, a dialog
asks: Save (then go on; an untitled document asks where first), Discard or Cancel.

Closing while an upload runs waits for it (at most :data:`FINISH_SECONDS`, drawing "Finishing
the upload…"; closing again stops waiting): see :meth:`DocumentWindow.finish_publish`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar, Generic, Protocol, TypeVar

import pygame
from pygame_gui.elements import UIButton
from pygame_gui.windows import UIConfirmationDialog, UIFileDialog

from editor.publishing import FINISHING, Publisher
from engine.errors import CocreateError, one_line

FINISH_SECONDS = 5.0
"""How long closing waits for an upload that still runs."""
FINISH_FRAME = 1 / 30
"""Seconds between the frames drawn meanwhile."""
STATUS_SECONDS = 8.0
"""How long a message stays in the status bar before it goes back to the document's summary."""
SUFFIX = ".cocreate"


def with_suffix(path: Path) -> Path:
    """``path`` with ``.cocreate`` added when it has not got it."""
    return path if path.suffix == SUFFIX else path.with_name(path.name + SUFFIX)


class UnsavedDialog(UIConfirmationDialog):
    """The unsaved-changes question: Save, Discard (``confirm_button``) or Cancel."""

    def __init__(self, rect: pygame.Rect, question: str, manager: Any) -> None:
        super().__init__(
            rect, question, manager, window_title="Unsaved changes", action_short_name="Discard"
        )
        self.save_button = UIButton(
            relative_rect=pygame.Rect(-10, -40, -1, 30),
            text="Save",
            manager=self.ui_manager,
            container=self,
            object_id="#save_button",
            anchors={
                "left": "right",
                "right": "right",
                "top": "bottom",
                "bottom": "bottom",
                "left_target": self.confirm_button,
                "right_target": self.confirm_button,
            },
        )

    def process_event(self, event: pygame.event.Event) -> bool:
        import pygame_gui

        consumed = bool(super().process_event(event))
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.save_button:
            self.kill()  # type: ignore[no-untyped-call]
        return consumed


class _Session(Protocol):
    status: str
    noun: ClassVar[str]
    path: Path | None
    suggested: Path | None
    notes: list[str]

    def save(self, path: Path | None = None) -> Path: ...

    @property
    def dirty(self) -> bool: ...

    @property
    def doc(self) -> Any: ...

    def adopt_identity(self, doc: Any) -> bool: ...


S = TypeVar("S", bound=_Session)


class DocumentWindow(Generic[S]):
    DIALOG_SUFFIXES: ClassVar[dict[str, set[str]]] = {}
    """The file suffixes each file-dialog mode lists (a mode not here lists every file)."""

    session: S
    surface: pygame.Surface
    size: tuple[int, int]
    manager: Any
    canvas_rect: pygame.Rect
    side_rect: pygame.Rect
    running: bool
    confirm: UIConfirmationDialog | None
    confirming: str
    """What a confirmed dialog goes on with: "close", "new" or "open" (the unsaved-changes
    dialog), or "replace" (Save As onto a file that exists: :attr:`replacing`)."""
    replacing: Path | None
    file_dialog: UIFileDialog | None
    file_mode: str
    """What a path picked in ``file_dialog`` is for ("save_as" and "open"; others per window)."""
    publisher: Publisher[Any]
    """Publish's upload, on a thread of its own while the window goes on."""

    def _open(
        self,
        session: S,
        size: tuple[int, int],
        surface: pygame.Surface | None,
        *,
        side_width: int,
    ) -> None:
        """Show the window (or draw on ``surface``, for tests) and lay it out: a toolbar on
        top, a status bar at the bottom, the canvas and, on its right, a side column
        ``side_width`` px wide."""
        import pygame_gui

        from editor.panels import STATUS_HEIGHT, THEME, TOOLBAR_HEIGHT

        pygame.display.init()
        pygame.font.init()
        self.session = session
        self.surface = surface if surface is not None else pygame.display.set_mode(size)
        self.size = self.surface.get_size()
        width, height = self.size
        self.manager = pygame_gui.UIManager(self.size, THEME)
        middle = height - TOOLBAR_HEIGHT - STATUS_HEIGHT
        self.canvas_rect = pygame.Rect(0, TOOLBAR_HEIGHT, width - side_width, middle)
        self.side_rect = pygame.Rect(width - side_width, TOOLBAR_HEIGHT, side_width, middle)
        self.publisher = Publisher()
        self._init_dialogs()

    def _init_dialogs(self) -> None:
        self.confirm = None
        self.confirming = "close"
        self.replacing = None
        self._status_seen = ""
        self._status_since = 0.0
        self.after_save: str | None = None
        """What to go on with once Save As has saved (the unsaved-changes dialog's "Save")."""
        self.notes_window: Any = None
        self.file_dialog = None
        self.file_mode = "save_as"

    # -- what each window does -------------------------------------------------------------------

    def step(self, events: list[pygame.event.Event], dt: float) -> None:
        raise NotImplementedError

    def draw(self) -> None:
        raise NotImplementedError

    def open(self, *, asked: bool = False) -> None:
        raise NotImplementedError

    def _start_new(self) -> None:
        """Start a new document (the unsaved changes, if any, are to be dropped)."""
        raise NotImplementedError

    def _picked(self, path: Path) -> None:
        """A file dialog in ``file_mode`` picked ``path``."""
        raise NotImplementedError

    def fade_status(self, now: float | None = None) -> None:
        """Clear a message that has stood :data:`STATUS_SECONDS` unchanged, so the status bar
        goes back to the document's summary ("valid", its problems) instead of a stale "Nothing
        to redo". Called once per frame."""
        now = time.monotonic() if now is None else now
        status = self.session.status
        if status != self._status_seen:
            self._status_seen, self._status_since = status, now
        elif status and now - self._status_since >= STATUS_SECONDS:
            self.session.status = self._status_seen = ""

    # -- dialogs ---------------------------------------------------------------------------------

    def _file_dialog(self, mode: str, title: str, start: Path) -> None:
        """Show a file dialog for ``mode`` (only one modal dialog at a time)."""
        if self.dialog_open:
            return
        self.after_save = None
        rect = pygame.Rect(0, 0, 520, 420)
        rect.center = self.surface.get_rect().center
        self.file_mode = mode
        self.file_dialog = UIFileDialog(
            rect,
            self.manager,
            window_title=title,
            allowed_suffixes=self.DIALOG_SUFFIXES.get(mode),
            initial_file_path=str(start),
            allow_existing_files_only=mode != "save_as",
        )

    def _dialog_event(self, event: pygame.event.Event) -> bool:
        """Handle the window closing and the modal dialogs' answers; whether ``event`` was
        one of those."""
        import pygame_gui

        if event.type == pygame.QUIT:
            self.request_close()
            return True
        if event.type == pygame_gui.UI_CONFIRMATION_DIALOG_CONFIRMED:
            if event.ui_element is self.confirm:
                self._confirmed()
            return True
        if (
            event.type == pygame_gui.UI_BUTTON_PRESSED
            and isinstance(self.confirm, UnsavedDialog)
            and event.ui_element is self.confirm.save_button
        ):
            self._save_then(self.confirming)
            return True
        if event.type == pygame_gui.UI_FILE_DIALOG_PATH_PICKED:
            if event.ui_element is self.file_dialog:
                self.file_dialog = None
                self._picked(Path(event.text))
            return True
        return False

    @property
    def dialog_open(self) -> bool:
        """Whether the unsaved-changes dialog or a file dialog is showing (they are modal)."""
        for dialog in (self.confirm, self.file_dialog):
            if dialog is not None and dialog.alive():  # type: ignore[no-untyped-call]
                return True
        return False

    def request_close(self) -> None:
        """Close, asking first when there are unsaved changes."""
        if not self._ask("close"):
            self.running = False

    def _ask(self, action: str) -> bool:
        """With unsaved changes, show the dialog asking whether to go on with ``action`` (see
        :meth:`question`) and return True: the action waits for the answer. Else False: go
        on."""
        if not self.session.dirty:
            return False
        if self.dialog_open:
            return True
        rect = pygame.Rect(0, 0, 420, 200)
        rect.center = self.surface.get_rect().center
        self.confirming = action
        self.confirm = UnsavedDialog(rect, self.question(action), self.manager)
        return True

    def _confirmed(self) -> None:
        """A dialog was answered "Discard" or "Replace": go on with what it asked about."""
        self.confirm = None
        if self.confirming == "replace" and self.replacing is not None:
            self.save_path(self.replacing, replace=True)
        else:
            self._go_on(self.confirming)

    def question(self, action: str) -> str:
        """What the unsaved-changes dialog asks before ``action`` ("close", "new", "open")."""
        noun = self.session.noun
        doing = {"close": "closing", "new": f"starting a new {noun}"}.get(
            action, f"opening another {noun}"
        )
        return f"The {noun} has unsaved changes. Save them before {doing}?"

    def _save_then(self, action: str) -> None:
        """The unsaved-changes dialog was answered "Save": save (an untitled document: where
        Save As is told), then go on with ``action`` once it is saved."""
        self.confirm = None
        self.save()
        if self.file_dialog is not None:
            self.after_save = action  # Save As is open: go on when it has saved
        elif not self.session.dirty:
            self._go_on(action)

    def _go_on(self, action: str) -> None:
        """Close, start a new document or choose one to open, as ``action`` says."""
        if action == "close":
            self.running = False
        elif action == "new":
            self._start_new()
        elif action == "open":
            self.open(asked=True)

    def _confirm(self, action: str, title: str, question: str, answer: str) -> None:
        rect = pygame.Rect(0, 0, 380, 200)
        rect.center = self.surface.get_rect().center
        self.confirming = action
        self.confirm = UIConfirmationDialog(
            rect, question, self.manager, window_title=title, action_short_name=answer
        )

    def show_notes(self) -> None:
        """Show what opening the document had to say at length (an import's notes), once."""
        from html import escape

        from pygame_gui.windows import UIMessageWindow

        notes, self.session.notes = self.session.notes, []
        if not notes:
            return
        rect = pygame.Rect(0, 0, 560, min(120 + 44 * len(notes), 460))
        rect.center = self.surface.get_rect().center
        name = self.session.suggested.stem if self.session.suggested else self.session.noun
        self.notes_window = UIMessageWindow(
            rect,
            "<br><br>".join(f"• {escape(note)}" for note in notes),
            self.manager,
            window_title=f"{len(notes)} note{'s' if len(notes) > 1 else ''} on importing {name}",
        )

    # -- saving ----------------------------------------------------------------------------------

    def save(self) -> None:
        """Save where the document came from (an untitled one: choose where, as Save As)."""
        if self.session.path is None:
            self.save_as()
            return
        try:
            self.session.save()
        except (CocreateError, OSError) as exc:
            self.session.status = one_line(f"Not saved: {exc}")

    def save_as(self) -> None:
        """Choose a file name to save under (``.cocreate`` is added when missing)."""
        path = self.session.path or self.session.suggested
        if path is None or not path.parent.is_dir():
            path = Path.cwd() / f"untitled{SUFFIX}"
        self._file_dialog("save_as", f"Save {self.session.noun} as", path)

    def save_path(self, path: Path, *, replace: bool = False) -> bool:
        """Save to ``path`` (``.cocreate`` added when missing) and keep editing it there;
        whether it was saved. Another file already there is replaced only with ``replace``:
        else a dialog asks first (and saves when answered "Replace")."""
        path = with_suffix(path)
        mine = self.session.path is not None and path.resolve() == self.session.path.resolve()
        if not (replace or mine) and path.exists():
            self.replacing = path
            self._confirm(
                "replace",
                "Replace file?",
                f"{path.name} already exists in {path.parent}. Replace it with this "
                f"{self.session.noun}? What it holds now is lost.",
                "Replace",
            )
            return False
        after, self.after_save = self.after_save, None
        try:
            self.session.save(path)
        except (CocreateError, OSError) as exc:
            self.session.status = one_line(f"Not saved: {exc}")
            return False
        if after is not None:
            self._go_on(after)
        return True

    # -- running ---------------------------------------------------------------------------------

    def run(self) -> None:
        """Run until the window closes (asking first about unsaved changes)."""
        clock = pygame.time.Clock()
        while self.running:
            dt = clock.tick(60) / 1000.0
            self.step(pygame.event.get(), dt)
        self.finish_publish()

    def publish(self) -> None:
        """Publish the document in the background (:mod:`editor.publishing`): the window goes on
        while it uploads, and the status bar says how it went. A second Publish meanwhile only
        says "Already publishing…"; signed out, it says how to sign in; otherwise the window's
        :meth:`_upload` says what is sent (or, when it cannot be, why not)."""
        from editor.publish import publish_target, sign_in_hint

        session = self.session
        if self.publisher.refuse_if_busy(session):
            return
        target = publish_target()
        if target is None:
            session.status = sign_in_hint()
            return
        doc = session.doc  # the snapshot uploaded: edits meanwhile replace session.doc
        upload = self._upload(doc, *target)
        if upload is not None:
            self.publisher.start(session, doc.meta.title or f"the {session.noun}", upload)

    def _upload(self, doc: Any, server: str, token: str) -> Callable[[], Any] | None:
        """The upload of ``doc`` to ``server`` as the holder of ``token``, to run on the
        publishing thread; None (the status line saying why) when ``doc`` cannot be published."""
        raise NotImplementedError

    def wait_publish(self, timeout: float = 30.0) -> bool:
        """Wait up to ``timeout`` s for Publish's upload and take its result as the next frame
        would (status, identity); whether none runs now. For tests and scripts: the window
        itself never waits (it polls once per frame)."""
        done = self.publisher.wait(timeout)
        self.publisher.poll(self.session)
        return done

    def finish_publish(self, limit: float = FINISH_SECONDS) -> bool:
        """The window closes: wait up to ``limit`` s for an upload that still runs, drawing
        "Finishing the upload…" (closing again stops waiting); whether it ended. One that did not
        end is cut off with the process (a daemon thread). The upload reads a snapshot and
        writes only to the gallery and a temporary folder: the local file stays as saved."""
        if not self.publisher.busy:
            return True
        self.session.status = FINISHING
        end = time.monotonic() + limit
        while not self.publisher.wait(FINISH_FRAME):
            quit_again = any(event.type == pygame.QUIT for event in pygame.event.get())
            if quit_again or time.monotonic() >= end:
                return False
            self.step([], FINISH_FRAME)
        self.step([], FINISH_FRAME)  # takes the result: the status says how it went
        return True

    def save_screenshot(self, path: str | os.PathLike[str]) -> Path:
        self.draw()
        pygame.image.save(self.surface, os.fspath(path))
        return Path(path)
