"""`puzzlesecretary speak --once`, as the operator runs it: one pass puts the due recap in the outbox,
a second pass adds nothing, and a bad setting stops it at start naming the variable."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent / "puzzlesecretary"


def run(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN), *args], capture_output=True, text=True, env={**os.environ, **env}, timeout=120)


def test_one_pass_posts_yesterdays_recap_once_and_a_bad_recap_time_is_refused(tmp_path):
    path = tmp_path / "sample.db"
    env = {"DATABASE_URL": f"sqlite:///{path}", "PUBLIC_BASE_URL": "https://board.example"}
    assert run("import", "--sample", env=env).returncode == 0
    with sqlite3.connect(path) as con:  # as `!ps set recap 00:00` would, turned on long ago
        con.execute("INSERT INTO recap_setting (group_id, at, week_start, since) SELECT id, '00:00', 0, 0 FROM chat_group")
        con.execute("UPDATE chat_group SET state = 'enabled'")  # as `!ps join CODE` would
    for _ in range(2):
        done = run("speak", "--once", env=env)
        assert done.returncode == 0, done.stderr
    with sqlite3.connect(path) as con:
        rows = con.execute("SELECT key, is_group, body FROM outbox WHERE key LIKE 'recap:%:day:%'").fetchall()
    assert len(rows) == 1
    key, is_group, body = rows[0]
    assert is_group == 1 and '"text":"Puzzle recap for ' in body and "https://board.example/g/" in body
    bad = run("speak", "--once", env={**env, "RECAP_TIME": "9am"})
    assert bad.returncode == 2
    assert "RECAP_TIME='9am' is not a recap time: '9am' is not a time of day" in bad.stderr
