"""Security headers, the one 404 page, malformed URLs and methods other than GET and HEAD."""

from __future__ import annotations

import pytest

EXPECTED_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


def assert_secured(response) -> None:
    for name, value in EXPECTED_HEADERS.items():
        assert response.headers.get(name) == value, name
    csp = response.headers["content-security-policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "script-src" not in directives  # falls back to 'none': no script of any kind
    assert "'unsafe-inline'" not in csp


@pytest.mark.parametrize(
    "path",
    [
        "",
        "/leaderboard/wordle/week",
        "/champion/month",
        "/not-counted",
        "/puzzle/wordle/1987",
        "/nope",
    ],
)
def test_group_pages_and_their_errors_carry_the_security_headers(seeded, path):
    assert_secured(seeded.page(path))


@pytest.mark.parametrize("path", ["/", "/healthz", "/metrics", "/static/style.css", "/static/favicon.svg", "/nothing/here"])
def test_every_other_response_carries_them_too(seeded, path):
    assert_secured(seeded.client.get(path))


def test_a_refused_method_carries_them_too(seeded):
    assert_secured(seeded.client.request("POST", f"/g/{seeded.token}"))


def test_pages_contain_no_script_and_no_inline_style(seeded):
    for rest in ("", "/leaderboard/wordle/month", f"/p/{seeded.ids['Alice']}", f"/vs/{seeded.ids['Alice']}/{seeded.ids['Bob']}"):
        text = seeded.page(rest).text.lower()
        assert "<script" not in text and " style=" not in text and "<style" not in text and "javascript:" not in text


def not_found_body(seeded) -> bytes:
    response = seeded.client.get("/certainly/not/a/page")
    assert response.status == 404
    return response.body


@pytest.mark.parametrize(
    "path",
    [
        "/g/AAAAAAAAAAAAAAAAAAAAAA",  # well-formed token of no group
        "/g/{token}/p/999999",  # no such player
        "/g/{token}/p/{zoe}",  # a player of another group
        "/g/{token}/vs/{alice}/{zoe}",
        "/g/{token}/vs/{alice}/{alice}",  # against oneself
        "/g/{token}/puzzle/wordle/1",  # nobody played it
        "/g/{token}/puzzle/chess/1987",  # no such game
        "/g/{token}/leaderboard/chess/week",
        "/g/{token}/leaderboard/wordle/decade",
        "/g/{token}/champion/forever",
        "/g/{token}/unknown",
        "/g/{token}/",
        "/g/",
        "/g",
    ],
)
def test_unknown_things_get_the_same_404_page_as_any_unknown_url(seeded, path):
    path = path.format(token=seeded.token, alice=seeded.ids["Alice"], zoe=seeded.ids["Zoe"])
    response = seeded.client.get(path)
    assert response.status == 404
    assert response.body == not_found_body(seeded)
    assert "Zoe" not in response.text and "Alice" not in response.text


@pytest.mark.parametrize(
    "path",
    [
        "/g/short",
        "/g/" + "A" * 500,
        "/g/<script>",
        "/g/%ff%fe",
        "/g/\udcff\udcfe",
        "/g/{token}/p/99999999999999999999999999999",
        "/g/{token}/p/-1",
        "/g/{token}/p/0",
        "/g/{token}/p/1.5",
        "/g/{token}/p/%00",
        "/g/{token}/p/１",  # a full-width digit
        "/g/{token}/vs/1/99999999999999999999999",
        "/g/{token}/puzzle/wordle/99999999999999999999",
        "/g/{token}/puzzle/wordle/2026-13-45",
        "/g/{token}/puzzle/wordle/-5",
        "/g/{token}/puzzle/WORDLE/1987",
        "/g/{token}/puzzle/wordle/1987/extra",
        "/g/{token}/leaderboard/" + "w" * 1000 + "/week",
        "/g/{token}/../../etc/passwd",
        "/static/../app.py",
        "/static/style.css.map",
        "/static/",
    ],
)
def test_malformed_path_parts_get_404_never_500(seeded, path):
    path = path.format(token=seeded.token)
    response = seeded.client.get(path)
    assert response.status == 404
    assert response.body == not_found_body(seeded)


def test_another_groups_token_shows_only_that_group(seeded):
    page = seeded.client.get(f"/g/{seeded.other_token}")
    assert page.status == 200
    assert "Zoe" in page.text and "Alice" not in page.text


def test_the_home_page_lists_no_groups(seeded):
    page = seeded.client.get("/")
    assert page.status == 200
    assert seeded.token not in page.text and seeded.other_token not in page.text and "Testers" not in page.text


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "PROPFIND"])
def test_only_get_and_head_are_served(seeded, method):
    for path in (f"/g/{seeded.token}", "/healthz", "/nothing"):
        response = seeded.client.request(method, path)
        assert response.status == 405
        assert response.headers["allow"] == "GET, HEAD"


def test_head_answers_like_get_without_a_body(seeded):
    get = seeded.page()
    head = seeded.client.request("HEAD", f"/g/{seeded.token}")
    assert head.status == 200
    assert head.body == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    assert seeded.client.request("HEAD", "/g/AAAAAAAAAAAAAAAAAAAAAA").status == 404


def test_a_page_that_fails_gets_a_500_page_without_details(seeded, monkeypatch):
    from puzzlesecretary import stats

    def broken(*args, **kwargs):
        raise RuntimeError("secret detail of the failure")

    monkeypatch.setattr(stats, "member_names", broken)
    response = seeded.page("/not-counted/../")  # normalised by nobody: still a 404, not a crash
    assert response.status == 404
    response = seeded.page(f"/p/{seeded.ids['Alice']}")
    assert response.status == 500
    assert "secret detail" not in response.text and "Traceback" not in response.text
    assert "This page failed" in response.text
    assert_secured(response)
