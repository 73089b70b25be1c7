"""Sort keys of listings: top rated, most played, most remixed, trending.

Trending is recent activity with decay: each event of weight ``w`` at time ``t`` adds
``w · 2^(-(now - t) / HALF_LIFE)`` to a creation's heat. Every creation's heat decays by the same
factor as time passes, so the order never changes by itself and the gallery stores
``trend = log2(Σ w · 2^((t - EPOCH) / HALF_LIFE))`` instead: one number per creation, bumped
when something happens, that sorts (and pages by cursor) like the heat at any moment.
"""

from __future__ import annotations

import datetime as dt
import math

EPOCH = dt.datetime(2026, 1, 1)
HALF_LIFE = dt.timedelta(days=3)
"""Activity three days old counts half as much as activity now."""

UPLOAD = 1.0
REVISION = 1.0
PLAY = 1.0
RATING = 2.0
REMIX = 4.0
"""Weights of the events that make a creation trend (a remix of it counts most)."""


def bumped(trend: float, weight: float, at: dt.datetime) -> float:
    """``trend`` after an event of ``weight`` at ``at`` (naive UTC)."""
    term = (at - EPOCH) / HALF_LIFE + math.log2(weight)
    if trend == 0.0:
        return term
    high, low = max(trend, term), min(trend, term)
    return high + math.log2(1.0 + 2.0 ** (low - high))


def rating_score(kind: str, values: list[int]) -> float:
    """The "top rated" key: a heart counts 1, a design's 0–5 score counts ``score / 5``."""
    return float(len(values)) if kind == "level" else sum(values) / 5.0
