"""Schema migrations: an ordered list, the schema version is its length.

SQLite keeps the version in PRAGMA user_version; PostgreSQL in a one-row table.
Add new migrations at the end; never edit one that has shipped.
"""

from __future__ import annotations

from typing import Callable

import peewee

from .database import is_sqlite
from .migrations_later import LATER


def _types(db: peewee.Database) -> dict[str, str]:
    if is_sqlite(db):
        return {"pk": "INTEGER PRIMARY KEY", "blob": "BLOB", "real": "REAL", "bool": "INTEGER"}
    return {"pk": "BIGSERIAL PRIMARY KEY", "blob": "BYTEA", "real": "DOUBLE PRECISION", "bool": "BOOLEAN"}


def m0001_initial(db: peewee.Database) -> None:
    t = _types(db)
    statements = f"""
    CREATE TABLE chat_group (
        id {t['pk']},
        platform TEXT NOT NULL,
        platform_id TEXT NOT NULL,
        name TEXT NOT NULL DEFAULT '',
        token TEXT NOT NULL UNIQUE,
        timezone TEXT NOT NULL DEFAULT 'UTC',
        created_at BIGINT NOT NULL,
        revision BIGINT NOT NULL DEFAULT 0,
        UNIQUE (platform, platform_id)
    );
    CREATE TABLE player (
        id {t['pk']},
        name TEXT NOT NULL,
        created_at BIGINT NOT NULL
    );
    CREATE TABLE identity (
        id {t['pk']},
        platform TEXT NOT NULL,
        platform_id TEXT NOT NULL,
        display_name TEXT NOT NULL DEFAULT '',
        player_id BIGINT NOT NULL REFERENCES player (id),
        UNIQUE (platform, platform_id)
    );
    CREATE INDEX identity_player ON identity (player_id);
    CREATE TABLE membership (
        group_id BIGINT NOT NULL REFERENCES chat_group (id),
        player_id BIGINT NOT NULL REFERENCES player (id),
        first_seen BIGINT NOT NULL,
        last_seen BIGINT NOT NULL,
        PRIMARY KEY (group_id, player_id)
    );
    CREATE INDEX membership_player ON membership (player_id);
    CREATE TABLE raw_event (
        id {t['pk']},
        platform TEXT NOT NULL,
        dedup_key TEXT NOT NULL,
        received_at BIGINT NOT NULL,
        payload {t['blob']} NOT NULL,
        status TEXT NOT NULL DEFAULT 'new',
        kind TEXT NOT NULL DEFAULT '',
        error TEXT,
        UNIQUE (platform, dedup_key)
    );
    CREATE INDEX raw_event_status ON raw_event (status, id);
    CREATE TABLE message (
        id {t['pk']},
        platform TEXT NOT NULL,
        platform_message_id TEXT NOT NULL,
        group_id BIGINT REFERENCES chat_group (id),
        identity_id BIGINT NOT NULL REFERENCES identity (id),
        sent_at BIGINT NOT NULL,
        received_at BIGINT NOT NULL,
        text TEXT NOT NULL,
        raw TEXT,
        edits TEXT NOT NULL DEFAULT '[]',
        revised_at BIGINT,
        deleted {t['bool']} NOT NULL DEFAULT {'0' if is_sqlite(db) else 'FALSE'},
        status TEXT NOT NULL DEFAULT 'pending',
        error TEXT,
        UNIQUE (platform, platform_message_id)
    );
    CREATE INDEX message_group_sent ON message (group_id, sent_at);
    CREATE INDEX message_identity_sent ON message (identity_id, sent_at);
    CREATE INDEX message_status ON message (status);
    CREATE TABLE score (
        id {t['pk']},
        message_id BIGINT NOT NULL REFERENCES message (id) ON DELETE CASCADE,
        group_id BIGINT NOT NULL REFERENCES chat_group (id),
        player_id BIGINT NOT NULL REFERENCES player (id),
        game TEXT NOT NULL,
        puzzle INTEGER,
        puzzle_key TEXT NOT NULL,
        date DATE,
        solved {t['bool']} NOT NULL,
        score {t['real']},
        max INTEGER,
        hard_mode {t['bool']} NOT NULL,
        archive {t['bool']} NOT NULL,
        late {t['bool']} NOT NULL,
        counted {t['bool']} NOT NULL,
        sent_at BIGINT NOT NULL,
        details TEXT NOT NULL DEFAULT '{{}}'
    );
    CREATE UNIQUE INDEX score_one_counted ON score (group_id, player_id, game, puzzle_key) WHERE counted;
    CREATE INDEX score_group_game_date ON score (group_id, game, date);
    CREATE INDEX score_group_player_game_date ON score (group_id, player_id, game, date);
    CREATE INDEX score_message ON score (message_id);
    CREATE TABLE rejection (
        id {t['pk']},
        message_id BIGINT NOT NULL REFERENCES message (id) ON DELETE CASCADE,
        group_id BIGINT NOT NULL REFERENCES chat_group (id),
        game TEXT NOT NULL,
        puzzle INTEGER,
        reason TEXT NOT NULL,
        sent_at BIGINT NOT NULL
    );
    CREATE INDEX rejection_group_sent ON rejection (group_id, sent_at);
    CREATE INDEX rejection_message ON rejection (message_id);
    """
    for statement in statements.split(";"):
        if statement.strip():
            db.execute_sql(statement)


