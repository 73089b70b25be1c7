"""Deterministic level simulation: pymunk at a fixed 60 Hz, one thread, inputs per tick.

Pure (no pygame): the gallery runs it headless to verify replays; ``engine.render`` draws it.
"""
