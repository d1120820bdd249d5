"""The reads of one player's own data, for the chat commands and the private export link."""

from __future__ import annotations

import peewee

from ...clock import from_ms
from ...store import Group, Identity, Membership, Player, Score
from ...store.days import day_of
from ...store.gamecodes import game_slug


def player_of(db: peewee.Database, platform: str, sender_ids: list[str]) -> Player | None:
    """The player a sender is (by id, then by an alias such as a phone number), or None."""
    for sender in [s for s in sender_ids if s]:
        identity = Identity.get_or_none(Identity.platform == platform, Identity.platform_id == sender)
        if identity is not None:
            return Player.get_by_id(identity.player_id)
    return None


def groups_of(db: peewee.Database, platform: str, player_id: int) -> list[Group]:
    """The platform's groups the player has been seen in, by row id."""
    return list(
        Group.select()
        .join(Membership, on=(Membership.group == Group.id))
        .where(Group.platform == platform, Membership.player == player_id)
        .order_by(Group.id)
    )


def last_rejection(db: peewee.Database, group_id: int, player_id: int) -> tuple | None:
    """The player's latest share in the group that did not count: (game, puzzle, reason, sent ms)."""
    p = db.param
    return db.execute_sql(
        "SELECT r.game, r.puzzle, r.reason, r.sent_at FROM rejection r JOIN message m ON m.id = r.message_id"
        f" JOIN identity i ON i.id = m.identity_id WHERE r.group_id = {p} AND i.player_id = {p}"
        " ORDER BY r.sent_at DESC, r.id DESC LIMIT 1",
        (group_id, player_id),
    ).fetchone()


def last_share_at(db: peewee.Database, group_id: int, player_id: int) -> int | None:
    """When the player's latest counted score in the group was sent (ms), or None."""
    row = db.execute_sql(
        f"SELECT MAX(sent_at) FROM score WHERE group_id = {db.param} AND player_id = {db.param} AND counted",
        (group_id, player_id),
    ).fetchone()
    return row[0] if row else None


def message_ids(db: peewee.Database, player_id: int, group_id: int | None = None) -> list[int]:
    """The ids of the player's messages (in one group, or all): what a privacy change scores again."""
    p = db.param
    sql = f"SELECT m.id FROM message m JOIN identity i ON i.id = m.identity_id WHERE i.player_id = {p}"
    params: list = [player_id]
    if group_id is not None:
        sql += f" AND m.group_id = {p}"
        params.append(group_id)
    return [row[0] for row in db.execute_sql(sql + " ORDER BY m.id", params).fetchall()]


def player_export(db: peewee.Database, player_id: int) -> dict:
    """Everything stored about one player, as plain data: their name, groups, messages and scores.

    Plain SQL on `db`: the web serves it over its read-only connection."""
    p = db.param
    found = db.execute_sql(f"SELECT name FROM player WHERE id = {p}", (player_id,)).fetchone()
    if found is None:
        return {}
    messages = db.execute_sql(
        "SELECT m.id, g.name, g.platform_id, m.platform_message_id, m.sent_at, m.text, m.status, m.deleted"
        " FROM message m JOIN identity i ON i.id = m.identity_id LEFT JOIN chat_group g ON g.id = m.group_id"
        f" WHERE i.player_id = {p} ORDER BY m.sent_at, m.id",
        (player_id,),
    ).fetchall()
    scores = db.execute_sql(
        "SELECT s.message_id, g.name, s.game, s.puzzle, s.date, s.solved, s.score, s.hard_mode, s.counted, s.details"
        f" FROM score s JOIN chat_group g ON g.id = s.group_id WHERE s.player_id = {p} ORDER BY s.sent_at, s.id",
        (player_id,),
    ).fetchall()
    identities = db.execute_sql(
        f"SELECT platform, platform_id, display_name FROM identity WHERE player_id = {p} ORDER BY id", (player_id,)
    ).fetchall()
    return {
        "player": found[0],
        "identities": [{"platform": platform, "id": pid, "name": name} for platform, pid, name in identities],
        "messages": [
            {
                "group": name or gid,
                "id": mid,
                "sent_at": from_ms(sent).isoformat(),
                "text": text,
                "status": status,
                "deleted": bool(deleted),
            }
            for _, name, gid, mid, sent, text, status, deleted in messages
        ],
        "scores": [
            {
                "group": name,
                "game": game_slug(game),
                "puzzle": puzzle,
                "date": day_of(day).isoformat() if day is not None else None,
                "solved": bool(solved),
                "score": score,
                "hard_mode": bool(hard),
                "counted": bool(counted),
                "details": Score.details.python_value(details),
            }
            for _, name, game, puzzle, day, solved, score, hard, counted, details in scores
        ],
    }


EXPORT_LINK_MS = 24 * 3600 * 1000


def player_export_by_token(db: peewee.Database, token: str, now_ms: int) -> dict | None:
    """The data behind an export link (`!ps export`), or None when the token is unknown or older than 24 hours."""
    row = db.execute_sql(
        f"SELECT player_id, updated_at FROM player_choice WHERE name = 'export_token' AND value = {db.param}", (token,)
    ).fetchone()
    if row is None or row[1] + EXPORT_LINK_MS <= now_ms:
        return None
    return player_export(db, row[0]) or None
