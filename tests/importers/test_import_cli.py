"""``cocreate import MAP``: the command as a user runs it, on the corpus of real maps."""

from __future__ import annotations

import shutil
from pathlib import Path

from engine.document import LevelDocument
from engine.fileio import load
from engine.sim.world import World
from engine.validation import check_file


def test_a_tiled_map_becomes_a_valid_level_file(cocreate_cmd, corpus: Path, tmp_path: Path) -> None:
    code, out, err = cocreate_cmd("import", corpus / "tiled/desert/desert.tmx", cwd=tmp_path)
    assert (code, err) == (0, "")
    first = out.splitlines()[0]
    assert first.startswith(
        f"desert.cocreate: imported 'desert' from {corpus / 'tiled/desert/desert.tmx'}: "
    )
    assert "1 tile layer" in first and "1 image" in first
    checked = check_file(tmp_path / "desert.cocreate")
    assert checked.ok, checked.problems
    doc = checked.document
    assert isinstance(doc, LevelDocument)
    assert (doc.level.size.width, doc.level.size.height) == (40 * 32, 40 * 32)
    assert "  note: the map has no player start; add a spawn in the editor before playing" in out


def test_an_ldtk_level_is_chosen_by_name_and_named_after_it(
    cocreate_cmd, corpus: Path, tmp_path: Path
) -> None:
    project = corpus / "ldtk/Typical_2D_platformer_example.ldtk"
    code, out, err = cocreate_cmd("import", project, "--level", "top", cwd=tmp_path)
    assert (code, err) == (0, ""), err
    assert out.startswith("top.cocreate: imported 'Top' from ")
    doc = load(tmp_path / "top.cocreate")
    assert isinstance(doc, LevelDocument)
    assert any(layer.solid and not layer.visible for layer in doc.level.tile_layers)
    code, out, err = cocreate_cmd("import", project, "--level", "Nowhere", cwd=tmp_path)
    assert code == 1 and out == ""
    assert len(err.splitlines()) == 1 and "Nowhere" in err and "Top" in err


def test_the_imported_platformer_plays(cocreate_cmd, corpus: Path, tmp_path: Path) -> None:
    """The LDtk sample's player starts on its ground: after two seconds it has not fallen
    through the collision layer to the bottom of the level."""
    project = corpus / "ldtk/Typical_2D_platformer_example.ldtk"
    code, _, err = cocreate_cmd("import", project, "-o", "typical.cocreate", cwd=tmp_path)
    assert (code, err) == (0, "")
    doc = load(tmp_path / "typical.cocreate")
    assert isinstance(doc, LevelDocument)
    world = World(doc)
    start_y = world.player.position.y
    for _ in range(120):
        world.step(0)
    y = world.player.position.y
    assert abs(y - start_y) < 48, (start_y, y)  # landed near where it started
    assert y < doc.level.size.height - 16


def test_an_existing_out_is_kept_unless_forced(cocreate_cmd, corpus: Path, tmp_path: Path) -> None:
    (tmp_path / "desert.cocreate").write_bytes(b"mine")
    code, out, err = cocreate_cmd("import", corpus / "tiled/desert/desert.tmx", cwd=tmp_path)
    assert (code, out) == (1, "")
    assert err == "desert.cocreate: already exists (use --force to overwrite)\n"
    assert (tmp_path / "desert.cocreate").read_bytes() == b"mine"
    code, _, _ = cocreate_cmd("import", corpus / "tiled/desert/desert.tmx", "--force", cwd=tmp_path)
    assert code == 0 and check_file(tmp_path / "desert.cocreate").ok


def test_bad_maps_get_one_line_and_nothing_is_written(
    cocreate_cmd, corpus: Path, tmp_path: Path
) -> None:
    maps = tmp_path / "maps"
    maps.mkdir()
    shutil.copy(corpus / "tiled/desert/desert.tmx", maps / "no-tileset.tmx")  # .tsx not beside it
    (maps / "broken.tmx").write_text("<map version='1.0' orientation='orthogonal'")
    (maps / "broken.ldtk").write_text("{not json")
    (maps / "map.txt").write_text("hello")
    cases = {
        "maps/no-tileset.tmx": 1,
        "maps/broken.tmx": 1,
        "maps/broken.ldtk": 1,
        "maps/map.txt": 1,
        "maps/missing.tmx": 2,
        "maps": 2,
    }
    for name, want in cases.items():
        code, out, err = cocreate_cmd("import", name, cwd=tmp_path)
        assert (code, out) == (want, ""), (name, err)
        assert len(err.splitlines()) == 1 and err.startswith(name), (name, err)
        assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["maps"]
    code, _, err = cocreate_cmd(
        "import", corpus / "tiled/desert/desert.tmx", "--level", "x", cwd=tmp_path
    )
    assert (code, err) == (
        2,
        "cocreate import: error: --level is for LDtk projects; a Tiled map is one level\n",
    )


