"""What a QA walk against a real gallery found the sync client doing to a maker's work, each
now kept from happening: another level's replay rewritten, a push that lost a race left with a
contradiction, a file holding another creation or renamed, a conflict's copy pushed, a login
with nothing to read, advice a push then contradicts, a refused token said twice, and file
names of titles in other scripts."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from engine import codec
from engine.errors import shown
from engine.fileio import load
from share.client.names import slug
from tests.share.client.conftest import (
    GalleryProcess,
    Machine,
    edit_level,
    make_level,
)
from tests.share.client.proxy import Proxy


def _state(machine: Machine) -> dict[str, str]:
    """The folder's sync state: creation id → its file."""
    body = json.loads((machine.home / ".cocreate-sync.json").read_text())
    return {ident: entry["file"] for ident, entry in body["creations"].items()}


def _second(machine: Machine, name: str = "a2") -> Machine:
    """The same user's second machine."""
    other = Machine(machine.home.parent.parent / name, machine.gallery)
    other.login(machine.user)
    return other


def _latest(gallery: GalleryProcess, ident: str) -> int:
    with gallery.api() as api:
        return int(api.get(f"/creations/{ident}").json()["revision"])


# -- 1: a replay recorded on another level --------------------------------------------------------


def test_push_with_another_levels_replay_is_refused_and_the_replay_left_as_it_was(
    machines: tuple[Machine, Machine], gallery: GalleryProcess
) -> None:
    a, _ = machines
    hop = make_level(a.home)
    lonely = make_level(a.home, "lonely.cocreate", "Lonely")
    (a.home / "lonely.replay.cocreate").unlink()
    replay = a.home / "hop.replay.cocreate"
    before = replay.read_bytes()
    done = a.run("push", "lonely.cocreate", "--replay", "hop.replay.cocreate")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        f"hop.replay.cocreate: was recorded on another level ({load(hop).id}), not "
        f"lonely.cocreate ({load(lonely).id}): name its own replay, or record one (cocreate "
        "play lonely.cocreate --record lonely.replay.cocreate)\n"
    )
    assert replay.read_bytes() == before
    with gallery.api() as api:
        assert api.get(f"/creations/{load(lonely).id}").status_code == 404
    played = a.run("play", "hop.cocreate", "--headless", "--replay", "hop.replay.cocreate")
    assert played.returncode == 0, played.stderr


# -- 2: two pushes of one creation at once --------------------------------------------------------


def _racing(loser: Machine, winner: Machine, gallery: GalleryProcess) -> Proxy:
    """A proxy that lets ``winner`` push (``winner.run("push", "hop.cocreate")``) just as
    ``loser``'s upload starts: the loser's request is cut and sent again, now after the winner's."""

    def winner_pushes() -> None:
        assert winner.run("push", "hop.cocreate").returncode == 0

    proxy = Proxy(
        gallery.port,
        match=b"POST /api/v1/creations",
        direction="up",
        after=1,
        on_cut=winner_pushes,
        armed=False,
    )
    loser.server = proxy.url
    loser.deadline = 120.0  # its first try waits while the winner pushes
    loser.login(winner.user)
    return proxy


def test_a_new_creation_pushed_from_two_machines_at_once_is_a_conflict_for_the_second(
    machines: tuple[Machine, Machine], gallery: GalleryProcess
) -> None:
    a, _ = machines
    laptop = Machine(a.home.parent.parent / "a2", gallery)
    proxy = _racing(laptop, a, gallery)
    try:
        path = make_level(a.home)
        ident = load(path).id
        for name in ("hop.cocreate", "hop.replay.cocreate"):
            shutil.copy(a.home / name, laptop.home / name)
        mine = edit_level(laptop.home / "hop.cocreate", "Hop from the laptop")
        proxy.armed = True
        done = laptop.run("push", "hop.cocreate")
    finally:
        proxy.close()
    assert proxy.cut.is_set()
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        "hop.cocreate: changed here and in the gallery (revision 1): saved the gallery's as "
        "hop.rev-1.cocreate beside it; bring what you want from it into hop.cocreate and push "
        "again (it becomes revision 2)\n"
    )
    assert (laptop.home / "hop.cocreate").read_bytes() == mine
    assert (laptop.home / "hop.rev-1.cocreate").read_bytes() == path.read_bytes()
    assert _latest(gallery, ident) == 1


