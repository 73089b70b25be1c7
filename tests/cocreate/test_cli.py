"""The real ``cocreate`` command, run as a user runs it: exact output and exit codes."""

from __future__ import annotations

import hashlib
import json
import math
import os
import subprocess
import textwrap
from pathlib import Path

import msgspec
import pytest

from engine import __version__, codec
from engine.design.model import Transform
from engine.document import FORMAT_VERSION
from engine.fileio import save
from engine.level.model import Link
from engine.packed import pack_points, unpack_points
from engine.preflight import OUTSIDE
from tests.conftest import COCREATE, subprocess_env
from tests.factories import (
    packb,
    png_bytes,
    raw,
    rich_design,
    rich_level,
    simple_design,
    simple_level,
)

INTERNAL = "(run with --debug for the traceback)"
ENTITIES = (
    "bounce_pad 1, checkpoint 1, collectible 1, crate 1, door 1, goal 1, hazard 1, "
    "moving_platform 1, sign 1, spawn 1, switch 1"
)


@pytest.fixture
def files(tmp_path):
    """A folder of creations: good ones, and one with three problems."""
    save(simple_level(), tmp_path / "simple.cocreate")
    save(rich_level(), tmp_path / "rich.cocreate")
    save(rich_design(), tmp_path / "design.cocreate")
    lv = simple_level()
    two_points = msgspec.structs.replace(lv.level.shapes[0], points=pack_points([(0, 0), (1, 1)]))
    level = msgspec.structs.replace(
        lv.level, shapes=[two_points], links=[Link(source=2, target=99)]
    )
    save(msgspec.structs.replace(lv, level=level), tmp_path / "bad.cocreate")
    return tmp_path


def test_version_prints_the_version(cocreate_cmd):
    assert cocreate_cmd("--version") == (0, f"cocreate {__version__}\n", "")


def test_new_level_then_validate_says_ok(cocreate_cmd, tmp_path):
    assert cocreate_cmd("new", "level", "my_first-level.cocreate", cwd=tmp_path) == (
        0,
        "my_first-level.cocreate: new level 'my first level'\n",
        "",
    )
    assert cocreate_cmd("validate", "my_first-level.cocreate", cwd=tmp_path) == (
        0,
        "my_first-level.cocreate: ok\n",
        "",
    )
    data = (tmp_path / "my_first-level.cocreate").read_bytes()
    assert codec.encode(codec.decode(data)) == data  # canonical


def test_new_design_then_validate_and_info(cocreate_cmd, tmp_path):
    ran = cocreate_cmd(
        "new", "design", "tee.cocreate", "--title", "Tee ✓", "--author", "Ana", cwd=tmp_path
    )
    assert ran == (0, "tee.cocreate: new design 'Tee ✓'\n", "")
    assert cocreate_cmd("validate", "tee.cocreate", cwd=tmp_path) == (
        0,
        "tee.cocreate: ok (a draft, not shareable yet: $.design.layers: no visible layer: "
        "nothing would be printed)\n",
        "",
    )
    assert cocreate_cmd("validate", "--publishable", "tee.cocreate", cwd=tmp_path) == (
        1,
        "tee.cocreate: $.design.layers: no visible layer: nothing would be printed\n",
        "",
    )
    info = json.loads(cocreate_cmd("info", "--json", "tee.cocreate", cwd=tmp_path).out)
    assert (info["kind"], info["title"], info["author"]) == ("design", "Tee ✓", "Ana")
    assert info["colors"] == ["white", "black", "heather grey"]


