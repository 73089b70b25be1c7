"""The sync client's commands against a real gallery process: what each prints, writes and
leaves alone."""

from __future__ import annotations

import json
import shutil
import stat
import uuid
from pathlib import Path

import httpx

from engine import codec
from engine.document import ReplayDocument
from engine.fileio import load
from tests.share.client.conftest import (
    PASSWORD,
    ROOT,
    GalleryProcess,
    Machine,
    edit_level,
    make_design,
    make_level,
    on_terminal,
)


def _id(path: Path) -> str:
    return load(path).id


def _url(gallery: GalleryProcess, ident: str) -> str:
    """The creation's page: what push prints."""
    return f"{gallery.url}/c/{ident}"


def _api_url(gallery: GalleryProcess, ident: str) -> str:
    return f"{gallery.url}/api/v1/creations/{ident}"


def test_login_keeps_token_owner_only_and_whoami_logout(
    tmp_path: Path, gallery: GalleryProcess
) -> None:
    gallery.register("carol")
    m = Machine(tmp_path, gallery)
    done = m.run("login", "--user", "carol", input=PASSWORD + "\n")
    assert (done.returncode, done.stderr) == (0, "")
    config = m.config / "config.json"
    assert done.stdout == f"signed in to {gallery.url} as carol (token kept in {config})\n"
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    assert stat.S_IMODE(m.config.stat().st_mode) == 0o700
    token = json.loads(config.read_text())["accounts"][gallery.url]["token"]
    assert m.run("whoami").stdout == f"carol at {gallery.url}\n"

    done = m.run("logout")
    assert (done.returncode, done.stdout) == (0, f"signed out of {gallery.url}\n")
    with gallery.api(token) as api:  # revoked on the gallery, not only forgotten here
        assert api.get("/users/me").status_code == 401
    done = m.run("whoami")
    assert (done.returncode, done.stderr) == (
        1,
        f"not signed in to {gallery.url} (cocreate login)\n",
    )


def test_login_with_a_wrong_password_says_so(tmp_path: Path, gallery: GalleryProcess) -> None:
    gallery.register("dave")
    m = Machine(tmp_path, gallery)
    done = m.run("login", "--user", "dave", input="not it at all\n")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        "wrong name or password (new here? cocreate login --register makes an account)\n"
    )
    assert not (m.config / "config.json").exists()


def test_login_register_makes_the_account_then_signs_in(
    tmp_path: Path, gallery: GalleryProcess
) -> None:
    m = Machine(tmp_path, gallery)
    name = f"n{uuid.uuid4().hex[:10]}"
    done = m.run("login", "--register", "--user", name, "--password-stdin", input=PASSWORD + "\n")
    assert (done.returncode, done.stderr) == (0, "")
    config = m.config / "config.json"
    assert done.stdout == (
        f"made the account {name} at {gallery.url}\n"
        f"signed in to {gallery.url} as {name} (token kept in {config})\n"
    )
    assert m.run("whoami").stdout == f"{name} at {gallery.url}\n"
    with gallery.api() as api:  # the account is real: it signs in through the API too
        r = api.post("/tokens", json={"name": name, "password": PASSWORD})
        assert r.status_code == 201

    # the gallery's own refusal, in one line; the local checks before asking it
    cases = [
        (name, PASSWORD, f"the name '{name}' is taken"),
        (f"x{name}", "short", "a password has at least 8 characters"),
        ("a b", PASSWORD, "a user name is 2 to 32 of the letters A-Z a-z, digits 0-9 and _ . -"),
    ]
    other = Machine(tmp_path / "other", gallery)
    for user, password, said in cases:
        done = other.run("login", "--register", "--user", user, input=password + "\n")
        assert (done.returncode, done.stdout, done.stderr) == (1, "", said + "\n"), user
    assert not (other.config / "config.json").exists()
    done = other.run("login", "--register", "--token-stdin", input="cct_x\n")
    assert (done.returncode, done.stderr) == (
        2,
        "--register makes an account with a password, not a token\n",
    )


