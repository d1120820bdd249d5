"""Bytes on disk: per stored score (the score table and its indexes) and per message (the file)."""

from __future__ import annotations

from pathlib import Path

import peewee

from puzzlesecretary.store.database import is_sqlite

# The score table's own pages, its TOAST table, the free space and visibility maps, and each index.
POSTGRES_RELATIONS = """
SELECT 'score', pg_relation_size('score')
UNION ALL SELECT 'score (TOAST)', COALESCE(pg_total_relation_size(NULLIF(reltoastrelid, 0)), 0)
          FROM pg_class WHERE oid = 'score'::regclass
UNION ALL SELECT 'score (free space and visibility maps)', pg_relation_size('score', 'fsm') + pg_relation_size('score', 'vm')
UNION ALL (SELECT indexrelid::regclass::text, pg_relation_size(indexrelid) FROM pg_index WHERE indrelid = 'score'::regclass
           ORDER BY 1)
"""


def sizes(db: peewee.Database, url: str) -> dict:
    """Row counts and bytes, after a checkpoint so the SQLite file holds everything."""
    scores = db.execute_sql("SELECT count(*) FROM score").fetchone()[0]
    messages = db.execute_sql("SELECT count(*) FROM message").fetchone()[0]
    if is_sqlite(db):
        db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        per_object = dict(db.execute_sql("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall())
        index_names = [
            r[0] for r in db.execute_sql("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'score'").fetchall()
        ]
        relations = {name: per_object.get(name, 0) for name in ["score", *sorted(index_names)]}
        score_bytes = sum(relations.values())
        total = Path(url[len("sqlite:///") :]).stat().st_size
    else:
        score_bytes = db.execute_sql("SELECT pg_total_relation_size('score')").fetchone()[0]
        relations = dict(db.execute_sql(POSTGRES_RELATIONS).fetchall())
        total = db.execute_sql("SELECT pg_database_size(current_database())").fetchone()[0]
    return {
        "scores": scores,
        "messages": messages,
        "score_bytes": score_bytes,
        "database_bytes": total,
        "bytes_per_score": score_bytes / scores if scores else 0.0,
        "bytes_per_message": total / messages if messages else 0.0,
        # Where a score's bytes are: the table (PostgreSQL: its main fork; its TOAST, free space and visibility
        # maps apart) and each index, in bytes per score.
        "per_score": {name: size / scores if scores else 0.0 for name, size in relations.items()},
    }
