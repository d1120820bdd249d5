"""Serving: health, metrics, the page cache, read-only access, and the command as a user runs it."""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import peewee
import pytest
from helpers import message
from web.cast import Client

from puzzlesecretary.games import GAMES
from puzzlesecretary.store import Group, open_database
from puzzlesecretary_web.app import make_app

BIN = Path(sys.executable).parent


def test_healthz_says_ok_when_the_database_answers(seeded):
    response = seeded.client.get("/healthz")
    assert (response.status, response.text) == (200, "ok\n")
    assert response.headers["cache-control"] == "no-store"


def test_healthz_says_503_when_the_database_does_not(tmp_path):
    unreachable = peewee.SqliteDatabase(str(tmp_path / "missing-folder" / "gone.db"))
    response = Client(make_app(unreachable)).get("/healthz")
    assert response.status == 503
    assert response.text == "database unreachable\n"


def metric(text: str, name: str, **labels: str) -> float:
    for line in text.splitlines():
        if line.startswith(name + "{") or line.startswith(name + " "):
            found = dict(re.findall(r'(\w+)="([^"]*)"', line.split("}")[0])) if "{" in line else {}
            if all(found.get(k) == v for k, v in labels.items()):
                return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_metrics_count_requests_latency_and_errors_per_route(seeded, monkeypatch):
    seeded.page()
    seeded.page()
    seeded.client.get("/nothing")
    seeded.client.request("POST", "/")
    from puzzlesecretary import stats

    monkeypatch.setattr(stats, "not_counted", lambda *a, **k: 1 / 0)
    assert seeded.page("/not-counted").status == 500
    text = seeded.client.get("/metrics").text
    assert metric(text, "puzzlesecretary_web_requests_total", route="/g/<token>", method="GET", status="200") == 2
    assert metric(text, "puzzlesecretary_web_requests_total", route="unmatched", status="404") == 1
    assert metric(text, "puzzlesecretary_web_requests_total", route="refused", status="405") == 1
    assert metric(text, "puzzlesecretary_web_errors_total", route="/g/<token>/not-counted") == 1
    assert metric(text, "puzzlesecretary_web_request_duration_seconds_count", route="/g/<token>") == 2
    assert metric(text, "puzzlesecretary_web_page_cache_total", result="hit") == 1
    assert metric(text, "puzzlesecretary_web_page_cache_total", result="miss") >= 2


def test_a_repeat_view_comes_from_the_cache_and_a_new_score_refreshes_it(seeded, db):
    first = seeded.page()
    assert len(seeded.app.cache) == 1
    again = seeded.page()
    assert again.body == first.body and seeded.app.cache.hits == 1
    seeded.add(
        db,
        [
            message(
                "Wordle 1,987 4/6\n\n" + "\n".join(["⬛⬛⬛⬛⬛"] * 3 + ["🟩🟩🟩🟩🟩"]),
                sender="u-dana",
                name="Dana",
                group="g1",
                at="2026-11-27T11:30:00+00:00",
            )
        ],
    )
    fresh = seeded.page()
    assert fresh.body != first.body
    waiting = re.search(r'id="g-wordle".*?<p class="waiting">(.*?)</p>', fresh.text, re.S).group(1)
    assert "Dana" not in waiting


def test_the_etag_changes_with_the_groups_revision(seeded, db):
    first = seeded.page()
    etag = first.headers["etag"]
    assert seeded.client.get(f"/g/{seeded.token}", headers={"If-None-Match": etag}).status == 304
    seeded.add(
        db,
        [
            message(
                "Connections\nPuzzle #1,265\n🟨🟨🟨🟨\n🟩🟩🟩🟩\n🟦🟦🟦🟦\n🟪🟪🟪🟪",
                sender="u-bob",
                name="Bob",
                group="g1",
                at="2026-11-27T11:40:00+00:00",
            )
        ],
    )
    after = seeded.client.get(f"/g/{seeded.token}", headers={"If-None-Match": etag})
    assert after.status == 200 and after.headers["etag"] != etag


def test_the_cache_is_bounded_by_its_bytes_and_what_each_entry_costs_beside_them():
    from puzzlesecretary_web.cache import ENTRY_BYTES as E
    from puzzlesecretary_web.cache import PageCache

    cache = PageCache(10 + 2 * E)
    for key in "abc":
        cache.put(key, key.encode() * 4)
    assert len(cache) == 2 and cache.bytes == 8 + 2 * E and cache.get("a") is None and cache.get("c") == b"cccc"
    cache.put("c", b"c")  # replacing a page counts its new size
    assert cache.bytes == 5 + 2 * E
    cache.put("huge", b"x" * (11 + E))  # a page larger than the whole cache is not kept
    assert cache.get("huge") is None and cache.bytes == 5 + 2 * E
    off = PageCache(0)
    off.put("a", b"a")
    assert off.get("a") is None