def test_login_register_on_a_terminal_asks_the_password_twice(
    tmp_path: Path, gallery: GalleryProcess
) -> None:
    m = Machine(tmp_path, gallery)
    name = f"t{uuid.uuid4().hex[:10]}"
    typo = [("user: ", name), ("password: ", PASSWORD), ("password again: ", "correct horse")]
    done = on_terminal(m, "login", "--register", answers=typo)
    assert done.code == 1
    assert done.terminal.endswith("the two passwords differ: nothing was changed\n")
    with gallery.api() as api:
        assert api.get(f"/users/{name}").status_code == 404
    twice = [("user: ", name), ("password: ", PASSWORD), ("password again: ", PASSWORD)]
    done = on_terminal(m, "login", "--register", answers=twice)
    assert done.code == 0, done.terminal
    assert PASSWORD not in done.terminal  # not echoed
    assert done.terminal.endswith(
        f"made the account {name} at {gallery.url}\n"
        f"signed in to {gallery.url} as {name} (token kept in {m.config / 'config.json'})\n"
    )


def test_push_samples_prints_urls_and_pull_elsewhere_gets_the_same_bytes(
    machines: tuple[Machine, Machine], gallery: GalleryProcess
) -> None:
    a, b = machines
    for name in ("first-steps.cocreate", "first-steps.replay.cocreate", "sunrise-tee.cocreate"):
        shutil.copy(ROOT / "levels" / name, a.home / name)
    before = {p.name: p.read_bytes() for p in a.home.iterdir()}
    level, design = _id(a.home / "first-steps.cocreate"), _id(a.home / "sunrise-tee.cocreate")
    done = a.run("push", "first-steps.cocreate", "sunrise-tee.cocreate")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (
        f"first-steps.cocreate: pushed as revision 1 of {level}: {_url(gallery, level)}\n"
        f"sunrise-tee.cocreate: pushed as revision 1 of {design}: {_url(gallery, design)}\n"
    )
    assert {p.name: p.read_bytes() for p in a.home.iterdir() if p.name in before} == before
    state = json.loads((a.home / ".cocreate-sync.json").read_text())["creations"]
    assert state[level]["revision"] == 1
    assert state[level]["digest"] == codec.digest(before["first-steps.cocreate"])

    done = b.run("pull", _api_url(gallery, level), "-o", str(b.home))
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (
        f"{b.home}/first-steps.cocreate: pulled revision 1 of {level} (First Steps)\n"
    )
    assert (b.home / "first-steps.cocreate").read_bytes() == before["first-steps.cocreate"]
    assert (b.home / "first-steps.replay.cocreate").read_bytes() == before[
        "first-steps.replay.cocreate"
    ]
    done = b.run("pull", design)
    assert (
        done.stdout
        == f"chase-the-sunrise.cocreate: pulled revision 1 of {design} (Chase the Sunrise)\n"
    )
    assert (b.home / "chase-the-sunrise.cocreate").read_bytes() == before["sunrise-tee.cocreate"]


def test_pushing_an_edit_makes_the_next_revision_and_rewrites_the_file_after(
    machines: tuple[Machine, Machine], gallery: GalleryProcess
) -> None:
    a, _ = machines
    path = make_level(a.home)
    ident = _id(path)
    assert a.run("push", "hop.cocreate").returncode == 0
    edit_level(path, "Hop, higher")
    done = a.run("push", "hop.cocreate")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (
        f"hop.cocreate: pushed as revision 2 of {ident}: {_url(gallery, ident)}; "
        "hop.replay.cocreate rewritten for it\n"  # its run, now naming revision 2's bytes
    )
    data = path.read_bytes()
    assert load(path).revision == 2
    with gallery.api() as api:
        got = api.get(f"/creations/{ident}").json()
        assert (got["revision"], got["digest"], got["title"]) == (
            2,
            codec.digest(data),
            "Hop, higher",
        )
    # the replay beside it now names the new bytes
    replay = load(a.home / "hop.replay.cocreate")
    assert isinstance(replay, ReplayDocument)
    assert replay.replay.level_digest == codec.digest(data)
    done = a.run("push", "hop.cocreate")
    assert done.stdout == "hop.cocreate: up to date (revision 2)\n"


