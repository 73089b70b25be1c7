"""The ``cocreate`` dispatcher.

Each subcommand lives in its own module with ``add_arguments(parser)`` and ``run(args) -> int``.
Only the module of the subcommand that runs is imported, and those modules import the engine
inside ``run``, so ``cocreate validate`` loads the decoder and shapely and nothing else.

Exit codes: 0 ok; 1 invalid input or a failed operation; 2 a usage error or a path that is not a
readable file. Errors are one line each; an unexpected exception prints one line and exits 1
(``--debug`` shows the traceback). Commands that write images check their output paths with
:func:`image_output_error` first, so that a slip of the shell never turns a creation into a PNG.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import importlib
import os
import sys
from collections.abc import Iterable, Sequence
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
    # not required=True: argparse would then report a missing COMMAND before an unknown option
    subs = parser.add_subparsers(dest="command", metavar="COMMAND")
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


IMAGE_SUFFIXES = {"PNG": ".png", "WebP": ".webp"}
"""The file name ending each image format written must have."""


def image_output_error(
    option: str, out: str, image: str, inputs: Iterable[tuple[str, str | None]]
) -> str | None:
    """Why ``out`` may not receive the ``image`` (a key of :data:`IMAGE_SUFFIXES`) that
    ``option`` writes, as one line, or None when it may.

    Refused: a name (or the file a symlink names) not ending in the format's suffix, and the
    file of any of ``inputs`` (``(what, path)`` pairs, e.g. ``("the level", "l.cocreate")``).
    An existing image with the right suffix may be replaced: that is how a render is redone.
    """
    suffix = IMAGE_SUFFIXES[image]
    if not out.lower().endswith(suffix):
        return f"{option} {out}: writes a {image}, so the name must end in {suffix}"
    real = os.path.realpath(out)
    if not real.lower().endswith(suffix):
        return f"{option} {out}: is a link to {real}, which is not a {suffix} file"
    return input_clash(option, out, inputs)


def input_clash(option: str, out: str, inputs: Iterable[tuple[str, str | None]]) -> str | None:
    """Why ``option`` may not write ``out``, one of the ``inputs`` being read, or None."""
    for what, path in inputs:
        if path is not None and same_file(out, path):
            return f"{option} {out}: is {what} being read ({path}); writing would replace it"
    return None


def same_file(a: str, b: str) -> bool:
    """Whether paths ``a`` and ``b`` name one existing file (links and letter case resolved)."""
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (or cannot be looked at): not the same file
        return False


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args_list
    try:
        parser, command = _parser(_chosen(args_list))
        args, unknown = parser.parse_known_args(args_list)
        if unknown:  # `cocreate --bogus`: name the option, not the missing COMMAND
            parser.error(f"unrecognized arguments: {' '.join(unknown)}")
        if command is None:
            parser.error("the following arguments are required: COMMAND")
        code = command.run(args)
        sys.stdout.flush()  # here, so that a closed pipe is caught below and not at exit
        return code
    except SystemExit as exc:  # argparse: 0 for --help/--version, 2 for usage errors
        return exc.code if isinstance(exc.code, int) else 2
    except KeyboardInterrupt:
        print("cocreate: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (`cocreate dump F | head`): stop quietly
        _drop_stdout()
        return 1
    except OSError as exc:  # the commands turn their own files' errors into CocreateErrors
        if debug or exc.errno not in (errno.ENOSPC, errno.EIO, errno.EDQUOT, errno.EFBIG):
            raise
        _drop_stdout()  # what is still buffered cannot be written either
        print(f"cocreate: cannot write the output: {exc.strerror}", file=sys.stderr)
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


def _drop_stdout() -> None:
    """Point stdout at the null device, so that exiting does not fail to flush it again."""
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
