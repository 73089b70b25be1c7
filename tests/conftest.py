"""Shared test set-up: no test touches the real user dirs; the real ``cocreate`` command."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

COCREATE = Path(sys.executable).parent / "cocreate"


class Ran(NamedTuple):
    code: int
    out: str
    err: str


@pytest.fixture(scope="session", autouse=True)
def _private_dirs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Point cocreate's data dir (and the XDG dirs) into a temporary folder for every test."""
    root = tmp_path_factory.mktemp("user")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("COCREATE_DATA_DIR", str(root / "data"))
        for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            mp.setenv(var, str(root / var.lower()))
        yield


def subprocess_env() -> dict[str, str]:
    """The environment of a subprocess: ours, minus what would change its output."""
    env = {
        k: v for k, v in os.environ.items() if k not in ("CI", "PYTHONWARNINGS", "PYTHONUNBUFFERED")
    }
    env.update(COLUMNS="100", LINES="40", PYTHONUTF8="1", PYTHONIOENCODING="utf-8")
    return env


def _run(argv: list[str], cwd: Path | None, stdin: str | None) -> Ran:
    done = subprocess.run(
        argv,
        cwd=cwd,
        env=subprocess_env(),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return Ran(done.returncode, done.stdout, done.stderr)


@pytest.fixture
def cocreate_cmd() -> Callable[..., Ran]:
    """``cocreate_cmd("validate", "a.cocreate", cwd=tmp_path)`` → ``(code, out, err)``."""
    assert COCREATE.is_file(), f"{COCREATE} is missing: install the project (make setup)"

    def run(
        *args: str | os.PathLike[str], cwd: Path | None = None, stdin: str | None = None
    ) -> Ran:
        return _run([str(COCREATE), *map(str, args)], cwd, stdin)

    return run


@pytest.fixture
def python_cmd() -> Callable[..., Ran]:
    """``python_cmd("-c", code)``: this interpreter in a subprocess → ``(code, out, err)``."""

    def run(
        *args: str | os.PathLike[str], cwd: Path | None = None, stdin: str | None = None
    ) -> Ran:
        return _run([sys.executable, *map(str, args)], cwd, stdin)

    return run


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The corpus of real Tiled and LDtk maps beside the repository (``../shared/corpus``), or
    where ``COCREATE_CORPUS`` says; without it a test is skipped, except under CI (it fails)."""
    root = Path(
        os.environ.get("COCREATE_CORPUS")
        or Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
    )
    if not (root / "tiled").is_dir() or not (root / "ldtk").is_dir():
        message = f"the map corpus is not at {root} (set COCREATE_CORPUS)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return root
