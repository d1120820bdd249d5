"""The one write path: chat messages in, messages and scores stored.

Every ingest (Signal, WhatsApp, exports, the sample chat, the benchmark) goes through here:
1. `store_messages` stores a batch of messages in one transaction, before anything reads them;
2. `score_messages` parses them and derives their scores in a second transaction.
`ingest` does both. Messages left `pending` by a crash between the two are picked up by
`score_pending`. Scores can always be rebuilt from messages (`reparse`).
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from dataclasses import dataclass, field
from typing import Iterable, Sequence
from zoneinfo import ZoneInfo

import peewee

from .clock import from_ms, now_ms, to_ms
from .parse import parse
from .store import Group, Identity, Membership, Message, Player, RawEvent, Rejection, Score, write_transaction
from .store.database import is_sqlite
from .store.models import database_proxy

log = logging.getLogger(__name__)

# A late post: one sent after the puzzle's own day ended in the group's time zone, plus this grace.
LATE_GRACE = dt.timedelta(hours=3)


@dataclass(frozen=True)
class Incoming:
    """One chat message as a transport hands it over."""

    platform: str
    message_id: str
    group_id: str | None  # the platform's group id; None for a direct message to the bot
    sender_id: str
    sender_name: str | None
    sent_at: dt.datetime
    text: str
    raw: str | None = None


@dataclass
class Stored:
    """What happened to one incoming message."""

    message_ids: list[int] = field(default_factory=list)  # a direct message may land in several groups
    duplicate: bool = False
    stranger: bool = False


def new_token() -> str:
    """An unguessable board token: 128 random bits, URL-safe."""
    return secrets.token_urlsafe(16)


def ensure_group(platform: str, platform_id: str, name: str = "", timezone: str = "UTC") -> Group:
    """The group row for a platform group, created on first sight with a fresh token."""
    group = Group.get_or_none(Group.platform == platform, Group.platform_id == platform_id)
    if group is None:
        group = Group.create(
            platform=platform, platform_id=platform_id, name=name, token=new_token(), timezone=timezone, created_at=now_ms()
        )
    elif name and group.name != name:
        group.name = name
        group.save()
    return group


def ensure_identity(platform: str, sender_id: str, sender_name: str | None) -> Identity:
    """The sender's identity (and player), its display name following the latest one seen."""
    identity = Identity.get_or_none(Identity.platform == platform, Identity.platform_id == sender_id)
    name = (sender_name or "").strip()
    if identity is None:
        player = Player.create(name=name or _anonymous(sender_id), created_at=now_ms())
        return Identity.create(platform=platform, platform_id=sender_id, display_name=name, player=player)
    if name and identity.display_name != name:
        identity.display_name = name
        identity.save()
        player = identity.player
        if len(player.identities) == 1 or _is_anonymous(player.name, sender_id):
            player.name = name
            player.save()
            # Pages are cached per group revision: a new name must show without waiting for a score.
            groups = Membership.select(Membership.group).where(Membership.player == player.id)
            Group.update(revision=Group.revision + 1).where(Group.id.in_(groups)).execute()
    return identity


def _anonymous(sender_id: str) -> str:
    """A name for a sender who sent none: the end of its id, without WhatsApp's "@lid"/"@c.us" suffix.

    The bare last four characters were that suffix for every WhatsApp sender, so all of them
    had one name. Four more characters are taken while another player already has the name.
    """
    local = sender_id.split("@", 1)[0] or sender_id
    for width in (4, 8, len(local)):
        name = "player " + local[-width:]
        if width >= len(local) or not Player.select().where(Player.name == name).exists():
            return name
    return name


def _is_anonymous(name: str, sender_id: str) -> bool:
    """Whether `name` is one _anonymous gave this sender (or an older release did: "player @lid")."""
    tail = name[len("player "):]
    return name.startswith("player ") and bool(tail) and (sender_id.endswith(tail) or sender_id.split("@", 1)[0].endswith(tail))


