"""A repeat view answered from the cache before bottle (cached.py): the same answer as bottle's, gzip, 304."""

from __future__ import annotations

import gzip

import pytest
from web.cast import NOW
from web.test_security import assert_secured

from puzzlesecretary_web import cached


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("gzip", True),
        ("gzip, deflate, br", True),
        ("br;q=1.0, GZIP;q=0.5", True),
        ("x-gzip", True),
        ("*", True),
        ("", False),
        ("identity", False),
        ("br, deflate", False),
        ("gzip;q=0", False),
        ("gzip; q=0.0, *", False),
        ("*;q=0", False),
        ("br, *;q=0.1", True),
        ("gzip;q=oops", False),
    ],
)
def test_accept_encoding_allows_gzip_only_when_listed_or_starred_without_q_zero(header, expected):
    assert cached.accepts_gzip(header) is expected


def test_a_repeat_view_is_answered_before_bottle_with_the_headers_bottle_sends(seeded, monkeypatch):
    first = seeded.page()  # rendered by bottle, then cached

    def no_bottle(environ, start_response):
        raise AssertionError("bottle was asked for " + environ["PATH_INFO"])

    monkeypatch.setattr(seeded.app.bottle, "wsgi", no_bottle)
    again = seeded.page()
    assert again.status == 200 and again.body == first.body
    assert again.headers == first.headers
    assert_secured(again)
    monkeypatch.undo()
    metrics = seeded.client.get("/metrics").text
    assert 'puzzlesecretary_web_requests_total{method="GET",route="/g/<token>",status="200"} 2.0' in metrics
    assert 'puzzlesecretary_web_page_cache_total{result="hit"} 1.0' in metrics


@pytest.mark.parametrize("path", ["", "/leaderboard/wordle/week", "/champion/month", "/not-counted", "/puzzle/wordle/1987"])
def test_a_client_that_accepts_gzip_gets_the_same_page_gzipped_from_either_path(seeded, path):
    plain = seeded.page(path)
    url = f"/g/{seeded.token}{path}"
    rendered = seeded.at(NOW).get(url, headers={"Accept-Encoding": "gzip, br"})  # a fresh app: bottle renders
    repeat = seeded.client.get(url, headers={"Accept-Encoding": "gzip, br"})  # cached: answered before bottle
    for answer in (rendered, repeat):
        assert answer.status == 200
        assert answer.headers["content-encoding"] == "gzip"
        assert answer.headers["vary"] == "Accept-Encoding"
        assert int(answer.headers["content-length"]) == len(answer.body) < len(plain.body)
        assert gzip.decompress(answer.body) == plain.body
        assert answer.headers["etag"] == plain.headers["etag"][:-1] + '-gz"'
        assert_secured(answer)
    assert rendered.body == repeat.body
    assert "content-encoding" not in plain.headers and plain.headers["vary"] == "Accept-Encoding"


def test_either_etag_revalidates_with_a_304_that_names_the_page(seeded):
    plain = seeded.page()
    zipped = seeded.client.get(f"/g/{seeded.token}", headers={"Accept-Encoding": "gzip"})
    for etag in (plain.headers["etag"], zipped.headers["etag"]):
        for client in (seeded.client, seeded.at(NOW)):  # cached, and a fresh app (bottle)
            answer = client.get(f"/g/{seeded.token}", headers={"If-None-Match": etag, "Accept-Encoding": "gzip"})
            assert answer.status == 304 and answer.body == b""
            assert answer.headers["etag"] == zipped.headers["etag"]
            assert answer.headers["cache-control"] == "private, no-cache"
            assert_secured(answer)


def test_head_and_unknown_tokens_still_go_through_bottle(seeded):
    seeded.page()
    head = seeded.client.request("HEAD", f"/g/{seeded.token}")
    assert head.status == 200 and head.body == b"" and head.headers["content-type"] == "text/html; charset=utf-8"
    assert seeded.client.get("/g/AAAAAAAAAAAAAAAAAAAAAA").status == 404
    assert seeded.client.get(f"/g/{seeded.token}/nope").status == 404
    assert seeded.client.get(f"/g/{seeded.token}/p/%C3%A9").status == 404  # not ASCII: bottle decodes it


def test_a_cached_page_that_went_stale_is_rendered_again_not_served(seeded, db):
    from helpers import message

    first = seeded.page()
    seeded.page()
    seeded.add(
        db,
        [message("Wordle 1,987 4/6\n\n" + "\n".join(["⬛⬛⬛⬛⬛"] * 3 + ["🟩🟩🟩🟩🟩"]), sender="u-dana", name="Dana",
                 group="g1", at="2026-11-27T11:30:00+00:00")],
    )  # fmt: skip
    fresh = seeded.page()
    zipped = seeded.client.get(f"/g/{seeded.token}", headers={"Accept-Encoding": "gzip"})
    assert fresh.body != first.body and fresh.headers["etag"] != first.headers["etag"]
    assert gzip.decompress(zipped.body) == fresh.body


