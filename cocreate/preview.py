"""``cocreate preview DESIGN``: a garment mockup, the print file, a thumbnail, or a preflight.

- ``--out OUT.png [--color NAME] [--garment STYLE]``: a mockup (the design's first colour and
  its own garment unless told otherwise);
- ``--print --out OUT.png [--size 4500x5400]``: the print-ready PNG (transparent, dpi set);
- ``--thumbnail --out OUT.png``: a square 400 px mockup for the gallery;
- ``--all --out FOLDER``: a mockup of every colour the design offers, ``FOLDER/<colour>.png``;
- ``--check``: the print preflight, one line per finding; exit 1 when there is an error.

A PNG is written only to a name ending in ``.png`` that is not the design itself (exit 2).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

STYLES = ("tshirt", "longsleeve", "hoodie", "tank")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("design", metavar="DESIGN", help="a design file")
    parser.add_argument("--out", metavar="OUT", help="the PNG to write (a folder with --all)")
    parser.add_argument("--color", metavar="NAME", help="garment colour (default: the first)")
    parser.add_argument("--garment", choices=STYLES, help="garment style (default: the design's)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--print", action="store_true", help="the print-ready file")
    mode.add_argument("--thumbnail", action="store_true", help="a square 400 px thumbnail")
    mode.add_argument("--all", action="store_true", help="a mockup of every colour into OUT/")
    mode.add_argument("--check", action="store_true", help="print preflight; 1 on errors")
    parser.add_argument("--size", metavar="WxH", help="print file size in pixels (with --print)")


def _usage(message: str) -> int:
    print(f"cocreate preview: error: {message}", file=sys.stderr)
    return 2


def _size(text: str | None) -> tuple[int, int] | None:
    if text is None:
        return None
    m = re.fullmatch(r"(\d{1,5})[x×](\d{1,5})", text.strip())
    if not m or not (1 <= int(m[1]) <= 20_000 and 1 <= int(m[2]) <= 20_000):
        raise ValueError(text)
    return int(m[1]), int(m[2])


def run(args: argparse.Namespace) -> int:
    from cocreate.reading import read_valid

    if not args.check and not args.out:
        return _usage("--out is needed (or --check)")
    if args.size and not args.print:
        return _usage("--size goes with --print")
    if (args.check or args.print) and (args.color or args.garment):
        return _usage("--color and --garment are for mockups and thumbnails")
    if args.all and args.color:
        return _usage("--all makes every colour; leave out --color")
    try:
        size = _size(args.size)
    except ValueError:
        return _usage(f"--size {args.size!r} is not WIDTHxHEIGHT in pixels (1 to 20000)")
    if size is not None and size[0] * size[1] > 40_000_000:
        return _usage(f"--size {args.size} is more than 40,000,000 pixels")
    if args.out and not args.check and not args.all:
        problem = _out_error(args.design, args.out)
        if problem:
            return _usage(problem)

    from engine.document import DesignDocument

    read = read_valid(args.design, "design")
    if isinstance(read, int):
        return read
    doc = read.document
    assert isinstance(doc, DesignDocument)
    if args.check:
        return _check(args.design, doc)
    if args.print:
        return _print(args, doc, size)
    return _mockups(args, doc)


def _out_error(design: str, out: str) -> str | None:
    """Why the PNG may not be written to ``out`` (see ``image_output_error``), or None."""
    from cocreate.cli import image_output_error

    return image_output_error("--out", out, "PNG", [("the design", design)])


def _check(name: str, doc: object) -> int:
    from engine.document import DesignDocument
    from engine.preflight import preflight

    assert isinstance(doc, DesignDocument)
    report = preflight(doc)
    for f in report.findings:
        print(f"{name}: {f}")
    print(f"{name}: {report.summary()}")
    return 1 if report.errors else 0


def _print(args: argparse.Namespace, doc: object, size: tuple[int, int] | None) -> int:
    from engine.document import DesignDocument
    from engine.fileio import write_atomic
    from engine.render.print_art import print_png

    assert isinstance(doc, DesignDocument)
    data, frame = print_png(doc, size)
    write_atomic(args.out, data)
    w, h = frame.size
    print(f"{args.out}: print file of {args.design}, {w:,} × {h:,} px at {frame.ppi:g} dpi")
    return 0


def _mockups(args: argparse.Namespace, doc: object) -> int:
    from engine.document import DesignDocument
    from engine.fileio import write_atomic
    from engine.render.mockup import Mockups
    from engine.render.print_art import png_bytes

    assert isinstance(doc, DesignDocument)
    colors = doc.design.garment.colors
    chosen = colors[0]
    if args.color is not None:
        found = [c for c in colors if c.name == args.color]
        if not found:
            offered = ", ".join(c.name for c in colors)
            print(
                f"{args.design}: no colour {args.color!r} (the design offers {offered})",
                file=sys.stderr,
            )
            return 1
        chosen = found[0]
    mockups = Mockups(doc, args.garment)
    style = mockups.template.style
    if args.all:
        folder = Path(args.out)
        if folder.exists() and not folder.is_dir():
            print(f"{args.out}: is not a folder (--all writes one PNG per colour)", file=sys.stderr)
            return 2
        paths = _colour_paths(folder, [gc.name for gc in colors])
        for path in paths:
            problem = _out_error(args.design, str(path))
            if problem:
                return _usage(problem)
        folder.mkdir(parents=True, exist_ok=True)
        for gc, path in zip(colors, paths, strict=True):
            write_atomic(path, png_bytes(mockups.mockup(gc.color)))
            print(f"{path}: mockup of {args.design} on the {gc.name} {style}")
        return 0
    if args.thumbnail:
        image = mockups.thumbnail(chosen.color)
        what = "thumbnail"
    else:
        image = mockups.mockup(chosen.color)
        what = "mockup"
    write_atomic(args.out, png_bytes(image))
    print(
        f"{args.out}: {what} of {args.design} on the {chosen.name} {style}, "
        f"{image.width} × {image.height} px"
    )
    return 0


def _colour_paths(folder: Path, names: list[str]) -> list[Path]:
    """``FOLDER/<colour>.png`` for each colour name, each a different file."""
    used: set[str] = set()
    paths: list[Path] = []
    for name in names:
        stem = base = _file_name(name)
        n = 1
        while stem in used:  # "Navy" and "navy!" would share a name
            n += 1
            stem = f"{base}-{n}"
        used.add(stem)
        paths.append(folder / f"{stem}.png")
    return paths


def _file_name(name: str) -> str:
    """A colour name as a file name: ``heather grey`` → ``heather-grey``."""
    slug = re.sub(r"[^\w]+", "-", name.strip().lower()).strip("-")
    return slug or "colour"
