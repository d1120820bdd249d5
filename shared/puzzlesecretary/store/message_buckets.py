"""A message's scores found through the bucket of its id (migrations_later.m0019_pg_message_buckets).

PostgreSQL's index of a score's message (`score_message`, 20.6 bytes a score at 10,000 players, docs/performance.md,
"Issue 16, round 6") becomes an index of its bucket, `message_id / BUCKET` (`score_message_bucket`): the scores of
BUCKET consecutive message ids share one key, which the B-tree keeps once with a posting list of 6 bytes a score,
about 8.5 bytes a score in all. A lookup reads the bucket's few scores (one in six messages is a share in the
benchmark) and keeps its message's. PostgreSQL uses an expression index only for a condition on that expression, so
every statement that looks for a message's scores names the bucket too (`condition`, `of_messages`, `scores_of`).

The foreign key from a score to its message goes on PostgreSQL: its ON DELETE CASCADE and its check on a message's
delete run `message_id = $1` alone, which no index answers now (a scan of the table for each message). The one
place that deletes messages, forget.py, deletes their scores first, by message and bucket.

SQLite is left as it is: it keeps `score_message` (the bucket is one more condition there, and an integer's `/` is
the same integer division), its foreign key, and its bytes.
"""

from __future__ import annotations

import peewee

from .bulk import chunks, rows_per_statement
from .database import is_sqlite
from .models import Score, database_proxy

BUCKET = 64


def condition(ids: list[int], param: str, column: str = "message_id") -> tuple[str, list[int]]:
    """The SQL condition "`column` is one of the messages `ids`", with their buckets, and the values it binds."""
    buckets = sorted({i // BUCKET for i in ids})
    sql = f"{column} IN ({', '.join([param] * len(ids))}) AND {column} / {BUCKET} IN ({', '.join([param] * len(buckets))})"
    return sql, [*ids, *buckets]


def of_messages(sql: str, ids: list[int], *params) -> list[tuple]:
    """Run `sql`, whose `{}` stands for "a score of one of the messages", once per chunk of `ids`; every row it
    returns. `params` bind what comes before the `{}`."""
    db = database_proxy.obj
    out: list[tuple] = []
    for chunk in chunks(sorted(set(ids)), rows_per_statement(db, 2)):
        where, values = condition(chunk, db.param)
        cursor = db.execute_sql(sql.format(where), [*params, *values])
        if cursor.description:
            out.extend(cursor.fetchall())
    return out


def scores_of(ids: list[int]) -> peewee.Expression:
    """peewee's condition for the scores of the messages `ids`, with their buckets."""
    return Score.message.in_(ids) & (Score.message / BUCKET).in_(sorted({i // BUCKET for i in ids}))


def same_message(score: str, message: str) -> str:
    """The SQL condition "score row `score` is of message row `message`" (aliases), with the bucket."""
    return f"{score}.message_id = {message}.id AND {score}.message_id / {BUCKET} = {message}.id / {BUCKET}"


def migrate(db: peewee.Database) -> None:
    if is_sqlite(db):
        return
    db.execute_sql(f"CREATE INDEX score_message_bucket ON score ((message_id / {BUCKET})) WITH (fillfactor = 100)")
    db.execute_sql("DROP INDEX IF EXISTS score_message")
    db.execute_sql("ALTER TABLE score DROP CONSTRAINT IF EXISTS score_message_id_fkey")
    db.execute_sql("ANALYZE score")
