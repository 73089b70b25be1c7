"""Levels: the model of a 2D physics platformer level (simulation comes with the levels issue)."""