def test_a_revision_pushed_from_two_machines_at_once_is_a_conflict_for_the_second(
    machines: tuple[Machine, Machine], gallery: GalleryProcess
) -> None:
    a, _ = machines
    laptop = Machine(a.home.parent.parent / "a2", gallery)
    proxy = _racing(laptop, a, gallery)
    try:
        path = make_level(a.home)
        ident = load(path).id
        assert a.run("push", "hop.cocreate").returncode == 0
        assert laptop.run("pull", ident).returncode == 0
        edit_level(path, "Hop from the desktop")
        mine = edit_level(laptop.home / "hop.cocreate", "Hop from the laptop")
        proxy.armed = True
        done = laptop.run("push", "hop.cocreate")
    finally:
        proxy.close()
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        "hop.cocreate: changed here and in the gallery (revision 2): saved the gallery's as "
        "hop.rev-2.cocreate beside it; bring what you want from it into hop.cocreate and push "
        "again (it becomes revision 3)\n"
    )
    assert (laptop.home / "hop.cocreate").read_bytes() == mine
    assert (laptop.home / "hop.rev-2.cocreate").read_bytes() == path.read_bytes()
    assert _latest(gallery, ident) == 2


# -- 3 and 4: which file holds which creation ----------------------------------------------------


def test_a_file_overwritten_with_a_new_creation_syncs_as_it_from_revision_1(
    machines: tuple[Machine, Machine], gallery: GalleryProcess, tmp_path: Path
) -> None:
    a, _ = machines
    old = load(make_level(a.home)).id
    assert a.run("sync").returncode == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    new = load(make_level(elsewhere, title="Another")).id
    for name in ("hop.cocreate", "hop.replay.cocreate"):
        shutil.copy(elsewhere / name, a.home / name)
    done = a.run("sync")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (
        f"hop.cocreate: now holds creation {new}, not {old}: that one is no longer synced here "
        f"(cocreate pull {old} brings it back)\n"
        f"hop.cocreate: pushed as revision 1 of {new}: {gallery.url}/c/{new}\n"
        ".: 0 up to date\n"
    )
    assert _state(a) == {new: "hop.cocreate"}
    assert _latest(gallery, new) == 1
    assert a.run("sync").stdout == ".: 1 up to date\n"


def test_a_renamed_file_takes_its_sync_state_along_and_two_of_one_creation_are_refused(
    machines: tuple[Machine, Machine], gallery: GalleryProcess
) -> None:
    a, _ = machines
    ident = load(make_level(a.home, "a.cocreate")).id
    assert a.run("sync").returncode == 0
    (a.home / "a.cocreate").rename(a.home / "wave.cocreate")
    (a.home / "a.replay.cocreate").rename(a.home / "wave.replay.cocreate")
    done = a.run("sync")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == "wave.cocreate: was a.cocreate: synced as renamed\n.: 1 up to date\n"
    assert _state(a) == {ident: "wave.cocreate"}

    edit_level(a.home / "wave.cocreate", "Wave")
    done = a.run("sync")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith(f"wave.cocreate: pushed as revision 2 of {ident}: ")

    shutil.copy(a.home / "wave.cocreate", a.home / "copy.cocreate")
    for args in (("sync",), ("push", "copy.cocreate")):
        done = a.run(*args)
        assert done.returncode == 1, args
        assert done.stderr == (
            f"copy.cocreate: is creation {ident}, as wave.cocreate is too: a folder syncs one "
            "file per creation: move one of the two out of it (cocreate remix makes a new "
            "creation of yours from one)\n"
        ), args
    assert _state(a) == {ident: "wave.cocreate"}


# -- 5 and 7: after a conflict ---------------------------------------------------------------------


