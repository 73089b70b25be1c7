"""Where the gallery keeps its data and what it allows, read once from the environment.

``COCREATE_DATA_DIR`` (default: the platformdirs user data dir) holds the SQLite database and the
blob folder; ``COCREATE_DATABASE_URL`` names another database (PostgreSQL:
``postgresql+psycopg://USER:PASS@HOST:PORT/DB``). ``COCREATE_RATE_PER_ADDRESS``,
``COCREATE_RATE_PER_ACCOUNT`` and ``COCREATE_RATE_WINDOW`` set the request rate limits;
``COCREATE_TRUSTED_PROXIES`` (comma-separated IPs) names the reverse proxies whose
``X-Forwarded-For`` gives the client's address (default: none, the header is ignored).
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path

from engine import limits

MIB = 1024 * 1024


def default_data_dir() -> Path:
    """``$COCREATE_DATA_DIR``, else the user data dir (``~/.local/share/cocreate`` on Linux)."""
    env = os.environ.get("COCREATE_DATA_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("cocreate", appauthor=False))


def parse_proxies(text: str) -> frozenset[str]:
    """``COCREATE_TRUSTED_PROXIES``: comma-separated IP addresses, each in its normal form;
    ValueError naming the one that is not an address."""
    proxies = set()
    for item in filter(None, (p.strip() for p in text.split(","))):
        try:
            proxies.add(str(ipaddress.ip_address(item)))
        except ValueError as exc:
            raise ValueError(f"COCREATE_TRUSTED_PROXIES: {item!r} is not an IP address") from exc
    return frozenset(proxies)


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str = ""
    """Empty: a SQLite file ``gallery.sqlite3`` in ``data_dir`` (WAL mode)."""
    max_upload_bytes: int = limits.MAX_FILE_BYTES + MIB
    """The largest request body an upload may have (the file, its replay and the form)."""
    check_workers: int = 2
    """Worker processes for clear checks and validation."""
    check_seconds: float = 60.0
    """Time budget of one check; past it the worker is replaced and the upload refused."""
    check_memory_bytes: int = 2048 * MIB
    """Address-space budget of a worker process."""
    reports_to_requeue: int = 3
    """Reports from this many people send a published creation back to the moderation queue."""
    rate_per_address: int = 1200
    """Requests one address may make per ``rate_window`` (a burst of up to this many); 0: any."""
    rate_per_account: int = 600
    """Requests one signed-in account may make per ``rate_window``, from anywhere; 0: any."""
    rate_window: float = 60.0
    """Seconds over which the rate limits count (``COCREATE_RATE_*`` set them)."""
    trusted_proxies: frozenset[str] = frozenset()
    """Addresses of reverse proxies in front of the gallery: only a request from one of these
    has its ``X-Forwarded-For`` believed (for the per-address limit); empty: never."""
    argon2_time_cost: int = 3
    argon2_memory_kib: int = 65536
    """Cost of hashing a new password (argon2id); checks use the cost stored in the hash."""

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        data_dir = default_data_dir()
        url = os.environ.get("COCREATE_DATABASE_URL", "")
        values: dict[str, object] = {"data_dir": data_dir, "database_url": url}
        for name, kind in (
            ("rate_per_address", int),
            ("rate_per_account", int),
            ("rate_window", float),
        ):
            raw = os.environ.get(f"COCREATE_{name.upper()}")
            if raw:
                values[name] = kind(raw)
        proxies = os.environ.get("COCREATE_TRUSTED_PROXIES", "")
        values["trusted_proxies"] = parse_proxies(proxies)
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]

    @property
    def url(self) -> str:
        """The SQLAlchemy URL of the database."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'gallery.sqlite3'}"

    @property
    def blob_dir(self) -> Path:
        return self.data_dir / "blobs"
