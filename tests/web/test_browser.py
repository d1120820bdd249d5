"""End to end in real headless Chromium: the sample chat plus hostile players, served by the real
command (waitress), every page at phone and desktop widths, light and dark.

Checks per page: it loads with no console error, failed load, CSP report or dialog; every request
stays on 127.0.0.1; nothing is wider than the screen; hostile names are text, not markup.
Screenshots go to build/screenshots/ for anyone to look at.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from helpers import message
from web.cast import IMG, SCRIPT, connections, wordle
from web.chromium import Chromium

from puzzlesecretary.games import GAMES
from puzzlesecretary.importer import import_events
from puzzlesecretary.ingest import ingest
from puzzlesecretary.sample import sample_lines
from puzzlesecretary.stats import group_today
from puzzlesecretary.store import Group, Player, migrate, open_database

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "build" / "screenshots"
BIN = Path(sys.executable).parent
WIDTHS = {"phone": 360, "desktop": 1280}

pytestmark = [pytest.mark.slow]


# What a screen reader needs from every page: a language, one h1, charts with a title and a
# description, links and summaries with text, table headers with a scope.
ACCESSIBILITY = """(() => {
  const bad = [];
  if (!document.documentElement.lang) bad.push('no lang');
  if (document.querySelectorAll('h1').length !== 1) bad.push('h1 count');
  for (const svg of document.querySelectorAll('svg')) {
    const labelled = svg.querySelector('title') && svg.querySelector('desc');
    if (svg.getAttribute('role') !== 'img' || !labelled) bad.push('svg ' + svg.id);
  }
  for (const a of document.querySelectorAll('a')) { if (!a.textContent.trim()) bad.push('empty link ' + a.href); }
  for (const s of document.querySelectorAll('summary')) { if (!s.textContent.trim()) bad.push('empty summary'); }
  for (const th of document.querySelectorAll('th')) { if (!th.getAttribute('scope')) bad.push('th without scope'); }
  return bad;
})()"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_database(path: Path) -> dict:
    """The sample chat ending today, and two hostile players posting today's puzzles, a late post and an archive play."""
    db = open_database(f"sqlite:///{path}")
    migrate(db)
    import_events((json.dumps(line) for line in sample_lines(dt.date.today())), "Europe/London")
    group = Group.get()
    today = group_today(group)
    noon = dt.datetime.combine(today, dt.time(0, 30), dt.timezone.utc)
    number = GAMES["wordle"].calendar.puzzle_on(today)
    puzzle_c = GAMES["connections"].calendar.puzzle_on(today)
    ingest(
        [
            message(wordle(number, 4), sender="x1", name=SCRIPT, group=group.platform_id, platform=group.platform, at=noon),
            message(connections(puzzle_c, 2), sender="x2", name=IMG, group=group.platform_id, platform=group.platform, at=noon),
            message(wordle(number - 3, 5), sender="x1", name=SCRIPT, group=group.platform_id, platform=group.platform, at=noon),
            message(
                "Archive October 2, 2026\n" + wordle(1931, 3),
                sender="x2",
                name=IMG,
                group=group.platform_id,
                platform=group.platform,
                at=noon,
            ),
        ],
        default_timezone="Europe/London",
    )
    ids = {p.name: p.id for p in Player.select()}
    info = {"token": group.token, "ids": ids, "wordle": number, "games": sorted({s.game for s in group.scores})}
    db.close()
    return info


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser")
    info = build_database(folder / "site.db")
    port = free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder}/site.db", "WEB_PORT": str(port), "WEB_HOST": "127.0.0.1"}
    server = subprocess.Popen([str(BIN / "puzzlesecretary-web")], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2).read()
            break
        except (ConnectionError, urllib.error.URLError):
            assert server.poll() is None, server.stderr.read().decode()
            assert time.monotonic() < deadline, "the web did not start"
            time.sleep(0.1)
    browser = Chromium(folder / "profile")
    try:
        yield {"base": base, "browser": browser, **info}
    finally:
        browser.close()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)
        server.stderr.close()


