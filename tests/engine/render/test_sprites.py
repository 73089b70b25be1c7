"""The sprites in assets/sprites/ are exactly what assets/make_sprites.py draws today."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_committed_sprites_match_the_script(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_sprites", ROOT / "assets/make_sprites.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(tmp_path) == 0
    made = sorted(p.name for p in tmp_path.glob("*.png"))
    committed = sorted(p.name for p in (ROOT / "assets/sprites").glob("*.png"))
    assert made == committed
    assert len(made) >= 12
    for name in made:
        assert (tmp_path / name).read_bytes() == (ROOT / "assets/sprites" / name).read_bytes(), name