def m0002_score_reposts_index(db: peewee.Database) -> None:
    # The web's "not counted" page lists a group's latest reposts; only uncounted rows enter
    # this index, so it stays small and the page does not read the group's whole history.
    db.execute_sql("CREATE INDEX score_group_reposts ON score (group_id, sent_at) WHERE NOT counted")


def m0003_message_id_prefix_index(db: peewee.Database) -> None:
    # Edits and deletes find a message and its copies ("<id>#<group>") by id prefix. SQLite
    # reads that as a range of the (platform, platform_message_id) index; PostgreSQL's LIKE
    # needs an index in byte order when the database's collation is not C.
    if not is_sqlite(db):
        db.execute_sql("CREATE INDEX message_id_prefix ON message (platform, platform_message_id text_pattern_ops)")


def m0004_raw_event_key_prefix_index(db: peewee.Database) -> None:
    # An edit that names an earlier edit is traced through that edit's raw event, found by key
    # prefix ("<sender>:<time>:"): a range of the (platform, dedup_key) index on SQLite, a
    # byte-order index for PostgreSQL's LIKE, as for message ids in migration 3.
    if not is_sqlite(db):
        db.execute_sql("CREATE INDEX raw_event_key_prefix ON raw_event (platform, dedup_key text_pattern_ops)")


def m0005_outbox(db: peewee.Database) -> None:
    # Everything the bot says is stored first, under a key that makes storing it twice a no-op
    # (puzzlesecretary.outbox), then claimed and sent by the platform's sender. `upstream_id` is
    # what the upstream answered for the send (Signal's timestamp, WAHA's message id), so the
    # bot's own messages coming back as `fromMe` / sync-sent are recognised and ignored.
    # chat_group.reactions is how a group wants its shares confirmed: an emoji, 'receipts' or 'off'.
    t = _types(db)
    statements = f"""
    CREATE TABLE outbox (
        id {t['pk']},
        key TEXT NOT NULL UNIQUE,
        platform TEXT NOT NULL,
        kind TEXT NOT NULL,
        chat_id TEXT NOT NULL,
        is_group {t['bool']} NOT NULL,
        group_id BIGINT REFERENCES chat_group (id),
        body TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0,
        created_at BIGINT NOT NULL,
        due_at BIGINT NOT NULL,
        claimed_at BIGINT,
        sent_at BIGINT,
        upstream_id TEXT,
        error TEXT
    );
    CREATE INDEX outbox_due ON outbox (platform, status, due_at);
    CREATE INDEX outbox_group_sent ON outbox (group_id, sent_at);
    CREATE INDEX outbox_upstream ON outbox (platform, upstream_id);
    ALTER TABLE chat_group ADD COLUMN reactions TEXT NOT NULL DEFAULT '\u2705'
    """
    for statement in statements.split(";"):
        if statement.strip():
            db.execute_sql(statement)


