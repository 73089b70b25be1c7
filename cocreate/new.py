"""``cocreate new level|design OUT``: write a new creation."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", choices=["level", "design"])
    parser.add_argument("out", metavar="OUT", help="file to write (…/name.cocreate)")
    parser.add_argument("--title", help="title (default: from the file name)")
    parser.add_argument("--author", default="", help="author name")
    parser.add_argument("--force", action="store_true", help="overwrite OUT if it exists")


def run(args: argparse.Namespace) -> int:
    from engine import codec
    from engine.errors import FormatError
    from engine.fileio import write_atomic
    from engine.starter import new_design, new_level
    from engine.validation import check_bytes

    out = Path(args.out)
    refused = refuse_out(out, force=args.force)
    if refused is not None:
        return refused
    title = args.title if args.title is not None else _title_from(out.name, args.kind)
    make = new_level if args.kind == "level" else new_design
    try:
        data = codec.encode(make(title, author=args.author))
    except FormatError as exc:  # a --title or --author over a length limit
        data, lines = b"", exc.lines()
    else:
        checked = check_bytes(data)  # a bad --title or --author: say so, write nothing
        lines = checked.error.lines() if checked.error else [str(p) for p in checked.problems]
    if lines:
        for line in lines:
            for path, option in _OPTIONS.items():
                line = line.replace(f"{path}: ", f"argument {option}: ", 1)
            print(f"cocreate new: error: {line}", file=sys.stderr)
        return 2
    write_atomic(out, data)
    print(f"{out}: new {args.kind} {title!r}")
    return 0


_OPTIONS = {"$.meta.title": "--title", "$.meta.author": "--author"}


def _title_from(name: str, kind: str) -> str:
    """``my_first-level.cocreate`` → ``my first level``, fit to be a title."""
    from engine.limits import MAX_NAME_CHARS

    stem = name.split(".")[0]
    title = "".join(" " if c in "_-" or ord(c) < 32 or c == "\x7f" else c for c in stem)
    return " ".join(title.split())[:MAX_NAME_CHARS].strip() or f"Untitled {kind}"


def refuse_out(out: Path, *, force: bool) -> int | None:
    """Say why ``out`` cannot be written (one line on stderr) and return the exit code, or
    return None when it can."""
    try:
        refusal = _refusal(out, force=force)
    except OSError as exc:  # a name too long, a folder we may not look into
        print(f"{out}: cannot save: {exc.strerror or exc}", file=sys.stderr)
        return 1
    if refusal is None:
        return None
    message, code = refusal
    print(f"{out}: {message}", file=sys.stderr)
    return code


def _refusal(out: Path, *, force: bool) -> tuple[str, int] | None:
    """Why ``out`` cannot be written, with the exit code, or None."""
    if out.is_dir():
        return "is a directory, not a file", 2
    if not out.parent.is_dir():
        problem = "is not a folder" if out.parent.exists() else "does not exist"
        return f"folder {out.parent} {problem}", 2
    if out.exists() and not force:
        return "already exists (use --force to overwrite)", 1
    return None