def _groups_for_direct(identity: Identity, platform: str) -> list[Group]:
    return list(
        Group.select()
        .join(Membership)
        .where(Membership.player == identity.player_id, Group.platform == platform)
        .order_by(Group.id)
    )


def _touch_membership(group_id: int, player_id: int, at: int) -> None:
    updated = (
        Membership.update(last_seen=at)
        .where(Membership.group == group_id, Membership.player == player_id, Membership.last_seen < at)
        .execute()
    )
    if not updated:
        Membership.insert(group=group_id, player=player_id, first_seen=at, last_seen=at).on_conflict_ignore().execute()


def store_messages(batch: Sequence[Incoming], default_timezone: str = "UTC") -> list[Stored]:
    """Store each message of `batch` (raw text first) in one transaction; nothing is parsed yet.

    A message whose (platform, id) is already stored is a duplicate and stores nothing.
    A direct message (no group) lands in every group of that platform its sender belongs to;
    from a stranger it is stored nowhere.
    """
    db = database_proxy.obj
    out: list[Stored] = []
    received = now_ms()
    with write_transaction(db):
        # Group messages go in runs of a few statements per run (issue 8: a backlog must not
        # cost several statements per message); a direct message depends on the memberships
        # stored before it, so it ends a run and takes the one-by-one path.
        run: list[Incoming] = []
        for item in batch:
            if item.group_id is not None:
                run.append(item)
                continue
            out.extend(_store_run(run, received, default_timezone))
            run = []
            out.append(_store_one(item, received, default_timezone))
        out.extend(_store_run(run, received, default_timezone))
    return out


def _store_one(item: Incoming, received: int, default_timezone: str) -> Stored:
    identity = ensure_identity(item.platform, item.sender_id, item.sender_name)
    sent = to_ms(item.sent_at)
    if item.group_id is not None:
        targets = [(ensure_group(item.platform, item.group_id, timezone=default_timezone), item.message_id)]
    else:
        groups = _groups_for_direct(identity, item.platform)
        if not groups:
            return Stored(stranger=True)
        # One row per group: the platform id is made unique per group.
        targets = [(g, item.message_id if i == 0 else f"{item.message_id}#{g.id}") for i, g in enumerate(groups)]
    result = Stored()
    for group, message_id in targets:
        existing = Message.get_or_none(Message.platform == item.platform, Message.platform_message_id == message_id)
        if existing is not None:
            result.duplicate = True
            continue
        message = Message.create(
            platform=item.platform,
            platform_message_id=message_id,
            group=group,
            identity=identity,
            sent_at=sent,
            received_at=received,
            text=item.text,
            raw=item.raw,
        )
        _touch_membership(group.id, identity.player_id, sent)
        result.message_ids.append(message.id)
    return result


def score_messages(message_ids: Iterable[int]) -> None:
    """Parse the given messages and (re)derive their scores, in one transaction."""
    ids = list(message_ids)
    if not ids:
        return
    db = database_proxy.obj
    with write_transaction(db):
        for start in range(0, len(ids), CHUNK * 5):
            _score_chunk(ids[start : start + CHUNK * 5])


# Rows per multi-row statement: well under SQLite's limit of bound variables.
CHUNK = 100


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _insert_rows(table: str, columns: tuple[str, ...], rows: list[tuple], returning: str = "") -> list[tuple]:
    """Multi-row INSERTs in plain SQL, `CHUNK` rows each; the rows of RETURNING, if asked.

    Built by hand because peewee spends more time building a row's SQL than the database
    spends storing it (the profile in docs/performance.md). Values must already be what the
    column stores: int, float, str, bool, None.
    """
    db = database_proxy.obj
    names = ", ".join(f'"{c}"' for c in columns)
    one = "(" + ", ".join([db.param] * len(columns)) + ")"
    out: list[tuple] = []
    for chunk in _chunks(rows):
        sql = f'INSERT INTO "{table}" ({names}) VALUES ' + ", ".join([one] * len(chunk))
        if returning:
            sql += f" RETURNING {returning}"
        cursor = db.execute_sql(sql, [value for row in chunk for value in row])
        if returning:
            out.extend(cursor.fetchall())
    return out


