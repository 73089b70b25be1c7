"""``cocreate dump FILE``: a readable JSON view of a creation, for reading and diffing.

Bins are shown as ``"<bin N bytes sha256:…>"`` (the first 16 hex digits of the digest); packed
points as ``[[x, y], ...]`` with ``--points``. A float JSON cannot hold (NaN, ±infinity, which
only an invalid file has) is shown as ``"<float nan>"``, so the output is always valid JSON.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
from typing import Any


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE")
    parser.add_argument(
        "--points", action="store_true", help="show packed rings and paths as [x, y] lists"
    )


_POINT_KEYS = {"points", "holes", "path"}


def _number(value: float) -> float | str:
    """``value``, or ``"<float nan>"`` and the like for what JSON cannot hold."""
    return value if math.isfinite(value) else f"<float {value}>"


def _view(value: Any, *, points: bool, key: str = "") -> Any:
    if isinstance(value, bytes):
        if points and key in _POINT_KEYS and len(value) % 16 == 0:
            from engine.packed import unpack_points

            return [[_number(x), _number(y)] for x, y in unpack_points(value)]
        return f"<bin {len(value):,} bytes sha256:{hashlib.sha256(value).hexdigest()[:16]}>"
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, dict):
        return {k: _view(v, points=points, key=str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_view(v, points=points, key=key) for v in value]
    return value


def run(args: argparse.Namespace) -> int:
    import msgspec

    from cocreate.reading import read_creation

    read = read_creation(args.file)
    if isinstance(read, int):
        return read
    plain = msgspec.to_builtins(read.document, builtin_types=(bytes,), order="sorted")
    from engine.errors import bidi_escaped  # still JSON: a title's U+202E as \\u202e

    text = json.dumps(
        _view(plain, points=args.points), indent=2, ensure_ascii=False, allow_nan=False
    )
    print(bidi_escaped(text))
    return 0
