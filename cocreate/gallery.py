"""``cocreate gallery serve|admin``: run or administer the community gallery.

- ``cocreate gallery serve [--host 127.0.0.1] [--port 8000]`` runs it with uvicorn.
- ``cocreate gallery admin migrate`` upgrades the database schema to this cocreate's.
- ``cocreate gallery admin create-admin NAME [--role moderator]`` makes an account (the password
  comes from ``COCREATE_ADMIN_PASSWORD``, else is asked for, else a new one is printed), or gives
  an existing account that role.
- ``cocreate gallery admin seed DIR`` adds the creations in DIR (levels with their replays).
- ``cocreate gallery admin sweep [--grace-hours 24] [--dry-run]`` removes the stored blobs that
  nothing names any more (beaten clear runs' replays, files of uploads that never committed);
  safe while the gallery serves (run it from cron).

The data dir is ``$COCREATE_DATA_DIR`` (else the user data dir); ``$COCREATE_DATABASE_URL``
names another database.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    subs = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    serve = subs.add_parser("serve", help="run the gallery (HTTP API at /api/v1, docs at /docs)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on")
    admin = subs.add_parser("admin", help="migrate, create admins and moderators, seed, sweep")
    tasks = admin.add_subparsers(dest="task", metavar="TASK", required=True)
    tasks.add_parser("migrate", help="upgrade the database schema to this cocreate's")
    create = tasks.add_parser("create-admin", help="make an admin (or moderator) account")
    create.add_argument("name", metavar="NAME")
    create.add_argument("--role", choices=["admin", "moderator"], default="admin")
    seed = tasks.add_parser("seed", help="add the creations in a folder (levels with replays)")
    seed.add_argument("folder", metavar="DIR")
    sweep = tasks.add_parser("sweep", help="remove stored blobs nothing names any more")
    sweep.add_argument(
        "--grace-hours",
        type=_hours,
        default=24.0,
        metavar="H",
        help="leave blobs stored in the last H hours (default 24)",
    )
    sweep.add_argument("--dry-run", action="store_true", help="only say what would be removed")


def _hours(text: str) -> float:
    try:
        hours = float(text)
    except ValueError:
        hours = -1.0
    if not 0 <= hours < 1e6:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of hours from 0")
    return hours


def run(args: argparse.Namespace) -> int:
    from share.gallery.errors import SchemaBehind
    from share.gallery.settings import Settings

    settings = Settings.from_env()
    try:
        if args.action == "serve":
            return _serve(settings, args.host, args.port)
        if args.task == "migrate":
            return _migrate(settings)
        if args.task == "create-admin":
            return _create_admin(settings, args.name, args.role)
        if args.task == "sweep":
            return _sweep(settings, args.grace_hours, dry_run=args.dry_run)
        return _seed(settings, args.folder)
    except SchemaBehind as exc:
        print(f"cocreate gallery: {exc}", file=sys.stderr)
        return 1


def _port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds it
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def _serve(settings: object, host: str, port: int) -> int:
    import uvicorn

    from share.gallery.app import create_app
    from share.gallery.settings import Settings

    assert isinstance(settings, Settings)
    if not _port_free(host, port):
        print(
            f"cocreate gallery: {host}:{port} is in use (is a gallery running already?): "
            "--port N picks another",
            file=sys.stderr,
        )
        return 1
    app = create_app(settings)
    shown = f"[{host}]" if ":" in host else host
    print(
        f"cocreate gallery at http://{shown}:{port}/ (API docs at /docs), data in "
        f"{settings.data_dir}; Ctrl+C stops it",
        flush=True,
    )
    # the gallery reads X-Forwarded-For itself, from COCREATE_TRUSTED_PROXIES only
    uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=False)
    return 0


def _migrate(settings: object) -> int:
    from share.gallery.db import make_engine, migrate
    from share.gallery.settings import Settings

    assert isinstance(settings, Settings)
    engine = make_engine(settings.url)
    before, after = migrate(engine)
    engine.dispose()
    if before == after:
        print(f"the gallery database is up to date (schema {after})")
    else:
        print(f"migrated the gallery database from schema {before or 'none'} to {after}")
    return 0


def _create_admin(settings: object, name: str, role: str) -> int:
    from fastapi import HTTPException

    from share.gallery import crud
    from share.gallery.context import Gallery
    from share.gallery.models import Audit
    from share.gallery.settings import Settings

    assert isinstance(settings, Settings)
    gallery = Gallery.open(settings)
    try:
        with gallery.sessions() as session:
            user = crud.user_by_name(session, name)
            if user is not None:
                session.add(
                    Audit(
                        action="role",
                        target_user_pk=user.pk,
                        from_state=user.role,
                        to_state=role,
                        reason="cocreate gallery admin create-admin",
                    )
                )
                user.role = role
                session.commit()
                print(f"{user.name} is now a {role}")
                return 0
            password, shown = _password()
            try:
                crud.create_user(
                    session, gallery.passwords, name=name, password=password, role=role
                )
            except HTTPException as exc:
                print(f"cocreate gallery: {exc.detail}", file=sys.stderr)
                return 1
            print(f"made {role} {name}" + (f" with password {password}" if shown else ""))
            return 0
    finally:
        gallery.close()


def _password() -> tuple[str, bool]:
    """The new account's password, and whether it was made here (and must be shown)."""
    env = os.environ.get("COCREATE_ADMIN_PASSWORD")
    if env:
        return env, False
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass("password: "), False
    import secrets

    return secrets.token_urlsafe(12), True


def _seed(settings: object, folder: str) -> int:
    from pathlib import Path

    from share.gallery.context import Gallery
    from share.gallery.seed import seed
    from share.gallery.settings import Settings

    assert isinstance(settings, Settings)
    path = Path(folder)
    if not path.is_dir():
        print(f"{folder}: is not a folder", file=sys.stderr)
        return 2
    gallery = Gallery.open(settings)
    try:
        result = seed(gallery, path)
    finally:
        gallery.close()
    for line in result.added + result.kept:
        print(line)
    for line in result.refused:
        print(line, file=sys.stderr)
    return 1 if result.refused else 0


def _sweep(settings: object, hours: float, *, dry_run: bool) -> int:
    import datetime as dt

    from share.gallery.context import Gallery
    from share.gallery.settings import Settings
    from share.gallery.sweep import sweep

    assert isinstance(settings, Settings)
    gallery = Gallery.open(settings)
    try:
        with gallery.sessions() as session:
            swept = sweep(session, gallery.blobs, grace=dt.timedelta(hours=hours), dry_run=dry_run)
    finally:
        gallery.close()
    verb = "would remove" if dry_run else "removed"
    print(
        f"{verb} {_count(swept.rows, 'blob')} nothing names ({swept.row_bytes:,} bytes) and "
        f"{_count(swept.files, 'file')} with no row ({swept.file_bytes:,} bytes), "
        f"leaving those stored in the last {hours:g} hours"
    )
    return 0


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"
