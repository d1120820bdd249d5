"""Scores in fewer bytes (migration 13): a score's game stored as its number (store/gamecodes.py) and
its date as a day number (store/days.py), the same results read back, and no page lost to a number
the table does not know."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from helpers import at_schema_before, message
from test_change_counters import counters, recounted

from puzzlesecretary.games import GAMES, format_score
from puzzlesecretary.ingest import edit_message, ingest
from puzzlesecretary.stats import queries
from puzzlesecretary.store import Group, Player, Score, migrate
from puzzlesecretary.store.compact import unpack
from puzzlesecretary.store.days import day_number, day_of
from puzzlesecretary.store.gamecodes import CODES, UnknownGame, game_code, game_slug, query_code
from puzzlesecretary.store.migrations import MIGRATIONS, m0013_numbered_scores, schema_version
from puzzlesecretary.store.numbered_scores import MigrationError

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BEFORE = MIGRATIONS.index(m0013_numbered_scores)  # the schema version just before migration 13
TABLES = ("chat_group", "player", "identity", "membership", "message", "score")


def test_every_registered_game_has_its_own_number_that_fits_a_smallint():
    missing = sorted(set(GAMES) - set(CODES))
    assert not missing, f"give these games the next numbers, at the end of CODES in store/gamecodes.py: {missing}"
    assert len(set(CODES.values())) == len(CODES)
    assert all(0 < code < 2**15 for code in CODES.values())
    assert all(game_slug(game_code(slug)) == slug for slug in CODES)


def test_the_first_numbers_stay_those_they_were_given():
    # Stored scores hold these numbers: changing one would turn every old Wordle into another game.
    assert [CODES[s] for s in ("wordle", "connections", "strands", "mini", "queens", "tango", "zip")] == [1, 2, 4, 5, 40, 41, 42]


def test_a_number_the_table_does_not_hold_reads_as_a_plain_name_and_writes_back_the_same():
    assert game_slug(999) == "game-999" and game_code("game-999") == 999
    assert "game-999" not in GAMES and format_score("game-999", 3.0, True) == "3"
    with pytest.raises(UnknownGame, match="'nosuchgame' has no number"):
        game_code("nosuchgame")
    assert query_code("nosuchgame") == -1


def test_day_numbers_count_days_since_1970_and_come_back_as_dates():
    assert day_number(dt.date(1970, 1, 1)) == 0 and day_number(dt.date(2026, 11, 27)) == 20_784
    assert day_number("2026-11-27") == day_number(dt.datetime(2026, 11, 27, 23, 59)) == 20_784
    assert day_of(20_784) == dt.date(2026, 11, 27) and day_of(None) is None and day_number(None) is None
    assert day_number(dt.date(2026, 1, 1)) < day_number(dt.date(2026, 1, 2))


def test_the_columns_hold_numbers_and_peewee_reads_and_compares_slugs_and_dates(db):
    ingest([message("Wordle 1,987 3/6\n\n⬛🟨⬛⬛⬛\n🟩🟩⬛🟩⬛\n🟩🟩🟩🟩🟩", message_id="1")])
    assert db.execute_sql("SELECT game, date FROM score").fetchone() == (1, 20_784)
    score = Score.get(Score.game == "wordle", Score.date >= dt.date(2026, 11, 27), Score.date < dt.date(2026, 11, 28))
    assert (score.game, score.date) == ("wordle", dt.date(2026, 11, 27))
    assert Score.select().where(Score.game.in_(["connections", "strands"])).count() == 0


def _shares() -> list[str]:
    """A share of every kind the fixtures hold: each game's texts that give a result."""
    out = []
    for case in sorted(FIXTURES.glob("*/*.txt")):
        expected = json.loads(case.with_suffix(".json").read_text(encoding="utf-8"))
        if expected.get("results"):
            out.append((case.read_text(encoding="utf-8"), expected.get("sent_at", "2026-11-27T12:00:00+00:00")))
    return out


