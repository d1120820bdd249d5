"""Migrations from 18 on, in order: migrations.py holds 1 to 17 and the registry, which appends LATER.

Add new migrations at the end of LATER; never edit one that has shipped. 18 is change_counters.py's.
"""

from __future__ import annotations

from typing import Callable

import peewee

from .change_counters import m0018_change_counters
from .group_shape import m0020_group_shape


def m0019_pg_message_buckets(db: peewee.Database) -> None:
    # Bytes per score on PostgreSQL (docs/performance.md, round 6): a score's message indexed by its bucket of 64
    # message ids, deduplicated, and no foreign key to it (message_buckets.py). SQLite: nothing to do.
    from .message_buckets import migrate

    migrate(db)


LATER: list[Callable[[peewee.Database], None]] = [
    m0018_change_counters,
    m0019_pg_message_buckets,
    m0020_group_shape,
]