def _where_in(sql: str, values: list, *params) -> list[tuple]:
    """Run `sql` (its `{}` is an IN list) once per chunk of `values`; every row it returns."""
    db = database_proxy.obj
    out: list[tuple] = []
    for chunk in _chunks(values):
        cursor = db.execute_sql(sql.format(", ".join([db.param] * len(chunk))), [*params, *chunk])
        if cursor.description:
            out.extend(cursor.fetchall())
    return out


def _store_run(items: list[Incoming], received: int, default_timezone: str) -> list[Stored]:
    """Store group messages as `_store_one` would, one after another, in a few statements."""
    if not items:
        return []
    # Plain SQL and bare rows: with one message per call (a webhook) peewee's query building
    # was most of the cost of these lookups.
    param = database_proxy.obj.param
    identities: dict[tuple[str, str], Identity] = {}
    groups: dict[tuple[str, str], Group] = {}
    existing: set[tuple[str, str]] = set()
    for platform in {i.platform for i in items}:
        senders = list({i.sender_id for i in items if i.platform == platform})
        sql = f"SELECT id, platform_id, display_name, player_id FROM identity WHERE platform = {param} AND platform_id IN ({{}})"
        for identity_id, sender_id, display_name, player_id in _where_in(sql, senders, platform):
            identities[(platform, sender_id)] = Identity(
                id=identity_id, platform=platform, platform_id=sender_id, display_name=display_name, player=player_id
            )
        group_ids = list({i.group_id for i in items if i.platform == platform})
        sql = f"SELECT id, platform_id FROM chat_group WHERE platform = {param} AND platform_id IN ({{}})"
        for group_id, platform_id in _where_in(sql, group_ids, platform):
            groups[(platform, platform_id)] = Group(id=group_id, platform=platform, platform_id=platform_id)
        message_ids = list({i.message_id for i in items if i.platform == platform})
        sql = f"SELECT platform_message_id FROM message WHERE platform = {param} AND platform_message_id IN ({{}})"
        existing.update((platform, m) for (m,) in _where_in(sql, message_ids, platform))
    out: list[Stored] = []
    rows: list[tuple] = []
    players: list[int] = []
    slots: list[int] = []
    for item in items:
        key = (item.platform, item.sender_id)
        identity = identities.get(key)
        name = (item.sender_name or "").strip()
        if identity is None or (name and identity.display_name != name):
            identity = identities[key] = ensure_identity(item.platform, item.sender_id, item.sender_name)
        group_key = (item.platform, item.group_id)
        if group_key not in groups:
            groups[group_key] = ensure_group(item.platform, item.group_id, timezone=default_timezone)
        message_key = (item.platform, item.message_id)
        if message_key in existing:
            out.append(Stored(duplicate=True))
            continue
        existing.add(message_key)
        out.append(Stored())
        rows.append(
            (item.platform, item.message_id, groups[group_key].id, identity.id, to_ms(item.sent_at), received, item.text, item.raw)
        )
        players.append(identity.player_id)
        slots.append(len(out) - 1)
    columns = ("platform", "platform_message_id", "group_id", "identity_id", "sent_at", "received_at", "text", "raw")
    new_ids = {(p, m): i for i, p, m in _insert_rows("message", columns, rows, "id, platform, platform_message_id")}
    seen: dict[tuple[int, int], list[int]] = {}
    for row, player_id, slot in zip(rows, players, slots):
        out[slot].message_ids.append(new_ids[(row[0], row[1])])
        sent = row[4]
        span = seen.setdefault((row[2], player_id), [sent, sent])
        span[0], span[1] = min(span[0], sent), max(span[1], sent)
    db = database_proxy.obj
    one = "(" + ", ".join([db.param] * 4) + ")"
    pairs = [(g, p, first, last) for (g, p), (first, last) in seen.items()]
    for chunk in _chunks(pairs):
        # One upsert per chunk of (group, player) pairs; the same words on SQLite and PostgreSQL.
        db.execute_sql(
            "INSERT INTO membership (group_id, player_id, first_seen, last_seen) VALUES "
            + ", ".join([one] * len(chunk))
            + " ON CONFLICT (group_id, player_id) DO UPDATE SET last_seen = CASE"
            " WHEN excluded.last_seen > membership.last_seen THEN excluded.last_seen ELSE membership.last_seen END",
            [value for pair in chunk for value in pair],
        )
    return out


