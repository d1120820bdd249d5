"""Rebuilding PostgreSQL's score table with other columns, as migrations 15 (pg_layout.py) and 17 (pg_narrow.py) do.

The rows are copied in id order into a table of the new columns; the id sequence moves to it (or dropping the old
table would drop it); the old table goes and the new one takes its name. Each migration then makes its indexes again
from the definitions read before (`score_indexes`), and `finish` adds the foreign keys and the planner's statistics.
"""

from __future__ import annotations

import peewee

from . import change_counters


def check_columns(db: peewee.Database, names: list[str], error: type[Exception]) -> None:
    """`error` unless the score table has exactly the columns `names`: a migration rebuilds only the table it knows."""
    have = {
        row[0]
        for row in db.execute_sql(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'score'"
        )
    }
    if have != set(names):
        raise error(f"the score table's columns are not the ones this migration knows: {sorted(have ^ set(names))}")


def score_indexes(db: peewee.Database) -> list[tuple[str, str]]:
    """Every index of the score table as (name, its CREATE INDEX statement), by name."""
    rows = db.execute_sql(
        "SELECT indexname, indexdef FROM pg_indexes"
        " WHERE schemaname = current_schema() AND tablename = 'score' ORDER BY indexname"
    )
    return [(name, sql) for name, sql in rows.fetchall()]


def rebuild(db: peewee.Database, columns: tuple[tuple[str, str], ...], values: dict[str, str] | None = None) -> None:
    """The score table made again with `columns` (name, type), its rows and ids kept; `values` gives an expression for
    a column copied otherwise than as it is. Indexes and constraints are the caller's."""
    names = [name for name, _ in columns]
    (sequence,) = db.execute_sql("SELECT pg_get_serial_sequence('score', 'id')").fetchone()
    db.execute_sql(f"CREATE TABLE score_rebuilt ({', '.join(f'{name} {kind}' for name, kind in columns)})")
    chosen = ", ".join((values or {}).get(name, name) for name in names)
    db.execute_sql(f"INSERT INTO score_rebuilt ({', '.join(names)}) SELECT {chosen} FROM score ORDER BY id")
    db.execute_sql(f"ALTER TABLE score_rebuilt ALTER COLUMN id SET DEFAULT nextval('{sequence}'::regclass)")
    db.execute_sql(f"ALTER SEQUENCE {sequence} OWNED BY score_rebuilt.id")  # or dropping the old table drops it
    db.execute_sql("DROP TABLE score")
    db.execute_sql("ALTER TABLE score_rebuilt RENAME TO score")


def finish(db: peewee.Database) -> None:
    """The rebuilt table's foreign keys, its trigger of the change counters, and its statistics for the planner."""
    db.execute_sql(
        "ALTER TABLE score"
        " ADD CONSTRAINT score_message_id_fkey FOREIGN KEY (message_id) REFERENCES message (id) ON DELETE CASCADE,"
        " ADD CONSTRAINT score_group_id_fkey FOREIGN KEY (group_id) REFERENCES chat_group (id),"
        " ADD CONSTRAINT score_player_id_fkey FOREIGN KEY (player_id) REFERENCES player (id)"
    )
    if change_counters.has_counters(db):  # dropping the old table dropped its trigger (change_counters.py)
        db.execute_sql(change_counters.PG_TRIGGER)
    db.execute_sql("ANALYZE score")
