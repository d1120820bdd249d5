"""bench/pg_variants.py: its copy of PostgreSQL's score table is the table as migrated, and each variant holds every score."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from helpers import message

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # the benchmark is a folder of the repository, not an installed package

from bench import pg_variants  # noqa: E402
from puzzlesecretary.ingest import ingest  # noqa: E402
from puzzlesecretary.store import Score  # noqa: E402

SHARES = [
    "Wordle 1,612 3/6\n\n⬛🟨⬛⬛⬛\n🟩🟩⬛🟩⬛\n🟩🟩🟩🟩🟩",
    "Wordle 1,613 4/6\n\n⬛🟨⬛⬛⬛\n⬛🟨⬛⬛⬛\n🟩🟩⬛🟩⬛\n🟩🟩🟩🟩🟩",
]


def _columns(cursor, table: str) -> list[tuple[str, str, bool]]:
    cursor.execute(
        "SELECT attname, format_type(atttypid, atttypmod), attnotnull FROM pg_attribute"
        f" WHERE attrelid = '{table}'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum"
    )
    return cursor.fetchall()


def _indexes(cursor, table: str) -> list[str]:
    cursor.execute(f"SELECT indexdef FROM pg_indexes WHERE tablename = '{table}' ORDER BY indexname")
    return [sql.replace(f"{table}_", "score_").replace(f".{table} ", ".score ") for (sql,) in cursor.fetchall()]


@pytest.mark.postgresql_only
def test_the_copy_variant_has_the_migrated_tables_columns_and_indexes(db):
    cursor = db.cursor()
    table = "variant_copy"
    columns, index_sql = pg_variants.VARIANTS["copy"]
    for sql in pg_variants.statements(table, columns, index_sql):
        cursor.execute(sql)
    assert _columns(cursor, table) == _columns(cursor, "score")
    assert _indexes(cursor, table) == _indexes(cursor, "score")


@pytest.mark.postgresql_only
def test_every_variant_holds_every_score_and_is_dropped_after_it_is_measured(db):
    ingest([message(text, sender=f"u-{n}", name=f"P{n}", message_id=f"m{n}") for n, text in enumerate(SHARES * 3)])
    cursor = db.cursor()
    for name in pg_variants.VARIANTS:
        found = pg_variants.measure(cursor, name)
        assert found["rows"] == Score.select().count() == 6
        assert found["bytes_per_row"] >= found["table"] > 0
    cursor.execute("SELECT count(*) FROM pg_class WHERE relname LIKE 'variant_%'")
    assert cursor.fetchone()[0] == 0
