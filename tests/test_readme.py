"""Every `$ cocreate ...` example in the README runs and prints what the README shows."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest

from engine.fileio import save
from engine.level.model import Link
from engine.packed import pack_points
from engine.starter import new_level

ROOT = Path(__file__).resolve().parents[1]


def _examples() -> list[tuple[str, str, int | None]]:
    """(command line, expected output, exit code shown by a following `echo $?` or None)."""
    text = (ROOT / "README.md").read_text()
    out: list[tuple[str, str, int | None]] = []
    for block in re.findall(r"```\n(.*?)```", text, re.S):
        entries: list[list[str]] = []
        for line in block.splitlines():
            if line.startswith("$ "):
                entries.append([line[2:]])
            elif entries:
                entries[-1].append(line)
        for i, (cmd, *lines) in enumerate(entries):
            if not cmd.startswith("cocreate "):
                continue
            code = None
            if i + 1 < len(entries) and entries[i + 1][0] == "echo $?":
                code = int(entries[i + 1][1])
            while lines and not lines[-1]:
                lines.pop()
            out.append((cmd, "".join(f"{x}\n" for x in lines), code))
    return out


def _bad_level(folder: Path) -> None:
    doc = new_level(ident="00000000-0000-4000-8000-00000000000b")
    doc.level.shapes[0].points = pack_points([(0, 960), (1920, 960)])
    doc.level.links = [Link(source=2, target=99)]
    save(doc, folder / "bad.cocreate")


EXAMPLES = _examples()


def test_the_readme_has_examples() -> None:
    assert len(EXAMPLES) >= 5


@pytest.mark.parametrize(("command", "expected", "code"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_readme_example_prints_what_the_readme_shows(
    command: str, expected: str, code: int | None, cocreate_cmd, tmp_path: Path, request
) -> None:
    args: list[str] = []
    for arg in shlex.split(command)[1:]:  # expand globs as a shell would
        args += sorted(str(p.relative_to(ROOT)) for p in ROOT.glob(arg)) if "*" in arg else [arg]
    cwd = ROOT
    if "bad.cocreate" in args:
        _bad_level(tmp_path)
        cwd = tmp_path
    if args[0] == "import":  # the map, from the corpus of real maps, in a folder of its own
        corpus: Path = request.getfixturevalue("corpus")
        for kind in ("ldtk", "tiled"):
            shutil.copytree(corpus / kind, tmp_path / kind)
        cwd = tmp_path / ("ldtk" if args[1].endswith(".ldtk") else "tiled")
    ran = cocreate_cmd(*args, cwd=cwd)
    assert ran.out + ran.err == expected
    if code is not None:
        assert ran.code == code
