"""Hard limits on what a creation file may hold, named in one place.

The decoder enforces them while it reads (file size first, then list, map, string and bin sizes
through the schema), so hostile input is refused before it costs memory or time; the validator
checks the ones that need the decoded values (pixels, points). Every error names its limit.
Each limit is tested at its bound and one past it (``tests/engine/test_limits.py``).
"""

from __future__ import annotations

from typing import Final

KIB: Final = 1024
MIB: Final = 1024 * KIB

# Whole file
MAX_FILE_BYTES: Final = 64 * MIB
"""Largest file the decoder reads at all."""
MAX_DEPTH: Final = 32
"""Deepest nesting of maps and arrays (the schema itself needs 7)."""
MAX_VALUES: Final = 4_000_000
"""Maps, arrays and their items in all, in a file read without its schema (an older version,
or a newer one's problems listed): a file as large as every other limit allows holds about half
as many, and a hostile one of tiny values would otherwise take gigabytes of memory."""

# Text
MAX_NAME_CHARS: Final = 200
"""Titles, names, authors, tags, asset names."""
MAX_TEXT_CHARS: Final = 20_000
"""Descriptions, contribution terms, sign and text-layer text."""
MAX_TAGS: Final = 32

# Assets
MAX_ASSETS: Final = 512
MAX_ASSET_BYTES: Final = 32 * MIB
"""One embedded image or font."""
MAX_IMAGE_PIXELS: Final = 40_000_000
"""Width × height of one embedded image (a 300 dpi print of 16 × 20 inches is 28.8 M)."""
MAX_IMAGE_SIDE: Final = 16_384

# Lineage
MAX_PARENTS: Final = 64

# Counters
MAX_ID: Final = 2**53
"""Largest ``next_id`` and ``revision``: every later id and revision is still a whole number
every JSON reader holds exactly, and none runs past msgpack's 64-bit integers."""

# Level
MAX_MATERIALS: Final = 256
MAX_SHAPES: Final = 50_000
MAX_HOLES: Final = 256
"""Holes in one polygon."""
MAX_POLYGON_POINTS: Final = 8_192
"""Points in one ring (outline or hole)."""
MAX_ENTITIES: Final = 20_000
MAX_LINKS: Final = 20_000
MAX_DECORATIONS: Final = 20_000
MAX_PATH_POINTS: Final = 1_024
"""Points on one moving platform's path."""
MAX_TILE_LAYERS: Final = 64
MAX_TILES: Final = 4_194_304
"""Cells in one tile layer (2048 × 2048)."""
MAX_WORLD: Final = 1_000_000.0
"""Largest level side and coordinate magnitude, in px."""

# Replay
MAX_REPLAY_TICKS: Final = 60 * 60 * 15
"""15 minutes at 60 ticks a second."""
MAX_REPLAY_RUNS: Final = 100_000
"""Runs of unchanged input in one replay."""

# Design
MAX_LAYERS: Final = 500
MAX_GARMENT_COLORS: Final = 64
MAX_PRINT_INCHES: Final = 60.0
MIN_DPI: Final = 72
MAX_DPI: Final = 1_200


def all_limits() -> dict[str, int | float]:
    """Every limit by name (for docs and tests)."""
    return {k: v for k, v in globals().items() if k.startswith(("MAX_", "MIN_"))}
