"""The tokens page and uploading from the browser."""

from __future__ import annotations

import html
import re

import httpx

from share.gallery.web.session import SESSION_COOKIE
from tests.share.gallery.conftest import Site, design, level, upload
from tests.share.gallery.live import LiveServer
from tests.share.gallery.web.conftest import csrf_of, plain, sign_up, web_client
from tests.share.gallery.web.test_pages_public import sign_in


def api_status(server: LiveServer, token: str) -> int:
    r = httpx.get(f"{server.url}/api/v1/users/me", headers={"Authorization": f"Bearer {token}"})
    return r.status_code


def form_upload(
    c: httpx.Client, data: bytes | None, replay: bytes | None = None, *, name: str = "a.cocreate"
) -> httpx.Response:
    token = csrf_of(c.get("/upload").text)
    files = {
        "file": (name if data is not None else "", data or b"", "application/octet-stream"),
        "replay": (
            "a.replay.cocreate" if replay else "",
            replay or b"",
            "application/octet-stream",
        ),
    }
    return c.post("/upload", data={"csrf": token}, files=files)


def errors_of(page: str) -> list[str]:
    block = page.split('id="upload-errors"', 1)[1].split("</div>", 1)[0]
    return [html.unescape(li) for li in re.findall(r"<li>(.*?)</li>", block, re.S)]


def test_the_tokens_page_lists_makes_and_revokes_tokens(server: LiveServer) -> None:
    with web_client(server) as c:
        assert c.get("/tokens").headers["location"] == "/signin?next=/tokens"
        sign_up(c, "ann")
        page = c.get("/tokens").text
        assert "browser session" in page and "this browser</strong>" in page
        r = c.post("/tokens", data={"label": "laptop <1>", "csrf": csrf_of(page)})
        assert r.status_code == 200
        token = re.search(r'id="issued-token" class="token" readonly value="([^"]+)"', r.text)
        assert token and api_status(server, token.group(1)) == 200
        assert "laptop &lt;1&gt;" in r.text and "--token-stdin" in r.text
        assert r.headers["cache-control"] == "no-store"
        page = c.get("/tokens").text
        assert token.group(1) not in page  # shown once only
        assert page.count("/revoke") == 2
        ids = re.findall(r'action="/tokens/(\d+)/revoke"', page)
        r = c.post(f"/tokens/{ids[1]}/revoke", data={"csrf": csrf_of(page)})
        assert r.status_code == 303 and r.headers["location"] == "/tokens"
        assert api_status(server, token.group(1)) == 401
        assert "Revoked laptop &lt;1&gt;" in plain(c.get("/tokens").text)

        r = c.post("/tokens", data={"label": "  ", "csrf": csrf_of(page)})
        assert r.status_code == 400 and "label: name the token" in r.text
        r = c.post("/tokens/99999/revoke", data={"csrf": csrf_of(page)})
        assert r.status_code == 404 and "you have no token 99999" in r.text

        raw = c.cookies[SESSION_COOKIE]
        r = c.post(f"/tokens/{ids[0]}/revoke", data={"csrf": csrf_of(page)})
        assert r.status_code == 303 and r.headers["location"] == "/"
        assert api_status(server, raw) == 401
        assert "you are signed out" in c.get("/").text
    server.wipe()


def test_upload_from_the_form_shows_the_apis_messages(site: Site) -> None:
    api = site.user("ann")
    data, replay = level("Hop")
    with web_client(site.server) as c:
        r = c.get("/upload")
        assert r.status_code == 303 and r.headers["location"] == "/signin?next=/upload"
        sign_in(c, "ann")

        cases: list[tuple[bytes | None, bytes | None]] = [
            (b"not a creation", None),  # not msgpack
            (data, None),  # a level without its replay
            (data, level("Other")[1]),  # a replay of another level
            (design("Tee") + b"x", None),
        ]
        for file, rep in cases:
            assert file is not None
            expected = upload(api, file, rep, name="a.cocreate", replay_name="a.replay.cocreate")
            assert expected.status_code >= 400
            r = form_upload(c, file, rep)
            assert r.status_code == expected.status_code
            detail = expected.json()["detail"]
            lines = detail if isinstance(detail, list) else [detail]
            in_the_forms_words = [  # the form names its input where the API names its field
                line.replace("(form field `replay`)", "(choose it under “Replay (levels only)”)")
                for line in lines
            ]
            assert errors_of(r.text) == in_the_forms_words

        r = form_upload(c, None)
        assert r.status_code == 400 and errors_of(r.text) == [
            "file: choose a .cocreate file to upload"
        ]

        r = form_upload(c, data, replay)
        assert r.status_code == 303
        ident = r.headers["location"].removeprefix("/c/")
        page = plain(c.get(r.headers["location"]).text)
        assert "Uploaded Hop (revision 1)." in page
        assert site.anon.get(f"/creations/{ident}").json()["title"] == "Hop"
        r = form_upload(c, data, replay)
        assert r.status_code == 303
        assert "these exact bytes are already in the gallery" in c.get(f"/c/{ident}").text

        r = c.post("/upload", data={"csrf": "forged"}, files={"file": ("a", b"x")})
        assert r.status_code == 403


def test_a_banned_user_cannot_upload_rate_or_report(site: Site) -> None:
    ann = site.user("ann")
    site.user("spammer", banned=True)
    tee = upload(ann, design("Tee")).json()["id"]
    with web_client(site.server) as c:
        sign_in(c, "spammer")
        r = c.get("/upload")
        assert r.status_code == 403 and "spammer is banned" in r.text
        token = csrf_of(c.get(f"/c/{tee}").text)
        r = c.post(f"/c/{tee}/rating", data={"value": "5", "csrf": token})
        assert r.status_code == 403
        r = c.post(f"/c/{tee}/report", data={"reason": "spam", "csrf": token})
        assert r.status_code == 403


def test_an_oversized_upload_from_the_form_is_a_413_page(site: Site) -> None:
    limit = site.server.settings.max_upload_bytes
    with web_client(site.server) as c:
        sign_up(c, "big")
        token = csrf_of(c.get("/upload").text)
        files = {"file": ("big.cocreate", b"\0" * (limit + 10), "application/octet-stream")}
        r = c.post("/upload", data={"csrf": token}, files=files)
        assert r.status_code == 413
        assert r.headers["content-type"].startswith("text/html")
        assert f"more than {limit:,} bytes" in r.text and 'href="/upload"' in r.text
        assert '<header class="top">' in r.text  # the site's layout, as every error page
        assert '<a href="/u/big"><bdi>big</bdi></a>' in r.text  # still signed in
        assert "<h1>Too large</h1>" in r.text