def test_a_design_that_would_not_print_is_a_draft(cocreate_cmd, tmp_path):
    """Print preflight's errors stop sharing, as the design editor's Publish and the gallery
    do: here the only layer lies off the print area."""
    doc = simple_design("Far")
    far = msgspec.structs.replace(doc.design.layers[0], transform=Transform(x=-30.0, y=8.0))
    doc = msgspec.structs.replace(doc, design=msgspec.structs.replace(doc.design, layers=[far]))
    save(doc, tmp_path / "far.cocreate")
    why = [
        f"$.design.layers[0] (dot): {OUTSIDE} (print preflight)",
        "$.design.layers: nothing would print (the art is empty or transparent): add a layer, "
        "or show one (print preflight)",
    ]
    # valid: without --publishable nothing is rendered (see test_preflight_glyphs.py)
    assert cocreate_cmd("validate", "far.cocreate", cwd=tmp_path) == (0, "far.cocreate: ok\n", "")
    assert cocreate_cmd("validate", "--publishable", "far.cocreate", cwd=tmp_path) == (
        1,
        "".join(f"far.cocreate: {line}\n" for line in why),
        "",
    )
    save(simple_design("Near"), tmp_path / "near.cocreate")
    assert cocreate_cmd("validate", "--publishable", "near.cocreate", cwd=tmp_path) == (
        0,
        "near.cocreate: ok\n",
        "",
    )


def test_new_refuses_to_overwrite_unless_forced(cocreate_cmd, tmp_path):
    assert cocreate_cmd("new", "level", "a.cocreate", cwd=tmp_path).code == 0
    before = (tmp_path / "a.cocreate").read_bytes()
    assert cocreate_cmd("new", "design", "a.cocreate", cwd=tmp_path) == (
        1,
        "",
        "a.cocreate: already exists (use --force to overwrite)\n",
    )
    assert (tmp_path / "a.cocreate").read_bytes() == before
    assert cocreate_cmd("new", "design", "a.cocreate", "--force", cwd=tmp_path) == (
        0,
        "a.cocreate: new design 'a'\n",
        "",
    )
    assert codec.decode((tmp_path / "a.cocreate").read_bytes()).meta.title == "a"
    assert (tmp_path / "a.cocreate").read_bytes() != before


def test_new_into_a_missing_folder_or_a_directory_is_a_path_error(cocreate_cmd, tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "f").write_bytes(b"")
    assert cocreate_cmd("new", "level", "no/a.cocreate", cwd=tmp_path) == (
        2,
        "",
        "no/a.cocreate: folder no does not exist\n",
    )
    assert cocreate_cmd("new", "level", "f/a.cocreate", cwd=tmp_path) == (
        2,
        "",
        "f/a.cocreate: folder f is not a folder\n",
    )
    assert cocreate_cmd("new", "level", "d", cwd=tmp_path) == (
        2,
        "",
        "d: is a directory, not a file\n",
    )
    long = "a" * 300 + ".cocreate"
    assert cocreate_cmd("new", "level", long, cwd=tmp_path) == (
        1,
        "",
        f"{long}: cannot save: File name too long\n",
    )
    assert sorted(os.listdir(tmp_path)) == ["d", "f"]


def test_new_with_a_bad_title_or_author_writes_nothing(cocreate_cmd, tmp_path):
    ran = cocreate_cmd("new", "level", "a.cocreate", "--title", "tab\there", cwd=tmp_path)
    assert ran == (
        2,
        "",
        "cocreate new: error: argument --title: must not contain control characters\n",
    )
    ran = cocreate_cmd("new", "level", "a.cocreate", "--author", "x" * 201, cwd=tmp_path)
    assert ran == (
        2,
        "",
        "cocreate new: error: argument --author: more than 200 characters (limit MAX_NAME_CHARS)\n",
    )
    assert os.listdir(tmp_path) == []


def test_new_makes_a_valid_title_from_any_file_name(cocreate_cmd, tmp_path):
    name = "b" * 240 + ".cocreate"  # a title has at most 200 characters
    assert cocreate_cmd("new", "level", name, cwd=tmp_path).code == 0
    assert cocreate_cmd("validate", name, cwd=tmp_path) == (0, f"{name}: ok\n", "")
    assert codec.decode((tmp_path / name).read_bytes()).meta.title == "b" * 200