def test_the_editor_opens_a_map_as_a_new_unsaved_level(corpus: Path) -> None:
    from editor.session import EditorSession

    session = EditorSession.open(corpus / "ldtk/AutoLayers_1_basic.ldtk")
    assert session.path is None and session.dirty  # saving asks where; closing asks first
    assert session.status.startswith(
        "Imported AutoLayers_1_basic.ldtk (not saved yet); 3 notes: enlarged 4 times: "
    )
    assert len(session.doc.level.tile_layers) == 3
    assert session.doc.level.size.width == 296 * 4  # its 8 px tiles fit the player, as imported
    assert session.problems() == []  # valid (a draft: no spawn or goal yet)


def test_all_levels_of_an_ldtk_project_go_to_a_folder(
    cocreate_cmd, corpus: Path, tmp_path: Path
) -> None:
    import json

    project = corpus / "ldtk/Typical_2D_platformer_example.ldtk"
    names = [lv["identifier"] for lv in json.loads(project.read_text())["levels"]]
    code, out, err = cocreate_cmd("import", project, "--all", "-o", "levels", cwd=tmp_path)
    assert (code, err) == (0, ""), err
    files = sorted(p.name for p in (tmp_path / "levels").iterdir())
    assert len(files) == len(names) == 4 and "top.cocreate" in files
    assert all(check_file(tmp_path / "levels" / f).ok for f in files)
    assert "more level" not in out  # every level is imported: no note about the others
    assert [line.split(": imported ")[0] for line in out.splitlines() if " imported " in line] == [
        f"levels/{name}"
        for name in (
            "your-typical-2d-platformer.cocreate",
            "top.cocreate",
            "bottom.cocreate",
            "world-level-3.cocreate",
        )
    ]
    # again: each existing file is kept (exit 1), one line each; --level and --all exclude
    code, out, err = cocreate_cmd("import", project, "--all", "-o", "levels", cwd=tmp_path)
    assert code == 1 and len(err.splitlines()) == 4 and "already exists" in err
    code, _, err = cocreate_cmd("import", project, "--all", "--level", "Top", cwd=tmp_path)
    assert code == 2 and "not allowed with argument --all" in err
    code, _, err = cocreate_cmd("import", corpus / "tiled/desert/desert.tmx", "--all", cwd=tmp_path)
    assert code == 2 and "--all is for LDtk projects" in err  # a usage error


def test_a_map_over_a_limit_is_named_in_the_one_line(cocreate_cmd, tmp_path: Path) -> None:
    from engine import limits

    coins = "\n".join(
        f'<object id="{i + 1}" name="coin" x="{i % 400 * 10}" y="{i // 400 * 10}" '
        'width="8" height="8"/>'
        for i in range(limits.MAX_ENTITIES + 1)
    )
    (tmp_path / "coins.tmx").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<map version="1.10" orientation="orthogonal" renderorder="right-down" width="400" '
        'height="400" tilewidth="32" tileheight="32" infinite="0">\n'
        f'<objectgroup id="1" name="game">{coins}</objectgroup>\n</map>\n'
    )
    code, out, err = cocreate_cmd("import", "coins.tmx", cwd=tmp_path)
    assert (code, out) == (1, "")
    assert err == (
        f"coins.tmx: $.level.entities: more than {limits.MAX_ENTITIES:,} items "
        "(limit MAX_ENTITIES)\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["coins.tmx"]


def test_the_import_notes_close_when_a_play_test_starts(corpus: Path) -> None:
    import os

    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    import pygame

    from editor.app import EditorApp
    from editor.pilot import Pilot
    from editor.session import EditorSession

    app = EditorApp(EditorSession.open(corpus / "ldtk/Typical_2D_platformer_example.ldtk"))
    try:
        Pilot(app).frames(2)
        assert app.notes_window is not None and app.notes_window.alive()
        app.play()
        assert app.playtest is not None  # it has a spawn: it plays
        assert not app.notes_window.alive()
    finally:
        pygame.quit()
