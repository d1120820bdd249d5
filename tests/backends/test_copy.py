"""Moving a deployment between SQLite and PostgreSQL: every row copied, ids kept, ingest goes on."""

from __future__ import annotations

import subprocess
import sys

import pytest
from helpers import message

from puzzlesecretary import ingest
from puzzlesecretary.store import MODELS, Message, Score, open_database
from puzzlesecretary.store.copy import CopyError, copy_rows

WORDLE = "Wordle 1,987 3/6\n\n⬛🟨⬛⬛⬛\n🟩🟩⬛🟩⬛\n🟩🟩🟩🟩🟩"


def fill() -> None:
    ingest.ingest([message(WORDLE, message_id="m1"), message("see you at 7", message_id="m2", sender="u-bob", name="Bob")])
    ingest.ingest([message("again\n" + WORDLE, message_id="m3", at="2026-11-27T09:00:00+00:00")])
    ingest.edit_message("test", "m2", "see you at 8", message("x").sent_at.replace(hour=9))
    ingest.store_raw("signal", "k1", b"\x00payload\xff")


def rows(db) -> dict[str, list[tuple]]:
    out = {}
    for model in MODELS:
        names = ", ".join(f'"{f.column_name}"' for f in model._meta.sorted_fields)
        out[model._meta.table_name] = [
            tuple(normal(v) for v in r)
            for r in db.execute_sql(f'SELECT {names} FROM "{model._meta.table_name}" ORDER BY 1').fetchall()
        ]
    return out


def normal(value):
    """Compare across backends: booleans as ints, dates as text."""
    if isinstance(value, bool):
        return int(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


@pytest.fixture
def other_url(backend, tmp_path, postgres_server):
    """An empty database on the *other* backend."""
    if backend == "sqlite":
        url = postgres_server.create_database()
        yield url
        postgres_server.drop_database(url)
    else:
        yield f"sqlite:///{tmp_path}/copy.db"


def test_every_row_moves_with_its_id_and_the_ingest_goes_on_there(db, db_url, other_url):
    fill()
    target = open_database(other_url, bind=False)
    counts = copy_rows(db, target)
    assert counts["message"] == 3 and counts["score"] == 2 and counts["raw_event"] == 1
    assert rows(target) == rows(db)
    db.close()
    open_database(other_url)  # the models now write to the copy
    ingest.ingest([message(WORDLE.replace("1,987", "1,988"), message_id="m4", at="2026-11-28T08:00:00+00:00")])
    assert Message.select().count() == 4
    assert Score.select().where(Score.counted).count() == 2
    target.close()


def test_a_destination_with_rows_is_refused(db, other_url):
    fill()
    target = open_database(other_url, bind=False)
    copy_rows(db, target)
    with pytest.raises(CopyError, match="not empty"):
        copy_rows(db, target)
    target.close()


def test_a_source_behind_this_release_is_refused(db_url, other_url):
    source = open_database(db_url, bind=False)
    with pytest.raises(CopyError, match="migrate"):
        copy_rows(source, open_database(other_url, bind=False))
    source.close()


def test_the_command_copies_and_reports_bad_urls(db, db_url, other_url):
    fill()
    done = subprocess.run(
        [sys.executable, "-m", "puzzlesecretary.store.copy", db_url, other_url],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "copied" in done.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "puzzlesecretary.store.copy", db_url, "mysql://x/y"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert bad.returncode == 1 and "not supported" in bad.stderr
    usage = subprocess.run(
        [sys.executable, "-m", "puzzlesecretary.store.copy", db_url], capture_output=True, text=True, timeout=120, check=False
    )
    assert usage.returncode == 2 and "usage" in usage.stderr
