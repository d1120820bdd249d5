"""The tables, as peewee models. Their shape is created by migrations.py, never by create_table."""

from __future__ import annotations

import json

import peewee

from . import compact
from .days import day_number, day_of
from .gamecodes import game_code, game_slug

database_proxy = peewee.DatabaseProxy()


class JSONField(peewee.TextField):
    """JSON in a text column, compact."""

    def db_value(self, value):
        return None if value is None else json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    def python_value(self, value):
        return None if value is None else json.loads(value)


class DetailsField(peewee.TextField):
    """A score's details, stored in the compact form of `compact.py` (plain JSON stored earlier reads too)."""

    def db_value(self, value):
        return compact.pack(value)

    def python_value(self, value):
        return compact.unpack(value)


class GameField(peewee.SmallIntegerField):
    """A game, stored as its number from gamecodes.py; Python sees its slug."""

    def db_value(self, value):
        return None if value is None else game_code(value)

    def python_value(self, value):
        return None if value is None else game_slug(value)


class DayField(peewee.IntegerField):
    """A date, stored as its day number since 1970 (days.py); Python sees a datetime.date."""

    def db_value(self, value):
        return day_number(value)

    def python_value(self, value):
        return day_of(value)


NO_MAX = -1  # PostgreSQL's `max` of a score whose game has none


class MaxField(peewee.IntegerField):
    """A score's maximum. PostgreSQL stores "none" as -1 (a NULL would cost most rows a null bitmap: store/pg_narrow.py),
    SQLite as NULL (no bytes at all); Python sees None for both."""

    def db_value(self, value):
        if value is None:
            return None if isinstance(self.model._meta.database.obj, peewee.SqliteDatabase) else NO_MAX
        return value

    def python_value(self, value):
        return None if value is None or value == NO_MAX else value


class BaseModel(peewee.Model):
    class Meta:
        database = database_proxy
        legacy_table_names = False


class Group(BaseModel):
    """A group chat; its board lives at /g/<token>."""

    platform = peewee.TextField()
    platform_id = peewee.TextField()
    name = peewee.TextField(default="")
    token = peewee.TextField(unique=True)
    timezone = peewee.TextField(default="UTC")
    created_at = peewee.BigIntegerField()
    # Bumped in the same transaction as any change to the group's scores, so pages can cache.
    revision = peewee.BigIntegerField(default=0)
    # How a counted share is confirmed in this group: an emoji to react with, "receipts" (a read
    # receipt only) or "off". The `set reactions` command changes it; outbox.confirmation reads it.
    reactions = peewee.TextField(default="\u2705")
    # seen (stored, not joined) | enabled (read and answered) | disabled (left; data kept): see groups.py
    state = peewee.TextField(default="seen")

    class Meta:
        table_name = "chat_group"


class Player(BaseModel):
    """One person; may hold several platform identities."""

    name = peewee.TextField()
    created_at = peewee.BigIntegerField()


class Identity(BaseModel):
    """A sender as a platform knows them: a Signal uuid, a WhatsApp @c.us / @lid id."""

    platform = peewee.TextField()
    platform_id = peewee.TextField()
    display_name = peewee.TextField(default="")
    player = peewee.ForeignKeyField(Player, backref="identities")


class Membership(BaseModel):
    """A player seen in a group."""

    group = peewee.ForeignKeyField(Group, backref="memberships")
    player = peewee.ForeignKeyField(Player, backref="memberships")
    first_seen = peewee.BigIntegerField()
    last_seen = peewee.BigIntegerField()

    class Meta:
        primary_key = peewee.CompositeKey("group", "player")


class RawEvent(BaseModel):
    """What an upstream delivered, byte for byte, stored before anything reads it."""

    platform = peewee.TextField()
    dedup_key = peewee.TextField()
    received_at = peewee.BigIntegerField()
    payload = peewee.BlobField()
    status = peewee.TextField(default="new")  # new | done | ignored | error
    kind = peewee.TextField(default="")
    error = peewee.TextField(null=True)


class Message(BaseModel):
    """One chat message, its text as last edited, and its history."""

    platform = peewee.TextField()
    platform_message_id = peewee.TextField()
    group = peewee.ForeignKeyField(Group, null=True, backref="messages")
    identity = peewee.ForeignKeyField(Identity, backref="messages")
    sent_at = peewee.BigIntegerField()  # ms since the epoch, the sender's clock
    received_at = peewee.BigIntegerField()
    text = peewee.TextField()
    raw = peewee.TextField(null=True)  # the upstream's payload when no raw event holds it (imports, edits)
    raw_event = peewee.IntegerField(null=True, column_name="raw_event_id")  # the raw event it was read from
    edits = JSONField(default=list)  # earlier texts: [{"text": ..., "until": ms}]
    revised_at = peewee.BigIntegerField(null=True)
    deleted = peewee.BooleanField(default=False)
    status = peewee.TextField(default="pending")  # pending | share | rejected | chatter | error
    error = peewee.TextField(null=True)
    confirmed = peewee.TextField(default="")  # the reaction last enqueued for it ("", an emoji, "seen")
    confirm_seq = peewee.IntegerField(default=0)  # confirmations enqueued for it: the next one's key