def pages(site) -> dict[str, str]:
    ids, token = site["ids"], site["token"]
    g = f"/g/{token}"
    out = {
        "board": g,
        "champion": f"{g}/champion/week",
        "versus": f"{g}/vs/{ids['Alice']}/{ids['Bob']}",
        "versus-hostile": f"{g}/vs/{ids[SCRIPT]}/{ids['Alice']}",
        "player": f"{g}/p/{ids['Alice']}",
        "player-hostile": f"{g}/p/{ids[IMG]}",
        "puzzle": f"{g}/puzzle/wordle/{site['wordle']}",
        "puzzle-late": f"{g}/puzzle/wordle/{site['wordle'] - 3}",
        "puzzle-archive": f"{g}/puzzle/wordle/1931",
        "not-counted": f"{g}/not-counted",
        "not-found": f"{g}/p/999999",
    }
    for period in ("week", "month", "year", "all"):
        out[f"leaderboard-wordle-{period}"] = f"{g}/leaderboard/wordle/{period}"
    for slug in site["games"]:
        out[f"leaderboard-{slug}"] = f"{g}/leaderboard/{slug}/month"
    return out


def test_every_page_renders_cleanly_at_phone_and_desktop_widths(site):
    page = site["browser"].page()
    failures = []
    for name, path in pages(site).items():
        for label, width in WIDTHS.items():
            url = site["base"] + path
            page.open(url, width)
            problems = [p for p in page.problems() if not (name == "not-found" and "404" in p)]
            outside = [r for r in page.requests() if urllib.parse.urlsplit(r).hostname != "127.0.0.1"]
            overflow = page.evaluate("document.documentElement.scrollWidth") - width
            title = page.evaluate("document.title")
            scripts = page.evaluate("document.querySelectorAll('script, img, iframe, object, embed').length")
            unlabelled = page.evaluate(ACCESSIBILITY)
            page.screenshot(SHOTS / f"{name}-{label}.png")
            if problems or outside or overflow > 0 or not title or scripts or unlabelled:
                failures.append(
                    f"{name} at {width}px: problems={problems} outside={outside} overflow={overflow}px "
                    f"title={title!r} elements={scripts} accessibility={unlabelled}"
                )
    assert not failures, "\n".join(failures)


def test_pages_also_render_in_dark_mode(site):
    page = site["browser"].page()
    for name in ("board", "player", "leaderboard-wordle-month", "versus", "puzzle"):
        page.open(site["base"] + pages(site)[name], WIDTHS["phone"], dark=True)
        assert page.problems() == []
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(18, 18, 18)", name
        page.screenshot(SHOTS / f"{name}-phone-dark.png")


def test_hostile_names_are_shown_as_text(site):
    page = site["browser"].page()
    for name in ("board", "player-hostile", "versus-hostile", "puzzle", "champion"):
        page.open(site["base"] + pages(site)[name], WIDTHS["desktop"])
        text = page.evaluate("document.body.innerText")
        assert SCRIPT in text or IMG in text, name
        assert page.evaluate("document.querySelectorAll('script, img').length") == 0
        assert page.problems() == []


def test_grids_stay_hidden_until_the_viewer_taps(site):
    page = site["browser"].page()
    page.open(site["base"] + pages(site)["board"], WIDTHS["phone"])
    hidden = page.evaluate(
        "[...document.querySelectorAll('details.grid')].every(d => !d.open && !d.querySelector('pre').checkVisibility())"
    )
    count = page.evaluate("document.querySelectorAll('details.grid').length")
    assert hidden and count > 0
    page.evaluate("document.querySelector('details.grid summary').click()")
    assert page.evaluate("document.querySelector('details.grid pre').checkVisibility()") is True
    page.screenshot(SHOTS / "board-grid-opened-phone.png")


def test_archive_plays_and_late_posts_are_marked(site):
    page = site["browser"].page()
    page.open(site["base"] + pages(site)["puzzle-late"], WIDTHS["phone"])
    assert "late post" in page.evaluate("document.body.innerText")
    page.open(site["base"] + pages(site)["puzzle-archive"], WIDTHS["phone"])
    assert "archive play" in page.evaluate("document.body.innerText")
