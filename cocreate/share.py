"""The sync client's commands: ``login``, ``logout``, ``whoami``, ``push``, ``pull``, ``remix``,
``sync``.

- ``cocreate login [--server URL] [--user NAME] [--register] [--password-stdin | --token-stdin]``
  signs in (the password is asked for, or read from stdin when it is not a terminal, and then
  ``--user`` is needed; with ``--register`` a new account is made first, its password asked
  twice) and keeps the token in the user config dir. An empty password is never sent.
- ``cocreate push FILE... [--replay R]`` uploads (a level with ``NAME.replay.cocreate`` beside it,
  or the replay named) and prints each creation's page, ``SERVER/c/ID``.
- ``cocreate pull ID|URL [-o DIR] [--revision N]`` downloads, checks the digest, writes atomically.
- ``cocreate remix ID|URL [-o FILE] [--revision N]`` makes a new creation of yours from it, ready
  to edit.
- ``cocreate sync [DIR]`` pushes what changed here and pulls what changed in the gallery.

``ID|URL`` is an id, a page URL (``SERVER/c/ID``, ``?revision=N`` too) or an API URL
(``SERVER/api/v1/creations/ID``); anything else is a usage error (exit 2). Large transfers show a
progress bar on stderr when it is a terminal (``share/client/progress.py``).

A file changed here and in the gallery is never overwritten: the gallery's revision is saved
beside it (``NAME.rev-N.cocreate``; ``push`` skips such a copy) and the command exits 1.
Offline: one line, exit 1, nothing changed. The gallery is ``--server``, else
``$COCREATE_SERVER``, else the last signed in to.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from share.client.api import Gallery
    from share.client.refs import Ref
    from share.client.sync import Report

MIN_PASSWORD = 8
"""The gallery's rules for a new account (``docs/api.md``), checked here too so that a typo
costs no round trip and gets a plain message."""
_NAME = re.compile(r"[A-Za-z0-9_.-]{2,32}")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    name = parser.prog.split()[-1]
    parser.add_argument("--server", metavar="URL", help="the gallery (default: $COCREATE_SERVER)")
    if name == "login":
        parser.add_argument("--user", metavar="NAME", help="your user name (else asked for)")
        parser.add_argument(
            "--register", action="store_true", help="make a new account first, then sign in"
        )
        given = parser.add_mutually_exclusive_group()
        given.add_argument(
            "--password-stdin", action="store_true", help="read the password from stdin"
        )
        given.add_argument(
            "--token-stdin", action="store_true", help="read an API token from stdin instead"
        )
    elif name == "push":
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument(
            "--replay",
            metavar="R",
            help="the replay that clears the level (default: NAME.replay.cocreate beside it)",
        )
    elif name in ("pull", "remix"):
        parser.add_argument(
            "ref",
            metavar="ID|URL",
            help="an id, its page SERVER/c/ID or SERVER/api/v1/creations/ID",
        )
        if name == "pull":
            parser.add_argument("-o", dest="out", metavar="DIR", default=".", help="folder")
        else:
            parser.add_argument("-o", dest="out", metavar="FILE", help="where to write the remix")
        parser.add_argument("--revision", type=int, metavar="N", help="not the latest")
    elif name == "sync":
        parser.add_argument("folder", nargs="?", default=".", metavar="DIR")


def run(args: argparse.Namespace) -> int:
    from cocreate.reading import report
    from engine.errors import CocreateError
    from share.client.refs import UsageError

    try:
        return _COMMANDS[args.command](args)
    except CocreateError as exc:
        return report(exc, also_usage=(UsageError,))


def _open(
    args: argparse.Namespace, server: str | None = None, *, warn_refused: bool = True
) -> tuple[Gallery, str]:
    """A client of the chosen gallery, signed in when this machine has its token; and the user.
    ``warn_refused``: warn when the gallery refuses the token on a read (see ``Gallery``)."""
    from share.client import config
    from share.client.api import Gallery
    from share.client.progress import bar

    cfg = config.load()
    url = cfg.gallery(server or args.server)
    account = cfg.account(url)
    token = account.token if account else None
    gallery = Gallery(url, token, progress=bar, warn_refused=warn_refused)
    return gallery, account.user if account else ""


def _ref(args: argparse.Namespace) -> Ref:
    """The creation named by ``args.ref``, with ``--revision`` (which must agree with a URL's)."""
    from share.client.refs import Ref, UsageError, parse

    ref = parse(args.ref)
    wanted = getattr(args, "revision", None)
    if wanted is not None:
        if wanted < 1:
            raise UsageError(f"--revision {wanted}: revisions count from 1")
        if ref.revision not in (None, wanted):
            raise UsageError(f"--revision {wanted}: the URL names revision {ref.revision}")
        ref = Ref(ref.id, ref.server, wanted)
    if ref.server is not None and args.server:
        from share.client.config import normalize

        if normalize(args.server) != ref.server:
            raise UsageError(f"{args.ref}: is in the gallery at {ref.server}, not --server")
    return ref


def _show(report: Report) -> int:
    for line in report.done:
        print(line)
    for line in report.problems:
        print(line, file=sys.stderr)
    return report.code


def _login(args: argparse.Namespace) -> int:
    import socket

    from engine.errors import ServerError, ShareError
    from share.client import config
    from share.client.api import Gallery
    from share.client.refs import UsageError

    cfg = config.load()
    url = cfg.gallery(args.server)
    with Gallery(url) as anon:
        if args.token_stdin:
            if args.register:
                raise UsageError("--register makes an account with a password, not a token")
            token = sys.stdin.readline().strip()
            if not token:
                raise UsageError("no token on stdin: pipe it in (… | cocreate login --token-stdin)")
            with Gallery(url, token) as signed:
                user = signed.me()
        else:
            user = _user(args)
            if args.register and not _NAME.fullmatch(user):
                raise ShareError(
                    "a user name is 2 to 32 of the letters A-Z a-z, digits 0-9 and _ . -"
                )
            password = _password(args, twice=args.register)
            if args.register:
                anon.register(user, password)
                print(f"made the account {user} at {url}")
            try:
                token = anon.sign_in(user, password, f"cocreate on {socket.gethostname()}")
            except ServerError as exc:
                if exc.status != 401 or args.register:
                    raise
                hint = f"{exc} (new here? cocreate login --register makes an account)"
                raise ServerError(401, [hint]) from exc
    cfg.server = url
    cfg.accounts[url] = config.Account(token=token, user=user)
    where = config.save(cfg)
    print(f"signed in to {url} as {user} (token kept in {where})")
    return 0


_PIPED = "cocreate login --user NAME --password-stdin"


def _user(args: argparse.Namespace) -> str:
    """The user name: ``--user``, else asked for on a terminal (a usage error, exit 2, when
    stdin is not one, or nothing is typed)."""
    from share.client.refs import UsageError

    if args.user:
        return str(args.user)
    missing = UsageError(f"no user name: pass --user NAME (the password on stdin: … | {_PIPED})")
    if not sys.stdin.isatty():
        raise missing
    try:
        user = input("user: ").strip()
    except EOFError:
        user = ""
    if not user:
        raise missing
    return user


def _password(args: argparse.Namespace, *, twice: bool) -> str:
    """The password: from stdin's first line (``--password-stdin``, or stdin is not a terminal),
    else asked for (twice for a new account); a new one is checked as the gallery would. An
    empty one is a usage error (exit 2): it is never sent."""
    from engine.errors import ShareError
    from share.client.refs import UsageError

    if args.password_stdin or not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise UsageError(f"no password on stdin: pipe it in (… | {_PIPED})")
    else:
        import getpass

        try:
            password = getpass.getpass("password: ")
            if twice and getpass.getpass("password again: ") != password:
                raise ShareError("the two passwords differ: nothing was changed")
        except EOFError:
            password = ""
        if not password:
            raise UsageError("no password given: nothing was sent")
    if twice and len(password) < MIN_PASSWORD:
        raise ShareError(f"a password has at least {MIN_PASSWORD} characters")
    return password


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
    from share.client.refs import UsageError
    from share.client.sync import Client, Report

    gallery, user = _open(args, warn_refused=False)  # a refused token: said once, per file
    report = Report()
    with gallery:
        if not user:
            raise ShareError(f"sign in first: cocreate login --server {gallery.server}")
        client = Client(gallery, user)
        for name in [*args.files, *([args.replay] if args.replay else [])]:
            path = Path(name)
            if not path.is_file():
                problem = "no such file" if not path.exists() else "is not a file"
                raise FileAccessError(problem, source=name)
        if args.replay:
            if len(args.files) != 1:
                raise UsageError("--replay names the replay of one level: push one FILE with it")
            client.replays[Path(args.files[0])] = Path(args.replay)
        for name in _levels_first(args.files):
            path = Path(name)
            folder = state.load(path.parent)
            try:
                client.push(path, folder, report)
            except CocreateError as exc:
                report.problems.extend(exc.lines())
            folder.save()
    return _show(report)


def _levels_first(names: list[str]) -> list[str]:
    """The files to push: ``names`` less each replay (``NAME.replay.cocreate``) whose level
    ``NAME.cocreate`` is beside it, as ``push *.cocreate`` names them: it travels with its level.
    A replay without its level stays, for push to say what to push instead."""
    from share.client.sync import REPLAY_SUFFIX, SUFFIX

    def goes_with_a_level(name: str) -> bool:
        if not name.endswith(REPLAY_SUFFIX):
            return False
        return Path(name[: -len(REPLAY_SUFFIX)] + SUFFIX).is_file()

    return [name for name in names if not goes_with_a_level(name)]


def _out_folder(name: str) -> Path:
    """The folder ``pull -o`` writes to; a file there is a usage error (exit 2)."""
    from engine.errors import FileAccessError

    out = Path(name)
    if out.exists() and not out.is_dir():
        raise FileAccessError("is a file: -o names the folder to pull into", source=name)
    return out


def _make_folder(out: Path) -> None:
    """Make ``out`` (and its parents) when it is not there, as ``curl --create-dirs`` and
    ``git clone`` do: only once the gallery has the creation, so a typo leaves nothing."""
    from engine.errors import FileAccessError

    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        problem = f"cannot make the folder: {exc.strerror or exc}"
        raise FileAccessError(problem, source=str(out)) from exc


def _pull(args: argparse.Namespace) -> int:
    from engine.errors import ShareError
    from share.client import state
    from share.client.sync import Client, Report

    ref = _ref(args)
    out = _out_folder(args.out)
    gallery, user = _open(args, ref.server)
    report = Report()
    with gallery:
        remote = gallery.creation(ref.id)
        if remote is None:
            raise ShareError(f"no creation {ref.id} in the gallery at {gallery.server}")
        _make_folder(out)
        folder = state.load(out)
        client = Client(gallery, user)
        client.pull(ref.id, folder, report, revision=ref.revision, remote=remote)
        folder.save()
    return _show(report)


def _remix(args: argparse.Namespace) -> int:
    from engine import codec
    from engine.errors import ShareError, shown
    from engine.fileio import write_atomic
    from share.client.names import slug
    from share.client.remixes import remix, remix_replay
    from share.client.sync import REPLAY_SUFFIX, replay_path

    ref = _ref(args)
    ident = ref.id
    gallery, user = _open(args, ref.server)
    with gallery:
        remote = gallery.creation(ident)
        if remote is None:
            raise ShareError(f"no creation {ident} in the gallery at {gallery.server}")
        revision = ref.revision or remote.revision
        data = gallery.download(ident, revision)
        original = codec.decode(data, source=ident)
        out = Path(args.out or f"{slug(original.meta.title)}-remix.cocreate")
        if not out.name.endswith(".cocreate") or out.name.endswith(REPLAY_SUFFIX):
            raise ShareError(f"{out}: a creation's name ends in .cocreate")
        if out.exists():
            raise ShareError(f"{out}: is there already: -o names another file")
        new = remix(original, data, author=user)
        replay = b""
        if remote.kind == "level":
            replay = gallery.download(ident, revision, replay=True)
    again = remix_replay(str(replay_path(out)), replay, new)
    if again is not None:
        write_atomic(replay_path(out), again)
    write_atomic(out, codec.encode(new))
    print(
        f"{out}: your remix of '{shown(original.meta.title)}' ({ident} revision {revision}), a new "
        f"creation {new.id}; edit it, then cocreate push {out}"
    )
    return 0


def _sync(args: argparse.Namespace) -> int:
    from engine.errors import FileAccessError
    from share.client import state
    from share.client.sync import Client, Report

    folder = Path(args.folder)
    if not folder.is_dir():
        raise FileAccessError("is not a folder", source=args.folder)
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
