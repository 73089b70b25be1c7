"""The sync client's commands: ``login``, ``logout``, ``whoami``, ``push``, ``pull``, ``remix``,
``sync``.

- ``cocreate login [--server URL] [--user NAME] [--token-stdin]`` signs in (the password is asked
  for, or read from stdin when it is not a terminal) and keeps the token in the user config dir.
- ``cocreate push FILE...`` uploads (a level with ``NAME.replay.cocreate`` beside it).
- ``cocreate pull ID|URL [-o DIR] [--revision N]`` downloads, checks the digest, writes atomically.
- ``cocreate remix ID|URL [-o FILE]`` makes a new creation of yours from it, ready to edit.
- ``cocreate sync [DIR]`` pushes what changed here and pulls what changed in the gallery.

A file changed here and in the gallery is never overwritten: the gallery's revision is saved
beside it (``NAME.rev-N.cocreate``) and the command exits 1. Offline: one line, exit 1, nothing
changed. The gallery is ``--server``, else ``$COCREATE_SERVER``, else the last signed in to.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from share.client.api import Gallery
    from share.client.sync import Report


def add_arguments(parser: argparse.ArgumentParser) -> None:
    name = parser.prog.split()[-1]
    parser.add_argument("--server", metavar="URL", help="the gallery (default: $COCREATE_SERVER)")
    if name == "login":
        parser.add_argument("--user", metavar="NAME", help="your user name (else asked for)")
        parser.add_argument(
            "--token-stdin", action="store_true", help="read an API token from stdin instead"
        )
    elif name == "push":
        parser.add_argument("files", nargs="+", metavar="FILE")
    elif name in ("pull", "remix"):
        parser.add_argument("ref", metavar="ID|URL")
        if name == "pull":
            parser.add_argument("-o", dest="out", metavar="DIR", default=".", help="folder")
            parser.add_argument("--revision", type=int, metavar="N", help="not the latest")
        else:
            parser.add_argument("-o", dest="out", metavar="FILE", help="where to write the remix")
    elif name == "sync":
        parser.add_argument("folder", nargs="?", default=".", metavar="DIR")


def run(args: argparse.Namespace) -> int:
    from cocreate.reading import report
    from engine.errors import CocreateError

    try:
        return _COMMANDS[args.command](args)
    except CocreateError as exc:
        return report(exc)


def _open(args: argparse.Namespace, server: str | None = None) -> tuple[Gallery, str]:
    """A client of the chosen gallery, signed in when this machine has its token; and the user."""
    from share.client import config
    from share.client.api import Gallery

    cfg = config.load()
    url = cfg.gallery(server or args.server)
    account = cfg.account(url)
    return Gallery(url, account.token if account else None), account.user if account else ""


def _show(report: Report) -> int:
    for line in report.done:
        print(line)
    for line in report.problems:
        print(line, file=sys.stderr)
    return report.code


def _login(args: argparse.Namespace) -> int:
    import socket

    from share.client import config
    from share.client.api import Gallery

    cfg = config.load()
    url = cfg.gallery(args.server)
    with Gallery(url) as anon:
        if args.token_stdin:
            token = sys.stdin.readline().strip()
            with Gallery(url, token) as signed:
                user = signed.me()
        else:
            user = args.user or input("user: ").strip()
            if sys.stdin.isatty():
                import getpass

                password = getpass.getpass("password: ")
            else:
                password = sys.stdin.readline().rstrip("\n")
            token = anon.sign_in(user, password, f"cocreate on {socket.gethostname()}")
    cfg.server = url
    cfg.accounts[url] = config.Account(token=token, user=user)
    where = config.save(cfg)
    print(f"signed in to {url} as {user} (token kept in {where})")
    return 0


def _logout(args: argparse.Namespace) -> int:
    from engine.errors import ShareError
    from share.client import config
    from share.client.api import Gallery

    cfg = config.load()
    url = cfg.gallery(args.server)
    account = cfg.accounts.pop(url, None)
    if account is None:
        print(f"not signed in to {url}")
        return 0
    note = ""
    try:
        with Gallery(url, account.token) as gallery:
            gallery.revoke(account.token)
    except ShareError as exc:
        note = f" (the token could not be revoked: {exc})"
    config.save(cfg)
    print(f"signed out of {url}{note}")
    return 0


def _whoami(args: argparse.Namespace) -> int:
    gallery, user = _open(args)
    with gallery:
        if not user:
            print(f"not signed in to {gallery.server} (cocreate login)", file=sys.stderr)
            return 1
        print(f"{gallery.me()} at {gallery.server}")
    return 0


def _push(args: argparse.Namespace) -> int:
    from engine.errors import CocreateError, FileAccessError, ShareError
    from share.client import state
    from share.client.sync import Client, Report

    gallery, user = _open(args)
    report = Report()
    with gallery:
        if not user:
            raise ShareError(f"sign in first: cocreate login --server {gallery.server}")
        client = Client(gallery, user)
        for name in args.files:
            path = Path(name)
            if not path.is_file():
                problem = "no such file" if not path.exists() else "is not a file"
                raise FileAccessError(problem, source=name)
            folder = state.load(path.parent)
            try:
                client.push(path, folder, report)
            except CocreateError as exc:
                report.problems.extend(exc.lines())
            folder.save()
    return _show(report)


def _pull(args: argparse.Namespace) -> int:
    from engine.errors import ShareError
    from share.client import state
    from share.client.sync import Client, Report, parse_ref

    ident, server = parse_ref(args.ref)
    out = Path(args.out)
    if not out.is_dir():
        raise ShareError(f"{args.out}: is not a folder")
    gallery, user = _open(args, server)
    report = Report()
    with gallery:
        folder = state.load(out)
        Client(gallery, user).pull(ident, folder, report, revision=args.revision)
        folder.save()
    return _show(report)


def _remix(args: argparse.Namespace) -> int:
    from engine import codec
    from engine.errors import ShareError
    from engine.fileio import write_atomic
    from share.client.sync import REPLAY_SUFFIX, parse_ref, remix, remix_replay, replay_path

    ident, server = parse_ref(args.ref)
    gallery, user = _open(args, server)
    with gallery:
        remote = gallery.creation(ident)
        if remote is None:
            raise ShareError(f"no creation {ident} in the gallery at {gallery.server}")
        data = gallery.download(ident, remote.revision)
        original = codec.decode(data, source=ident)
        out = Path(args.out or f"{_slug(remote.title)}-remix.cocreate")
        if not out.name.endswith(".cocreate") or out.name.endswith(REPLAY_SUFFIX):
            raise ShareError(f"{out}: a creation's name ends in .cocreate")
        if out.exists():
            raise ShareError(f"{out}: is there already: -o names another file")
        new = remix(original, data, author=user)
        replay = b""
        if remote.kind == "level":
            replay = gallery.download(ident, remote.revision, replay=True)
    again = remix_replay(out, original, replay, new)
    if again is not None:
        write_atomic(replay_path(out), again)
    write_atomic(out, codec.encode(new))
    print(
        f"{out}: your remix of {remote.title!r} ({ident} revision {remote.revision}), a new "
        f"creation {new.id}; edit it, then cocreate push {out}"
    )
    return 0


def _slug(title: str) -> str:
    import re

    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60] or "creation"


def _sync(args: argparse.Namespace) -> int:
    from engine.errors import ShareError
    from share.client import state
    from share.client.sync import Client, Report

    folder = Path(args.folder)
    if not folder.is_dir():
        raise ShareError(f"{args.folder}: is not a folder")
    gallery, user = _open(args)
    report = Report()
    with gallery:
        sync_state = state.load(folder)
        try:
            Client(gallery, user).sync(sync_state, report)
        finally:
            sync_state.save()
    return _show(report)


_COMMANDS = {
    "login": _login,
    "logout": _logout,
    "whoami": _whoami,
    "push": _push,
    "pull": _pull,
    "remix": _remix,
    "sync": _sync,
}
