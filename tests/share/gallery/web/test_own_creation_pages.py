"""A creation's page as its maker sees it: no Report form (a line saying it is theirs instead),
and a report form sent anyway is refused on the error page; other people still get the form.

With ``COCREATE_SCREENSHOTS=DIR`` set, the maker's page is also saved as ``DIR/own-creation.png``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from share.gallery.models import Report
from tests.share.gallery.conftest import PASSWORD, Site, level, makers_replay, replay_of, upload
from tests.share.gallery.live import LiveServer
from tests.share.gallery.web.conftest import csrf_of, web_client
from tests.share.gallery.web.test_pages_public import sign_in

OWN_REPORT = (
    "you made this creation: change it with a new revision (cocreate push) instead of reporting it"
)
YOURS = "This is yours: others report it. To change it, push a new revision"


def _reports(site: Site) -> list[tuple[str, str]]:
    with site.server.gallery.sessions() as session:
        return [(r.reason, r.details) for r in session.scalars(select(Report))]


def test_the_maker_gets_no_report_form_and_one_sent_anyway_is_refused(site: Site) -> None:
    ann = site.user("ann")
    site.user("bob")
    data, _replay = level("Cave")
    cave = upload(ann, data, makers_replay(data)).json()["id"]
    action = f'action="/c/{cave}/report"'
    with web_client(site.server) as c:
        sign_in(c, "ann")
        page = c.get(f"/c/{cave}").text
        assert YOURS in page
        assert action not in page and "Send the report" not in page
        token = csrf_of(page)  # the sign-out form's: the page has no other form for the maker
        for form in ({"reason": "spam", "details": "mine"}, {}):  # refused before the reason
            r = c.post(f"/c/{cave}/report", data=form | {"csrf": token})
            assert r.status_code == 403, r.text
            assert "<h1>Not allowed</h1>" in r.text
            assert f'<p class="error" role="alert">{OWN_REPORT}</p>' in r.text
    assert _reports(site) == []
    with web_client(site.server) as c:  # anyone else still reports it
        sign_in(c, "bob")
        page = c.get(f"/c/{cave}").text
        assert action in page and YOURS not in page
        r = c.post(f"/c/{cave}/report", data={"reason": "broken", "csrf": csrf_of(page)})
        assert r.status_code == 303
    assert _reports(site) == [("broken", "")]


@pytest.mark.parametrize("server", ["sqlite"], indirect=True)  # as the other browser tests
def test_in_a_browser_the_maker_sees_a_line_not_the_form(
    site: Site, browser: Any, server: LiveServer
) -> None:
    data, _replay = level("Moonlit Caves")
    ident = upload(site.user("dora"), data, replay_of(data)).json()["id"]
    context = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto("/signin")
        page.get_by_label("User name").fill("dora")
        page.get_by_label("Password").fill(PASSWORD)
        page.locator("main").get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/")
        page.goto(f"/c/{ident}")
        box = page.locator("section[aria-labelledby=report-h]")
        assert box.get_by_role("heading").inner_text() == "Report it"
        assert box.locator("p").all_inner_texts() == [f"{YOURS} (cocreate push)."]
        assert page.get_by_text("Something wrong with it?").count() == 0
        assert page.get_by_role("button", name="Send the report").count() == 0
        page.wait_for_function("[...document.images].every(i => i.complete)")
        out = os.environ.get("COCREATE_SCREENSHOTS")
        if out:
            page.screenshot(path=str(Path(out) / "own-creation.png"), full_page=True)

        # a report form sent anyway (an old page, a script): refused, on a page, in words
        page.evaluate(
            """([ident, csrf]) => {
                const form = document.createElement('form');
                form.method = 'post';
                form.action = `/c/${ident}/report`;
                for (const [name, value] of [['csrf', csrf], ['reason', 'spam']]) {
                    const input = document.createElement('input');
                    input.type = 'hidden'; input.name = name; input.value = value;
                    form.append(input);
                }
                document.body.append(form);
                form.submit();
            }""",
            [ident, page.locator("input[name=csrf]").first.get_attribute("value")],
        )
        page.wait_for_url(f"**/c/{ident}/report")
        assert page.get_by_role("heading", level=1).inner_text() == "Not allowed"
        assert page.get_by_role("alert").inner_text() == OWN_REPORT
        page.get_by_role("link", name="Back to the page").click()
        page.wait_for_url(f"**/c/{ident}")
    finally:
        context.close()
    assert _reports(site) == []
