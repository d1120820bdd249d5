"""`python -m bench.pg_variants`: PostgreSQL bytes per score of other shapes of the score table, measured on copies.

Each variant is a new table with its own indexes, made empty and then filled from `score` in id order (the order the
ingest wrote it), so its B-trees grow by inserts as the real ones do; the figure is `pg_total_relation_size` per
row, as bench/disk.py gives it for `score` (a fresh copy runs 1 to 2 bytes under the grown table, which also went
through updates). The source is either a database you name (`--database-url`, e.g. one the benchmark filled with
`--database-url`) or the benchmark's population grown through the ingest path on a private server (`--players`).
docs/performance.md, "Issue 16, round 7: PostgreSQL bytes per score", holds what these gave.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (name, type, value from `score`), in the order of their alignment: migration 17's layout (store/pg_narrow.py).
BASE = (
    ("id", "BIGINT NOT NULL", "id"),
    ("message_id", "BIGINT NOT NULL", "message_id"),
    ("sent_at", "BIGINT NOT NULL", "sent_at"),
    ("score", "DOUBLE PRECISION", "score"),
    ("group_id", "INTEGER NOT NULL", "group_id"),
    ("player_id", "INTEGER NOT NULL", "player_id"),
    ("puzzle", "INTEGER", "puzzle"),
    ("max", "INTEGER NOT NULL", "max"),
    ("game", "SMALLINT NOT NULL", "game"),
    ("date", "SMALLINT", "date"),
    ("solved", "BOOLEAN NOT NULL", "solved"),
    ("hard_mode", "BOOLEAN NOT NULL", "hard_mode"),
    ("archive", "BOOLEAN NOT NULL", "archive"),
    ("late", "BOOLEAN NOT NULL", "late"),
    ("counted", "BOOLEAN NOT NULL", "counted"),
    ("puzzle_key", "TEXT NOT NULL", "puzzle_key"),
    ("details", "TEXT NOT NULL", "details"),
)
# The indexes of schema 20, by a short name; `{t}` is the variant's table.
INDEXES = {
    "one_counted": "UNIQUE INDEX {t}_one_counted ON {t} (group_id, player_id, game, puzzle_key) WHERE counted",
    "group_game_date": "INDEX {t}_group_game_date ON {t} (group_id, game, date)",
    "group_reposts": "INDEX {t}_group_reposts ON {t} (group_id, sent_at) WHERE NOT counted",
    "uncounted_key": "INDEX {t}_uncounted_key ON {t} (group_id, player_id, game, puzzle_key) WHERE NOT counted",
    "message_bucket": "INDEX {t}_message_bucket ON {t} ((message_id / 64)) WITH (fillfactor = 100)",
}
FLAGS = (
    "flags",
    "SMALLINT NOT NULL",
    "(solved::int | hard_mode::int << 1 | archive::int << 2 | late::int << 3 | counted::int << 4)::smallint",
)
ALIGNMENT = {"BIGINT": 0, "DOUBLE": 0, "INTEGER": 1, "SMALLINT": 2, "BOOLEAN": 3, "TEXT": 4}


def aligned(columns) -> tuple:
    """`columns` widest first (8-byte, 4, 2, 1, texts), as a rebuilt table lays them out."""
    return tuple(sorted(columns, key=lambda c: ALIGNMENT[c[1].split()[0]]))


def as_int(columns, *names: str) -> tuple:
    return aligned((n, "INTEGER NOT NULL", e) if n in names else (n, t, e) for n, t, e in columns)


def without(columns, *names: str) -> tuple:
    return tuple(c for c in columns if c[0] not in names)


def no_details(columns) -> tuple:
    """`details` kept as a column but empty in every row: the row as if they were stored elsewhere."""
    return tuple((n, t, "''") if n == "details" else (n, t, e) for n, t, e in columns)


def packed_flags(columns) -> tuple:
    return aligned((*without(columns, "solved", "hard_mode", "archive", "late"), FLAGS))


def indexes(*dropped: str, **added: str) -> tuple:
    return (*(sql for name, sql in INDEXES.items() if name not in dropped), *added.values())


NO_ONE = {"group_player": "INDEX {t}_group_player ON {t} (group_id, player_id)"}
# name: (columns, indexes)
VARIANTS = {
    "copy": (BASE, indexes()),
    "id_int": (as_int(BASE, "id"), indexes()),
    "ids_int": (as_int(BASE, "id", "message_id"), indexes()),
    "flags": (packed_flags(BASE), indexes()),
    "ids_int_flags": (packed_flags(as_int(BASE, "id", "message_id")), indexes()),
    "no_id": (without(BASE, "id"), indexes()),
    "no_sent_at": (without(BASE, "sent_at"), indexes("group_reposts")),
    "one_counted_by_puzzle": (
        BASE,
        (INDEXES["one_counted"].replace("player_id, game, puzzle_key", "game, puzzle_key, player_id"), *indexes("one_counted")),
    ),
    "group_player_for_one_counted": (BASE, indexes("one_counted", **NO_ONE)),
    "no_details": (no_details(BASE), indexes()),
    "no_details_no_bucket": (no_details(BASE), indexes("message_bucket")),
    "no_details_ids_int": (no_details(as_int(BASE, "id", "message_id")), indexes()),
    "no_details_no_id": (no_details(without(BASE, "id")), indexes()),
    "no_details_no_sent_at": (no_details(without(BASE, "sent_at")), indexes("group_reposts")),
    "no_details_no_sent_at_no_bucket": (no_details(without(BASE, "sent_at")), indexes("group_reposts", "message_bucket")),
    "no_details_ids_int_no_bucket": (no_details(as_int(BASE, "id", "message_id")), indexes("message_bucket")),
}


def statements(table: str, columns, index_sql) -> list[str]:
    """The SQL that makes the variant `table` and fills it from `score` in id order."""
    return [
        f"DROP TABLE IF EXISTS {table}",
        f"CREATE TABLE {table} ({', '.join(f'{name} {kind}' for name, kind, _ in columns)})",
        *(f"CREATE {sql.format(t=table)}" for sql in index_sql),
        f"INSERT INTO {table} SELECT {', '.join(value for _, _, value in columns)} FROM score ORDER BY id",
    ]


def measure(cursor, name: str) -> dict:
    """Bytes per row of variant `name` (its table and each index), built on a copy that is dropped afterwards."""
    table = f"variant_{name}"
    columns, index_sql = VARIANTS[name]
    for sql in statements(table, columns, index_sql):
        cursor.execute(sql)
    cursor.execute(f"SELECT count(*), pg_total_relation_size('{table}'), pg_relation_size('{table}') FROM {table}")
    rows, total, heap = cursor.fetchone()
    cursor.execute(
        f"SELECT indexrelid::regclass::text, pg_relation_size(indexrelid) FROM pg_index WHERE indrelid = '{table}'::regclass"
    )
    parts = {index[len(table) + 1 :]: size / rows for index, size in sorted(cursor.fetchall())}
    cursor.execute(f"DROP TABLE {table}")
    return {"rows": rows, "bytes_per_row": total / rows, "table": heap / rows, "indexes": parts}


def line(name: str, found: dict) -> str:
    parts = "  ".join(f"{index} {size:.1f}" for index, size in found["indexes"].items())
    return f"{name:30s} {found['bytes_per_row']:6.1f}  table {found['table']:6.1f}  {parts}"


def grown(players: int, days: int) -> tuple[object, str]:
    """A private server and the URL of a database holding the benchmark's population of `players`."""
    from . import __main__ as bench

    sys.path.insert(0, str(ROOT / "tests"))
    from postgres import TempServer

    server = TempServer().start()
    url = server.create_database()
    shape = {"players": players, "days": days, "measured_days": 365}
    config = {"url": url, "shape": shape, "end": dt.date.today().isoformat(), "first_player": 0, "last_player": players}
    bench.child("bench.feed", config)
    return server, url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pg_variants", description=__doc__)
    parser.add_argument("--database-url", help="a PostgreSQL database with scores (default: grow one on a private server)")
    parser.add_argument("--players", type=int, default=10_000, help="players of the grown population (default 10,000)")
    parser.add_argument("--days", type=int, default=3, help="days of history of every group but the measured one")
    parser.add_argument("variants", nargs="*", help=f"which to build (default all): {', '.join(VARIANTS)}")
    args = parser.parse_args(argv)
    unknown = [name for name in args.variants if name not in VARIANTS]
    if unknown:
        parser.error(f"no variant {', '.join(unknown)}")
    import psycopg2

    server, url = (None, args.database_url) if args.database_url else grown(args.players, args.days)
    try:
        with psycopg2.connect(url) as connection:
            connection.autocommit = True
            cursor = connection.cursor()
            cursor.execute("SELECT count(*), pg_total_relation_size('score') FROM score")
            scores, total = cursor.fetchone()
            print(f"{'score (as grown)':30s} {total / scores:6.1f}  ({scores:,} scores)")
            for name in args.variants or VARIANTS:
                print(line(name, measure(cursor, name)), flush=True)
    finally:
        if server is not None:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
