"""Imports point down only: ``engine`` needs no UI, HTTP or database; pure modules no pygame.

Each check runs in a fresh interpreter that refuses to import the forbidden packages, then
imports every ``engine`` module (found with ``pkgutil``, without importing a package to list it).
"""

from __future__ import annotations

import importlib.util
import json
import os
from collections.abc import Sequence
from typing import Any

import pytest

from engine import __version__

APP_LAYERS = ["pygame_gui", "fastapi", "starlette", "httpx", "sqlalchemy", "alembic", "uvicorn"]
DRAWING = "engine.render"  # the only part of engine that may import pygame

IMPORT_ALL = r"""
import importlib, json, pkgutil, sys, traceback

blocked = set(sys.argv[1].split(","))
skip = tuple(p for p in sys.argv[2].split(",") if p)


class Blocker:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in blocked:
            raise ImportError(f"{name} is blocked in this test")
        return None


sys.meta_path.insert(0, Blocker())
import engine


def walk(path, prefix):
    for info in pkgutil.iter_modules(path, prefix):
        if info.name.startswith(skip):
            continue
        yield info.name
        if info.ispkg:
            yield from walk([info.module_finder.path + "/" + info.name.rpartition(".")[2]],
                            info.name + ".")


found, failed = ["engine"], {}
for name in walk(engine.__path__, "engine."):
    found.append(name)
    try:
        importlib.import_module(name)
    except BaseException as exc:
        failed[name] = "".join(traceback.format_exception_only(exc)).strip()
leaked = sorted(m for m in sys.modules if m.partition(".")[0] in blocked)
print(json.dumps({"found": found, "failed": failed, "leaked": leaked}))
"""


def _import_all(python_cmd, blocked: list[str], skip: Sequence[str] = ()) -> dict[str, Any]:
    ran = python_cmd("-c", IMPORT_ALL, ",".join(blocked), ",".join(skip))
    assert ran.code == 0, ran.err
    result: dict[str, Any] = json.loads(ran.out.splitlines()[-1])  # pygame may print a banner
    return result


def test_engine_imports_without_ui_http_database_or_pygame(python_cmd):
    got = _import_all(python_cmd, ["pygame", *APP_LAYERS], skip=[DRAWING])
    assert got["failed"] == {}
    assert got["leaked"] == []
    assert {"engine.codec", "engine.fileio", "engine.validation.assets", "engine.starter"} <= set(
        got["found"]
    )
    assert not [m for m in got["found"] if m.startswith(DRAWING)]


def test_engine_render_imports_without_ui_http_or_database(python_cmd):
    if importlib.util.find_spec(DRAWING) is None:
        pytest.skip(f"{DRAWING} does not exist yet")
    if importlib.util.find_spec("pygame") is None:
        assert os.environ.get("CI") != "true", "pygame is not installed"
        pytest.skip("pygame is not installed")
    got = _import_all(python_cmd, APP_LAYERS)
    assert got["failed"] == {}
    assert got["leaked"] == []
    assert DRAWING in got["found"]


def test_the_blocker_does_block(python_cmd):
    """The check above can fail: block something engine needs and see it reported."""
    got = _import_all(python_cmd, ["msgspec"])
    assert got["failed"]["engine.codec"] == "ImportError: msgspec is blocked in this test"


def test_cocreate_cli_imports_only_engine_init(python_cmd):
    code = (
        "import sys\n"
        "import cocreate.cli\n"
        "before = sorted(m for m in sys.modules if m.partition('.')[0] == 'engine')\n"
        "try:\n"
        "    cocreate.cli.main(['--version'])\n"
        "finally:\n"
        "    after = sorted(m for m in sys.modules if m.partition('.')[0] == 'engine')\n"
        "    print(before, after)\n"
    )
    ran = python_cmd("-c", code)
    assert ran == (0, f"cocreate {__version__}\n['engine'] ['engine']\n", ""), ran