def test_validate_of_a_missing_path_and_a_directory_is_exit_2(cocreate_cmd, files):
    (files / "dir").mkdir()
    ran = cocreate_cmd("validate", "simple.cocreate", "gone.cocreate", "dir", cwd=files)
    assert ran == (
        2,
        "simple.cocreate: ok\n",
        "gone.cocreate: no such file\ndir: is a directory, not a file\n",
    )


def test_validate_reports_every_problem_one_line_each(cocreate_cmd, files):
    ran = cocreate_cmd("validate", "simple.cocreate", "bad.cocreate", "rich.cocreate", cwd=files)
    assert ran == (
        1,
        "simple.cocreate: ok\n"
        "bad.cocreate: $.level.shapes[0].points: polygon has 2 points, needs at least 3\n"
        "bad.cocreate: $.level.links[0].source: entity 2 is not a switch\n"
        "bad.cocreate: $.level.links[0].target: no entity has id 99\n"
        "rich.cocreate: ok\n",
        "",
    )
    assert cocreate_cmd("validate", "-q", "simple.cocreate", "rich.cocreate", cwd=files) == (
        0,
        "",
        "",
    )


@pytest.mark.parametrize(
    ("argv", "last_line"),
    [
        ([], "cocreate: error: the following arguments are required: COMMAND"),
        (["--bogus"], "cocreate: error: unrecognized arguments: --bogus"),
        (["--debug", "--bogus", "-x"], "cocreate: error: unrecognized arguments: --bogus -x"),
        (
            ["bogus"],
            "cocreate: error: argument COMMAND: invalid choice: 'bogus' "
            "(choose from 'validate', 'info', 'dump', 'new'",
        ),
        (["validate"], "cocreate validate: error: the following arguments are required: FILE"),
        (["info"], "cocreate info: error: the following arguments are required: FILE"),
        (["dump"], "cocreate dump: error: the following arguments are required: FILE"),
        (["new", "level"], "cocreate new: error: the following arguments are required: OUT"),
        (["new", "song", "x"], "cocreate new: error: argument kind: invalid choice: 'song'"),
        (["info", "--color", "x"], "cocreate: error: unrecognized arguments: --color"),
    ],
)
def test_usage_errors_exit_2_with_usage(cocreate_cmd, tmp_path, argv, last_line):
    code, out, err = cocreate_cmd(*argv, cwd=tmp_path)
    assert (code, out) == (2, "")
    assert err.startswith("usage: cocreate")
    assert err.splitlines()[-1].startswith(last_line), err
    assert os.listdir(tmp_path) == []


def test_info_describes_a_level(cocreate_cmd, files):
    data = (files / "rich.cocreate").read_bytes()
    doc = rich_level()
    asset_bytes = sum(len(a.data) for a in doc.assets.values())
    code, out, err = cocreate_cmd("info", "rich.cocreate", cwd=files)
    assert (code, err) == (0, "")
    assert out == textwrap.dedent(
        f"""\
        rich.cocreate
          kind      level (format {FORMAT_VERSION}; cocreate {__version__})
          title     Everything level
          author    tester
          license   CC-BY-4.0
          tags      test, factory
          id        0f8fad5b-d9cb-469f-a165-70867728950e revision 4
          modified  2026-02-01T08:30:00Z (created 2026-01-31T12:00:00Z)
          digest    sha256:{hashlib.sha256(data).hexdigest()}
          size      {len(data):,} bytes, of which 3 assets {asset_bytes:,} bytes
          remix of  16fd2706-8baf-433b-82eb-8c7fada847da revision 3 (sha256:abababababab…)
          level     1000 × 1000 px
          holds     3 materials · 4 shapes · 11 entities · 2 links · 1 tile layer · 1 decoration
          entities  {ENTITIES}
          valid     yes
        """
    )


