"""A level's page lists its fastest clears (of the revision shown); in a browser, at a desktop's
and a phone's width. ``COCREATE_SCREENSHOTS=DIR`` also writes the screenshots there."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from engine import codec
from engine.document import ReplayDocument
from share.gallery.models import User
from tests.share.gallery.conftest import (
    Site,
    design,
    level,
    makers_replay,
    replay_of,
    send_clear,
    upload,
)
from tests.share.gallery.live import LiveServer
from tests.share.gallery.web.conftest import plain, web_client
from tests.share.gallery.web.test_pages_public import sign_in

EMPTY = "No clears yet."


def _race(site: Site) -> tuple[str, list[tuple[str, str]]]:
    """A level cleared by four players (bob twice) and a second revision nobody has cleared;
    its id and the (player, time) of revision 1's board, fastest first, as the API lists it."""
    alice = site.user("alice")
    data, _replay = level("Hill Race")
    ident = upload(alice, data, makers_replay(data)).json()["id"]
    players = {name: site.user(name) for name in ("bob", "carol", "dan", "evelyn")}
    for name, wait in (("bob", 45), ("carol", 30), ("dan", 90), ("bob", 12), ("evelyn", 60)):
        r = send_clear(players[name], ident, replay_of(data, wait=wait))
        assert r.status_code == 201, r.text
    data2, _replay2 = level("Hill Race II", ident=ident, revision=2)
    assert upload(alice, data2, makers_replay(data2)).status_code == 201
    items = site.anon.get(f"/creations/{ident}/clears?revision=1").json()["items"]
    return ident, [(i["user"], f"{i['seconds']:.2f} s") for i in items]


def _rows(page: Any) -> list[list[str]]:
    return [
        [cell.inner_text().strip() for cell in row.locator("td").all()]
        for row in page.locator("#clears tbody tr").all()
    ]


def test_the_page_lists_the_fastest_clears_of_the_revision_shown(site: Site) -> None:
    ident, expected = _race(site)
    assert [user for user, _time in expected] == ["bob", "carol", "evelyn", "dan"]
    with web_client(site.server) as c:
        latest = c.get(f"/c/{ident}").text
        first = c.get(f"/c/{ident}?revision=1").text
        sign_in(c, "carol")
        mine = c.get(f"/c/{ident}?revision=1").text
    assert "Fastest clears" in latest
    assert (
        f"<code>cocreate play {site.server.url}/c/{ident}</code>" in latest  # how to get on it
    )
    assert f"<code>cocreate play {site.server.url}/c/{ident}?revision=1</code>" in first
    assert '<p class="empty">No clears yet.</p>' in latest
    board = plain(first).split('id="clears-h"', 1)[1].split("</section>", 1)[0]
    rows = re.findall(
        r'<td class="rank">(\d+)</td>\s*<td class="who"><a href="/u/([^"]+)">[^<]*</a></td>\s*'
        r'<td class="time num"><a href="([^"]+)" download[^>]*>([^<]*)</a></td>',
        board,
    )
    assert [(rank, u, t) for rank, u, _href, t in rows] == [
        (str(i), u, t) for i, (u, t) in enumerate(expected, start=1)
    ]
    runs = site.anon.get(f"/creations/{ident}/clears?revision=1").json()["items"]
    assert [href for *_, href, _t in rows] == [run["replay"] for run in runs]
    watched = site.anon.get(rows[0][2].removeprefix("/api/v1"))  # the fastest run's replay
    assert watched.status_code == 200
    assert isinstance(codec.decode(watched.content), ReplayDocument)
    assert "4 players, each with their best run" in board
    assert 'class="here"' not in first
    assert re.search(
        r'<tr class="here">\s*<td class="rank">2</td>\s*<td class="who"><a href="/u/carol"', mine
    )
    tee = upload(site.user("tina"), design()).json()["id"]
    assert "Fastest clears" not in site.anon.get(site.server.url + f"/c/{tee}").text


def test_at_most_ten_clears_are_shown(site: Site) -> None:
    alice = site.user("alice")
    data, _replay = level("Crowded")
    ident = upload(alice, data, makers_replay(data)).json()["id"]
    for i in range(11):
        r = send_clear(site.user(f"p{i:02d}"), ident, replay_of(data, wait=i))
        assert r.status_code == 201, r.text
    with web_client(site.server) as c:
        page = c.get(f"/c/{ident}").text
    board = page.split('id="clears-h"', 1)[1].split("</section>", 1)[0]
    assert board.count('<td class="rank">') == 10
    assert "p09" in board and "p10" not in board
    assert "11 players" in board