def test_a_stale_push_saves_the_gallerys_revision_beside_and_exits_1(
    machines: tuple[Machine, Machine], gallery: GalleryProcess
) -> None:
    a, _ = machines
    other = Machine(a.home.parent.parent / "a2", gallery)  # alice's second machine
    other.login(a.user)
    path = make_level(a.home)
    ident = _id(path)
    assert a.run("push", "hop.cocreate").returncode == 0
    assert other.run("pull", ident).returncode == 0
    edit_level(path, "Hop from the laptop")
    assert a.run("push", "hop.cocreate").returncode == 0
    theirs = path.read_bytes()

    mine = edit_level(other.home / "hop.cocreate", "Hop from the desktop")
    done = other.run("push", "hop.cocreate")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        "hop.cocreate: changed here and in the gallery (revision 2): saved the gallery's as "
        "hop.rev-2.cocreate beside it; bring what you want from it into hop.cocreate and push "
        "again (it becomes revision 3)\n"
    )
    assert (other.home / "hop.cocreate").read_bytes() == mine
    assert (other.home / "hop.rev-2.cocreate").read_bytes() == theirs
    assert (other.home / "hop.rev-2.replay.cocreate").is_file()
    with gallery.api() as api:
        assert api.get(f"/creations/{ident}").json()["revision"] == 2

    # merged (here: kept the desktop's edit): the next push builds on revision 2
    done = other.run("push", "hop.cocreate")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith(f"hop.cocreate: pushed as revision 3 of {ident}: ")


def test_remix_names_the_original_as_parent_and_pushes_as_a_new_creation(
    machines: tuple[Machine, Machine], gallery: GalleryProcess
) -> None:
    a, b = machines
    path = make_level(a.home, title="Original")
    ident = _id(path)
    digest = codec.digest(path.read_bytes())
    assert a.run("push", "hop.cocreate").returncode == 0
    done = b.run("remix", ident, "-o", "mine.cocreate")
    assert done.returncode == 0, done.stderr
    doc = load(b.home / "mine.cocreate")
    assert done.stdout == (
        f"mine.cocreate: your remix of 'Original' ({ident} revision 1), a new creation "
        f"{doc.id}; edit it, then cocreate push mine.cocreate\n"
    )
    assert doc.id != ident
    assert [(p.id, p.revision, p.digest) for p in doc.meta.parents] == [(ident, 1, digest)]
    assert doc.meta.author == b.user
    assert doc.meta.title == "Original (remix)"  # told apart from the original on the cards
    done = b.run("push", "mine.cocreate")
    assert (done.returncode, done.stderr) == (0, "")
    with gallery.api() as api:
        got = api.get(f"/creations/{doc.id}").json()
    assert (got["owner"], got["parents"]) == (b.user, [{"id": ident, "revision": 1}])
    done = b.run("remix", ident, "-o", "mine.cocreate")
    assert (done.returncode, done.stderr) == (
        1,
        "mine.cocreate: is there already: -o names another file\n",
    )


def test_pushing_someone_elses_edited_file_becomes_a_remix_after_saying_so(
    machines: tuple[Machine, Machine], gallery: GalleryProcess
) -> None:
    a, b = machines
    ident = _id(make_level(a.home))
    assert a.run("push", "hop.cocreate").returncode == 0
    assert b.run("pull", ident).returncode == 0
    edit_level(b.home / "hop.cocreate", "Hop, my way")
    done = b.run("push", "hop.cocreate")
    assert (done.returncode, done.stderr) == (0, "")
    new = _id(b.home / "hop.cocreate")
    assert new != ident
    assert done.stdout == (
        f"hop.cocreate: pushed as revision 1 of {new}: {_url(gallery, new)} (it was {a.user}'s "
        f"creation {ident}: it is now your remix of revision 1, a new creation); "
        "hop.replay.cocreate rewritten for it\n"
    )
    with gallery.api() as api:
        assert api.get(f"/creations/{ident}").json()["revision"] == 1
        assert api.get(f"/creations/{new}").json()["parents"] == [{"id": ident, "revision": 1}]


