"""Sign up, sign in and out through the pages; CSRF and cookie flags; error pages."""

from __future__ import annotations

from typing import Any

from share.gallery.web.session import CSRF_COOKIE, SESSION_COOKIE
from tests.share.gallery.live import LiveServer
from tests.share.gallery.web.conftest import csrf_of, sign_up, web_client


def test_sign_up_sets_a_safe_session_cookie_and_sign_out_revokes_it(server: LiveServer) -> None:
    with web_client(server) as c:
        token = csrf_of(c.get("/signup").text)
        r = c.post("/signup", data={"name": "ann", "password": "correct horse", "csrf": token})
        assert r.status_code == 303 and r.headers["location"] == "/"
        cookies = r.headers.get_list("set-cookie")
        session_cookie = next(h for h in cookies if h.startswith(SESSION_COOKIE + "="))
        assert "HttpOnly" in session_cookie and "SameSite=lax" in session_cookie
        home = c.get("/")
        assert "Welcome, ann" in home.text and 'href="/u/ann"' in home.text
        raw = c.cookies[SESSION_COOKIE]
        api = httpx_get_me(server, raw)
        assert api == 200  # the browser session is an API token like any other
        r = c.post("/signout", data={"csrf": csrf_of(home.text)})
        assert r.status_code == 303
        assert httpx_get_me(server, raw) == 401  # revoked, not only forgotten
    server.wipe()


def httpx_get_me(server: LiveServer, token: str) -> int:
    import httpx

    r = httpx.get(f"{server.url}/api/v1/users/me", headers={"Authorization": f"Bearer {token}"})
    return r.status_code


def test_a_form_without_the_right_csrf_token_is_refused(server: LiveServer) -> None:
    with web_client(server) as c:
        c.get("/signup")
        assert c.cookies.get(CSRF_COOKIE)
        r = c.post("/signup", data={"name": "bob", "password": "correct horse", "csrf": "forged"})
        assert r.status_code == 403
        assert "reload the page" in r.text
    with web_client(server) as other:  # no cookie at all
        r = other.post("/signup", data={"name": "bob", "password": "correct horse", "csrf": ""})
        assert r.status_code == 403
    server.wipe()


def test_sign_in_errors_show_next_to_the_form(server: LiveServer) -> None:
    with web_client(server) as c:
        sign_up(c, "cat")
    with web_client(server) as c:
        token = csrf_of(c.get("/signin").text)
        r = c.post("/signin", data={"name": "cat", "password": "wrong!!!!", "csrf": token})
        assert r.status_code == 401
        assert 'role="alert"' in r.text and "wrong name or password" in r.text
        assert 'value="cat"' in r.text  # what was typed is kept
        r = c.post("/signup", data={"name": "x y", "password": "short", "csrf": csrf_of(r.text)})
        assert r.status_code == 400 and "name: use 2 to 32 letters" in r.text
        r = c.post(
            "/signin",
            data={
                "name": "cat",
                "password": "correct horse battery",
                "csrf": csrf_of(r.text),
                "next": "//evil.example/",
            },
        )
        assert r.status_code == 303 and r.headers["location"] == "/"  # no open redirect
    server.wipe()


def test_a_missing_page_is_an_html_page_and_the_api_stays_json(server: LiveServer) -> None:
    with web_client(server) as c:
        r = c.get("/no/such/page")
        assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
        r = c.get("/api/v1/creations/nope")
        assert r.status_code == 404 and r.headers["content-type"] == "application/json"


def test_the_home_page_renders_in_chromium(page: Any) -> None:
    page.goto("/")
    assert page.title().endswith("· cocreate")
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("User name").fill("dora")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url("**/")
    assert "Welcome, dora" in page.inner_text("p.flash")


def test_a_flash_message_keeps_any_text() -> None:
    from http.cookies import SimpleCookie

    from starlette.requests import Request
    from starlette.responses import Response

    from share.gallery.web.session import FLASH_COOKIE, flash, flash_message

    response = Response()
    flash(response, "Uploaded “Tee ☕ <b>”; 100% done")
    jar: SimpleCookie = SimpleCookie()
    jar.load(response.headers["set-cookie"])
    value = jar[FLASH_COOKIE].value
    request = Request(
        {"type": "http", "headers": [(b"cookie", f"{FLASH_COOKIE}={value}".encode())]}
    )
    assert flash_message(request) == "Uploaded “Tee ☕ <b>”; 100% done"