def test_push_star_after_a_conflict_skips_the_copy_it_saved(
    machines: tuple[Machine, Machine], gallery: GalleryProcess
) -> None:
    a, _ = machines
    other = _second(a)
    path = make_level(a.home)
    ident = load(path).id
    assert a.run("push", "hop.cocreate").returncode == 0
    assert other.run("pull", ident).returncode == 0
    edit_level(path, "Hop from the laptop")
    assert a.run("push", "hop.cocreate").returncode == 0
    edit_level(other.home / "hop.cocreate", "Hop from the desktop")
    assert other.run("push", "hop.cocreate").returncode == 1

    names = sorted(p.name for p in other.home.iterdir() if p.name.endswith(".cocreate"))
    assert names == [
        "hop.cocreate",
        "hop.replay.cocreate",
        "hop.rev-2.cocreate",
        "hop.rev-2.replay.cocreate",
    ]
    saved = (other.home / "hop.rev-2.cocreate").read_bytes()
    done = other.run("push", *names)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (
        f"hop.cocreate: pushed as revision 3 of {ident}: {gallery.url}/c/{ident}; "
        "hop.replay.cocreate rewritten for it\n"
        "hop.rev-2.cocreate: skipped: the gallery's revision 2 of hop.cocreate, saved beside it "
        "in a conflict (bring what you want into hop.cocreate, then delete this copy)\n"
    )
    assert (other.home / "hop.rev-2.cocreate").read_bytes() == saved
    assert _latest(gallery, ident) == 3


def test_a_conflict_pulled_by_someone_else_says_their_push_becomes_a_remix(
    machines: tuple[Machine, Machine], gallery: GalleryProcess
) -> None:
    a, b = machines
    path = make_level(a.home)
    ident = load(path).id
    assert a.run("push", "hop.cocreate").returncode == 0
    assert b.run("pull", ident).returncode == 0
    edit_level(b.home / "hop.cocreate", "Hop, my way")
    edit_level(path, "Hop, the owner's way")
    assert a.run("push", "hop.cocreate").returncode == 0

    done = b.run("pull", ident)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        "hop.cocreate: changed here and in the gallery (revision 2): saved the gallery's as "
        "hop.rev-2.cocreate beside it; bring what you want from it into hop.cocreate and push "
        f"it: it becomes your remix of {a.user}'s revision 2, a new creation\n"
    )
    done = b.run("push", "hop.cocreate")
    assert (done.returncode, done.stderr) == (0, "")
    new = load(b.home / "hop.cocreate").id
    assert done.stdout.endswith(
        f"(it was {a.user}'s creation {ident}: it is now your remix of revision 2, a new "
        "creation); hop.replay.cocreate rewritten for it\n"
    )
    with gallery.api() as api:
        assert api.get(f"/creations/{new}").json()["parents"] == [{"id": ident, "revision": 2}]
    assert _latest(gallery, ident) == 2


def test_pulling_an_older_revision_over_an_edit_says_what_a_push_will_do(
    machines: tuple[Machine, Machine], gallery: GalleryProcess
) -> None:
    a, _ = machines
    other = _second(a)
    path = make_level(a.home)
    ident = load(path).id
    assert a.run("push", "hop.cocreate").returncode == 0
    assert other.run("pull", ident).returncode == 0
    mine = edit_level(other.home / "hop.cocreate", "Hop, the desktop's")
    for title in ("Hop 2", "Hop 3"):
        edit_level(path, title)
        assert a.run("push", "hop.cocreate").returncode == 0

    done = other.run("pull", ident, "--revision", "2")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        "hop.cocreate: changed here: saved the gallery's revision 2 (its latest is 3) as "
        "hop.rev-2.cocreate beside it; bring what you want from it into hop.cocreate and pull "
        f"the latest too (cocreate pull {ident}: revision 3) before you push\n"
    )
    assert (other.home / "hop.cocreate").read_bytes() == mine
    done = other.run("pull", ident)
    assert done.stderr == (
        "hop.cocreate: changed here and in the gallery (revision 3): saved the gallery's as "
        "hop.rev-3.cocreate beside it; bring what you want from it into hop.cocreate and push "
        "again (it becomes revision 4)\n"
    )
    done = other.run("push", "hop.cocreate")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith(f"hop.cocreate: pushed as revision 4 of {ident}: ")


# -- 6 and 8: signing in ---------------------------------------------------------------------------


