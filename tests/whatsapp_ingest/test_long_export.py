"""A real-looking export of a few months, imported with the real command: the board holds every
share once, and a second, overlapping export (as a friend sends weeks later) doubles nothing."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from collections import Counter
from pathlib import Path

from puzzlesecretary.board import render_board
from puzzlesecretary.store import Group, Message, Score
from puzzlesecretary.whatsapp_export import parse_export
from puzzlesecretary.whatsapp_import import message_id

LONG = Path(__file__).resolve().parent / "exports" / "long"
FIRST = LONG / "WhatsApp Chat with The Puzzle Pals.txt"
SECOND = LONG / "WhatsApp Chat with The Puzzle Pals (1).txt"
COMMAND = shutil.which("puzzlesecretary") or str(Path(__file__).resolve().parents[2] / ".venv/bin/puzzlesecretary")


def run(db_url: str, *args: str) -> subprocess.CompletedProcess:
    env = os.environ | {"DATABASE_URL": db_url}
    return subprocess.run([COMMAND, "import-whatsapp", *args], env=env, capture_output=True, text=True, timeout=300)


def summary_counts(stdout: str) -> tuple[int, int, int]:
    """(read, stored, duplicates) from 'messages read: N (S stored, D duplicates)'."""
    line = next(line for line in stdout.splitlines() if line.startswith("messages read:"))
    numbers = [int(word) for word in line.replace("(", " ").replace(",", " ").split() if word.isdigit()]
    return numbers[0], numbers[1], numbers[2]


def counted() -> list[tuple[str, str, str]]:
    rows = Score.select().where(Score.counted == True)  # noqa: E712
    return [(s.player.name, s.game, s.puzzle_key) for s in rows]


def test_months_of_exports_import_into_a_board_with_no_doubled_score(db, db_url):
    manifest = {
        (("Dana" if a == "You" else a), g, str(n)) for a, g, n in json.loads((LONG / "manifest.json").read_text())["shares"]
    }

    first = run(db_url, str(FIRST), "--me", "Dana", "--timezone", "Europe/London")
    assert first.returncode == 0, first.stderr
    assert "android export, MDY dates, group 'The Puzzle Pals'" in first.stdout
    assert "lines not understood: 0" in first.stdout

    second = run(db_url, str(SECOND), "--me", "Dana", "--timezone", "Europe/London")
    assert second.returncode == 0, second.stderr

    scores = counted()
    assert Counter(scores).most_common(1)[0][1] == 1  # nobody counted twice for one puzzle
    assert set(scores) == manifest  # and every share posted is on the board
    assert len(Group.select()) == 1
    assert sorted(p.name for p in {s.player for s in Score.select()}) == ["Alice", "Bob Marsh", "Chidi", "Dana", "Eli"]

    # The second export repeats October: only its messages the first one lacks are stored.
    def ids(path: Path) -> list[str]:
        export = parse_export(path.read_text(encoding="utf-8"))
        return [
            message_id("export:The Puzzle Pals", "Dana" if m.author == "You" else m.author, m.at, m.text) for m in export.messages
        ]

    new = set(ids(SECOND)) - set(ids(FIRST))
    read, stored, duplicates = summary_counts(second.stdout)
    assert (read, stored, duplicates) == (len(ids(SECOND)), len(new), len(ids(SECOND)) - len(new))
    assert Message.select().count() == len(set(ids(FIRST)) | new)

    group = Group.get()
    for day in (dt.date(2025, 8, 15), dt.date(2025, 10, 15), dt.date(2025, 11, 10)):
        board = render_board(group, day)
        for game_block in board.split("\n\n")[1:]:
            names = [line.split()[1] for line in game_block.splitlines() if line.strip()[:2].rstrip(".").isdigit()]
            assert len(names) == len(set(names)), board


def test_importing_the_same_months_again_stores_nothing(db, db_url):
    assert run(db_url, str(FIRST), "--me", "Dana", "--timezone", "Europe/London").returncode == 0
    before = (Message.select().count(), Score.select().count())
    again = run(db_url, str(FIRST), "--me", "Dana", "--timezone", "Europe/London")
    assert again.returncode == 0
    assert "scores found:" in again.stdout and "(0 new on the board)" in again.stdout
    assert (Message.select().count(), Score.select().count()) == before


def test_the_command_reports_bad_input_clearly(db, db_url, tmp_path):
    not_export = tmp_path / "notes.txt"
    not_export.write_text("shopping list\nmilk\n")
    done = run(db_url, str(not_export))
    assert done.returncode == 2 and "no line starts with a WhatsApp timestamp" in done.stderr
    done = run(db_url, str(tmp_path / "missing.txt"))
    assert done.returncode == 2 and "cannot read" in done.stderr
    done = run(db_url, str(FIRST), "--timezone", "Mars/Base")
    assert done.returncode == 2 and "time zone" in done.stderr
    done = run(db_url, str(FIRST), "--alias", "no equals sign")
    assert done.returncode == 2 and "--alias" in done.stderr
    assert Message.select().count() == 0