def test_info_of_an_original_design_and_of_an_invalid_file(cocreate_cmd, files):
    code, out, _ = cocreate_cmd("info", "design.cocreate", cwd=files)
    assert code == 0
    assert "\n  lineage   original (no parents)\n" in out
    assert "\n  garment   hoodie in black, heather grey\n" in out
    assert "\n  layers    5 (image 1, shape 3, text 1)\n" in out
    code, out, _ = cocreate_cmd("info", "bad.cocreate", cwd=files)
    assert code == 0
    assert out.endswith("\n  valid     no, 3 problems (run cocreate validate)\n")


def test_info_json_has_the_digest_and_counts(cocreate_cmd, files):
    data = (files / "rich.cocreate").read_bytes()
    code, out, err = cocreate_cmd("info", "--json", "rich.cocreate", cwd=files)
    assert (code, err) == (0, "")
    info = json.loads(out)
    assert info["digest"] == hashlib.sha256(data).hexdigest()
    assert info["bytes"] == len(data)
    assert info["counts"] == {
        "materials": 3,
        "shapes": 4,
        "entities": 11,
        "links": 2,
        "tile_layers": 1,
        "decorations": 1,
    }
    assert info["parents"] == [
        {"id": "16fd2706-8baf-433b-82eb-8c7fada847da", "revision": 3, "digest": "ab" * 32}
    ]
    assert (info["kind"], info["title"], info["license"], info["valid"]) == (
        "level",
        "Everything level",
        "CC-BY-4.0",
        True,
    )


def _bin(data: bytes) -> str:
    return f"<bin {len(data):,} bytes sha256:{hashlib.sha256(data).hexdigest()[:16]}>"


def test_dump_is_json_with_bins_as_size_and_digest(cocreate_cmd, files):
    code, out, err = cocreate_cmd("dump", "rich.cocreate", cwd=files)
    assert (code, err) == (0, "")
    view = json.loads(out)
    doc = rich_level()
    assert view["meta"]["title"] == "Everything level"
    assert view["level"]["shapes"][1]["points"] == _bin(doc.level.shapes[1].points)
    assert view["level"]["shapes"][1]["holes"] == [_bin(h) for h in doc.level.shapes[1].holes]
    for key, a in doc.assets.items():
        assert view["assets"][key] == {"data": _bin(a.data), "name": a.name, "type": a.type}
    assert list(view) == sorted(view)  # keys in the file's (sorted) order, for diffing
    assert out.count("\n") > 100  # indented, one value a line


def test_dump_points_shows_xy_lists(cocreate_cmd, files):
    code, out, _ = cocreate_cmd("dump", "--points", "rich.cocreate", cwd=files)
    assert code == 0
    view = json.loads(out)
    shape = rich_level().level.shapes[1]
    assert view["level"]["shapes"][1]["points"] == [list(p) for p in unpack_points(shape.points)]
    assert view["level"]["shapes"][1]["holes"][1] == [
        [300.0, 300.0],
        [350.0, 300.0],
        [325.0, 350.0],
    ]
    assert view["level"]["entities"][6]["path"] == [[0.0, 0.0], [0.0, -200.0], [150.0, -200.0]]
    assert view["level"]["tile_layers"][0]["data"].startswith("<bin 24 bytes sha256:")


def test_dump_of_non_finite_numbers_is_still_json(cocreate_cmd, tmp_path):
    d = raw(rich_level())
    d["level"]["entities"][0]["x"] = float("inf")
    d["level"]["entities"][1]["y"] = float("nan")
    (tmp_path / "inf.cocreate").write_bytes(packb(d))
    code, out, _ = cocreate_cmd("dump", "inf.cocreate", cwd=tmp_path)
    assert code == 0
    view = json.loads(out, parse_constant=lambda c: pytest.fail(f"not JSON: {c}"))
    assert view["level"]["entities"][0]["x"] == "<float inf>"
    assert view["level"]["entities"][1]["y"] == "<float nan>"
    d["level"]["shapes"][0]["points"] = pack_points([(0, 0), (float("nan"), 5), (9, -math.inf)])
    (tmp_path / "nan.cocreate").write_bytes(packb(d))
    code, out, _ = cocreate_cmd("dump", "--points", "nan.cocreate", cwd=tmp_path)
    assert code == 0
    view = json.loads(out, parse_constant=lambda c: pytest.fail(f"not JSON: {c}"))
    assert view["level"]["shapes"][0]["points"] == [
        [0.0, 0.0],
        ["<float nan>", 5.0],
        [9.0, "<float -inf>"],
    ]


