"""The store: migrations, pragmas, read-only opening, and the one-counted-score rule in the schema."""

from __future__ import annotations

import peewee
import pytest

from puzzlesecretary.store import MODELS, SCHEMA_VERSION, Score, migrate, open_database, schema_version
from puzzlesecretary.store.database import DatabaseURLError
from puzzlesecretary.store.migrations import MIGRATIONS, SchemaTooNew, _set_version


def test_migrations_bring_a_new_database_to_the_latest_version(db):
    assert schema_version(db) == SCHEMA_VERSION == len(MIGRATIONS)


def test_migrating_twice_does_nothing_the_second_time(db):
    assert migrate(db) == 0


def test_every_model_field_has_a_column(db):
    for model in MODELS:
        columns = {c.name for c in db.get_columns(model._meta.table_name)}
        fields = {f.column_name for f in model._meta.sorted_fields}
        assert fields <= columns, (model.__name__, fields - columns)


@pytest.mark.sqlite_only
def test_sqlite_runs_in_wal_mode_with_normal_sync(db):
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute_sql("PRAGMA synchronous").fetchone()[0] == 1


def test_a_database_from_a_newer_release_is_refused(db):
    with db.atomic():
        _set_version(db, SCHEMA_VERSION + 1)
    with pytest.raises(SchemaTooNew):
        migrate(db)


def test_the_read_only_database_refuses_writes(db, db_url):
    reader = open_database(db_url, readonly=True, bind=False)
    with pytest.raises((peewee.OperationalError, peewee.InternalError)):
        reader.execute_sql("INSERT INTO player (name, created_at) VALUES ('x', 0)")
    reader.rollback() if not isinstance(reader, peewee.SqliteDatabase) else None
    assert reader.execute_sql("SELECT count(*) FROM player").fetchone()[0] == 0
    reader.close()
    open_database(db_url)  # re-bind the models to the writer for the fixture's teardown


def test_opening_a_missing_database_read_only_says_what_to_do(tmp_path):
    with pytest.raises(DatabaseURLError, match="migrate"):
        open_database(f"sqlite:///{tmp_path}/none.db", readonly=True)


@pytest.mark.parametrize("url", ["mysql://x/y", "sqlite:///", "sqlite:///:memory:"])
def test_unsupported_database_urls_are_refused_with_a_reason(url):
    with pytest.raises(DatabaseURLError):
        open_database(url, bind=False)


def test_the_schema_allows_only_one_counted_score_per_player_game_and_puzzle(db):
    from helpers import message

    from puzzlesecretary.ingest import ingest

    ingest([message("Wordle 1,987 3/6\n\n🟩🟩🟩🟩🟩".replace("3/6", "1/6"), message_id="1")])
    ingest([message("Wordle 1,987 1/6\n\n🟩🟩🟩🟩🟩", message_id="2", at="2026-11-27T09:00:00+00:00")])
    repost = Score.get(Score.counted == False)  # noqa: E712
    with pytest.raises(peewee.IntegrityError), db.atomic():
        Score.update(counted=True).where(Score.id == repost.id).execute()


@pytest.mark.postgresql_only  # SQLite's writer lock is BEGIN IMMEDIATE
def test_a_write_transaction_holds_the_writer_lock_from_its_first_statement_and_a_plain_one_does_not(db):
    from puzzlesecretary.store.database import WRITER_LOCK, write_transaction

    held = f"SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND objid = {WRITER_LOCK}"
    with write_transaction(db):
        assert db.execute_sql(held).fetchone()[0] == 1
        with write_transaction(db):  # nested: a savepoint, the lock already held
            assert db.execute_sql(held).fetchone()[0] == 1
    with db.atomic():
        assert db.execute_sql(held).fetchone()[0] == 0
    with write_transaction(db):
        assert db.execute_sql(held).fetchone()[0] == 1


class _NoTransactionOnce(Exception):
    """What the database below raises, once, where peewee's atomic() makes its transaction (before any BEGIN)."""


@pytest.mark.postgresql_only  # SQLite's writer lock is BEGIN IMMEDIATE
def test_a_write_transaction_that_fails_before_its_begin_leaves_the_next_transaction_as_it_should_be(db_url):
    from playhouse.db_url import parse

    from puzzlesecretary.store.database import WRITER_LOCK, PostgresDatabase, write_transaction

    class FailsBeforeBegin(PostgresDatabase):  # a real server; only the first transaction() call fails
        failures = 1

        def transaction(self, *args, **kwargs):
            if self.failures:
                self.failures -= 1
                raise _NoTransactionOnce
            return super().transaction(*args, **kwargs)

    db = FailsBeforeBegin(**parse(db_url))
    held = f"SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND objid = {WRITER_LOCK}"
    with pytest.raises(_NoTransactionOnce), write_transaction(db):
        pass
    assert not db.in_transaction()
    with db.atomic():  # a plain transaction after it: no writer lock
        assert db.execute_sql(held).fetchone()[0] == 0
    with write_transaction(db):
        assert db.execute_sql(held).fetchone()[0] == 1
    db.close()


@pytest.mark.postgresql_only  # SQLite's writer lock is BEGIN IMMEDIATE
def test_a_write_transaction_committed_part_way_holds_the_writer_lock_again_in_what_follows(db):
    from puzzlesecretary.store.database import WRITER_LOCK, write_transaction

    held = f"SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND objid = {WRITER_LOCK}"
    with write_transaction(db) as transaction:
        transaction.commit()  # peewee begins the next transaction at once, with the same arguments
        assert db.execute_sql(held).fetchone()[0] == 1
    with db.atomic():
        assert db.execute_sql(held).fetchone()[0] == 0
