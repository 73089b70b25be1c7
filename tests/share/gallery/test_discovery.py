"""Finding creations: full-text search, the sorts, and cursors that stay put."""

from __future__ import annotations

import datetime as dt

import httpx

from share.gallery import ranking
from tests.share.gallery.conftest import Site, design, level, upload


def titles(c: httpx.Client, **params: str) -> list[str]:
    r = c.get("/creations", params=params)
    assert r.status_code == 200, r.text
    return [item["title"] for item in r.json()["items"]]


def test_search_finds_words_of_the_title_description_and_tags(site: Site) -> None:
    alice = site.user("alice")
    upload(alice, design("Stormy Sea", description="waves at night", tags=["ocean"]))
    upload(alice, design("Mountain Dawn", description="a quiet sunrise", tags=["hiking"]))
    upload(alice, *level("Cave Run", description="dark tunnels", tags=["Hard", "ocean"]))
    assert titles(site.anon, q="stormy") == ["Stormy Sea"]
    assert titles(site.anon, q="SUNRISE") == ["Mountain Dawn"]
    assert titles(site.anon, q="ocean") == ["Cave Run", "Stormy Sea"]
    assert titles(site.anon, q="moun") == ["Mountain Dawn"]  # the start of a word
    assert titles(site.anon, q="ocean night") == ["Stormy Sea"]  # every word
    assert titles(site.anon, q="ocean, hard!") == ["Cave Run"]
    assert titles(site.anon, q="volcano") == []
    assert titles(site.anon, q="unta") == []  # not the middle of a word


def test_search_combines_with_the_filters_and_pages(site: Site) -> None:
    alice = site.user("alice")
    bob = site.user("bob")
    upload(alice, design("Red Fox", tags=["animal"], license="CC0-1.0"))
    upload(bob, design("Fox Trot", tags=["dance"]))
    upload(bob, *level("Fox Hunt", tags=["animal"]))
    upload(bob, design("Owl", tags=["animal"]))
    assert titles(site.anon, q="fox") == ["Fox Hunt", "Fox Trot", "Red Fox"]
    assert titles(site.anon, q="fox", kind="design") == ["Fox Trot", "Red Fox"]
    assert titles(site.anon, q="fox", tag="animal") == ["Fox Hunt", "Red Fox"]
    assert titles(site.anon, q="fox", author="bob") == ["Fox Hunt", "Fox Trot"]
    assert titles(site.anon, q="fox", license="CC0-1.0") == ["Red Fox"]
    first = site.anon.get("/creations", params={"q": "fox", "limit": "2"}).json()
    assert [c["title"] for c in first["items"]] == ["Fox Hunt", "Fox Trot"]
    rest = site.anon.get("/creations", params={"q": "fox", "limit": "2", "cursor": first["next"]})
    assert [c["title"] for c in rest.json()["items"]] == ["Red Fox"]
    assert rest.json()["next"] is None


def test_search_follows_the_latest_revision(site: Site) -> None:
    alice = site.user("alice")
    data, replay = level("Glacier", description="slippery ice")
    ident = upload(alice, data, replay).json()["id"]
    assert titles(site.anon, q="ice") == ["Glacier"]
    data2, replay2 = level("Volcano", ident=ident, revision=2, description="hot lava")
    assert upload(alice, data2, replay2).status_code == 201
    assert titles(site.anon, q="ice") == []
    assert titles(site.anon, q="lava") == ["Volcano"]


def test_search_shows_only_public_creations(site: Site) -> None:
    alice = site.user("alice")
    mod = site.user("mo", "moderator")
    tee = upload(alice, design("Secret Tee")).json()["id"]
    assert titles(site.anon, q="secret") == ["Secret Tee"]
    mod.post(f"/creations/{tee}/state", json={"to": "hidden", "reason": "a logo"})
    assert titles(site.anon, q="secret") == []


def test_a_search_without_words_is_refused(site: Site) -> None:
    r = site.anon.get("/creations", params={"q": " ?! "})
    assert r.status_code == 400
    assert r.json() == {"detail": "q: no words to search for (letters or digits)"}
    r = site.anon.get("/creations", params={"q": " ".join(["w"] * 17)})
    assert r.status_code == 400
    assert r.json() == {"detail": "q: 17 words; search for at most 16"}


