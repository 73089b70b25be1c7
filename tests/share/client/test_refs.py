"""What pull and remix accept as a creation: an id, its page URL or its API URL; else exit 2."""

from __future__ import annotations

import pytest

from share.client.config import normalize
from share.client.refs import Ref, UsageError, api_url, page_url, parse

ID = "6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab"


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        (ID, Ref(ID)),
        (ID.upper(), Ref(ID)),
        (f"  {ID}\n", Ref(ID)),
        (f"http://127.0.0.1:8000/c/{ID}", Ref(ID, "http://127.0.0.1:8000")),
        (f"http://127.0.0.1:8000/c/{ID}/", Ref(ID, "http://127.0.0.1:8000")),
        (f"http://127.0.0.1:8000/c/{ID}?revision=3", Ref(ID, "http://127.0.0.1:8000", 3)),
        (f"https://g.example/c/{ID}?tab=remixes&revision=12#top", Ref(ID, "https://g.example", 12)),
        (f"http://h:1/api/v1/creations/{ID}", Ref(ID, "http://h:1")),
        (f"https://example.org/gallery/c/{ID}", Ref(ID, "https://example.org/gallery")),
        (
            f"https://example.org/gallery/api/v1/creations/{ID}",
            Ref(ID, "https://example.org/gallery"),
        ),
    ],
)
def test_the_forms_a_creation_is_named_in(text: str, ref: Ref) -> None:
    assert parse(text) == ref


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hop",
        ID[:-1],
        ID + "0",
        f"c/{ID}",
        f"ftp://h/c/{ID}",
        f"http:///c/{ID}",
        f"http://h/x/{ID}",
        f"http://h/c/{ID}/download",
        f"http://h/api/v1/creations/{ID}/download",
        f"http://h/users/{ID}",
        f"http://h/c/{ID}x",
        f"http://h/?id={ID}",
    ],
)
def test_anything_else_is_a_usage_error_naming_the_forms(text: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse(text)
    assert caught.value.lines() == [
        f"{text}: is not a creation: give an id, a page URL (SERVER/c/ID) or an API URL "
        "(SERVER/api/v1/creations/ID)"
    ]


@pytest.mark.parametrize("revision", ["0", "-1", "x", "1.5", "2&revision=3"])
def test_a_page_url_revision_is_a_whole_number_from_1(revision: str) -> None:
    text = f"http://h/c/{ID}?revision={revision}"
    with pytest.raises(UsageError) as caught:
        parse(text)
    assert caught.value.lines() == [f"{text}: revision must be one whole number from 1"]


def test_the_urls_printed_are_the_urls_read() -> None:
    server = "http://127.0.0.1:8000"
    assert page_url(server, ID) == f"{server}/c/{ID}"
    assert page_url(server, ID, 2) == f"{server}/c/{ID}?revision=2"
    for url in (page_url(server, ID), page_url(server, ID, 2), api_url(server, ID)):
        assert (parse(url).id, parse(url).server) == (ID, server)
    assert parse(page_url(server, ID, 2)).revision == 2


@pytest.mark.parametrize(
    ("given", "url"),
    [
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("127.0.0.1:8000/", "http://127.0.0.1:8000"),
        ("https://g.example/gallery/api/v1/", "https://g.example/gallery"),
    ],
)
def test_a_gallery_url_is_kept_without_api_v1_or_a_trailing_slash(given: str, url: str) -> None:
    assert normalize(given) == url


@pytest.mark.parametrize(
    "given", ["notaurl::::", "ftp://h", "http://h:99999", "http:///x", "h?x=1"]
)
def test_a_gallery_url_that_is_not_one_is_a_usage_error(given: str) -> None:
    with pytest.raises(UsageError) as caught:
        normalize(given)
    assert caught.value.lines() == [f"{given}: is not a gallery's URL (like http://127.0.0.1:8000)"]
