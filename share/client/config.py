"""Where the sync client keeps its settings: the gallery's URL and the API token for each.

``config.json`` in ``$COCREATE_CONFIG_DIR``, else the platformdirs user config dir
(``~/.config/cocreate`` on Linux), readable by its owner only (mode 0600, folder 0700). The
gallery used is ``--server``, else ``$COCREATE_SERVER``, else the last one signed in to, else
``http://127.0.0.1:8000`` (what ``make run`` serves).
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.errors import SaveError, ShareError

DEFAULT_SERVER = "http://127.0.0.1:8000"
FILE_NAME = "config.json"


def config_dir() -> Path:
    env = os.environ.get("COCREATE_CONFIG_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_config_dir("cocreate", appauthor=False))


def normalize(url: str) -> str:
    """``url`` without a trailing slash or ``/api/v1``; ``http://`` added when no scheme.
    :class:`~share.client.refs.UsageError` when it is not an http(s) URL of a host."""
    from urllib.parse import urlsplit

    from share.client.refs import UsageError

    given = url
    url = url.strip().rstrip("/")
    if url.endswith("/api/v1"):
        url = url[: -len("/api/v1")]
    if "://" not in url:
        url = "http://" + url
    try:
        parts = urlsplit(url)
        ok = parts.scheme in ("http", "https") and bool(parts.hostname) and parts.port != 0
    except ValueError:  # a port that is not a number, or out of range
        ok = False
    if not ok or parts.query or parts.fragment:
        raise UsageError(f"{given}: is not a gallery's URL (like http://127.0.0.1:8000)")
    return url


@dataclass
class Account:
    token: str
    user: str


@dataclass
class Config:
    server: str = ""
    """The gallery signed in to last."""
    accounts: dict[str, Account] = field(default_factory=dict)
    """Per gallery URL: the token and the user it signs in as."""

    def gallery(self, override: str | None = None) -> str:
        chosen = override or os.environ.get("COCREATE_SERVER") or self.server or DEFAULT_SERVER
        return normalize(chosen)

    def account(self, server: str) -> Account | None:
        return self.accounts.get(normalize(server))


def path() -> Path:
    return config_dir() / FILE_NAME


def load() -> Config:
    """The saved settings (empty when there are none)."""
    where = path()
    try:
        raw: Any = json.loads(where.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Config()
    except (OSError, ValueError) as exc:
        raise ShareError(f"cannot read the client settings: {exc}", source=str(where)) from exc
    if not isinstance(raw, dict):
        raise ShareError("the client settings are not a JSON object", source=str(where))
    accounts: dict[str, Account] = {}
    for url, acc in (raw.get("accounts") or {}).items():
        if isinstance(acc, dict) and isinstance(acc.get("token"), str):
            accounts[url] = Account(token=acc["token"], user=str(acc.get("user", "")))
    return Config(server=str(raw.get("server") or ""), accounts=accounts)


def save(config: Config) -> Path:
    """Write the settings atomically, readable by their owner only."""
    where = path()
    body = {
        "server": config.server,
        "accounts": {u: {"token": a.token, "user": a.user} for u, a in config.accounts.items()},
    }
    data = (json.dumps(body, indent=2, sort_keys=True) + "\n").encode()
    tmp = ""
    try:
        where.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".config.", suffix=".tmp", dir=where.parent)  # 0600
        try:
            os.write(fd, data)
            os.fchmod(fd, 0o600)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, where)
        tmp = ""
    except OSError as exc:
        raise SaveError(f"cannot save: {exc.strerror or exc}", source=str(where)) from exc
    finally:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return where