def test_sync_pushes_changes_here_and_pulls_changes_there(
    machines: tuple[Machine, Machine], gallery: GalleryProcess
) -> None:
    a, _ = machines
    other = Machine(a.home.parent.parent / "a2", gallery)
    other.login(a.user)
    hop = make_level(a.home)
    make_design(a.home)
    done = a.run("sync")
    assert (done.returncode, done.stderr) == (0, "")
    lines = done.stdout.splitlines()
    assert [line.split(": ")[1] for line in lines] == [
        f"pushed as revision 1 of {_id(hop)}",
        f"pushed as revision 1 of {_id(a.home / 'tee.cocreate')}",
        "0 up to date",
    ]
    assert other.run("pull", _id(hop)).returncode == 0
    assert other.run("sync").stdout == ".: 1 up to date\n"

    edit_level(hop, "Hop again")
    done = a.run("sync")
    assert done.stdout.splitlines()[0].startswith("hop.cocreate: pushed as revision 2 of ")
    done = other.run("sync")
    assert (done.returncode, done.stderr) == (0, "")
    assert (
        done.stdout
        == f"hop.cocreate: pulled revision 2 of {_id(hop)} (Hop again)\n.: 0 up to date\n"
    )
    assert (other.home / "hop.cocreate").read_bytes() == hop.read_bytes()
    assert a.run("sync").stdout == ".: 2 up to date\n"


def test_offline_says_one_line_and_changes_nothing(tmp_path: Path) -> None:
    g = GalleryProcess(tmp_path / "data").start()
    try:
        g.register("erin")
        m = Machine(tmp_path / "m", g)
        m.login("erin")
        m.deadline = 0.3
        path = make_level(m.home)
        assert m.run("push", "hop.cocreate").returncode == 0
        edit_level(path, "Hop offline")
    finally:
        g.stop()
    before = {p.name: p.read_bytes() for p in m.home.iterdir()}
    for args in (("push", "hop.cocreate"), ("sync",), ("pull", _id(path))):
        done = m.run(*args)
        assert (done.returncode, done.stdout) == (1, ""), args
        assert done.stderr == (
            f"the gallery at {g.url} cannot be reached: cannot connect; nothing was changed\n"
        )
        assert {p.name: p.read_bytes() for p in m.home.iterdir()} == before


def test_pull_over_a_local_edit_saves_the_gallerys_beside_it(
    machines: tuple[Machine, Machine], gallery: GalleryProcess
) -> None:
    a, _ = machines
    other = Machine(a.home.parent.parent / "a2", gallery)
    other.login(a.user)
    path = make_level(a.home)
    ident = _id(path)
    assert a.run("push", "hop.cocreate").returncode == 0
    assert other.run("pull", ident).returncode == 0
    edit_level(path, "Hop, pushed")
    assert a.run("push", "hop.cocreate").returncode == 0
    mine = edit_level(other.home / "hop.cocreate", "Hop, not pushed")

    done = other.run("pull", ident)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.startswith(
        "hop.cocreate: changed here and in the gallery (revision 2): saved the gallery's as "
        "hop.rev-2.cocreate beside it; "
    )
    assert (other.home / "hop.cocreate").read_bytes() == mine
    assert (other.home / "hop.rev-2.cocreate").read_bytes() == path.read_bytes()


def test_pull_and_remix_take_the_page_url_push_prints_with_a_revision(
    machines: tuple[Machine, Machine], gallery: GalleryProcess, tmp_path: Path
) -> None:
    a, b = machines
    path = make_level(a.home)
    ident = _id(path)
    first = path.read_bytes()
    done = a.run("push", "hop.cocreate")
    page = done.stdout.strip().rpartition(": ")[2]
    assert page == f"{gallery.url}/c/{ident}"
    edit_level(path, "Hop 2")
    assert a.run("push", "hop.cocreate").returncode == 0
    for url, title in ((page, "Hop 2"), (f"{page}?revision=1", "Hop")):  # a page people open
        shown = httpx.get(url, timeout=30)
        assert (shown.status_code, shown.headers["content-type"]) == (
            200,
            "text/html; charset=utf-8",
        )
        assert f"<h1>{title}</h1>" in shown.text or f">{title}<" in shown.text

    b.server = "http://127.0.0.1:9"  # nothing there: the URL names the gallery
    (b.home / "one").mkdir()
    done = b.run("pull", f"{page}?revision=1", "-o", "one")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == f"one/hop.cocreate: pulled revision 1 of {ident} (Hop)\n"
    assert (b.home / "one" / "hop.cocreate").read_bytes() == first
    done = b.run("pull", page)
    assert done.stdout == f"hop-2.cocreate: pulled revision 2 of {ident} (Hop 2)\n"
    assert (b.home / "hop-2.cocreate").read_bytes() == path.read_bytes()

    done = b.run("remix", f"{page}?revision=1", "-o", "mine.cocreate")
    assert (done.returncode, done.stderr) == (0, "")
    assert f"your remix of 'Hop' ({ident} revision 1)" in done.stdout
    parents = load(b.home / "mine.cocreate").meta.parents
    assert [(p.id, p.revision, p.digest) for p in parents] == [(ident, 1, codec.digest(first))]


