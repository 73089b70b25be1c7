"""The ``cocreate`` dispatcher.

Each subcommand lives in its own module with ``add_arguments(parser)`` and ``run(args) -> int``.
Only the module of the subcommand that runs is imported, and those modules import the engine
inside ``run``, so ``cocreate validate`` loads the decoder and shapely and nothing else.

Exit codes: 0 ok; 1 invalid input or a failed operation; 2 a usage error or a path that is not a
readable file. Errors are one line each; an unexpected exception prints one line and exits 1
(``--debug`` shows the traceback).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Sequence
from typing import Protocol

from engine import __version__

COMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("cocreate.validate", "check creation files; one line per problem"),
    "info": ("cocreate.info", "what a creation file holds"),
    "dump": ("cocreate.dump", "a readable JSON view of a creation file"),
    "new": ("cocreate.new", "write a new level or design"),
    "import": ("cocreate.import_map", "make a level from a Tiled (.tmx/.tmj) or LDtk (.ldtk) map"),
    "edit": ("cocreate.edit", "edit a level in a window (a new one when FILE does not exist)"),
    "play": ("cocreate.play", "play a level; --headless --replay R verifies a replay"),
    "preview": ("cocreate.preview", "design mockup, print file, thumbnail; --check: preflight"),
    "gallery": ("cocreate.gallery", "run or administer the community gallery"),
    "login": ("cocreate.share", "sign in to a gallery (--register: make an account first)"),
    "logout": ("cocreate.share", "sign out of a gallery (the token is revoked)"),
    "whoami": ("cocreate.share", "who you are signed in as"),
    "push": ("cocreate.share", "upload creations (a level with its replay); prints their pages"),
    "pull": ("cocreate.share", "download a creation by its id or its page's URL"),
    "remix": ("cocreate.share", "make a new creation of yours from one in the gallery"),
    "sync": ("cocreate.share", "push local changes and pull newer revisions of a folder"),
}


class Command(Protocol):
    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...
    def run(self, args: argparse.Namespace) -> int: ...


def _parser(chosen: str | None) -> tuple[argparse.ArgumentParser, Command | None]:
    parser = argparse.ArgumentParser(
        prog="cocreate",
        description="cocreate: make, share and remix 2D physics levels and t-shirt designs.",
    )
    parser.add_argument("--version", action="version", version=f"cocreate {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    subs = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    command: Command | None = None
    for name, (module, summary) in COMMANDS.items():
        sub = subs.add_parser(name, help=summary, description=summary)
        sub.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
        if name == chosen:
            command = importlib.import_module(module)  # type: ignore[assignment,unused-ignore]
            assert command is not None
            command.add_arguments(sub)
    return parser, command


def _chosen(argv: Sequence[str]) -> str | None:
    for arg in argv:
        if not arg.startswith("-"):
            return arg if arg in COMMANDS else None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args_list
    try:
        parser, command = _parser(_chosen(args_list))
        args = parser.parse_args(args_list)
        assert command is not None
        code = command.run(args)
        sys.stdout.flush()  # here, so that a closed pipe is caught below and not at exit
        return code
    except SystemExit as exc:  # argparse: 0 for --help/--version, 2 for usage errors
        return exc.code if isinstance(exc.code, int) else 2
    except KeyboardInterrupt:
        print("cocreate: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (`cocreate dump F | head`): stop quietly
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as exc:
        from engine.errors import CocreateError

        if debug:
            raise
        if isinstance(exc, CocreateError):
            for line in exc.lines():
                print(line, file=sys.stderr)
            return 1
        what = " ".join(str(exc).split("\n")) or "(no message)"
        print(
            f"cocreate: internal error: {type(exc).__name__}: {what} (run with --debug for the "
            "traceback)",
            file=sys.stderr,
        )
        return 1