def m0006_recap_and_reminder_settings(db: peewee.Database) -> None:
    # What the speaker needs: a group's recap time (a row per group that set one, 'off' too, so
    # that an operator default can be turned off), a player's reminders per group, and a
    # player's own time zone and quiet hours (NULL: the group's zone, the default hours).
    statements = """
    CREATE TABLE recap_setting (
        group_id BIGINT PRIMARY KEY REFERENCES chat_group (id),
        at TEXT NOT NULL,
        week_start INTEGER NOT NULL DEFAULT 0,
        since BIGINT NOT NULL
    );
    CREATE TABLE reminder (
        player_id BIGINT NOT NULL REFERENCES player (id),
        group_id BIGINT NOT NULL REFERENCES chat_group (id),
        at TEXT,
        via TEXT NOT NULL DEFAULT 'dm',
        created_at BIGINT NOT NULL,
        PRIMARY KEY (player_id, group_id)
    );
    CREATE INDEX reminder_group ON reminder (group_id);
    CREATE TABLE player_setting (
        player_id BIGINT PRIMARY KEY REFERENCES player (id),
        timezone TEXT,
        quiet TEXT
    )
    """
    for statement in statements.split(";"):
        if statement.strip():
            db.execute_sql(statement)


def m0007_player_prefs_name(db: peewee.Database) -> None:
    # The chat commands keep their per-player choices in a key-value table named player_setting;
    # the speaker's zone and quiet hours move out of that name (migration 6's table, renamed).
    db.execute_sql("ALTER TABLE player_setting RENAME TO player_prefs")


def m0008_message_confirmed(db: peewee.Database) -> None:
    # What the chat was last told about a message (ingest/confirm.py): the reaction enqueued
    # ('' none, an emoji, or 'seen'), and how many confirmations it had, for the next one's key.
    db.execute_sql("ALTER TABLE message ADD COLUMN confirmed TEXT NOT NULL DEFAULT ''")
    db.execute_sql("ALTER TABLE message ADD COLUMN confirm_seq INTEGER NOT NULL DEFAULT 0")


def m0009_compact_scores(db: peewee.Database) -> None:
    # Bytes per score (docs/performance.md): the details of the scores stored so far in the
    # compact form of store/compact.py, and one index fewer. The (group, player, game, date)
    # index served a player's pages and the earliest-post rule; the partial unique index
    # (group, player, game, puzzle_key) WHERE counted serves both as well, and the rule's look
    # for a key's uncounted rows (after an edit, a delete, reparse) gets a partial index of its
    # own, as small as the reposts are few.
    from .numbered_scores import repack  # the same loop, kept in one place

    db.execute_sql("DROP INDEX score_group_player_game_date")
    db.execute_sql("CREATE INDEX score_uncounted_key ON score (group_id, player_id, game, puzzle_key) WHERE NOT counted")
    repack(db)


def m0010_chat_answers(db: peewee.Database) -> None:
    # Commands, joining and privacy (issue 13). A group's `state` gates reading and answering
    # it: "seen" (in the store, not joined), "enabled" (joined, or read before joining existed),
    # "disabled" (left; its data stays). Groups read before this migration were allowlisted.
    # group_setting holds what admins set (`!ps set`) that has no column of its own; player_choice
    # a player's choices per group (group 0: every group): hidden grids, opted out, pending codes.
    t = _types(db)
    statements = f"""
    ALTER TABLE chat_group ADD COLUMN state TEXT NOT NULL DEFAULT 'seen';
    UPDATE chat_group SET state = 'enabled';
    CREATE TABLE group_setting (
        group_id BIGINT NOT NULL REFERENCES chat_group (id),
        name TEXT NOT NULL,
        value TEXT NOT NULL,
        updated_at BIGINT NOT NULL,
        PRIMARY KEY (group_id, name)
    );
    CREATE TABLE player_choice (
        player_id BIGINT NOT NULL REFERENCES player (id),
        group_id BIGINT NOT NULL DEFAULT 0,
        name TEXT NOT NULL,
        value TEXT NOT NULL,
        updated_at BIGINT NOT NULL,
        PRIMARY KEY (player_id, group_id, name)
    );
    CREATE INDEX player_choice_group ON player_choice (group_id, name);
    CREATE INDEX player_choice_value ON player_choice (name, value);
    CREATE TABLE invite (
        code TEXT PRIMARY KEY,
        created_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL,
        used_at BIGINT,
        group_id BIGINT REFERENCES chat_group (id)
    );
    CREATE TABLE forgotten (
        id {t['pk']},
        who TEXT NOT NULL UNIQUE,
        forgotten_at BIGINT NOT NULL,
        returned_at BIGINT
    );
    """
    for statement in statements.split(";"):
        if statement.strip():
            db.execute_sql(statement)


def m0011_group_state_index(db: peewee.Database) -> None:
    # The readers' gate (groups.Gate) loads a platform's enabled and disabled groups once per batch.
    db.execute_sql("CREATE INDEX chat_group_state ON chat_group (platform, state)")


