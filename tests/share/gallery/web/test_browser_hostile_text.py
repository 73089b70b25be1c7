"""Hostile user text in a real Chromium: a title holding U+202E (RIGHT-TO-LEFT OVERRIDE) is
isolated, so the page's own words after it still read left to right; a 20,000-character
description shows its start, the rest under "More"."""

from __future__ import annotations

import re
from typing import Any

import pytest

from engine.document import Parent
from share.gallery.web.pages.creation import LEAD_CHARS
from tests.share.gallery.conftest import PASSWORD, Site, design, upload

pytestmark = pytest.mark.parametrize("server", ["sqlite"], indirect=True)

HOSTILE = "Sunset <b>bold</b> \u202e RTL"
"""A title as a prankster writes it: markup (shown as text) and an override never closed."""

READS_RIGHT = """([selector, text]) => {
  // whether each character of `text`, found in the element, is drawn right of the one before
  const root = document.querySelector(selector);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(text);
    if (at < 0) continue;
    const xs = [];
    for (let i = 0; i < text.length; i++) {
      if (text[i] === " ") continue;
      const range = document.createRange();
      range.setStart(node, at + i);
      range.setEnd(node, at + i + 1);
      xs.push(range.getBoundingClientRect().left);
    }
    return xs.every((x, i) => i === 0 || x > xs[i - 1]);
  }
  throw new Error(`no text ${text} in ${selector}`);
}"""


def reads_left_to_right(page: Any, selector: str, text: str) -> bool:
    return bool(page.evaluate(READS_RIGHT, [selector, text]))


def _remix_of_hostile(site: Site) -> tuple[str, str]:
    """alice's design with the hostile title, and bob's remix of it: (original id, remix id)."""
    alice, bob = site.user("alice"), site.user("bob")
    original = upload(alice, design(HOSTILE, tags=["\u202egat"])).json()
    parent = Parent(id=original["id"], revision=1, digest=original["digest"])
    remix = design("Calm remix", parents=[parent])
    r = upload(bob, remix)
    assert r.status_code == 201, r.text
    return original["id"], r.json()["id"]


def test_the_words_after_a_title_with_an_override_read_left_to_right(page: Any, site: Site) -> None:
    _original, remix = _remix_of_hostile(site)
    page.goto(f"/c/{remix}")
    credit = page.locator("p.credit")
    assert credit.inner_text() == f"Remix of {HOSTILE} by alice (revision 1)"
    assert reads_left_to_right(page, "p.credit", " (revision 1)")
    owner = credit.get_by_role("link", name="alice").bounding_box()
    title = credit.get_by_role("link", name=HOSTILE).bounding_box()
    assert owner["x"] > title["x"] + title["width"]  # "by alice" after the whole title
    assert page.locator("figcaption").inner_text() == "On a white t-shirt"
    assert page.locator("figcaption bdi").inner_text() == "white"


def test_the_audit_logs_id_chip_reads_left_to_right_after_such_a_title(
    page: Any, site: Site
) -> None:
    original, _remix = _remix_of_hostile(site)
    mod = site.user("mona", role="moderator")
    r = mod.post(f"/creations/{original}/state", json={"to": "published", "reason": "fine"})
    assert r.status_code == 200, r.text
    page.goto("/signin?next=/desk/audit")
    page.get_by_label("User name").fill("mona")
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/desk/audit")
    chip = page.locator("a.desk-id").first
    assert chip.inner_text() == original[:8]
    assert reads_left_to_right(page, "a.desk-id", original[:8])


ISOLATED = re.compile('<bdi>[^<]*</bdi>|\u2068[^\u2069]*\u2069|="[^"]*"')
"""User text in ``<bdi>`` (element content), between FSI and PDI (``<title>``), or an
attribute's value (alt text is not laid out with the words around it)."""


def test_every_page_isolates_the_title_in_bdi(site: Site) -> None:
    original, remix = _remix_of_hostile(site)
    shown = "<bdi>Sunset &lt;b&gt;bold&lt;/b&gt; \u202e RTL</bdi>"
    for path in (f"/c/{remix}", f"/c/{original}", f"/c/{original}/tree", "/browse", "/u/alice"):
        r = site.anon.get(site.server.url + path)
        assert r.status_code == 200, path
        assert shown in r.text, path
        assert "\u202e" not in ISOLATED.sub("", r.text), path


def test_a_long_description_shows_its_start_and_the_rest_under_more(page: Any, site: Site) -> None:
    words = " ".join(f"word{i}" for i in range(2200))  # 17,000-odd characters, one paragraph
    ident = upload(site.user("alice"), design("Wordy", description=words)).json()["id"]
    page.goto(f"/c/{ident}")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 2000  # the QA walk saw 7,338 px
    more = page.locator("details.more")
    lead = page.locator("p.description").first.inner_text()
    assert len(lead) <= LEAD_CHARS and words.startswith(lead) and not lead.endswith("word")
    assert not more.locator("p.description").is_visible()
    more.locator("summary").click()
    assert lead + " " + more.locator("p.description").inner_text() == words
    assert page.evaluate("document.documentElement.scrollHeight") > height