def _score_chunk(ids: list[int]) -> None:
    """Derive the scores and rejections of many messages in a few statements (one, after an edit).

    The end state is the same as deriving them one by one: scores and rejections follow the
    texts, and of each player's results for one puzzle in a group the earliest sent counts.
    """
    messages = _where_in(
        "SELECT m.id, m.group_id, g.timezone, i.player_id, m.text, m.sent_at, m.deleted, m.error, m.status"
        " FROM message m JOIN chat_group g ON g.id = m.group_id JOIN identity i ON i.id = m.identity_id"
        " WHERE m.id IN ({})",
        ids,
    )
    messages.sort(key=lambda m: (m[5], m[0]))
    # Keys whose old scores go away are settled the long way, with every live score in view.
    unsettled: dict[tuple[int, int], set[tuple[str, str]]] = {}
    owner = {m[0]: (m[1], m[3]) for m in messages}
    # A message still 'pending' was never derived (a derivation sets the status in its own
    # transaction), so it has no scores or rejections to look for: new messages skip three
    # statements, a third of what one chatter message cost when it arrives alone.
    if any(m[8] != "pending" for m in messages):
        for message_id, game, puzzle_key in _where_in("SELECT message_id, game, puzzle_key FROM score WHERE message_id IN ({})", ids):
            unsettled.setdefault(owner[message_id], set()).add((game, puzzle_key))
        if unsettled:
            _where_in("DELETE FROM score WHERE message_id IN ({})", ids)
        _where_in("DELETE FROM rejection WHERE message_id IN ({})", ids)
    scores: list[dict] = []
    rejections: list[dict] = []
    statuses: dict[tuple[str, str | None], list[int]] = {}
    for message_id, group_id, timezone, player_id, text, sent_ms, deleted, error, _ in messages:
        if deleted:
            statuses.setdefault(("deleted", error), []).append(message_id)
            continue
        sent = from_ms(sent_ms)
        try:
            outcome = parse(text, sent)
        except Exception as error:  # a parser bug must not stop the messages behind this one
            log.exception("parser failed on message %s", message_id)
            statuses.setdefault(("error", f"{type(error).__name__}: {error}"), []).append(message_id)
            continue
        for result in outcome.results:
            scores.append(_score_fields(result, message_id, group_id, player_id, sent_ms, timezone))
        for rejection in outcome.rejections:
            rejections.append((message_id, group_id, rejection.game, rejection.puzzle, rejection.reason, sent_ms))
        status = "share" if outcome.results else "rejected" if outcome.rejections else "chatter"
        statuses.setdefault((status, None), []).append(message_id)
    _count_new(scores, unsettled)
    _insert_rows("score", SCORE_COLUMNS, [_score_row(score) for score in scores])
    _insert_rows("rejection", ("message_id", "group_id", "game", "puzzle", "reason", "sent_at"), rejections)
    param = database_proxy.obj.param
    for (status, error), message_ids in statuses.items():
        _where_in(f"UPDATE message SET status = {param}, error = {param} WHERE id IN ({{}})", message_ids, status, error)
    for (group_id, player_id), keys in unsettled.items():
        _settle(group_id, player_id, keys)
    changed = {g for g, _ in unsettled} | {s["group"] for s in scores}
    for group_id in changed:
        Group.update(revision=Group.revision + 1).where(Group.id == group_id).execute()


