"""Files written by another cocreate (an older format, migrated on load) in the editors: the
status line says so on opening, and saving writes them as this cocreate does."""

from __future__ import annotations

import shutil
from pathlib import Path

from editor.design.session import DesignSession
from editor.session import EditorSession
from engine import APP, codec
from engine.document import FORMAT_VERSION

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_an_old_level_says_who_wrote_it_and_is_saved_as_this_cocreate(tmp_path: Path) -> None:
    path = tmp_path / "old.cocreate"
    shutil.copy(FIXTURES / "v1-level.cocreate", path)
    before = codec.decode_untyped(path.read_bytes())
    assert before["version"] == 1 and before["app"] != APP
    session = EditorSession.open(path)
    assert session.status == (
        f"Opened old.cocreate, written by {before['app']}: saving writes it as {APP} does "
        f"(format {FORMAT_VERSION})"
    )
    assert not session.dirty
    session.save()
    after = codec.decode_untyped(path.read_bytes())
    assert (after["version"], after["app"]) == (FORMAT_VERSION, APP)
    assert after["meta"]["modified"] == before["meta"]["modified"]  # its content is unchanged
    assert not session.dirty and session.doc.app == APP
    assert EditorSession.open(path).status == "Opened old.cocreate"


def test_an_old_design_is_saved_as_this_cocreate(tmp_path: Path) -> None:
    path = tmp_path / "old.cocreate"
    shutil.copy(FIXTURES / "v1-design.cocreate", path)
    session = DesignSession.open(path)
    assert session.status.startswith("Opened old.cocreate, written by ")
    session.save()
    assert codec.decode_untyped(path.read_bytes())["app"] == APP
