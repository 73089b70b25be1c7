"""``cocreate validate FILE...``: check files; one line per problem."""

from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="creation files to check")
    parser.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    parser.add_argument(
        "--publishable",
        action="store_true",
        help="also fail drafts: what a creation needs before it can be shared "
        "(a design: print preflight's errors too)",
    )


def run(args: argparse.Namespace) -> int:
    from engine.document import FORMAT_VERSION
    from engine.errors import FileAccessError
    from engine.validation import check_file
    from engine.validation.publish import unpublishable

    worst = 0
    for name in args.files:
        try:
            checked = check_file(name)
        except FileAccessError as exc:
            print(exc, file=sys.stderr)
            worst = 2
            continue
        if checked.error is not None:
            for line in checked.error.lines():
                print(line)
            worst = max(worst, 1)
            continue
        if checked.problems:
            for problem in checked.problems:
                print(f"{name}: {problem}")
            worst = max(worst, 1)
            continue
        assert checked.document is not None
        draft = unpublishable(checked.document, print_check=args.publishable)
        if draft and args.publishable:
            for problem in draft:
                print(f"{name}: {problem}")
            worst = max(worst, 1)
        elif not args.quiet:
            notes = []
            if checked.version_read != FORMAT_VERSION:
                notes.append(f"format {checked.version_read}, migrated on load")
            if draft:
                notes.append("a draft, not shareable yet: " + "; ".join(map(str, draft)))
            print(f"{name}: ok" + (f" ({'; '.join(notes)})" if notes else ""))
    return worst