SCORE_COLUMNS = (
    "message_id", "group_id", "player_id", "game", "puzzle", "puzzle_key", "date", "solved", "score", "max",
    "hard_mode", "archive", "late", "counted", "sent_at", "details",
)  # fmt: skip


def _score_row(score: dict) -> tuple:
    """A score as its columns store it (what peewee's fields would make of it)."""
    date = score["date"].isoformat() if score["date"] is not None else None
    details = Score.details.db_value(score["details"])
    value = None if score["score"] is None else float(score["score"])
    return (
        score["message"], score["group"], score["player"], score["game"], score["puzzle"], score["puzzle_key"], date,
        bool(score["solved"]), value, score["max"], bool(score["hard_mode"]), bool(score["archive"]), bool(score["late"]),
        bool(score["counted"]), score["sent_at"], details,
    )  # fmt: skip


def _count_new(scores: list[dict], unsettled: dict[tuple[int, int], set[tuple[str, str]]]) -> None:
    """Mark which new scores count, before they are inserted, where no old score went away.

    The earliest sent live result counts. Every key's live scores already have their one
    counted row (the earliest), so only that row needs reading: it keeps the count unless a
    new score was sent before it.
    """
    fresh: dict[tuple[int, int, str, str], dict] = {}
    for score in scores:  # in sent order: the first seen per key is the earliest new one
        key = (score["group"], score["player"], score["game"], score["puzzle_key"])
        if key[2:] in unsettled.get(key[:2], ()):
            continue
        fresh.setdefault(key, score)
    if not fresh:
        return
    current: dict[tuple[int, int, str, str], tuple[int, int]] = {}
    db = database_proxy.obj
    exact = f"(group_id = {db.param} AND player_id = {db.param} AND game = {db.param} AND puzzle_key = {db.param} AND "
    for chunk in _chunks(list(fresh.items()), 50):
        # One OR of exact keys, the date included: each term is one probe of the
        # (group, player, game, date) index, where a row-value IN would scan the table.
        terms, params = [], []
        for key, score in chunk:
            params.extend(key)
            if score["date"] is None:
                terms.append(exact + "date IS NULL)")
            else:
                terms.append(exact + f"date = {db.param})")
                params.append(score["date"].isoformat())
        sql = "SELECT id, group_id, player_id, game, puzzle_key, sent_at FROM score WHERE counted AND (" + " OR ".join(terms) + ")"
        for score_id, group_id, player_id, game, puzzle_key, sent_at in db.execute_sql(sql, params).fetchall():
            current[(group_id, player_id, game, puzzle_key)] = (score_id, sent_at)
    losers = []
    for key, earliest in fresh.items():
        holder = current.get(key)
        if holder is None:
            earliest["counted"] = True
        elif earliest["sent_at"] < holder[1]:
            losers.append(holder[0])
            earliest["counted"] = True
    _where_in(f"UPDATE score SET counted = {db.param} WHERE id IN ({{}})", losers, False)


def ingest(batch: Sequence[Incoming], default_timezone: str = "UTC") -> list[Stored]:
    """Store a batch, then score it: the path every transport uses."""
    stored = store_messages(batch, default_timezone)
    score_messages(i for s in stored for i in s.message_ids)
    return stored


def score_pending(limit: int = 1000) -> int:
    """Score messages a crash left stored but unscored; returns how many were scored."""
    total = 0
    while True:
        ids = [m.id for m in Message.select(Message.id).where(Message.status == "pending").order_by(Message.id).limit(limit)]
        if not ids:
            return total
        score_messages(ids)
        total += len(ids)


