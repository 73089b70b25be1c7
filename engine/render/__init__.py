"""Drawing: levels with pygame-ce (``level_view``, ``play``); designs with Pillow (later).

Only this package imports pygame; the camera is pure arithmetic.
"""

from pathlib import Path

ASSETS = Path(__file__).resolve().parents[2] / "assets"
"""The repository's ``assets/`` folder: fonts, garment templates (OFL and CC0, see its README)."""