def test_waitress_holds_a_whole_gzipped_page_so_the_io_thread_sends_it_in_one_piece(seeded):
    from puzzlesecretary_web.server import SEND_BYTES, make_server

    server = make_server(seeded.app, "127.0.0.1", 0, 1)
    try:
        assert server.adj.send_bytes == SEND_BYTES
        paths = ("", "/champion/year", f"/p/{seeded.ids['Alice']}", "/not-counted")
        sizes = [len(seeded.client.get(f"/g/{seeded.token}{p}", headers={"Accept-Encoding": "gzip"}).body) for p in paths]
        assert max(sizes) < SEND_BYTES
    finally:
        server.close()


def test_a_first_and_a_stale_view_are_made_before_bottle_with_the_headers_bottle_sends(seeded, db):
    from helpers import message
    from web.cast import Client

    from puzzlesecretary_web.guard import SECURITY_HEADERS

    url, gzipped = f"/g/{seeded.token}/leaderboard/wordle", {"Accept-Encoding": "gzip"}
    through_bottle = Client(seeded.at(NOW).app.bottle).get(url, headers=gzipped)  # bottle alone, no guard
    direct = seeded.at(NOW)

    def no_bottle(environ, start_response):
        raise AssertionError("bottle was asked for " + environ["PATH_INFO"])

    direct.app.bottle.wsgi = no_bottle
    first = direct.get(url, headers=gzipped)
    assert first.status == 200 and first.body == through_bottle.body
    assert first.headers == through_bottle.headers | {name.lower(): value for name, value in SECURITY_HEADERS}
    seeded.add(
        db,
        [message("Wordle 1,987 4/6\n\n" + "\n".join(["⬛⬛⬛⬛⬛"] * 3 + ["🟩🟩🟩🟩🟩"]), sender="u-dana", name="Dana",
                 group="g1", at="2026-11-27T11:30:00+00:00")],
    )  # fmt: skip
    stale = direct.get(url, headers=gzipped)
    assert stale.status == 200 and stale.headers["etag"] != first.headers["etag"]
    assert "Dana" in gzip.decompress(stale.body).decode() and "Dana" not in gzip.decompress(first.body).decode()
    assert_secured(stale)
    metrics = direct.get("/metrics").text
    assert 'puzzlesecretary_web_requests_total{method="GET",route="/g/<token>/leaderboard/<slug>",status="200"} 2.0' in metrics


def test_the_route_table_matches_a_path_as_bottle_does_and_leaves_the_rest_to_it():
    from puzzlesecretary_web.app import ROUTES

    table = cached.RouteTable(ROUTES)
    assert table.match([])[0].rule == "/g/<token>"
    route, parts = table.match(["vs", "3", "4"])
    assert route.rule == "/g/<token>/vs/<a>/<b>" and parts == {"a": "3", "b": "4"}
    route, parts = table.match(["leaderboard", "wordle"])
    assert route.defaults == {"period": "month"} and parts == {"slug": "wordle"}
    assert table.match(["leaderboard", "wordle", "week"])[1] == {"slug": "wordle", "period": "week"}
    assert table.match(["not-counted"])[0].name == "not_counted/not-counted"
    for rest in ([""], ["p"], ["p", ""], ["p", "1", "x"], ["nope"], ["vs", "", "4"], ["P", "1"]):
        assert table.match(rest) is None
    with pytest.raises(ValueError):
        cached.RouteTable([("/p/<pid:int>", lambda: None, {})])


def test_the_group_lookup_keeps_the_member_count_under_the_shape_and_counts_again_when_a_member_comes(seeded, db):
    from helpers import message

    from puzzlesecretary_web.app import GroupLookup

    lookup = GroupLookup(seeded.readonly)
    group = lookup(seeded.token)
    assert lookup._members[seeded.token] == (group.shape or None, group.members) and group.members > 0
    lookup._members[seeded.token] = (group.shape or None, 999)  # kept: not counted again while the shape holds
    assert lookup(seeded.token).members == 999
    seeded.add(db, [message("hello all", sender="u-newcomer", name="Newcomer", group="g1", at="2026-11-27T11:30:00+00:00")])
    again = lookup(seeded.token)
    assert again.shape > group.shape and again.members == group.members + 1
    assert again.revision == group.revision  # chatter: only the shape and the count tell the pages a member came
