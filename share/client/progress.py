"""The progress bar of a large upload or download (rich), on stderr when it is a terminal.

Nothing at all is written when stderr is not a terminal (a pipe, a file, CI's log) or the
transfer is small (under :data:`LARGE`), and rich is imported only when a bar is shown, so the
commands that never show one do not pay for it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from share.client.api import Advance

LARGE = 1 << 20
"""Bytes: a transfer this large or larger shows a bar (smaller ones are over in a blink)."""


def _nothing(done: int) -> None:
    return None


def wanted(total: int, stream: TextIO) -> bool:
    try:
        return total >= LARGE and stream.isatty()
    except (AttributeError, ValueError):  # replaced or closed
        return False


@contextmanager
def bar(label: str, total: int, stream: TextIO | None = None) -> Iterator[Advance]:
    """A bar for ``total`` bytes on ``stream`` (stderr), or nothing (see the module's doc);
    the context gives the function to call with the bytes done so far. The bar is removed
    when the transfer ends: what the command did is said on the next line."""
    out = sys.stderr if stream is None else stream
    if not wanted(total, out):
        yield _nothing
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    columns = (
        TextColumn("{task.description}"),
        BarColumn(complete_style="magenta", finished_style="green"),  # named: right on 16 colours
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(file=out), transient=True) as shown:
        task = shown.add_task(label, total=total)

        def advance(done: int) -> None:
            shown.update(task, completed=done)

        yield advance