class Score(BaseModel):
    """A result derived from a message: rebuildable at any time from the messages."""

    message = peewee.ForeignKeyField(Message, backref="scores", on_delete="CASCADE")
    group = peewee.ForeignKeyField(Group, backref="scores")
    player = peewee.ForeignKeyField(Player, backref="scores")
    game = GameField()  # stored as its number (gamecodes.py)
    puzzle = peewee.IntegerField(null=True)
    puzzle_key = peewee.TextField()
    date = DayField(null=True)  # stored as days since 1970 (days.py)
    solved = peewee.BooleanField()
    score = peewee.FloatField(null=True)
    max = MaxField(null=True)  # PostgreSQL: -1 for none (MaxField)
    hard_mode = peewee.BooleanField(default=False)
    archive = peewee.BooleanField(default=False)
    late = peewee.BooleanField(default=False)
    # Of all results for one (group, player, game, puzzle) the earliest sent counts; reposts stay, uncounted.
    counted = peewee.BooleanField(default=True)
    sent_at = peewee.BigIntegerField()
    details = DetailsField(default=dict)


class Rejection(BaseModel):
    """A message that looked like a share of `game` but does not count, and why."""

    message = peewee.ForeignKeyField(Message, backref="rejections", on_delete="CASCADE")
    group = peewee.ForeignKeyField(Group, backref="rejections")
    game = peewee.TextField()
    puzzle = peewee.IntegerField(null=True)
    reason = peewee.TextField()
    sent_at = peewee.BigIntegerField()


class Outbox(BaseModel):
    """One thing to say, react or mark read in a chat, stored before it is sent (puzzlesecretary.outbox)."""

    key = peewee.TextField(unique=True)  # the Outgoing value's idempotency key
    platform = peewee.TextField()
    kind = peewee.TextField()  # say | react | seen
    chat_id = peewee.TextField()
    is_group = peewee.BooleanField()
    group = peewee.ForeignKeyField(Group, null=True, backref="outbox")
    body = JSONField()  # the Outgoing value's other fields
    # pending -> sending (claimed) -> sent | failed (for good, `error` says why) | unsent (OUTBOUND=off/log)
    # a row left `sending` by a crash becomes `unknown` (never re-sent: see docs/sending.md)
    status = peewee.TextField(default="pending")
    attempts = peewee.IntegerField(default=0)
    created_at = peewee.BigIntegerField()
    due_at = peewee.BigIntegerField()
    claimed_at = peewee.BigIntegerField(null=True)
    sent_at = peewee.BigIntegerField(null=True)
    upstream_id = peewee.TextField(null=True)  # what the upstream returned: Signal's timestamp, WAHA's message id
    error = peewee.TextField(null=True)


class RecapSetting(BaseModel):
    """A group's recap time ("09:00", or "off" over the operator's default) and since when."""

    group = peewee.ForeignKeyField(Group, primary_key=True, backref="recap_setting")
    at = peewee.TextField()
    week_start = peewee.IntegerField(default=0)  # 0 = Monday
    since = peewee.BigIntegerField()  # ms; no recap due before this is posted

    class Meta:
        table_name = "recap_setting"


class Reminder(BaseModel):
    """A player's opt-in to reminders in a group: at their time or before the puzzle ends, by DM or in the group."""

    player = peewee.ForeignKeyField(Player, backref="reminders")
    group = peewee.ForeignKeyField(Group, backref="reminders")
    at = peewee.TextField(null=True)
    via = peewee.TextField(default="dm")
    created_at = peewee.BigIntegerField()

    class Meta:
        primary_key = peewee.CompositeKey("player", "group")


class PlayerPrefs(BaseModel):
    """A player's own time zone and quiet hours ("22:00-08:00"); NULL: the group's zone, the default hours."""

    player = peewee.ForeignKeyField(Player, primary_key=True, backref="prefs")
    timezone = peewee.TextField(null=True)
    quiet = peewee.TextField(null=True)

    class Meta:
        table_name = "player_prefs"


class GroupSetting(BaseModel):
    """One group setting an admin chose (`!ps set ...`) that has no column of its own; unset: its default."""

    group = peewee.ForeignKeyField(Group, backref="settings")
    name = peewee.TextField()
    value = peewee.TextField()
    updated_at = peewee.BigIntegerField()

    class Meta:
        table_name = "group_setting"
        primary_key = peewee.CompositeKey("group", "name")


class PlayerChoice(BaseModel):
    """One player's choice in one group (group_id 0: in every group): hidden grids, opted out, ..."""

    player = peewee.ForeignKeyField(Player, backref="choices")
    group_id = peewee.BigIntegerField(default=0)
    name = peewee.TextField()
    value = peewee.TextField()
    updated_at = peewee.BigIntegerField()

    class Meta:
        table_name = "player_choice"
        primary_key = peewee.CompositeKey("player", "group_id", "name")


class Invite(BaseModel):
    """A join code (`puzzlesecretary invite`): works once, until `expires_at`."""

    code = peewee.TextField(primary_key=True)
    created_at = peewee.BigIntegerField()
    expires_at = peewee.BigIntegerField()
    used_at = peewee.BigIntegerField(null=True)
    group = peewee.ForeignKeyField(Group, null=True)


class Forgotten(BaseModel):
    """A sender who asked to be forgotten, by a hash of their platform id: nothing they sent before
    `returned_at` (or at all, while it is None) is stored again."""

    who = peewee.TextField(unique=True)
    forgotten_at = peewee.BigIntegerField()
    returned_at = peewee.BigIntegerField(null=True)


MODELS = (
    Group, Player, Identity, Membership, RawEvent, Message, Score, Rejection, Outbox, RecapSetting, Reminder, PlayerPrefs,
    GroupSetting, PlayerChoice, Invite, Forgotten,
)  # fmt: skip
