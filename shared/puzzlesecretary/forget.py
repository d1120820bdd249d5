"""Forgetting a player for good: their texts, raw payloads and scores deleted, and a marker kept.

The marker (`forgotten`) holds a hash of each platform id the player was known by, never the
id itself. While it stands, nothing that sender sent before they came back (`optin`) is stored
again: a re-import of an old chat export, a late webhook or a catch-up page is dropped as it
is applied (`blocked`), and its raw payload is erased.
"""

from __future__ import annotations

import functools
import hashlib
from typing import Iterable

import peewee

from . import kept_answers
from .clock import now_ms
from .store.bulk import chunks, where_in
from .store.message_buckets import scores_of
from .store.models import (
    Forgotten,
    Group,
    Identity,
    Membership,
    Message,
    Outbox,
    Player,
    PlayerChoice,
    PlayerPrefs,
    RawEvent,
    Rejection,
    Reminder,
    Score,
)

RAW_CHUNK = 500


@functools.lru_cache(maxsize=4096)  # every message stored asks for its sender's (forget.blocked): hashed once per sender
def who(platform: str, platform_id: str) -> str:
    """The marker's key for a sender: a hash, so the marker itself names no one."""
    return hashlib.sha256(f"{platform}\0{platform_id}".encode()).hexdigest()


def blocked(db: peewee.Database, platform: str, senders: Iterable[tuple[str, int]]) -> set[tuple[str, int]]:
    """Of (sender id, sent ms) pairs, those a forget marker keeps out; one indexed query."""
    pairs = list(senders)
    if not pairs:
        return set()
    keys = {who(platform, sender): sender for sender, _ in pairs}
    marks = {
        keys[key]: returned
        for key, returned in where_in("SELECT who, returned_at FROM forgotten WHERE who IN ({})", list(keys))
    }
    return {(s, at) for s, at in pairs if s in marks and (marks[s] is None or at < marks[s])}


def come_back(platform: str, ids: Iterable[str], now: int | None = None) -> bool:
    """A forgotten sender posts again (`optin`): what they send from now on is stored. Whether one was forgotten."""
    keys = [who(platform, i) for i in ids if i]
    if not keys:
        return False
    return bool(
        Forgotten.update(returned_at=now_ms() if now is None else now)
        .where(Forgotten.who.in_(keys), Forgotten.returned_at.is_null())
        .execute()
    )


def _mark(platform: str, ids: Iterable[str], now: int) -> None:
    for key in {who(platform, i) for i in ids if i}:
        Forgotten.insert(who=key, forgotten_at=now, returned_at=None).on_conflict(
            conflict_target=[Forgotten.who], update={Forgotten.forgotten_at: now, Forgotten.returned_at: None}
        ).execute()


def forget_player(db: peewee.Database, player_id: int, aliases: Iterable[str] = (), now: int | None = None) -> dict[str, int]:
    """Delete everything stored about a player and mark their ids; returns what was deleted.

    Run inside the caller's write transaction. Raw payloads that mention one of the player's
    ids are emptied (the row and its key stay, so a re-delivery is still a duplicate); a
    receive answer not yet cut into envelopes is left, as its envelopes are blocked when read.
    """
    now = now_ms() if now is None else now
    identities = list(Identity.select().where(Identity.player == player_id))
    ids = [i.id for i in identities]
    platforms = {i.platform for i in identities}
    message_ids = [m for (m,) in where_in("SELECT id FROM message WHERE identity_id IN ({})", ids)] if ids else []
    groups = {g for (g,) in where_in("SELECT DISTINCT group_id FROM membership WHERE player_id IN ({})", [player_id])}
    counts = {"messages": len(message_ids), "scores": 0, "raw": 0}
    for chunk in chunks(message_ids):
        counts["scores"] += Score.delete().where(scores_of(chunk)).execute()
        Rejection.delete().where(Rejection.message.in_(chunk)).execute()
        Message.delete().where(Message.id.in_(chunk)).execute()
    # Scores tied to the player through another's message cannot exist, but a score row names the player too.
    counts["scores"] += Score.delete().where(Score.player == player_id).execute()
    # The change counters of the player's pieces (store/change_counters.py) name them too; the days' counters name no one.
    where_in("DELETE FROM player_change WHERE player_id IN ({})", [player_id])
    names = {i.platform_id for i in identities} | {a for a in aliases if a}
    for platform in platforms:
        counts["raw"] += _empty_raw(platform, names)
        _mark(platform, names, now)
    PlayerChoice.delete().where(PlayerChoice.player == player_id).execute()
    PlayerPrefs.delete().where(PlayerPrefs.player == player_id).execute()
    Reminder.delete().where(Reminder.player == player_id).execute()
    # Direct messages not sent yet name the player's id; what was said in groups names no one.
    Outbox.delete().where(Outbox.chat_id.in_(sorted(names)), Outbox.is_group == False).execute()  # noqa: E712
    Membership.delete().where(Membership.player == player_id).execute()
    Identity.delete().where(Identity.player == player_id).execute()
    Player.delete().where(Player.id == player_id).execute()
    if groups:
        Group.update(revision=Group.revision + 1).where(Group.id.in_(sorted(groups))).execute()
    return counts


def _empty_raw(platform: str, names: set[str]) -> int:
    """Empty every stored payload of the platform that mentions one of `names`; how many."""
    needles = [n.encode() for n in names if len(n) >= 6]  # a short alias would match others' bytes
    emptied, last = 0, 0
    while True:
        rows = list(
            RawEvent.select(RawEvent.id, RawEvent.payload, RawEvent.status, RawEvent.kind)
            .where(RawEvent.platform.startswith(platform), RawEvent.id > last)
            .order_by(RawEvent.id)
            .limit(RAW_CHUNK)
            .tuples()
        )
        if not rows:
            return emptied
        hits = [
            (row_id, bytes(payload), kind)
            for row_id, payload, status, kind in rows
            if status != "received" and payload and any(n in bytes(payload) for n in needles)
        ]
        emptied_whole = [row_id for row_id, _, kind in hits if kind != kept_answers.ANSWER]
        if emptied_whole:
            emptied += RawEvent.update(payload=b"").where(RawEvent.id.in_(emptied_whole)).execute()
        for row_id, payload, kind in hits:
            if kind == kept_answers.ANSWER:  # many senders' envelopes: only those that mention the player go
                emptied += RawEvent.update(payload=kept_answers.without(payload, needles)).where(RawEvent.id == row_id).execute()
        last = rows[-1][0]