def _corrupt_files(folder: Path) -> list[str]:
    good = codec.encode(rich_level())
    newer = raw(rich_level())
    newer["version"] = 5
    cases = {
        "empty.cocreate": b"",
        "half.cocreate": good[: len(good) // 2],
        "noise.cocreate": bytes(range(256)) * 8,
        "image.cocreate": png_bytes(),
        "newer.cocreate": packb(newer),
        "list.cocreate": packb([1, 2, 3]),
        "trailing.cocreate": good + b"\xc0",
        "text.cocreate": b"just some text\n",
    }
    for name, data in cases.items():
        (folder / name).write_bytes(data)
    return sorted(cases)


def test_corrupt_files_give_one_line_each_and_exit_1(cocreate_cmd, tmp_path):
    names = _corrupt_files(tmp_path)
    code, out, err = cocreate_cmd("validate", *names, cwd=tmp_path)
    assert (code, err) == (1, "")
    lines = out.splitlines()
    assert [line.split(": ")[0] for line in lines] == names
    assert "empty.cocreate: empty file, not a cocreate creation" in lines
    assert "half.cocreate: file is truncated (it ends in the middle of a value)" in lines
    assert "newer.cocreate: made by a newer cocreate (format 5; this one reads up to 4)" in lines


@pytest.mark.parametrize("command", ["info", "dump"])
def test_corrupt_files_never_show_a_traceback(cocreate_cmd, tmp_path, command):
    for name in _corrupt_files(tmp_path):
        code, out, err = cocreate_cmd(command, name, cwd=tmp_path)
        assert (code, out) == (1, ""), (name, err)
        assert len(err.splitlines()) == 1 and err.startswith(f"{name}: "), err
        assert "Traceback" not in err


def _with_failing_command(tmp_path: Path) -> str:
    """A ``cocreate`` whose ``validate`` is a module in tmp_path whose ``run`` raises."""
    (tmp_path / "boom_cmd.py").write_text(
        "def add_arguments(parser):\n"
        "    parser.add_argument('file')\n"
        "def run(args):\n"
        "    raise RuntimeError(f'kaboom {args.file}\\nsecond line')\n"
    )
    return (
        "import sys\n"
        f"sys.path.insert(0, {str(tmp_path)!r})\n"
        "import cocreate.cli\n"
        "cocreate.cli.COMMANDS['validate'] = ('boom_cmd', 'explodes')\n"
        "sys.exit(cocreate.cli.main(sys.argv[1:]))\n"
    )


def test_an_internal_error_is_one_line_and_exit_1(python_cmd, tmp_path):
    code = _with_failing_command(tmp_path)
    assert python_cmd("-c", code, "validate", "x.cocreate") == (
        1,
        "",
        f"cocreate: internal error: RuntimeError: kaboom x.cocreate second line {INTERNAL}\n",
    )


@pytest.mark.parametrize("argv", [["--debug", "validate", "x"], ["validate", "x", "--debug"]])
def test_debug_shows_the_traceback_of_an_internal_error(python_cmd, tmp_path, argv):
    code, out, err = python_cmd("-c", _with_failing_command(tmp_path), *argv)
    assert (code, out) == (1, "")
    assert err.startswith("Traceback (most recent call last):\n")
    assert 'boom_cmd.py", line 4, in run' in err
    assert err.endswith("RuntimeError: kaboom x\nsecond line\n")
    assert "internal error" not in err


def test_a_closed_stdout_ends_quietly(tmp_path):
    save(rich_level(), tmp_path / "rich.cocreate")
    env = subprocess_env()
    env.pop("PYTHONUNBUFFERED", None)  # the output waits in the buffer until exit
    for argv in (["info", "rich.cocreate"], ["dump", "--points", "rich.cocreate"]):
        read, write = os.pipe()
        os.close(read)  # like `cocreate info F | true`
        try:
            done = subprocess.run(
                [str(COCREATE), *argv], cwd=tmp_path, env=env, stdout=write, stderr=subprocess.PIPE
            )
        finally:
            os.close(write)
        assert (done.returncode, done.stderr) == (1, b""), argv


def test_validate_of_a_small_level_imports_nothing_heavy(python_cmd, files):
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: print(' '.join(sorted(sys.modules)), file=sys.stderr))\n"
        "sys.argv = ['cocreate', 'validate', 'simple.cocreate']\n"
        "from cocreate.cli import main\n"
        "sys.exit(main())\n"
    )
    exit_code, out, err = python_cmd("-c", code, cwd=files)
    assert (exit_code, out) == (0, "simple.cocreate: ok\n")
    loaded = set(err.split())
    assert {"engine.validation", "engine.codec", "numpy", "msgspec"} <= loaded  # it did validate
    heavy = {"pygame", "pygame_gui", "pymunk", "fastapi", "httpx", "sqlalchemy", "PIL", "starlette"}
    assert sorted(loaded & heavy) == []
    assert sorted(m for m in loaded if m.startswith(("engine.render", "engine.sim"))) == []


