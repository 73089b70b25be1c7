"""``cocreate import MAP [-o OUT]``: a Tiled or LDtk map as a cocreate level; ``--all``: every
level of an LDtk project, each to its own file (in the folder OUT when given)."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "map", metavar="MAP", help="a Tiled map (.tmx, .tmj, .json) or LDtk project (.ldtk)"
    )
    parser.add_argument(
        "-o",
        "--out",
        metavar="OUT",
        help="file to write (default: the map's name, or the LDtk level's, as .cocreate here)",
    )
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--level", metavar="NAME", help="which level of an LDtk project (default: the first)"
    )
    which.add_argument(
        "--all",
        action="store_true",
        help="every level of an LDtk project, each named after its level (OUT: a folder)",
    )
    parser.add_argument(
        "--scale",
        metavar="N",
        type=_scale,
        help="enlarge the map N times, 1 to 8 (default: a map drawn on tiles under 32 px is "
        "enlarged to fit cocreate's player, 28 × 44 px: 16 px tiles 2 times)",
    )
    parser.add_argument("--title", help="title (default: the map's)")
    parser.add_argument("--author", default="", help="author name")
    parser.add_argument("--force", action="store_true", help="overwrite OUT if it exists")


def run(args: argparse.Namespace) -> int:
    from cocreate.reading import report
    from engine.errors import FileAccessError, FormatError
    from engine.importers import SUFFIXES, level_names

    option = "--all" if args.all else "--level" if args.level is not None else None
    if option and SUFFIXES.get(Path(args.map).suffix.lower()) == "tiled":
        print(
            f"cocreate import: error: {option} is for LDtk projects; a Tiled map is one level",
            file=sys.stderr,
        )
        return 2
    if not args.all:
        out = Path(args.out) if args.out else Path(_file_name(args.map, args.level))
        return _import_one(args, args.level, out, others_note=True)
    try:
        names = level_names(args.map)
    except (FileAccessError, FormatError) as exc:
        return report(exc)
    if not names:
        print(f"{args.map}: --all is for LDtk projects; a Tiled map is one level", file=sys.stderr)
        return 1
    folder = Path(args.out) if args.out else Path()
    if args.out and not folder.is_dir():
        try:
            folder.mkdir()
        except OSError as exc:
            print(f"{folder}: cannot make the folder: {exc.strerror or exc}", file=sys.stderr)
            return 1
    codes = [
        _import_one(args, name, folder / _file_name(args.map, name), others_note=False)
        for name in names
    ]
    return max(codes)


def _import_one(
    args: argparse.Namespace, level: str | None, out: Path, *, others_note: bool
) -> int:
    """Import one level of ``args.map`` to ``out`` and say so (or why not); the exit code."""
    from cocreate.new import refuse_out
    from cocreate.reading import report
    from engine import codec
    from engine.errors import FileAccessError, FormatError
    from engine.fileio import write_atomic
    from engine.importers import import_map

    try:
        imported = import_map(args.map, level=level, others_note=others_note, scale=args.scale)
    except (FileAccessError, FormatError) as exc:
        return report(exc)
    doc = imported.document
    if args.title is not None:
        doc.meta.title = args.title
    doc.meta.author = args.author
    refused = refuse_out(out, force=args.force)
    if refused is not None:
        return refused
    try:
        data = codec.encode(doc)
    except FormatError as exc:  # over a limit: --title, --author, or the map (100k objects)
        return report(exc if exc.source else exc.with_source(str(args.map)))
    from engine.validation import check_bytes

    checked = check_bytes(data)
    if not checked.ok:  # only a bad --title or --author can get here: the import was checked
        lines = checked.error.lines() if checked.error else [str(p) for p in checked.problems]
        for line in lines:
            print(f"cocreate import: error: {line}", file=sys.stderr)
        return 2
    write_atomic(out, data)
    made = doc.level
    print(
        f"{out}: imported {doc.meta.title!r} from {args.map}: "
        f"{_count(len(made.tile_layers), 'tile layer')}, {_count(len(made.shapes), 'shape')}, "
        f"{_count(len(made.entities), 'entity', 'entities')}, "
        f"{_count(len(doc.assets), 'image')}"
    )
    for note in imported.notes:
        print(f"  note: {note}")
    return 0


def _scale(text: str) -> int:
    """``--scale``'s value: a whole number 1 to 8 (a usage error otherwise)."""
    from engine.importers.build import MAX_SCALE

    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_SCALE:
        raise argparse.ArgumentTypeError(f"must be a whole number 1 to {MAX_SCALE}, not {text!r}")
    return value


def _count(n: int, one: str, many: str = "") -> str:
    return f"{n:,} {one if n == 1 else many or one + 's'}"


def _file_name(map_path: str, level: str | None) -> str:
    """``maps/Desert map.tmx`` → ``desert-map.cocreate``; with an LDtk level, its name."""
    stem = level if level else Path(map_path).stem
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "imported"
    return f"{slug}.cocreate"