def _fill(db) -> None:
    """Every fixture share, from three players in two groups; a repost of each of the first ones, and an edit."""
    people = (("u-alice", "Alice"), ("u-bob", "Bob"), ("u-cy", "Cy"))
    batch = []
    for n, (text, at) in enumerate(_shares()):
        sender, name = people[n % 3]
        batch.append(message(text, sender=sender, name=name, group=f"g{n % 2}", message_id=f"m{n}", at=at))
        if n < 40:  # the same share again an hour later: a repost, stored uncounted
            later = (dt.datetime.fromisoformat(at) + dt.timedelta(hours=1)).isoformat()
            batch.append(message(text, sender=sender, name=name, group=f"g{n % 2}", message_id=f"r{n}", at=later))
    ingest(batch)
    edit_message("test", "m0", "Wordle 1,500 X/6\n\n⬛⬛⬛⬛⬛", dt.datetime(2026, 11, 28, tzinfo=dt.UTC))


def _reads(db) -> dict:
    """What the pages, boards and exports read, for every group and player."""
    out: dict = {"export": list(queries.export_rows(db))}
    for group in Group.select().order_by(Group.id):
        games = queries.games_played(db, group.id)
        end = dt.date(2027, 1, 1)
        out[group.id] = {
            "games": games,
            "plays": sorted(queries.plays(db, group.id, with_details=True), key=repr),  # read in no set order
            "first": queries.first_day(db, group.id),
            "sums": [_sorted_sums(queries.leaderboard_sums(db, group.id, slug, None, end)) for slug in games],
            "means": [sorted(queries.puzzle_means(db, group.id, slug, None, end), key=repr) for slug in games],
            "champions": queries.champions_data(db, group.id, None, end),
            "not_counted": sorted(queries.not_counted(db, group.id), key=repr),  # shares sent at the same time: in no set order
        }
    for player in Player.select().order_by(Player.id):
        out[f"player {player.id}"] = queries.player_export(db, player.id)
    return out


def kept_by_migrating(db, rows, before: int, share: str, puzzle: int) -> None:
    """Migrating `db` from MIGRATIONS[before] to the last schema keeps what `rows(db)` reads and every read (_reads),
    and a new player's `share` of `puzzle` stored afterwards takes an id past every old score's."""
    kept, reads = rows(db), _reads(db)
    (top,) = db.execute_sql("SELECT MAX(id) FROM score").fetchone()
    assert migrate(db) == len(MIGRATIONS) - before and schema_version(db) == len(MIGRATIONS)
    assert rows(db) == kept
    assert _reads(db) == reads
    assert counters(db) == recounted(db)  # the change counters of the pages' fingerprints, from the scores migrated
    ingest([message(share, sender="u-new", message_id="after")])
    assert db.execute_sql(f"SELECT MIN(id) FROM score WHERE puzzle = {int(puzzle)}").fetchone()[0] > top


def _sorted_sums(sums) -> tuple:
    return tuple(sorted(part, key=repr) for part in (sums.tallies, sums.runs, sums.counts))


def _at_the_old_schema(url: str):
    return at_schema_before(url, m0013_numbered_scores)


def _copy_back(source, target) -> None:
    """The rows of `source` into `target` at the schema before migration 13: games as slugs, dates as dates, details as
    plain JSON (which reads as it was, and migration 13 stores again in the compact form)."""
    sqlite = target.param == "?"
    for table in TABLES:
        cursor = source.execute_sql(f"SELECT * FROM {table}")
        names = [d[0] for d in cursor.description]
        old_columns = {column.name for column in target.get_columns(table)}  # a later migration's columns are not there yet
        for row in cursor.fetchall():
            values = {name: value for name, value in zip(names, row, strict=True) if name in old_columns}
            if table == "score":
                day = day_of(values["date"])
                values["game"] = game_slug(values["game"])
                values["date"] = day.isoformat() if sqlite and day else day
                values["details"] = json.dumps(unpack(values["details"]), ensure_ascii=False, separators=(",", ":"))
            marks = ", ".join([target.param] * len(values))
            target.execute_sql(f"INSERT INTO {table} ({', '.join(values)}) VALUES ({marks})", tuple(values.values()))