def test_info_of_a_design_with_images_uses_pillow(python_cmd, files):
    """The other side of the check above: the same wrapper does see Pillow when it is needed."""
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: print(' '.join(sorted(sys.modules)), file=sys.stderr))\n"
        "sys.argv = ['cocreate', 'validate', 'design.cocreate']\n"
        "from cocreate.cli import main\n"
        "sys.exit(main())\n"
    )
    exit_code, out, err = python_cmd("-c", code, cwd=files)
    assert (exit_code, out) == (0, "design.cocreate: ok\n")
    assert "PIL" in err.split()


@pytest.mark.parametrize("command", [["dump"], ["info"], ["validate"]])
def test_output_that_cannot_be_written_is_one_line_not_an_internal_error(
    command: list[str], files: Path
) -> None:
    """A full disk under stdout (here /dev/full): what failed, in one line, exit 1."""
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [str(COCREATE), *command, "simple.cocreate"],
            cwd=files,
            env=subprocess_env(),
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert (done.returncode, done.stderr) == (
        1,
        "cocreate: cannot write the output: No space left on device\n",
    )


def test_info_and_dump_escape_bidi_controls_in_titles(cocreate_cmd, tmp_path):
    """A title's right-to-left override (U+202E) must not reorder the lines printed after it;
    dump stays JSON that reads back to the same title."""
    doc = simple_level()
    doc = msgspec.structs.replace(doc, meta=msgspec.structs.replace(doc.meta, title="a\u202eb"))
    save(doc, tmp_path / "rtl.cocreate")
    code, out, _ = cocreate_cmd("info", "rtl.cocreate", cwd=tmp_path)
    assert code == 0 and "\u202e" not in out
    assert "  title     a\\u202eb\n" in out
    code, out, _ = cocreate_cmd("info", "--json", "rtl.cocreate", cwd=tmp_path)
    assert "\u202e" not in out and json.loads(out)["title"] == "a\u202eb"
    code, out, _ = cocreate_cmd("dump", "rtl.cocreate", cwd=tmp_path)
    assert "\u202e" not in out and json.loads(out)["meta"]["title"] == "a\u202eb"
