"""Web page tests: a real Chromium (Debian's, driven by Playwright) and a SQL statement counter.

The browser is Debian's ``/usr/bin/chromium`` (``.ci/run`` installs it); without it the browser
tests skip, or fail under ``CI=true``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import event

from tests.share.gallery.live import LiveServer

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        message = f"no Chromium at {CHROMIUM} for the web page tests"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI=true: .ci/run installs Debian's chromium)")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM))
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser: Any, server: LiveServer) -> Iterator[Any]:
    """A fresh browser context (no cookies) on the live gallery; ``page.goto("/")`` works."""
    context = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    p = context.new_page()
    try:
        yield p
    finally:
        context.close()


class Queries:
    """The SQL statements run on an engine while counting."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def __len__(self) -> int:
        return len(self.statements)


@contextmanager
def count_queries(server: LiveServer) -> Iterator[Queries]:
    """Count the statements the gallery's engine runs inside the ``with`` block."""
    seen = Queries()
    engine = server.gallery.engine

    def before(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.statements.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", before)


def web_client(server: LiveServer) -> httpx.Client:
    """A cookie-keeping client of the pages (not the API)."""
    return httpx.Client(base_url=server.url, timeout=60, follow_redirects=False)


def plain(html: str) -> str:
    """A page's HTML without the ``<bdi>`` tags that isolate its user text (titles, names,
    tags, ...): what tests match against, as the text reads."""
    return html.replace("<bdi>", "").replace("</bdi>", "")


_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def sign_up(c: httpx.Client, name: str, password: str = "correct horse battery") -> None:
    """Sign up through the pages; ``c`` keeps the session cookie."""
    token = csrf_of(c.get("/signup").text)
    r = c.post("/signup", data={"name": name, "password": password, "csrf": token})
    assert r.status_code == 303, r.text