def test_the_app_cannot_write_to_the_database(seeded):
    with pytest.raises(peewee.PeeweeException), seeded.readonly.atomic():
        seeded.readonly.execute_sql("UPDATE chat_group SET name = 'x'")
    assert seeded.page().status == 200


def test_a_path_a_server_should_not_send_gets_the_404_page(seeded):
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/g/\u0661\u0662",  # not latin-1: PEP 3333 forbids it, some servers send it anyway
        "SERVER_NAME": "x",
        "SERVER_PORT": "80",
        "wsgi.input": None,
        "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http",
    }
    seen = []
    body = b"".join(seeded.app(environ, lambda status, headers, exc=None: seen.append(status)))
    assert seen == ["404 Not Found"] and b"There is no page at this address." in body


# --- the command, as a user runs it ------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_cli(*args: str, env: dict, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / args[0]), *args[1:]], capture_output=True, text=True, env={**os.environ, **env}, timeout=timeout
    )


@pytest.mark.sqlite_only
def test_demo_prints_the_board_url_on_its_own_line_and_serves_it(seeded, backend):
    port = free_port()
    env = {**os.environ, "DATABASE_URL": seeded.db_url, "WEB_PORT": str(port)}
    process = subprocess.Popen(
        [str(BIN / "puzzlesecretary-web"), "--demo"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        lines = [process.stdout.readline().strip(), process.stdout.readline().strip()]
        expected = {f"http://127.0.0.1:{port}/g/{seeded.token}", f"http://127.0.0.1:{port}/g/{seeded.other_token}"}
        assert set(lines) == expected
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(lines[0], timeout=5) as response:
                    assert response.status == 200
                    assert response.headers["Referrer-Policy"] == "no-referrer"
                    assert b"The &lt;b&gt;Testers&lt;/b&gt; &amp; co" in response.read()
                    break
            except (ConnectionError, urllib.error.URLError):
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.1)
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(urllib.request.Request(lines[0], method="POST", data=b""), timeout=5)
        assert refused.value.code == 405
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
        process.stdout.close()
        process.stderr.close()


def test_a_bad_setting_stops_the_web_with_the_variables_name(tmp_path):
    done = run_cli("puzzlesecretary-web", env={"WEB_PORT": "http", "DATABASE_URL": f"sqlite:///{tmp_path}/x.db"})
    assert done.returncode == 2
    assert "WEB_PORT='http'" in done.stderr
    done = run_cli("puzzlesecretary-web", env={"WEB_PORT": "70000", "DATABASE_URL": f"sqlite:///{tmp_path}/x.db"})
    assert done.returncode == 2 and "WEB_PORT" in done.stderr and "at most 65535" in done.stderr


def test_the_web_refuses_a_missing_or_unmigrated_database(tmp_path):
    done = run_cli("puzzlesecretary-web", env={"DATABASE_URL": f"sqlite:///{tmp_path}/none.db"})
    assert done.returncode == 2 and "no database at" in done.stderr
    assert not (tmp_path / "none.db").exists()
    empty = tmp_path / "empty.db"
    open_database(f"sqlite:///{empty}").execute_sql("CREATE TABLE x (y)")
    done = run_cli("puzzlesecretary-web", env={"DATABASE_URL": f"sqlite:///{empty}"})
    assert done.returncode == 2 and "puzzlesecretary migrate" in done.stderr


@pytest.mark.sqlite_only
def test_groups_lists_each_board_url_under_the_public_base_url(seeded, backend):
    done = run_cli(
        "puzzlesecretary", "groups", env={"DATABASE_URL": seeded.db_url, "PUBLIC_BASE_URL": "https://scores.example.org/"}
    )
    assert done.returncode == 0, done.stderr
    urls = re.findall(r"https://\S+", done.stdout)
    assert urls == [f"https://scores.example.org/g/{seeded.token}", f"https://scores.example.org/g/{seeded.other_token}"]
    assert Group.select().count() == 2


@pytest.mark.sqlite_only
def test_a_port_in_use_is_a_clear_error(seeded, backend):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run_cli("puzzlesecretary-web", env={"DATABASE_URL": seeded.db_url, "WEB_PORT": str(port)})
    assert done.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr and "Traceback" not in done.stderr


def test_a_new_member_shows_up_at_once_though_no_score_changed(seeded, db):
    before = seeded.page()
    assert "Yusuf" not in before.text
    seeded.add(
        db, [message("hello all, just joined", sender="u-yusuf", name="Yusuf", group="g1", at="2026-11-27T11:50:00+00:00")]
    )
    after = seeded.page()
    waiting = re.search(r'id="g-wordle".*?<p class="waiting">(.*?)</p>', after.text, re.S).group(1)
    assert "Yusuf" in waiting
    assert after.headers["etag"] != before.headers["etag"]


def test_the_champion_table_adds_up_months_and_notices_a_change_in_an_old_month(seeded, db):
    from web.cast import wordle

    from puzzlesecretary import stats
    from puzzlesecretary_web import pages

    def dana_days() -> str:
        page = seeded.page("/champion/all").text
        row = re.search(r'>Dana</a></th>((?:<td class="num">.*?</td>)+)', page)
        return re.findall(r'<td class="num">(.*?)</td>', row.group(1))[2] if row else "0"

    # The memo is the process's: earlier tests may have filled it to its bound, where a new entry
    # pushes an old one out and the length cannot grow.
    pages.MONTHS.clear()
    # Other tests' pages (a leaderboard of every game) may have filled the memo to its size, and a
    # full memo does not grow: start from an empty one so that a new entry shows.
    pages.MONTHS.clear()
    assert dana_days() == "0"
    months_before = len(pages.MONTHS)
    # An old message arrives now (an export, say): Dana's Wordle of 15 October, sent that day.
    october = GAMES["wordle"].calendar.puzzle_on(dt.date(2026, 10, 15))
    seeded.add(db, [message(wordle(october, 3), sender="u-dana", name="Dana", group="g1", at="2026-10-15T08:00:00+00:00")])
    assert dana_days() == "1"
    assert len(pages.MONTHS) > months_before  # October was ranked again under its new fingerprint
    group_id = Group.get(Group.token == seeded.token).id
    direct = stats.champions_data(seeded.readonly, group_id, None, dt.date(2026, 11, 27))
    merged = pages.champion_table(
        seeded.readonly, pages.GroupRow(group_id, seeded.token, "", "Europe/London", 0), None, dt.date(2026, 11, 27)
    )
    assert [(c.player_id, c.days_won, c.days_played) for c in merged] == [
        (c.player_id, c.days_won, c.days_played) for c in direct
    ]
    assert [c.points for c in merged] == pytest.approx([c.points for c in direct])


def test_leaderboards_add_up_months_the_same_as_one_sum(seeded, db):
    from web.cast import wordle

    from puzzlesecretary import stats
    from puzzlesecretary_web import pages

    # Dana plays 30 October to 2 November: a four-day run over the end of a month.
    days = [dt.date(2026, 10, 30) + dt.timedelta(days=i) for i in range(4)]
    number = GAMES["wordle"].calendar.puzzle_on
    seeded.add(
        db, [message(wordle(number(d), 4), at=f"{d}T08:00:00+00:00", sender="u-dana", name="Dana", group="g1") for d in days]
    )
    group_id = Group.get(Group.token == seeded.token).id
    row = pages.GroupRow(group_id, seeded.token, "", "Europe/London", 0)
    end = dt.date(2026, 11, 27)
    for start in (None, dt.date(2026, 1, 1), dt.date(2026, 10, 15)):
        assert pages.leaderboard_table(seeded.readonly, row, "wordle", start, end) == stats.leaderboard_data(
            seeded.readonly, group_id, "wordle", start, end
        )
    dana = next(s for s in pages.leaderboard_table(seeded.readonly, row, "wordle", None, end)[0] if s.player == "Dana")
    assert (dana.played, dana.best_streak, dana.current_streak) == (4, 4, 0)


@pytest.mark.sqlite_only
def test_healthz_fails_once_the_database_file_is_deleted_or_replaced(seeded, db, tmp_path, caplog):
    assert seeded.client.get("/healthz").status == 200
    path = seeded.readonly.database
    os.replace(path, tmp_path / "moved-away.db")
    response = seeded.client.get("/healthz")
    assert response.status == 503 and "was deleted or moved away" in response.text
    other = open_database(f"sqlite:///{tmp_path}/other.db", bind=False)
    other.execute_sql("CREATE TABLE chat_group (id INTEGER)")
    other.close()
    os.replace(tmp_path / "other.db", path)
    response = seeded.client.get("/healthz")
    assert response.status == 503 and "was replaced by another file" in response.text
    assert [r.levelname for r in caplog.records if r.name == "puzzlesecretary.store.database"] == ["ERROR", "ERROR"]


def test_the_web_allocates_from_one_malloc_arena_where_the_c_library_is_glibc():
    import platform

    from puzzlesecretary_web.main import one_malloc_arena

    assert one_malloc_arena() is (platform.libc_ver()[0] == "glibc")