def test_a_creation_named_otherwise_is_a_one_line_usage_error(
    machines: tuple[Machine, Machine], gallery: GalleryProcess
) -> None:
    _, b = machines
    ident = "6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab"
    said = "give an id, a page URL (SERVER/c/ID) or an API URL (SERVER/api/v1/creations/ID)"
    cases = [
        (("pull", "hop"), f"hop: is not a creation: {said}"),
        (
            ("remix", f"{gallery.url}/x/{ident}"),
            f"{gallery.url}/x/{ident}: is not a creation: {said}",
        ),
        (("pull", f"ftp://h/c/{ident}"), f"ftp://h/c/{ident}: is not a creation: {said}"),
        (
            ("pull", f"{gallery.url}/c/{ident}?revision=0"),
            f"{gallery.url}/c/{ident}?revision=0: revision must be one whole number from 1",
        ),
        (
            ("pull", f"{gallery.url}/c/{ident}?revision=2", "--revision", "3"),
            "--revision 3: the URL names revision 2",
        ),
    ]
    for args, line in cases:
        done = b.run(*args)
        assert (done.returncode, done.stdout, done.stderr) == (2, "", line + "\n"), args
    assert sorted(p.name for p in b.home.iterdir()) == []


def test_push_with_a_named_replay(
    machines: tuple[Machine, Machine], gallery: GalleryProcess
) -> None:
    a, _ = machines
    path = make_level(a.home)
    runs = a.home / "runs"
    runs.mkdir()
    beside = a.home / "hop.replay.cocreate"
    named = runs / "my-best-run.cocreate"
    beside.rename(named)
    done = a.run("push", "hop.cocreate")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        "hop.cocreate: a level is pushed with the replay that clears it: no hop.replay.cocreate "
        "beside it (or name one: cocreate push LEVEL --replay FILE)\n"
    )
    done = a.run("push", "hop.cocreate", "--replay", "runs/my-best-run.cocreate")
    assert (done.returncode, done.stderr) == (0, "")
    ident = _id(path)
    assert done.stdout == f"hop.cocreate: pushed as revision 1 of {ident}: {_url(gallery, ident)}\n"
    with gallery.api() as api:
        got = api.get(f"/creations/{ident}/replay")
        assert got.content == named.read_bytes()
    assert not beside.exists()

    # an edit: the named replay is played again on the new revision and rewritten in place
    edit_level(path, "Hop 2")
    (a.home / "hop.replay.cocreate").rename(named)
    done = a.run("push", "hop.cocreate", "--replay", str(named))
    assert (done.returncode, done.stderr) == (0, "")
    replay = load(named)
    assert isinstance(replay, ReplayDocument)
    assert replay.replay.level_digest == codec.digest(path.read_bytes())
    assert not beside.exists()

    done = a.run("push", "hop.cocreate", "hop.cocreate", "--replay", str(named))
    assert (done.returncode, done.stderr) == (
        2,
        "--replay names the replay of one level: push one FILE with it\n",
    )
    done = a.run("push", "hop.cocreate", "--replay", "runs/none.cocreate")
    assert (done.returncode, done.stderr) == (2, "runs/none.cocreate: no such file\n")


def test_sync_signed_out_pulls_but_pushes_nothing_and_says_why(
    machines: tuple[Machine, Machine], gallery: GalleryProcess, tmp_path: Path
) -> None:
    a, _ = machines
    ident = _id(make_level(a.home))
    assert a.run("push", "hop.cocreate").returncode == 0
    m = Machine(tmp_path / "signed-out", gallery)
    assert m.run("pull", ident).returncode == 0
    mine = make_design(m.home)
    before = mine.read_bytes()
    done = m.run("sync")
    assert (done.returncode, done.stdout) == (1, ".: 1 up to date\n")
    assert done.stderr == (
        f"tee.cocreate: not pushed: sign in first (cocreate login --server {gallery.url})\n"
    )
    assert mine.read_bytes() == before