def edit_message(platform: str, message_id: str, text: str, edited_at: dt.datetime, raw: str | None = None) -> bool:
    """Replace a message's text with its edit and re-derive its scores.

    An edit older than the newest one applied is ignored (edits may arrive out of order).
    Returns False when the message is not stored.
    """
    db = database_proxy.obj
    at = to_ms(edited_at)
    with write_transaction(db):
        found = False
        for message in _message_and_copies(platform, message_id):
            found = True
            if message.revised_at is not None and at <= message.revised_at:
                continue
            if message.text == text:
                continue
            message.edits = list(message.edits) + [{"text": message.text, "until": at}]
            message.text = text
            message.revised_at = at
            if raw is not None:
                message.raw = raw
            message.save()
            _score_chunk([message.id])
    return found


def delete_message(platform: str, message_id: str, deleted_at: dt.datetime | None = None) -> bool:
    """Mark a message deleted (it stays, with its history) and drop its scores."""
    db = database_proxy.obj
    with write_transaction(db):
        found = False
        for message in _message_and_copies(platform, message_id):
            found = True
            if message.deleted:
                continue
            message.deleted = True
            message.revised_at = to_ms(deleted_at) if deleted_at else now_ms()
            message.save()
            _score_chunk([message.id])
    return found


def find_revision(platform: str, sender_id: str, revised_at: int) -> str | None:
    """The id of the sender's message that an edit made at `revised_at` (ms) produced, if any.

    Some clients edit an edit by naming the previous revision rather than the original
    (notes/ingest.md A2); this maps such a revision back to its message.
    """
    row = (
        Message.select(Message.platform_message_id)
        .join(Identity)
        .where(
            Message.platform == platform,
            Identity.platform == platform,
            Identity.platform_id == sender_id,
            Message.edits.cast("TEXT").contains(f'"until":{int(revised_at)}}}'),
        )
        .order_by(Message.id)
        .first()
    )
    return row.platform_message_id.split("#", 1)[0] if row else None


def fill_original(platform: str, message_id: str, text: str, raw: str | None = None) -> bool:
    """Give a placeholder its original text, once the message itself arrives.

    A transport that gets an edit or delete before the message it refers to (an unordered
    backlog) stores a placeholder with empty text under the message's id, then applies the
    edit or delete to it. The message, arriving later, is a duplicate; this puts its text
    where it belongs: in the history (edited), or as the kept text (deleted).
    Returns False when no placeholder waits under that id.
    """
    db = database_proxy.obj
    with write_transaction(db):
        filled = False
        for message in _message_and_copies(platform, message_id):
            if message.edits and message.edits[0].get("text") == "":
                message.edits = [dict(message.edits[0], text=text)] + list(message.edits[1:])
            elif message.text == "" and not message.edits:
                message.text = text
            else:
                continue
            if message.raw is None:
                message.raw = raw
            message.save()
            if not message.deleted and not message.edits:
                _score_chunk([message.id])
            filled = True
    return filled


def _message_and_copies(platform: str, message_id: str) -> list[Message]:
    """A message and the copies a direct message made in the sender's other groups."""
    # Two queries, not an OR: each is one probe of the (platform, id) index whatever the planner.
    exact = list(Message.select().where(Message.platform == platform, Message.platform_message_id == message_id))
    return exact + list(Message.select().where(Message.platform == platform, _copies_of(message_id)))


def _copies_of(message_id: str) -> peewee.Expression:
    """Copies of `message_id` ("<id>#<group>"), in a form the (platform, id) index serves.

    startswith() is a case-insensitive LIKE, which no index serves: every edit and delete read
    all of a platform's messages (0.3 s at 400k messages, issue 8). Ids are compared as bytes.
    """
    if is_sqlite(database_proxy.obj):
        # '$' follows '#': the copies are exactly the ids in this range, in byte order.
        copies = (Message.platform_message_id > message_id + "#") & (Message.platform_message_id < message_id + "$")
    else:
        # A case-sensitive LIKE with its wildcards escaped, served by migration 3's pattern index.
        escaped = message_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        copies = peewee.Expression(Message.platform_message_id, "LIKE", escaped + "#%")
    return copies