def test_migration_13_reads_back_every_kind_of_score_the_same(db, db_url, backend, tmp_path, request):
    _fill(db)
    assert Score.select().count() > 300 and Score.select().where(~Score.counted).count() >= 40
    assert Score.select().where(Score.date.is_null()).count() + Score.select().where(Score.puzzle.is_null()).count() > 0
    assert len({s.game for s in Score.select(Score.game)}) > 150
    want = _reads(db)
    groups = [v for k, v in want.items() if isinstance(k, int)]
    assert len(groups) == 2
    assert all(g["first"] and g["plays"] and g["sums"] and g["champions"] for g in groups)
    stored = db.execute_sql("SELECT * FROM score ORDER BY id").fetchall()
    server = None if backend == "sqlite" else request.getfixturevalue("postgres_server")
    old_url = f"sqlite:///{tmp_path}/old.db" if server is None else server.create_database()
    old = _at_the_old_schema(old_url)
    with old.atomic():
        _copy_back(db, old)
    assert old.execute_sql(f"SELECT COUNT(*) FROM score WHERE game = {old.param}", ("wordle",)).fetchone()[0] > 0
    assert migrate(old) == len(MIGRATIONS) - BEFORE and schema_version(old) == len(MIGRATIONS)
    assert old.execute_sql("SELECT * FROM score ORDER BY id").fetchall() == stored
    assert _indexes(old) == _indexes(db)
    assert _reads(old) == want
    assert counters(old) == recounted(old)
    old.close()
    if server is not None:
        server.drop_database(old_url)


def _indexes(db) -> set[str]:
    if db.param == "?":
        return {r[0] for r in db.execute_sql("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'score'")}
    return {r[0] for r in db.execute_sql("SELECT indexname FROM pg_indexes WHERE tablename = 'score'")}


def test_migration_13_stops_and_changes_nothing_when_a_stored_game_has_no_number(db_url):
    db = _at_the_old_schema(db_url)
    with db.atomic():
        _insert_old_score(db, "retiredgame")
    with pytest.raises(MigrationError, match="'retiredgame'"):
        migrate(db)
    assert schema_version(db) == BEFORE
    assert db.execute_sql("SELECT game FROM score").fetchall() == [("retiredgame",)]
    db.close()


def _insert_old_score(db, game: str) -> None:
    p = db.param
    ms = 1_764_230_400_000

    def insert(table: str, **row) -> int:
        marks = ", ".join([p] * len(row))
        sql = f"INSERT INTO {table} ({', '.join(row)}) VALUES ({marks}) RETURNING id"
        return db.execute_sql(sql, tuple(row.values())).fetchone()[0]

    group = insert("chat_group", platform="test", platform_id="g1", token="tok", created_at=ms)
    player = insert("player", name="Alice", created_at=ms)
    identity = insert("identity", platform="test", platform_id="u-alice", player_id=player)
    msg = insert("message", platform="test", platform_message_id="1", group_id=group, identity_id=identity, sent_at=ms,
                 received_at=ms, text="Retired #3 2/6")
    day = "2026-11-27" if p == "?" else dt.date(2026, 11, 27)
    insert("score", message_id=msg, group_id=group, player_id=player, game=game, puzzle=3, puzzle_key="3", date=day,
           solved=True, score=2.0, max=6, hard_mode=False, archive=False, late=False, counted=True, sent_at=ms, details="")


def test_a_score_whose_number_the_table_does_not_know_reads_plainly_and_the_board_still_reads(db):
    ingest([message("Wordle 1,987 3/6\n\n⬛🟨⬛⬛⬛\n🟩🟩⬛🟩⬛\n🟩🟩🟩🟩🟩", message_id="1")])
    four = "Wordle 1,988 4/6\n\n⬛🟨⬛⬛⬛\n⬛🟨⬛⬛⬛\n🟩🟩⬛🟩⬛\n🟩🟩🟩🟩🟩"
    ingest([message(four, message_id="2", at="2026-11-28T08:00:00+00:00")])
    db.execute_sql(f"UPDATE score SET game = 999 WHERE puzzle = {db.param}", (1988,))  # a game a newer release added
    group = Group.get()
    assert queries.games_played(db, group.id) == ["wordle"]
    assert sorted(p.game for p in queries.plays(db, group.id, player_id=Player.get().id)) == ["game-999", "wordle"]
    assert [row["game"] for row in queries.player_export(db, Player.get().id)["scores"]] == ["wordle", "game-999"]
    assert Score.get(Score.puzzle == 1988).game == "game-999"
    assert queries.first_day(db, group.id) == dt.date(2026, 11, 27)
