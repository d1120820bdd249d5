"""A group's shape counter, kept by triggers (migrations.m0020_group_shape): what every page of the group shows
besides its scores, the members' names and the games it plays, changes only when it moves.

Every page's fingerprint holds the members' names (without those who opted out there) and the group's games
(web/pieces.py). Both were read again whenever the group's revision moved, that is after every share: a join of
the members with their opt-outs and a probe per game, about a quarter of a view after another's share
(docs/performance.md, "Issue 16, round 6"). `group_shape (group_id, n)` moves by one, in the writer's own
transaction, when either may have changed:

- a membership is added or removed (a new member, `link`, forget);
- a player's name changes (each of their groups), or a player's opt-out is set, changed or cleared (the group's,
  or each of their groups for the every-group choice);
- a game gets its first score in the group, or a (group, game, day) counter of store/change_counters.py comes
  to or from no score (a game may have gone, or come back).

So a reader may keep both under the group's shape (stats.queries.played.by_shape) and read one small row instead.
A group without a row has shape 0; the counter only grows. Chatter touches none of it: a member's post updates
their membership's last post, and no trigger watches that.
"""

from __future__ import annotations

import peewee

from .database import is_sqlite

EVERY_GROUP = 0  # chatsettings.EVERY_GROUP: a player's choice for all their groups

TABLE = "CREATE TABLE group_shape (group_id INTEGER NOT NULL PRIMARY KEY, n INTEGER NOT NULL)"


def _bump(group: str) -> str:
    return (
        f"INSERT INTO group_shape (group_id, n) VALUES ({group}, 1)"
        " ON CONFLICT (group_id) DO UPDATE SET n = group_shape.n + 1"
    )


def _bump_groups_of(player: str, only: str | None = None) -> str:
    """Every group the player is a member of (or only `only`, unless it is EVERY_GROUP)."""
    where = f"player_id = {player}" + ("" if only is None else f" AND ({only} = {EVERY_GROUP} OR group_id = {only})")
    return (
        f"INSERT INTO group_shape (group_id, n) SELECT group_id, 1 FROM membership WHERE {where}"
        " ON CONFLICT (group_id) DO UPDATE SET n = group_shape.n + 1"
    )


def _new_game(row: str) -> str:
    """Whether the counter row is its game's only one with scores in the group."""
    return (
        f"NOT EXISTS (SELECT 1 FROM piece_change p WHERE p.group_id = {row}.group_id AND p.game = {row}.game"
        f" AND p.date <> {row}.date AND p.scores > 0)"
    )


OPTOUT = "'optout'"


def _sqlite() -> list[str]:
    return [
        f"CREATE TRIGGER shape_new_game AFTER INSERT ON piece_change WHEN {_new_game('NEW')}"
        f" BEGIN {_bump('NEW.group_id')}; END",
        "CREATE TRIGGER shape_day_emptied AFTER UPDATE OF scores ON piece_change WHEN NEW.scores = 0 OR OLD.scores = 0"
        f" BEGIN {_bump('NEW.group_id')}; END",
        f"CREATE TRIGGER shape_member_in AFTER INSERT ON membership BEGIN {_bump('NEW.group_id')}; END",
        f"CREATE TRIGGER shape_member_out AFTER DELETE ON membership BEGIN {_bump('OLD.group_id')}; END",
        "CREATE TRIGGER shape_member_moved AFTER UPDATE OF group_id, player_id ON membership"
        f" BEGIN {_bump('OLD.group_id')}; {_bump('NEW.group_id')}; END",
        "CREATE TRIGGER shape_renamed AFTER UPDATE OF name ON player WHEN OLD.name IS NOT NEW.name"
        f" BEGIN {_bump_groups_of('NEW.id')}; END",
        *(
            f"CREATE TRIGGER shape_optout_{what} AFTER {what.upper()} ON player_choice WHEN {row}.name = {OPTOUT}"
            f" BEGIN {_bump_groups_of(f'{row}.player_id', f'{row}.group_id')};"
            " END"
            for what, row in (("insert", "NEW"), ("update", "NEW"), ("delete", "OLD"))
        ),
    ]


def _pg() -> list[str]:
    def function(name: str, body: str) -> str:
        return f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body}; RETURN NULL; END $$"

    return [
        function("shape_new_game", f"IF TG_OP = 'UPDATE' OR {_new_game('NEW')} THEN {_bump('NEW.group_id')}; END IF"),
        "CREATE TRIGGER shape_new_game AFTER INSERT ON piece_change FOR EACH ROW EXECUTE FUNCTION shape_new_game()",
        "CREATE TRIGGER shape_day_emptied AFTER UPDATE OF scores ON piece_change FOR EACH ROW"
        " WHEN (NEW.scores = 0 OR OLD.scores = 0) EXECUTE FUNCTION shape_new_game()",
        function(
            "shape_member",
            f"IF TG_OP <> 'INSERT' THEN {_bump('OLD.group_id')}; END IF;"
            f" IF TG_OP <> 'DELETE' THEN {_bump('NEW.group_id')}; END IF",
        ),
        "CREATE TRIGGER shape_member AFTER INSERT OR DELETE OR UPDATE OF group_id, player_id ON membership"
        " FOR EACH ROW EXECUTE FUNCTION shape_member()",
        function("shape_renamed", _bump_groups_of("NEW.id")),
        "CREATE TRIGGER shape_renamed AFTER UPDATE OF name ON player FOR EACH ROW"
        " WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION shape_renamed()",
        function(
            "shape_optout",
            f"IF TG_OP <> 'INSERT' AND OLD.name = {OPTOUT} THEN {_bump_groups_of('OLD.player_id', 'OLD.group_id')}; END IF;"
            f" IF TG_OP <> 'DELETE' AND NEW.name = {OPTOUT} THEN {_bump_groups_of('NEW.player_id', 'NEW.group_id')}; END IF",
        ),
        "CREATE TRIGGER shape_optout AFTER INSERT OR UPDATE OR DELETE ON player_choice FOR EACH ROW"
        " EXECUTE FUNCTION shape_optout()",
    ]


def migrate(db: peewee.Database) -> None:
    db.execute_sql(TABLE + (" WITHOUT ROWID" if is_sqlite(db) else ""))
    for sql in _sqlite() if is_sqlite(db) else _pg():
        db.execute_sql(sql)


def m0020_group_shape(db: peewee.Database) -> None:
    # Names and games by a counter (docs/performance.md, "Issue 16, round 6"): group_shape.py.
    migrate(db)
