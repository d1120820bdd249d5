"""Deriving scores from stored messages, and the one rule that settles them: the earliest post counts.

Scores and rejections always follow the messages' texts, so they can be rebuilt at any time
(`reparse`). Of each player's results for one puzzle in a group, the earliest sent live one
is the counted one; `_settle` is the only code that decides it.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Iterable
from zoneinfo import ZoneInfo

import peewee

from ..chatsettings import choices
from ..clock import from_ms
from ..parse import parse
from ..results import Outcome
from ..store import Message, Rejection, Score, database, write_transaction
from ..store.bulk import CHUNK, chunks, insert_rows, padded, rows_per_statement, where_in
from ..store.database import is_sqlite
from ..store.days import day_number, day_of
from ..store.gamecodes import game_code, game_slug
from ..store.message_buckets import condition, of_messages
from .confirm import confirm as confirm_messages

log = logging.getLogger(__name__)

# A late post: one sent after the puzzle's own day ended in the group's time zone, plus this grace.
LATE_GRACE = dt.timedelta(hours=3)
# The lengths an OR of score keys is padded to (store.bulk.padded); the last is the most one statement holds.
TERMS = (1, 2, 4, 8, 16, 32, 50)

Key = tuple[int, int, str, str]  # (group, player, game, puzzle_key): one puzzle of one player in one group

SCORE_COLUMNS = (
    "message_id", "group_id", "player_id", "game", "puzzle", "puzzle_key", "date", "solved", "score", "max",
    "hard_mode", "archive", "late", "counted", "sent_at", "details",
)  # fmt: skip


def score_messages(message_ids: Iterable[int], confirm: bool = False) -> None:
    """Parse the given messages and (re)derive their scores, in one transaction.

    `confirm`: the messages came live from a transport, so the chat is told what counted
    (confirm.py), in this same transaction.
    """
    ids = list(message_ids)
    if not ids:
        return
    with write_transaction(database()):
        for chunk in chunks(ids, CHUNK * 5):
            derive(chunk, confirm)


def score_or_leave_pending(message_ids: list[int]) -> None:
    """Derive and confirm the messages' scores in a savepoint of the caller's transaction.

    A failure there must not undo the messages, nor hold up the raw events behind them: they
    stay stored and `pending`, and score_pending derives them at the next start. A locked or
    vanished database goes to the caller, whose whole transaction is then tried again.
    """
    if not message_ids:
        return
    try:
        with database().atomic():  # the caller's write transaction: no second savepoint (score_messages)
            for chunk in chunks(message_ids, CHUNK * 5):
                derive(chunk, confirm=True)
    except peewee.OperationalError:
        raise
    except Exception:
        log.exception("scoring %d stored message(s) failed; they stay pending for score_pending", len(message_ids))


def holds_nothing(text: str, sent_ms: int) -> bool:
    """Whether a new message's text gives no result and no rejection: what derive sets `chatter`.

    The same parse as derive's (`_derive_one`), so a message stored `chatter` by this answer
    (messages.store_messages' `settle`) is where deriving it would leave it. A parser failure says
    False: the message stays `pending`, and derive records the failure. A text that holds
    something leaves its outcome for derive (parse is pure), so a share is not parsed twice.
    """
    try:
        outcome = parse(text, from_ms(sent_ms))
    except Exception:  # derive logs it and sets the message's error
        return False
    if not outcome.results and not outcome.rejections:
        return True
    if len(_PARSED) >= PARSED_KEPT:
        _PARSED.clear()
    _PARSED[(text, sent_ms)] = outcome
    return False


# The outcomes holds_nothing found for texts that hold something, by (text, sent time): derive takes
# each one instead of parsing that text again. At most PARSED_KEPT (a failed derivation leaves its own).
PARSED_KEPT = 1000
_PARSED: dict[tuple[str, int], Outcome] = {}


def derive(ids: list[int], confirm: bool = False) -> None:
    """Derive the scores and rejections of many messages in a few statements (one, after an edit).

    The end state is the same as deriving them one by one: scores and rejections follow the
    texts, and of each player's results for one puzzle in a group the earliest sent counts.
    """
    messages = where_in(
        "SELECT m.id, m.group_id, g.timezone, i.player_id, m.text, m.sent_at, m.deleted, m.error, m.status"
        " FROM message m JOIN chat_group g ON g.id = m.group_id JOIN identity i ON i.id = m.identity_id"
        " WHERE m.id IN ({})",
        ids,
    )
    messages.sort(key=lambda m: (m[5], m[0]))
    top = _newest_score_id(messages)
    removed = _remove_old(messages, ids)
    # Privacy (chatsettings): an opted-out player's messages give nothing, a hidden one's keep no grid.
    private = choices(database(), {m[1] for m in messages}, ("optout", "hide"))
    optout, hide = private["optout"], private["hide"]
    scores: list[dict] = []
    rejections: list[tuple] = []
    statuses: dict[tuple[str, str | None], list[int]] = {}
    for message in messages:
        status, error = _derive_one(message, optout, hide, scores, rejections)
        statuses.setdefault((status, error), []).append(message[0])
    changed = _settle(scores, removed)
    rows = [_score_row(score) for score in scores]
    if top is not None:  # past every id the removed scores held (see _newest_score_id)
        insert_rows("score", ("id", *SCORE_COLUMNS), [(top + n, *row) for n, row in enumerate(rows, 1)])
    else:
        insert_rows("score", SCORE_COLUMNS, rows)
    insert_rows("rejection", ("message_id", "group_id", "game", "puzzle", "reason", "sent_at"), rejections)
    param = database().param
    for (status, error), message_ids in statuses.items():
        where_in(f"UPDATE message SET status = {param}, error = {param} WHERE id IN ({{}})", message_ids, status, error)
    for group_id in {key[0] for key in removed} | {s["group"] for s in scores}:
        database().execute_sql(f"UPDATE chat_group SET revision = revision + 1 WHERE id = {param}", (group_id,))
    if confirm:
        # The other messages whose result won or lost the count (an edit moves the ✅).
        confirm_messages(_may_be_confirmed(messages, statuses) | {message_id for _, message_id in changed})


def _may_be_confirmed(messages: list[tuple], statuses: dict[tuple[str, str | None], list[int]]) -> set[int]:
    """The messages a confirmation may be due for: all but new ones that hold no result nor rejection.

    A message derived for the first time (it was `pending`) was never confirmed, and chatter
    asks for nothing (confirm.wanted): most live messages skip confirm's query.
    """
    quiet = {m for (status, _), ids in statuses.items() if status not in ("share", "rejected") for m in ids}
    return {m[0] for m in messages if m[8] != "pending" or m[0] not in quiet}


def _newest_score_id(messages: list[tuple]) -> int | None:
    """On SQLite, when these messages may hold scores to replace: the largest score id now.

    SQLite gives a new row the largest rowid plus one, so a score deleted while it was the
    newest would hand its id to its replacement, and an edit would keep the count and the sum
    of ids that the web's fingerprints read (stats.queries.fingerprint) unchanged. New scores
    of a re-derived message therefore get ids past this one. PostgreSQL's sequences never reuse
    an id, and a new message has no scores yet: None for both.
    """
    db = database()
    if not is_sqlite(db) or all(m[8] == "pending" for m in messages):
        return None
    return db.execute_sql("SELECT MAX(id) FROM score").fetchone()[0] or 0


def _derive_one(message: tuple, optout: dict, hide: dict, scores: list[dict], rejections: list[tuple]) -> tuple[str, str | None]:
    """Parse one message into `scores` and `rejections`; its new (status, error)."""
    message_id, group_id, timezone, player_id, text, sent_ms, deleted, error, _ = message
    if deleted:
        return "deleted", error
    if player_id in optout.get(group_id, ()):
        return "optout", None
    try:
        outcome = _PARSED.pop((text, sent_ms), None) or parse(text, from_ms(sent_ms))
    except Exception as failure:  # a parser bug must not stop the messages behind this one
        log.exception("parser failed on message %s", message_id)
        return "error", f"{type(failure).__name__}: {failure}"
    for result in outcome.results:
        score = _score_fields(result, message_id, group_id, player_id, sent_ms, timezone)
        if player_id in hide.get(group_id, ()) and isinstance(score["details"], dict):
            score["details"] = {k: v for k, v in score["details"].items() if k != "grid"}
        scores.append(score)
    for rejection in outcome.rejections:
        rejections.append((message_id, group_id, rejection.game, rejection.puzzle, rejection.reason, sent_ms))
    return ("share" if outcome.results else "rejected" if outcome.rejections else "chatter"), None


def _remove_old(messages: list[tuple], ids: list[int]) -> dict[Key, str | None]:
    """Drop the messages' old scores and rejections; the keys (and dates) the old scores held."""
    removed: dict[Key, str | None] = {}
    # A message still 'pending' was never derived (a derivation sets the status in its own
    # transaction), so it has no scores or rejections to look for: new messages skip three
    # statements, a third of what one chatter message cost when it arrives alone.
    if all(m[8] == "pending" for m in messages):
        return removed
    owner = {m[0]: (m[1], m[3]) for m in messages}
    for message_id, game, puzzle_key, date in of_messages("SELECT message_id, game, puzzle_key, date FROM score WHERE {}", ids):
        removed[(*owner[message_id], game_slug(game), puzzle_key)] = _iso(day_of(date))
    if removed:
        of_messages("DELETE FROM score WHERE {}", ids)
    where_in("DELETE FROM rejection WHERE message_id IN ({})", ids)
    return removed


def _iso(date) -> str | None:
    return date.isoformat() if isinstance(date, dt.date) else date


def _settle(scores: list[dict], removed: dict[Key, str | None]) -> list[tuple[int, int]]:
    """Make the earliest sent live result of every key the counted one: the new `scores` (in sent
    order, not inserted yet) get their `counted` flag, stored rows are updated where they lose or win.
    Returns the stored rows that lost or won, as (id, message id).

    Every stored score is live (a deleted message's scores are dropped), and ties go to the
    stored row, as the earlier one.
    """
    keys: set[Key] = set()
    first_new: dict[Key, dict] = {}
    for score in scores:
        key = (score["group"], score["player"], score["game"], score["puzzle_key"])
        keys.add(key)
        first_new.setdefault(key, score)
    keys.update(removed)
    if not keys:
        return []
    stored = _stored_scores(keys, removed)
    db = database()
    losers: list[tuple[int, int]] = []
    winners: list[tuple[int, int]] = []
    for key in keys:
        rows = sorted(stored.get(key, ()))
        new = first_new.get(key)
        if new is not None and (not rows or new["sent_at"] < rows[0][0]):
            new["counted"] = True
            losers.extend((score_id, message_id) for _, score_id, counted, message_id in rows if counted)
            continue
        if rows:
            losers.extend((score_id, message_id) for _, score_id, counted, message_id in rows[1:] if counted)
            if not rows[0][2]:
                winners.append((rows[0][1], rows[0][3]))
    # Losers first: one counted row per key is a unique index.
    _set_counted(db, losers, False)
    _set_counted(db, winners, True)
    return losers + winners


def _set_counted(db: peewee.Database, rows: list[tuple[int, int]], counted: bool) -> None:
    """Set `counted` on these (id, message id) rows. Their messages are named too: PostgreSQL has no index on a
    score's id (migration 16, store/pg_score_ids.py), and finds them by their message's bucket (message_buckets.py)."""
    for chunk in chunks(rows, rows_per_statement(db, 3)):
        ids = [score_id for score_id, _ in chunk]
        messages, values = condition(sorted({message_id for _, message_id in chunk}), db.param)
        sql = f"UPDATE score SET counted = {db.param} WHERE {messages} AND id IN ({', '.join([db.param] * len(ids))})"
        db.execute_sql(sql, [counted, *values, *ids])


def _stored_scores(keys: set[Key], removed: dict[Key, str | None]) -> dict[Key, list[tuple[int, int, bool, int]]]:
    """The stored scores of the keys that `_settle` needs, as (sent_at, id, counted, message id) per key.

    Of a key with no score removed, only the counted row matters: it is the earliest live one,
    and a key with any live score has one counted. A key that lost scores (an edit, a delete,
    reparse) needs its uncounted rows too, to find the next earliest.
    """
    stored: dict[Key, list[tuple[int, int, bool, int]]] = {}
    db = database()
    key = f"group_id = {db.param} AND player_id = {db.param} AND game = {db.param} AND puzzle_key = {db.param})"
    # Each OR term is one probe of the partial index of its kind: score_one_counted (group,
    # player, game, puzzle_key) WHERE counted, score_uncounted_key the same WHERE NOT counted.
    # The flag is in every term: SQLite weighs each term of an OR alone, and picks a partial
    # index only for a term that says its condition.
    for counted, wanted in (("(counted AND ", sorted(keys)), ("(NOT counted AND ", sorted(removed))):
        for chunk in chunks(wanted, TERMS[-1]):
            # A few statement shapes, each prepared once: a 50-term OR of a new length took 8 µs a key to prepare.
            chunk = padded(chunk, TERMS)
            terms = " OR ".join([counted + key] * len(chunk))
            sql = f"SELECT id, group_id, player_id, game, puzzle_key, sent_at, counted, message_id FROM score WHERE {terms}"
            params = [v for group, player, game, key in chunk for v in (group, player, game_code(game), key)]
            for score_id, group_id, player_id, game, puzzle_key, sent_at, is_counted, message_id in db.execute_sql(
                sql, params
            ).fetchall():
                key_of = (group_id, player_id, game_slug(game), puzzle_key)
                stored.setdefault(key_of, []).append((sent_at, score_id, bool(is_counted), message_id))
    return stored


def _score_fields(result, message_id: int, group_id: int, player_id: int, sent_ms: int, timezone: str) -> dict:
    """The score row a result becomes; `counted` is settled afterwards, for every result of its key."""
    late = False
    if result.date is not None:
        # Late: sent after the puzzle's own day ended in the group's time zone (plus a grace).
        late = (from_ms(sent_ms).astimezone(ZoneInfo(timezone)) - LATE_GRACE).date() > result.date
    row = dict(result.__dict__)  # every field of the Result (a plain dataclass: its fields are its __dict__)
    row.update(message=message_id, group=group_id, player=player_id, puzzle_key=result.puzzle_key, sent_at=sent_ms)
    row.update(late=late, counted=False)
    return row


def _score_row(score: dict) -> tuple:
    """A score as its columns store it (what peewee's fields would make of it)."""
    date = day_number(score["date"])  # days since 1970 (store/days.py), the game as its number (store/gamecodes.py)
    details = Score.details.db_value(score["details"])
    value = None if score["score"] is None else float(score["score"])
    most = Score.max.db_value(score["max"])  # none: NULL on SQLite, -1 on PostgreSQL (store/pg_narrow.py)
    return (
        score["message"], score["group"], score["player"], game_code(score["game"]), score["puzzle"], score["puzzle_key"], date,
        bool(score["solved"]), value, most, bool(score["hard_mode"]), bool(score["archive"]), bool(score["late"]),
        bool(score["counted"]), score["sent_at"], details,
    )  # fmt: skip


def score_pending(limit: int = 1000, confirm: bool = False) -> int:
    """Score messages a crash left stored but unscored; returns how many were scored.

    A transport's recovery passes `confirm`: its messages came live, and were never confirmed."""
    total = 0
    while True:
        ids = [m.id for m in Message.select(Message.id).where(Message.status == "pending").order_by(Message.id).limit(limit)]
        if not ids:
            return total
        score_messages(ids, confirm)
        total += len(ids)


def reparse(batch_size: int = 500, progress=None) -> dict[str, int]:
    """Re-derive every message's scores from its stored text, in batched transactions.

    Idempotent: running it twice leaves the same scores. `progress(done, total)` is called
    after each batch.
    """
    total = Message.select().count()
    done = 0
    last_id = 0
    while True:
        ids = [m.id for m in Message.select(Message.id).where(Message.id > last_id).order_by(Message.id).limit(batch_size)]
        if not ids:
            break
        score_messages(ids)
        done += len(ids)
        last_id = ids[-1]
        if progress:
            progress(done, total)
    return {
        "messages": total,
        "scores": Score.select().where(Score.counted == True).count(),  # noqa: E712
        "reposts": Score.select().where(Score.counted == False).count(),  # noqa: E712
        "rejections": Rejection.select().count(),
    }
