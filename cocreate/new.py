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
    from engine.fileio import save
    from engine.starter import new_design, new_level

    out = Path(args.out)
    if out.is_dir():
        print(f"{out}: is a directory, not a file", file=sys.stderr)
        return 2
    if not out.parent.is_dir():
        print(f"{out}: folder {out.parent} does not exist", file=sys.stderr)
        return 2
    if out.exists() and not args.force:
        print(f"{out}: already exists (use --force to overwrite)", file=sys.stderr)
        return 1
    title = args.title or out.name.split(".")[0].replace("_", " ").replace("-", " ").strip()
    title = title or f"Untitled {args.kind}"
    make = new_level if args.kind == "level" else new_design
    doc = make(title, author=args.author)
    save(doc, out)
    print(f"{out}: new {args.kind} {title!r}")
    return 0
