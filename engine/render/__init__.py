"""Drawing: levels with pygame-ce (``level_view``, ``play``); designs with Pillow (later).

Only this package imports pygame; the camera is pure arithmetic.
"""
