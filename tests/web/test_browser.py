"""End to end in real headless Chromium (Debian's, driven by Playwright: tests/web/browser.py): the
sample chat plus hostile players, served by the real command (waitress), every page at phone and
desktop widths, light and dark.

Checks per page: it loads with no console error, failed load, CSP report or dialog; every request
stays on 127.0.0.1; nothing is wider than the screen; hostile names are text, not markup; a name
holding an unclosed right-to-left override reorders nothing outside itself, in the <title> neither.
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
from web.browser import CHROMIUM, FLAGS, Browser
from web.cast import IMG, SCRIPT, connections, wordle

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
# Names ending in an unclosed U+202E RIGHT-TO-LEFT OVERRIDE: unisolated, it reverses whatever
# follows it in the same paragraph ("Eve 0.00 points" reads "Eve stniop 00.0").
RLO_PLAYER = "Eve\u202e"
RLO_GROUP_SUFFIX = " \u202e"

pytestmark = [pytest.mark.slow]


# What a screen reader needs from every page: a language, one h1, charts with a title and a
# description, links and summaries with text, table headers with a scope.
ACCESSIBILITY = """(() => {
  const bad = [];
  if (!document.documentElement.lang) bad.push('no lang');
  if (document.querySelectorAll('h1').length !== 1) bad.push('h1 count');
  for (const svg of document.querySelectorAll('svg')) {
    const described = svg.querySelector('title') && svg.querySelector('desc');
    if (svg.getAttribute('role') !== 'img' || !described) bad.push('svg ' + svg.id);
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


# Where text is laid out backwards: a run of Latin letters or digits outside a name (<bdi> or a
# link with dir="auto") whose next character on the same line stands to its left. Grids (<pre>)
# and charts (<svg>) are left out: they are not running text.
REVERSED = """(() => {
  const bad = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest('bdi, [dir=auto], pre, svg')) continue;
    let previous = null;
    for (let i = 0; i < node.data.length; i++) {
      if (!/[A-Za-z0-9]/.test(node.data[i])) continue;
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const box = range.getBoundingClientRect();
      if (box.width === 0) { previous = null; continue; }
      if (previous && Math.abs(box.top - previous.top) < 2 && box.left < previous.left) {
        bad.push(node.data.trim().slice(0, 60));
        break;
      }
      previous = box;
    }
  }
  return bad;
})()"""


def build_database(path: Path) -> dict:
    """The sample chat ending today, and hostile players posting today's puzzles, a late post and an archive play.

    One hostile player's name, and the group's name, end in an unclosed right-to-left override.
    """
    db = open_database(f"sqlite:///{path}")
    migrate(db)
    import_events((json.dumps(line) for line in sample_lines(dt.date.today())), "Europe/London")
    group = Group.get()
    Group.update(name=group.name + RLO_GROUP_SUFFIX).where(Group.id == group.id).execute()
    today = group_today(group)
    noon = dt.datetime.combine(today, dt.time(0, 30), dt.timezone.utc)
    number = GAMES["wordle"].calendar.puzzle_on(today)
    puzzle_c = GAMES["connections"].calendar.puzzle_on(today)
    where = {"group": group.platform_id, "platform": group.platform, "at": noon}
    ingest(
        [
            message(wordle(number, 4), sender="x1", name=SCRIPT, **where),
            message(connections(puzzle_c, 2), sender="x2", name=IMG, **where),
            message(wordle(number - 3, 5), sender="x1", name=SCRIPT, **where),
            message("Archive October 2, 2026\n" + wordle(1931, 3), sender="x2", name=IMG, **where),
            message(wordle(number, 1), sender="x3", name=RLO_PLAYER, **where),  # first on the board
            message(connections(puzzle_c, 0), sender="x3", name=RLO_PLAYER, **where),
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
    browser = Browser()
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
        "versus-rlo": f"{g}/vs/{ids[RLO_PLAYER]}/{ids['Alice']}",
        "player": f"{g}/p/{ids['Alice']}",
        "player-hostile": f"{g}/p/{ids[IMG]}",
        "player-rlo": f"{g}/p/{ids[RLO_PLAYER]}",
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


def test_the_browser_is_debians_chromium_with_the_test_flags_and_a_fresh_profile(site):
    visit = site["browser"].open("chrome://version", WIDTHS["desktop"])
    text = visit.evaluate("document.body.innerText")
    assert "/usr/lib/chromium/chromium" in text  # what Debian's /usr/bin/chromium wrapper starts
    assert Path(CHROMIUM).exists()
    for flag in FLAGS:
        assert flag.split("=")[0] in text, flag
    # Playwright makes a new temporary profile for each launch (mkdtemp): nothing carries over.
    profile = Path(visit.evaluate("document.querySelector('#profile_path').innerText"))
    assert profile.parent.name.startswith("playwright_chromiumdev_profile-"), profile


def test_every_page_renders_cleanly_at_phone_and_desktop_widths(site):
    failures = []
    for name, path in pages(site).items():
        for label, width in WIDTHS.items():
            visit = site["browser"].open(site["base"] + path, width)
            problems = [p for p in visit.problems if not (name == "not-found" and "404" in p)]
            outside = [r for r in visit.requests if urllib.parse.urlsplit(r).hostname != "127.0.0.1"]
            overflow = visit.evaluate("document.documentElement.scrollWidth") - width
            title = visit.evaluate("document.title")
            scripts = visit.evaluate("document.querySelectorAll('script, img, iframe, object, embed').length")
            unlabelled = visit.evaluate(ACCESSIBILITY)
            visit.page.screenshot(path=SHOTS / f"{name}-{label}.png", full_page=True)
            if problems or outside or overflow > 0 or not title or scripts or unlabelled:
                failures.append(
                    f"{name} at {width}px: problems={problems} outside={outside} overflow={overflow}px "
                    f"title={title!r} elements={scripts} accessibility={unlabelled}"
                )
    assert not failures, "\n".join(failures)


def test_pages_also_render_in_dark_mode(site):
    for name in ("board", "player", "leaderboard-wordle-month", "versus", "puzzle"):
        visit = site["browser"].open(site["base"] + pages(site)[name], WIDTHS["phone"], dark=True)
        assert visit.problems == []
        background = visit.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(18, 18, 18)", name
        visit.page.screenshot(path=SHOTS / f"{name}-phone-dark.png", full_page=True)


def test_hostile_names_are_shown_as_text(site):
    for name in ("board", "player-hostile", "versus-hostile", "puzzle", "champion"):
        visit = site["browser"].open(site["base"] + pages(site)[name], WIDTHS["desktop"])
        text = visit.evaluate("document.body.innerText")
        assert SCRIPT in text or IMG in text, name
        assert visit.evaluate("document.querySelectorAll('script, img').length") == 0
        assert visit.problems == []


def test_a_right_to_left_override_in_a_name_reverses_nothing_after_it(site):
    reversed_text = {}
    for name, path in pages(site).items():
        for width in WIDTHS.values():
            visit = site["browser"].open(site["base"] + path, width)
            assert name == "not-found" or RLO_GROUP_SUFFIX.strip() in visit.evaluate("document.body.innerText")
            found = visit.evaluate(REVERSED)
            if found:
                reversed_text[f"{name} at {width}px"] = found
    assert not reversed_text, reversed_text


def test_the_words_after_a_name_with_an_override_read_in_order(site):
    visit = site["browser"].open(site["base"] + pages(site)["board"], WIDTHS["desktop"])
    summary = visit.page.locator("details.grid summary", has_text="Eve").first
    assert summary.inner_text() == f"Show {RLO_PLAYER}'s grid"
    # The last text of "Show Eve's grid" is "grid": each of its letters stands right of the one before.
    lefts = summary.evaluate(
        """summary => {
          const node = summary.lastChild, range = document.createRange(), at = node.data.lastIndexOf('grid');
          return [0, 1, 2, 3].map(i => {
            range.setStart(node, at + i);
            range.setEnd(node, at + i + 1);
            return range.getBoundingClientRect().left;
          });
        }"""
    )
    assert lefts == sorted(lefts), lefts
    visit.page.screenshot(path=SHOTS / "board-rlo-name-desktop.png", full_page=True)


def test_every_title_keeps_its_names_isolated_from_the_site_name(site):
    for name, path in pages(site).items():
        title = site["browser"].open(site["base"] + path, WIDTHS["phone"]).evaluate("document.title")
        assert title.startswith("\u2068") and title.endswith("\u2069 · PuzzleSecretary"), (name, title)
    title = site["browser"].open(site["base"] + pages(site)["versus-rlo"], WIDTHS["phone"]).evaluate("document.title")
    assert f"\u2068{RLO_PLAYER}\u2069 vs \u2068Alice\u2069" in title


def test_grids_stay_hidden_until_the_viewer_taps(site):
    visit = site["browser"].open(site["base"] + pages(site)["board"], WIDTHS["phone"])
    hidden = visit.evaluate(
        "[...document.querySelectorAll('details.grid')].every(d => !d.open && !d.querySelector('pre').checkVisibility())"
    )
    count = visit.evaluate("document.querySelectorAll('details.grid').length")
    assert hidden and count > 0
    visit.page.locator("details.grid summary").first.click()
    assert visit.evaluate("document.querySelector('details.grid pre').checkVisibility()") is True
    visit.page.screenshot(path=SHOTS / "board-grid-opened-phone.png", full_page=True)


def test_archive_plays_and_late_posts_are_marked(site):
    visit = site["browser"].open(site["base"] + pages(site)["puzzle-late"], WIDTHS["phone"])
    assert "late post" in visit.evaluate("document.body.innerText")
    visit = site["browser"].open(site["base"] + pages(site)["puzzle-archive"], WIDTHS["phone"])
    assert "archive play" in visit.evaluate("document.body.innerText")


def test_chromium_decodes_every_gzipped_page_to_the_plain_page(site):
    # The pages' gzip is made of kept pieces' deflate streams one after another (deflate.py): Chromium's own
    # decoder reads each page, gzipped as the server sent it, to the bytes a client without gzip gets.
    visit = site["browser"].open(site["base"] + "/healthz", WIDTHS["desktop"])
    for name, path in pages(site).items():
        if name == "not-found":
            continue
        plain = urllib.request.urlopen(site["base"] + path, timeout=10).read()  # urllib asks for no coding
        response = visit.page.goto(site["base"] + path, wait_until="load")
        assert response.headers.get("content-encoding") == "gzip", name
        assert response.body() == plain, name
