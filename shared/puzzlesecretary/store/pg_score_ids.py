"""The migration that drops PostgreSQL's index of score ids (migrations.m0016_pg_score_ids).

A score had two indexes of 8-byte keys that only grow, its id (the primary key) and its message's
id (`score_message`): each 21 bytes a score of the 233 a score took at 1,000 players (docs/performance.md,
"Issue 16, round 4"). What looks a score up by its id is the ingest's settling of the count
(`ingest/derive._set_counted`), and it knows each row's message too: it names both, and PostgreSQL
finds the rows through `score_message`. So the id keeps its column and its sequence (new scores still
take the next id, and the web's fingerprints still sum them), but no longer its own index.

SQLite is left as it is: a score's id there is the table's own key (its rowid), which costs no index.
"""

from __future__ import annotations

import peewee

from .database import is_sqlite


def migrate(db: peewee.Database) -> None:
    if is_sqlite(db):
        return
    db.execute_sql("ALTER TABLE score DROP CONSTRAINT IF EXISTS score_pkey")
