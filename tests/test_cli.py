"""The `puzzlesecretary` command, run as a user runs it: the installed script in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent / "puzzlesecretary"
WORDLE = "Wordle 1,987 3/6*\n\n⬛🟨⬛⬛⬛\n🟩🟩⬛🟩⬛\n🟩🟩🟩🟩🟩"


def run(*args: str, stdin: str = "", env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN), *args], input=stdin, capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=120
    )


@pytest.fixture
def dbenv(tmp_path) -> dict:
    return {"DATABASE_URL": f"sqlite:///{tmp_path}/cli.db"}


def test_parse_jsonl_writes_one_array_per_input_line():
    lines = [
        json.dumps({"text": WORDLE}),
        json.dumps({"text": "see you at 7"}),
        "{not json",
        json.dumps({"txt": "wrong key"}),
        "",
        json.dumps({"text": "Connections\nPuzzle #1,265\n🟨🟨🟨🟨\n🟩🟩🟩🟩\n🟦🟦🟦🟦\n🟪🟪🟪🟪"}),
    ]
    done = run("parse", "--jsonl", "--at", "2026-11-27T12:00:00+00:00", stdin="\n".join(lines) + "\n")
    assert done.returncode == 0
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(out) == len(lines)
    [wordle] = out[0]
    for key in ("game", "puzzle", "date", "solved", "score", "max", "hard_mode", "archive", "details"):
        assert key in wordle
    assert (wordle["game"], wordle["puzzle"], wordle["score"], wordle["hard_mode"]) == ("wordle", 1987, 3, True)
    assert out[1] == out[2] == out[3] == out[4] == []
    assert out[5][0]["game"] == "connections"
    assert "line 3" in done.stderr and "line 4" in done.stderr


def test_parse_jsonl_uses_a_lines_own_sent_at_for_the_future_check():
    line = json.dumps({"text": WORDLE, "sent_at": "2024-01-01T00:00:00+00:00"})
    done = run("parse", "--jsonl", stdin=line + "\n")
    assert json.loads(done.stdout) == []


def test_import_export_and_board_round_trip(dbenv, tmp_path):
    events = [
        {
            "platform": "test",
            "group": "g",
            "group_name": "Pals",
            "message_id": "1",
            "sender": "a",
            "sender_name": "Ann",
            "sent_at": "2026-11-27T08:00:00+00:00",
            "text": WORDLE,
        },
        {
            "platform": "test",
            "group": "g",
            "message_id": "2",
            "sender": "b",
            "sender_name": "Ben",
            "sent_at": "2026-11-27T09:00:00+00:00",
            "text": "nice",
        },
        {"kind": "edit", "platform": "test", "message_id": "2", "sent_at": "2026-11-27T09:01:00+00:00", "text": "nice one"},
    ]
    path = tmp_path / "chat.jsonl"
    path.write_text("\n".join(json.dumps(e) for e in events) + "\nnot json\n", encoding="utf-8")
    done = run("import", str(path), env=dbenv)
    assert done.returncode == 0, done.stderr
    assert "3 new messages" not in done.stdout and "2 new messages" in done.stdout and "1 bad lines" in done.stdout
    exported = [json.loads(line) for line in run("export", "--jsonl", env=dbenv).stdout.splitlines()]
    assert len(exported) == 1
    row = exported[0]
    assert {k: row[k] for k in ("platform", "group", "player", "game", "puzzle", "date", "solved", "score", "hard_mode")} == {
        "platform": "test",
        "group": "Pals",
        "player": "Ann",
        "game": "wordle",
        "puzzle": 1987,
        "date": "2026-11-27",
        "solved": True,
        "score": 3,
        "hard_mode": True,
    }
    assert row["message"]["id"] == "1"
    board = run("board", "--date", "2026-11-27", env=dbenv)
    assert board.returncode == 0
    assert "Wordle #1,987" in board.stdout and "Ann" in board.stdout and "not yet: Ben" in board.stdout


def test_importing_the_same_file_twice_doubles_nothing(dbenv, tmp_path):
    path = tmp_path / "chat.jsonl"
    path.write_text(
        json.dumps(
            {
                "platform": "t",
                "group": "g",
                "message_id": "1",
                "sender": "a",
                "sent_at": "2026-11-27T08:00:00+00:00",
                "text": WORDLE,
            }
        )
        + "\n",
        encoding="utf-8",
    )
    run("import", str(path), env=dbenv)
    second = run("import", str(path), env=dbenv)
    assert "0 new messages, 1 already stored" in second.stdout
    assert len(run("export", env=dbenv).stdout.splitlines()) == 1


def test_the_sample_chat_imports_and_shows_a_board_for_today(dbenv):
    done = run("import", "--sample", env=dbenv)
    assert done.returncode == 0 and "0 bad lines" in done.stdout
    board = run("board", env=dbenv)
    assert "Wordle #" in board.stdout and "not yet: Eli" in board.stdout
    assert "Leaderboards" in board.stdout


def test_reparse_reports_what_it_rebuilt(dbenv):
    run("import", "--sample", env=dbenv)
    before = run("export", env=dbenv).stdout
    done = run("reparse", env=dbenv)
    assert done.returncode == 0 and "reparsed" in done.stdout
    assert run("export", env=dbenv).stdout == before


def test_a_bad_database_url_is_a_clear_error():
    done = run("board", env={"DATABASE_URL": "mysql://nope"})
    assert done.returncode == 2
    assert "DATABASE_URL" in done.stderr and "Traceback" not in done.stderr


def test_a_bad_time_zone_names_the_variable(dbenv):
    done = run("board", env={**dbenv, "DEFAULT_TIMEZONE": "Mars/Olympus"})
    assert done.returncode == 2 and "DEFAULT_TIMEZONE" in done.stderr


def test_board_without_groups_says_what_to_do(dbenv):
    done = run("board", env=dbenv)
    assert done.returncode == 2 and "import" in done.stderr


def test_every_command_explains_itself_in_help():
    top = run("--help").stdout
    for command in ("parse", "import", "export", "reparse", "board", "groups", "migrate", "games", "link"):
        assert command in top
        assert run(command, "--help").returncode == 0


def test_games_lists_every_registered_game():
    from puzzlesecretary.games import GAMES

    out = run("games").stdout
    assert all(slug in out for slug in GAMES)


def test_games_unknown_lists_the_most_posted_games_no_parser_reads_with_counts_and_an_example(dbenv, monkeypatch):
    from helpers import message

    from puzzlesecretary import ingest
    from puzzlesecretary.games import GAMES
    from puzzlesecretary.store import migrate, open_database

    # Trifase/giochini-bot games.py examples: Wend and Patches shares, stored while the table had
    # neither (the catalogue may add them; the command lists what was stored).
    wend = "Wend #4 | 0:41 🌀\nCon 2 dietrofront\nlnkd.in/wend."
    patches = "Patches #1 | 0:09 🧶\nWith no hints & no redraws\nlnkd.in/patches."
    missing = run("games", "--unknown", env=dbenv)
    assert missing.returncode == 2 and "migrate" in missing.stderr
    assert run("migrate", env=dbenv).returncode == 0
    assert run("games", "--unknown", env=dbenv).stdout.startswith("every share posted is of a game PuzzleSecretary reads")
    table = {slug: game for slug, game in GAMES.items() if slug not in ("wend", "patches")}
    original = ingest.derive.parse
    monkeypatch.setattr(ingest.derive, "parse", lambda text, sent_at=None: original(text, sent_at, table))
    db = open_database(dbenv["DATABASE_URL"])
    migrate(db)
    rows = [(wend, "g", "a"), (wend.replace("#4", "#5"), "g", "b"), (wend, "h", "c"), (patches, "h", "c"), (WORDLE, "g", "a")]
    ingest.ingest(
        [message(t, group=g, sender=s, name=s.upper(), at=f"2026-11-27T0{i}:00:00+00:00") for i, (t, g, s) in enumerate(rows)]
    )
    db.close()
    done = run("games", "--unknown", env=dbenv)
    assert done.returncode == 0, done.stderr
    first, second = done.stdout.splitlines()
    assert first.startswith("Wend") and "3 shares by 3 players in 2 groups" in first and "Wend #" in first
    assert second.startswith("Patches") and "1 shares by 1 players in 1 group," in second


def test_link_merges_two_identities_into_one_player(dbenv, tmp_path):
    path = tmp_path / "chat.jsonl"
    rows = [
        {
            "platform": "signal",
            "group": "g",
            "message_id": "1",
            "sender": "a",
            "sender_name": "Ann",
            "sent_at": "2026-11-27T08:00:00+00:00",
            "text": WORDLE,
        },
        {
            "platform": "whatsapp",
            "group": "w",
            "message_id": "2",
            "sender": "a2",
            "sender_name": "Ann W",
            "sent_at": "2026-11-26T08:00:00+00:00",
            "text": WORDLE.replace("1,987", "1,986"),
        },
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    run("import", str(path), env=dbenv)
    done = run("link", "Ann", "Ann W", env=dbenv)
    assert done.returncode == 0, done.stderr
    players = {json.loads(line)["player"] for line in run("export", env=dbenv).stdout.splitlines()}
    assert players == {"Ann"}
