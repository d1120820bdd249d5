"""`puzzlesecretary recap` on the sample chat: a daily, a weekly and a monthly recap with no grid
or answer in them, and a clear error for an unknown group, a bad date, a day not over, no plays."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from puzzlesecretary.importer import import_events
from puzzlesecretary.recap.read import RecapError, recap
from puzzlesecretary.sample import STRANDS_THEMES, sample_lines
from puzzlesecretary.stats import queries
from puzzlesecretary.store import Group

BIN = Path(sys.executable).parent / "puzzlesecretary"
GROUP = "The Puzzle Pals"
# Grid squares, circles and every other pictograph a share is drawn with.
PICTURES = re.compile("[\u2b1b\u2b1c\u25a0-\u25ff\u2600-\u27bf\U0001f300-\U0001faff]")
# The sample's Strands themes, less the two words a recap uses of itself ("Hardest puzzle", "games").
THEME_WORDS = {w.lower() for theme in STRANDS_THEMES for w in re.findall(r"[A-Za-z']{4,}", theme)} - {"puzzle", "game"}


def run(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN), *args], capture_output=True, text=True, env={**os.environ, **env}, timeout=120)


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> dict:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('recap')}/sample.db"}
    done = run("import", "--sample", env=env)
    assert done.returncode == 0, done.stderr
    return env


def spoiler_free(text: str) -> None:
    assert not PICTURES.search(text), f"a grid square or pictograph in {text!r}"
    assert "“" not in text and "”" not in text  # Strands prints its theme in curly quotes
    words = {w.lower() for w in re.findall(r"[A-Za-z']{4,}", text)}
    assert not words & THEME_WORDS, f"puzzle words {words & THEME_WORDS}"


@pytest.mark.parametrize("period", [[], ["--week"], ["--month"]], ids=["daily", "weekly", "monthly"])
def test_the_sample_chat_gets_a_short_spoiler_free_recap(sample, period):
    done = run("recap", GROUP, *period, env=sample)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert 3 <= len(lines) <= 12
    assert lines[0].startswith(
        {"[]": "Puzzle recap for", "['--week']": "Weekly recap for", "['--month']": "Monthly recap for"}[str(period)]
    )
    assert lines[-1].startswith("Board: http://127.0.0.1:5000/g/")
    assert re.search(r"Champion of the (day|week|month): ", done.stdout)
    spoiler_free(done.stdout)


def test_every_day_of_the_sample_recaps_spoiler_free(sample):
    yesterday = dt.date.today() - dt.timedelta(days=1)
    for n in range(0, 18, 2):  # the sample chat holds three weeks
        done = run("recap", GROUP, "--day", (yesterday - dt.timedelta(days=n)).isoformat(), env=sample)
        assert done.returncode == 0, done.stderr
        assert len(done.stdout.splitlines()) <= 12
        spoiler_free(done.stdout)


@pytest.mark.parametrize(
    "args, message",
    [
        (["No Such Group"], "no group 'No Such Group'"),
        ([GROUP, "--day", "2026-13-01"], "bad date '2026-13-01': give the day as YYYY-MM-DD"),
        ([GROUP, "--day", "yesterday"], "bad date 'yesterday'"),
        ([GROUP, "--day", "2999-01-01"], "is not over yet"),
        ([GROUP, "--day", "2001-01-01"], "has no plays to recap up to 2001-01-01"),
    ],
)
def test_a_bad_recap_request_gets_a_clear_error(sample, args, message):
    done = run("recap", *args, env=sample)
    assert done.returncode == 2
    assert message in done.stderr and done.stdout == ""


def test_today_is_refused_because_its_puzzles_are_still_being_played(sample):
    done = run("recap", GROUP, "--day", dt.date.today().isoformat(), env=sample)
    assert done.returncode == 2 and "never tells today's puzzles" in done.stderr


def test_a_group_with_no_plays_gets_a_clear_error(tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path}/chatter.db"}
    event = {"platform": "test", "group": "g", "group_name": "Quiet", "message_id": "1", "sender": "a", "sender_name": "Ann",
             "sent_at": "2026-11-27T08:00:00+00:00", "text": "see you at 7"}  # fmt: skip
    (tmp_path / "chat.jsonl").write_text(json.dumps(event) + "\n", encoding="utf-8")
    assert run("import", str(tmp_path / "chat.jsonl"), env=env).returncode == 0
    done = run("recap", "Quiet", env=env)
    assert done.returncode == 2 and "group 'Quiet' has no plays" in done.stderr


def test_the_recap_reads_the_same_on_each_backend(db):
    import_events((json.dumps(line) for line in sample_lines(dt.date(2026, 11, 30))), "Europe/London")
    group = Group.get()
    now = dt.datetime(2026, 12, 1, 9, tzinfo=dt.timezone.utc)
    daily = recap(db, group, "day", None, now, "http://board")
    assert daily.startswith("Puzzle recap for Monday 30 November 2026, The Puzzle Pals\n")
    weekly = recap(db, group, "week", dt.date(2026, 11, 20), now, "http://board")
    assert weekly.startswith("Weekly recap for 16 November to 22 November 2026, The Puzzle Pals\n")
    monthly = recap(db, group, "month", None, now, "http://board")
    assert monthly.startswith("Monthly recap for November 2026, The Puzzle Pals\n")
    for text in (daily, weekly, monthly):
        spoiler_free(text)
    with pytest.raises(RecapError, match="not over yet"):
        recap(db, group, "day", dt.date(2026, 12, 1), now, "http://board")


def test_a_week_not_over_stops_at_yesterday_and_tells_nothing_of_today(db):
    import_events((json.dumps(line) for line in sample_lines(dt.date(2026, 12, 2))), "Europe/London")
    group = Group.get()
    now = dt.datetime(2026, 12, 2, 20, tzinfo=dt.timezone.utc)  # the sample's last day, played already
    today = len(queries.plays(db, group.id, start=dt.date(2026, 12, 2), end=dt.date(2026, 12, 2)))
    so_far = len(queries.plays(db, group.id, start=dt.date(2026, 11, 30), end=dt.date(2026, 12, 1)))
    assert today > 0 and so_far > 0
    weekly = recap(db, group, "week", None, now, "http://board")
    assert weekly.startswith("Weekly recap for 30 November to 6 December 2026, The Puzzle Pals (so far, to 1 December)\n")
    assert f", {so_far} plays of " in weekly  # today's plays are not counted