def m0012_outbox_group_texts_index(db: peewee.Database) -> None:
    # The hourly limit counts a group's texts claimed in the last hour (sending._texts_in_last_hour):
    # a range of this index, however many reactions the group's outbox has gathered.
    db.execute_sql("CREATE INDEX outbox_group_texts ON outbox (group_id, kind, claimed_at)")


def m0013_numbered_scores(db: peewee.Database) -> None:
    # Bytes per score (docs/performance.md): a score's game as its number from gamecodes.py and
    # its date as a day number since 1970, in the row and in the indexes that hold them.
    # numbered_scores.py rebuilds the table on SQLite and alters the columns on PostgreSQL.
    from .numbered_scores import migrate as numbered

    numbered(db)


def m0014_message_raw_event(db: peewee.Database) -> None:
    # Raw payloads (docs/performance.md): a message read from a transport's raw event keeps a
    # reference to it, not a second copy of its bytes in message.raw. Messages stored before
    # keep their copy (nothing is rewritten); the confirmations read either.
    db.execute_sql("ALTER TABLE message ADD COLUMN raw_event_id INTEGER")


def m0015_pg_layout(db: peewee.Database) -> None:
    # Bytes per score on PostgreSQL (docs/performance.md): the score table's columns in the order of
    # their alignment, its group and player as integers, its ever-growing indexes packed full; one
    # byte-order unique index for a message's and a raw event's key, and a pending-only status index.
    # pg_layout.py says where the bytes went. SQLite: nothing to do.
    from .pg_layout import migrate as pg_layout

    pg_layout(db)


def m0016_pg_score_ids(db: peewee.Database) -> None:
    # Bytes per score on PostgreSQL (docs/performance.md, round 4): the index of score ids goes; the one
    # query that looked a score up by id names its message too (pg_score_ids.py). SQLite: nothing to do.
    from .pg_score_ids import migrate as pg_score_ids

    pg_score_ids(db)


def m0017_pg_narrow(db: peewee.Database) -> None:
    # Bytes per score on PostgreSQL (docs/performance.md, round 5): the date as a smallint, the
    # maximum never NULL (-1: none), so most rows lose their null bitmap (pg_narrow.py). SQLite: nothing to do.
    from .pg_narrow import migrate as pg_narrow

    pg_narrow(db)


MIGRATIONS: list[Callable[[peewee.Database], None]] = [
    m0001_initial,
    m0002_score_reposts_index,
    m0003_message_id_prefix_index,
    m0004_raw_event_key_prefix_index,
    m0005_outbox,
    m0006_recap_and_reminder_settings,
    m0007_player_prefs_name,
    m0008_message_confirmed,
    m0009_compact_scores,
    m0010_chat_answers,
    m0011_group_state_index,
    m0012_outbox_group_texts_index,
    m0013_numbered_scores,
    m0014_message_raw_event,
    m0015_pg_layout,
    m0016_pg_score_ids,
    m0017_pg_narrow,
] + LATER  # 18 on: migrations_later.py
SCHEMA_VERSION = len(MIGRATIONS)


class SchemaTooNew(Exception):
    """The database was migrated by a newer release than this one."""


def schema_version(db: peewee.Database) -> int:
    if is_sqlite(db):
        return db.execute_sql("PRAGMA user_version").fetchone()[0]
    # Read without creating anything: the web asks through a read-only connection.
    if db.execute_sql("SELECT to_regclass('schema_version')").fetchone()[0] is None:
        return 0
    row = db.execute_sql("SELECT version FROM schema_version").fetchone()
    return row[0] if row else 0


def _set_version(db: peewee.Database, version: int) -> None:
    if is_sqlite(db):
        db.execute_sql(f"PRAGMA user_version = {int(version)}")
    else:
        db.execute_sql("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        db.execute_sql("DELETE FROM schema_version")
        db.execute_sql("INSERT INTO schema_version (version) VALUES (%s)", (version,))


def migrate(db: peewee.Database) -> int:
    """Apply every migration not yet applied, each in its own transaction; return how many ran."""
    current = schema_version(db)
    if current > SCHEMA_VERSION:
        raise SchemaTooNew(f"the database is at schema {current}, this release knows {SCHEMA_VERSION}: upgrade the release")
    for index in range(current, SCHEMA_VERSION):
        with db.atomic():
            MIGRATIONS[index](db)
            _set_version(db, index + 1)
    return SCHEMA_VERSION - current