def test_top_rated_counts_hearts_and_scores(site: Site) -> None:
    alice = site.user("alice")
    raters = [site.user(f"rater{i}") for i in range(3)]
    loved = upload(alice, *level("Loved")).json()["id"]
    liked = upload(alice, design("Liked")).json()["id"]
    upload(alice, design("Unrated"))
    meh = upload(alice, design("Meh")).json()["id"]
    for r in raters:
        r.put(f"/creations/{loved}/rating", json={"value": 1})  # 3 hearts: 3
        r.put(f"/creations/{liked}/rating", json={"value": 5})  # 3 fives: 3 too
    raters[0].put(f"/creations/{meh}/rating", json={"value": 2})  # 0.4
    assert titles(site.anon, sort="top") == ["Liked", "Loved", "Meh", "Unrated"]
    raters[1].delete(f"/creations/{liked}/rating")  # 2 fives: 2
    assert titles(site.anon, sort="top") == ["Loved", "Liked", "Meh", "Unrated"]


def test_most_played_and_most_remixed(site: Site) -> None:
    alice = site.user("alice")
    bob = site.user("bob")
    a = upload(alice, *level("A")).json()
    b = upload(alice, *level("B")).json()
    for cleared in (True, False, True):
        assert bob.post(f"/creations/{a['id']}/plays", json={"cleared": cleared}).status_code == 204
    bob.post(f"/creations/{b['id']}/plays", json={"cleared": True})
    assert titles(site.anon, sort="played") == ["A", "B"]
    for title in ("B remix", "B remix 2"):
        r = upload(bob, *level(title, parents=[(b["id"], 1, b["digest"])]))
        assert r.status_code == 201, r.text
    assert titles(site.anon, sort="remixed") == ["B", "B remix 2", "B remix", "A"]
    assert site.anon.get(f"/creations/{a['id']}").json()["plays"] == 3


def test_trending_puts_recent_activity_first(site: Site) -> None:
    alice = site.user("alice")
    bob = site.user("bob")
    old = upload(alice, design("Old but rated")).json()["id"]
    upload(alice, design("Quiet"))
    upload(alice, design("Newest"))
    bob.put(f"/creations/{old}/rating", json={"value": 5})
    assert titles(site.anon, sort="trending") == ["Old but rated", "Newest", "Quiet"]


def test_trend_halves_every_half_life() -> None:
    now = dt.datetime(2026, 6, 1)
    then = now - ranking.HALF_LIFE
    assert ranking.bumped(0.0, 1.0, now) - ranking.bumped(0.0, 1.0, then) == 1.0
    # two events three days ago weigh as much as one now
    twice = ranking.bumped(ranking.bumped(0.0, 1.0, then), 1.0, then)
    assert twice == ranking.bumped(0.0, 1.0, now)
    # weights add up
    assert ranking.bumped(0.0, 4.0, now) == ranking.bumped(0.0, 1.0, now) + 2.0


def test_a_sorted_listing_pages_without_repeats_while_things_change(site: Site) -> None:
    alice = site.user("alice")
    bob = site.user("bob")
    carol = site.user("carol")
    ids = [upload(alice, design(f"Tee {i}")).json()["id"] for i in range(6)]
    for ident in ids[:3]:
        bob.put(f"/creations/{ident}/rating", json={"value": 5})  # three tied at the top
    page = site.anon.get("/creations", params={"sort": "top", "limit": "2"}).json()
    seen = [c["title"] for c in page["items"]]
    # meanwhile: a new creation (it sorts first of those with no rating, after the page read)
    # and a rise to the top (above the page read: with offsets it would push "Tee 0" down
    # into the next page a second time)
    upload(alice, design("Late"))
    bob.put(f"/creations/{ids[5]}/rating", json={"value": 5})
    carol.put(f"/creations/{ids[5]}/rating", json={"value": 5})
    while page["next"]:
        params = {"sort": "top", "limit": "2", "cursor": page["next"]}
        page = site.anon.get("/creations", params=params).json()
        seen += [c["title"] for c in page["items"]]
    assert seen == ["Tee 2", "Tee 1", "Tee 0", "Late", "Tee 4", "Tee 3"]
    assert titles(site.anon, sort="top", limit="2") == ["Tee 5", "Tee 2"]


def test_a_cursor_belongs_to_its_sort(site: Site) -> None:
    alice = site.user("alice")
    for i in range(3):
        upload(alice, design(f"Tee {i}"))
    page = site.anon.get("/creations", params={"sort": "top", "limit": "1"}).json()
    r = site.anon.get("/creations", params={"sort": "new", "cursor": page["next"]})
    assert r.status_code == 400
    assert r.json() == {"detail": "cursor: is a page of sort=top, not sort=new"}
    assert site.anon.get("/creations", params={"sort": "best"}).status_code == 422