@pytest.mark.parametrize("server", ["sqlite"], indirect=True)
def test_the_fastest_clears_fit_a_desktop_and_a_phone(
    browser: Any, server: LiveServer, site: Site, tmp_path: Path
) -> None:
    ident, expected = _race(site)
    out = tmp_path / "shots"
    out.mkdir()
    for width, height in ((1280, 900), (375, 812)):
        context = browser.new_context(
            base_url=server.url, viewport={"width": width, "height": height}
        )
        try:
            page = context.new_page()
            for name, path in (("", f"/c/{ident}?revision=1"), ("-empty", f"/c/{ident}")):
                page.goto(path)
                page.wait_for_load_state("networkidle")
                wide = page.evaluate("document.documentElement.scrollWidth")
                assert wide <= width, f"{path} is {wide} px wide in a {width} px window"
                box = page.locator("#clears")
                assert box.get_by_role("heading").inner_text() == "Fastest clears"
                if name:
                    assert box.locator("p.empty").inner_text() == EMPTY
                else:
                    rows = _rows(page)
                    assert [r[:3] for r in rows] == [
                        [str(i), user, time] for i, (user, time) in enumerate(expected, start=1)
                    ]
                    assert rows[0][3:5] in (["0", "0"], ["Score 0", "Deaths 0"])
                    link = box.get_by_role("link", name="carol")
                    assert link.get_attribute("href") == "/u/carol"
                box.scroll_into_view_if_needed()
                page.screenshot(path=str(out / f"web-clears{name}-{width}.png"))
                box.screenshot(path=str(out / f"web-clears{name}-box-{width}.png"))
            page.goto("/u/carol")  # a player's page lists their clears the same way
            page.wait_for_load_state("networkidle")
            wide = page.evaluate("document.documentElement.scrollWidth")
            assert wide <= width, f"/u/carol is {wide} px wide in a {width} px window"
            runs = page.locator("#runs")
            assert runs.locator("tbody tr").count() == 1
            runs.screenshot(path=str(out / f"web-player-clears-{width}.png"))
        finally:
            context.close()
    shots = os.environ.get("COCREATE_SCREENSHOTS")
    if shots:
        for shot in out.iterdir():
            shutil.copy(shot, Path(shots) / shot.name)


def test_a_players_page_lists_their_clears_with_their_places(site: Site) -> None:
    ident, expected = _race(site)
    mod = site.user("mo", "moderator")
    with web_client(site.server) as c:
        carol = c.get("/u/carol").text
        alice = c.get("/u/alice").text
    runs = plain(carol).split('id="runs-h"', 1)[1].split("</section>", 1)[0]
    rows = re.findall(
        r'<td class="who"><a href="/c/([^"?]+)\?revision=(\d+)#clears">([^<]*)</a>.*?</td>\s*'
        r'<td class="rank num">(\d+)</td>\s*<td class="time num"><a href="([^"]+)"[^>]*>([^<]*)<',
        runs,
    )
    place = [user for user, _t in expected].index("carol") + 1
    time = dict(expected)["carol"]
    board = site.anon.get(f"/creations/{ident}/clears?revision=1").json()["items"]
    replay = next(i["replay"] for i in board if i["user"] == "carol")
    assert rows == [(ident, "1", "Hill Race II", str(place), replay, time)]
    assert "(revision 1)" in runs  # the level has a later revision
    assert "No clears yet" in alice.split('id="runs-h"', 1)[1]
    # a hidden level leaves the page (for everyone but moderators); a banned player shows none
    assert mod.post(f"/creations/{ident}/state", json={"to": "hidden"}).status_code == 200
    with web_client(site.server) as c:
        assert "No clears yet" in c.get("/u/carol").text
    assert mod.post(f"/creations/{ident}/state", json={"to": "published"}).status_code == 200
    with site.server.gallery.sessions() as session:
        row = session.query(User).filter_by(name="carol").one()
        row.banned_until, row.ban_reason = dt.datetime(9999, 12, 31), "cheating"
        session.commit()
    with web_client(site.server) as c:
        assert "No clears yet" in c.get("/u/carol").text