def test_login_with_nothing_on_stdin_is_a_usage_error_and_sends_nothing(
    tmp_path: Path, gallery: GalleryProcess
) -> None:
    gallery.register("nina")
    m = Machine(tmp_path, gallery)
    piped = "cocreate login --user NAME --password-stdin"
    cases = [
        ((), f"no user name: pass --user NAME (the password on stdin: … | {piped})"),
        (("--user", "nina"), f"no password on stdin: pipe it in (… | {piped})"),
        (("--user", "nina", "--password-stdin"), f"no password on stdin: pipe it in (… | {piped})"),
        (("--token-stdin",), "no token on stdin: pipe it in (… | cocreate login --token-stdin)"),
    ]
    for args, said in cases:
        done = m.run("login", *args, input="")
        assert (done.returncode, done.stdout, done.stderr) == (2, "", said + "\n"), args
    assert not (m.config / "config.json").exists()


def test_login_at_a_page_url_says_it_is_not_a_gallery(
    tmp_path: Path, gallery: GalleryProcess
) -> None:
    m = Machine(tmp_path, gallery)
    url = f"{gallery.url}/c/x"
    done = m.run("login", "--server", url, "--user", "nina", input="whatever it is\n")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        f"{url} is not a cocreate gallery (nothing answers at {url}/api/v1): give the gallery's "
        f"root URL, like {gallery.url}\n"
    )


def _spoil_token(machine: Machine) -> None:
    config = machine.config / "config.json"
    body = json.loads(config.read_text())
    body["accounts"][machine.server]["token"] = "cct_not-a-token-the-gallery-issued"
    config.write_text(json.dumps(body))


def test_a_refused_token_on_push_and_sync_is_one_line_per_file_with_the_command(
    machines: tuple[Machine, Machine], gallery: GalleryProcess
) -> None:
    a, _ = machines
    path = make_level(a.home)
    before = path.read_bytes()
    _spoil_token(a)
    line = (
        f"hop.cocreate: not pushed: the gallery at {gallery.url} no longer accepts this "
        f"machine's sign-in (revoked or expired): sign in again with cocreate login --server "
        f"{gallery.url}\n"
    )
    done = a.run("push", "hop.cocreate")
    assert (done.returncode, done.stdout, done.stderr) == (1, "", line)
    done = a.run("sync")  # it reads on without the token, and says so once
    assert (done.returncode, done.stdout) == (1, ".: 0 up to date\n")
    assert done.stderr == (
        f"warning: your sign-in to {gallery.url} is no longer valid (cocreate login); going on "
        "without it\n" + line
    )
    assert path.read_bytes() == before
    with gallery.api() as api:
        assert api.get(f"/creations/{load(path).id}").status_code == 404


# -- 9: titles in any script -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Sóng biển Đà Nẵng", "song-bien-da-nang"),
        ("日本語のデザイン", "日本語のデザイン"),
        ("हिन्दी खेल", "हिन्दी-खेल"),
        ("Straße", "strasse"),
        ("Ｆｕｌｌ　Ｗｉｄｔｈ", "full-width"),
        ('..a/b\\c:d*e?f"g<h>i|j', "a-b-c-d-e-f-g-h-i-j"),
        ("evil\u202etxt.exe\n", "evil-txt.exe"),
        ("🙂", "creation"),
        ("字" * 80, "字" * 50),
    ],
)
def test_a_file_name_keeps_the_letters_of_any_script(title: str, name: str) -> None:
    assert slug(title) == name


def test_user_text_is_shown_with_controls_and_bidi_controls_escaped() -> None:
    assert shown("a\u202eb\nc\u2066d") == "a\\u202eb\\nc\\u2066d"


def test_pull_and_remix_name_files_from_any_script_and_print_titles_alike(
    machines: tuple[Machine, Machine], gallery: GalleryProcess
) -> None:
    a, b = machines
    title = "Sóng\u202e biển"
    ident = load(make_level(a.home, title=title)).id
    assert a.run("push", "hop.cocreate").returncode == 0
    done = b.run("pull", ident)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == f"song-bien.cocreate: pulled revision 1 of {ident} (Sóng\\u202e biển)\n"
    assert codec.digest((b.home / "song-bien.cocreate").read_bytes()) == codec.digest(
        (a.home / "hop.cocreate").read_bytes()
    )
    done = b.run("remix", ident)
    assert (done.returncode, done.stderr) == (0, "")
    new = load(b.home / "song-bien-remix.cocreate").id
    assert done.stdout == (
        f"song-bien-remix.cocreate: your remix of 'Sóng\\u202e biển' ({ident} revision 1), a new "
        f"creation {new}; edit it, then cocreate push song-bien-remix.cocreate\n"
    )
