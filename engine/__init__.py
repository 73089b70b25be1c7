"""cocreate's engine: the creation model, the ``.cocreate`` file format, validation.

Everything else reads and writes creations only through here::

    from engine.fileio import load, save          # files (atomic saves)
    from engine.codec import encode, decode, digest   # bytes
    from engine.validation import validate, check_file

This package's ``__init__`` imports nothing heavy, so ``cocreate`` starts fast.
"""

from __future__ import annotations

__version__ = "0.2.0"
APP = f"cocreate {__version__}"