def _score_fields(result, message_id: int, group_id: int, player_id: int, sent_ms: int, timezone: str) -> dict:
    """The score row a result becomes; `counted` is settled afterwards, for every result of its key."""
    late = False
    if result.date is not None:
        # Late: sent after the puzzle's own day ended in the group's time zone (plus a grace).
        late = (from_ms(sent_ms).astimezone(ZoneInfo(timezone)) - LATE_GRACE).date() > result.date
    return dict(
        message=message_id,
        group=group_id,
        player=player_id,
        game=result.game,
        puzzle=result.puzzle,
        puzzle_key=result.puzzle_key,
        date=result.date,
        solved=result.solved,
        score=result.score,
        max=result.max,
        hard_mode=result.hard_mode,
        archive=result.archive,
        late=late,
        counted=False,
        sent_at=sent_ms,
        details=result.details,
    )


def _settle(group_id: int, player_id: int, keys: set[tuple[str, str]]) -> None:
    """For each (game, puzzle) of a player in a group, make the earliest sent result the counted one."""
    for game, puzzle_key in keys:
        rows = list(
            Score.select(Score.id, Score.counted)
            .join(Message)
            .where(
                Score.group == group_id,
                Score.player == player_id,
                Score.game == game,
                Score.puzzle_key == puzzle_key,
                Message.deleted == False,  # noqa: E712 (peewee expression)
            )
            .order_by(Score.sent_at, Score.id)
        )
        winner = rows[0].id if rows else None
        losers = [r.id for r in rows if r.counted and r.id != winner]
        if losers:
            Score.update(counted=False).where(Score.id.in_(losers)).execute()
        if winner is not None and not rows[0].counted:
            Score.update(counted=True).where(Score.id == winner).execute()
    if keys:
        Group.update(revision=Group.revision + 1).where(Group.id == group_id).execute()


def store_raw(platform: str, dedup_key: str, payload: bytes, kind: str = "") -> RawEvent | None:
    """Keep an upstream's payload before reading it; None when this key was stored before."""
    if RawEvent.get_or_none(RawEvent.platform == platform, RawEvent.dedup_key == dedup_key) is not None:
        return None
    return RawEvent.create(platform=platform, dedup_key=dedup_key, received_at=now_ms(), payload=payload, kind=kind)


def reparse(batch_size: int = 500, progress=None) -> dict[str, int]:
    """Re-derive every message's scores from its stored text, in batched transactions.

    Idempotent: running it twice leaves the same scores. `progress(done, total)` is called
    after each batch.
    """
    total = Message.select().count()
    done = 0
    last_id = 0
    while True:
        ids = [
            m.id
            for m in Message.select(Message.id).where(Message.id > last_id).order_by(Message.id).limit(batch_size)
        ]
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


def find_repeat(item: Incoming, window: dt.timedelta = dt.timedelta(seconds=5)) -> Message | None:
    """A stored message from the same sender with the same text sent within `window` of `item`.

    Some upstreams re-deliver a message under a new id (WAHA after a reconnect), and exports
    carry no ids at all; this is the second check that catches them. For a group message only
    that group is searched; for a direct message, any group.
    """
    sent = to_ms(item.sent_at)
    span = int(window.total_seconds() * 1000)
    query = (
        Message.select()
        .join(Identity, on=(Message.identity == Identity.id))
        .where(
            Identity.platform == item.platform,
            Identity.platform_id == item.sender_id,
            Message.platform == item.platform,
            Message.sent_at.between(sent - span, sent + span),
            Message.text == item.text,
        )
    )
    if item.group_id is not None:
        query = query.switch(Message).join(Group, on=(Message.group == Group.id)).where(
            Group.platform == item.platform, Group.platform_id == item.group_id
        )
    return query.order_by(Message.sent_at).first()
