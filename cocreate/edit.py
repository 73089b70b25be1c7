"""``cocreate edit [FILE]``: open the level editor, or the design editor, in a window.

FILE is opened when it exists; when it does not, the editor starts a new level that Ctrl+S
saves to FILE; without FILE the level is untitled (Ctrl+S asks where to save it). A design file
opens the design editor (``editor.design``; ``cocreate new design X`` makes one to open). A file
that cannot be read, or is neither a level nor a design, is refused: one line on stderr, exit 1.
Without a display (no ``DISPLAY``/``WAYLAND_DISPLAY`` on Linux and no ``SDL_VIDEODRIVER``) it
says so and exits 1.

``--server URL`` names the gallery that Publish uploads to (default: ``$COCREATE_SERVER``, else
the one last signed in to with ``cocreate login``); it is kept as ``editor.publish.server``. A
URL that is not a gallery's is refused before the window opens (one line, exit 1).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from engine.document import DesignDocument


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        help="a level or design to edit (a new level saved there when it does not exist yet)",
    )
    parser.add_argument(
        "--server",
        metavar="URL",
        help="the gallery Publish uploads to (default: $COCREATE_SERVER, else the last signed in)",
    )


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


def _no_display() -> bool:
    env = os.environ
    if not sys.platform.startswith("linux") or env.get("SDL_VIDEODRIVER"):
        return False
    return not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY")


def choose_server(url: str | None) -> None:
    """Keep ``--server`` (normalized) for Publish; ``UsageError`` when it is not a gallery's URL."""
    from editor import publish

    if url is None:
        publish.server = None
        return
    from share.client.config import normalize

    publish.server = normalize(url)


def run(args: argparse.Namespace) -> int:
    from engine.document import DesignDocument, LevelDocument
    from engine.errors import CocreateError

    try:
        choose_server(getattr(args, "server", None))
    except CocreateError as exc:
        return _fail(f"cocreate edit: {exc}")
    from engine.importers import SUFFIXES

    path = Path(args.file) if args.file else None
    doc: LevelDocument | None = None
    design: DesignDocument | None = None
    imported = None
    if path is not None and path.suffix.lower() in SUFFIXES:  # a Tiled or LDtk map
        from editor.session import EditorSession

        try:
            imported = EditorSession.open(path)
        except CocreateError as exc:
            return _fail(str(exc.with_source(str(path)) if not exc.source else exc))
    elif path is not None and (path.exists() or path.is_symlink()):
        from engine.fileio import load

        try:
            loaded = load(path)
        except CocreateError as exc:
            return _fail(str(exc.with_source(str(path)) if not exc.source else exc))
        if isinstance(loaded, DesignDocument):
            design = loaded
        elif not isinstance(loaded, LevelDocument):
            kind = str(type(loaded).__struct_config__.tag)
            return _fail(f"{path}: is a {kind}, not a level or a design")
        else:
            doc = loaded
    if _no_display():
        return _fail("cocreate edit: no display (set DISPLAY to a running X server)")

    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

    if design is not None:
        from editor.design.app import DesignApp
        from editor.design.session import DesignSession

        design_session = DesignSession(design, path)
        if path is not None:
            design_session.status = f"Opened {path.name}"
        return _window(lambda: DesignApp(design_session))
    from editor.session import EditorSession

    if imported is not None:
        session = imported
    elif doc is not None:
        session = EditorSession(doc, path)
    else:
        session = EditorSession.new_level(path)
    if doc is None and imported is None and path is not None:
        session.status = f"New level: Ctrl+S saves it to {path}"
    from editor.app import EditorApp

    return _window(lambda: EditorApp(session))


def _window(make: Callable[[], Runnable]) -> int:
    """Open the window ``make`` builds and run it until it closes (one line if it cannot)."""
    import pygame

    try:
        try:
            app = make()
        except pygame.error as exc:
            return _fail(f"cocreate edit: cannot open a window: {exc}")
        app.run()
    finally:
        pygame.quit()
    return 0


class Runnable(Protocol):
    def run(self) -> None: ...
