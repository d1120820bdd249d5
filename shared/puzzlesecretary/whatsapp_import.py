"""Loading a parsed WhatsApp export into the store, through the same ingest path as live messages.

An export has no message ids and no sender ids, only the names in the exporting phone's
address book. So:
- sender: platform "whatsapp", id "name:<display name>", unless a WhatsApp identity already in
  the group has that display name (or its player has that name): then the export joins it, so
  a player fed by WAHA and by an export is one player;
- message id: "export:" + a hash of group, author, minute and text, so importing the same export
  (or an overlapping later one) twice stores nothing new;
- a message already stored live (same sender and text within EXPORT_WINDOW) is a duplicate;
- whatever slips through, the store keeps one counted score per player, game and puzzle.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .ingest import Applier, Incoming, Policy, ensure_group
from .parse import parse
from .store import Group, Identity, Membership, Player, Score, database, write_transaction
from .whatsapp_export import SELF_WORDS, Export, ExportMessage

PLATFORM = "whatsapp"
BATCH = 200
# Android exports keep minutes only and a phone clock may be a little off: a live message within
# this span with the same sender and text is the same message.
EXPORT_WINDOW = dt.timedelta(seconds=90)


class ImportOptionError(ValueError):
    """The options given to an export import cannot be used (the message says which)."""


@dataclass
class ExportSummary:
    """What an import did, for the closing line of `puzzlesecretary import-whatsapp`."""

    messages_read: int = 0
    stored: int = 0
    duplicates: int = 0
    scores_found: int = 0
    scores_new: int = 0
    system: int = 0
    media: int = 0
    deleted: int = 0
    not_understood: list[str] = field(default_factory=list)
    unnamed_self: int = 0
    group_platform_id: str = ""

    def lines(self) -> list[str]:
        out = [
            f"messages read: {self.messages_read} ({self.stored} stored, {self.duplicates} duplicates)",
            f"scores found: {self.scores_found} ({self.scores_new} new on the board)",
            f"left out: {self.system} system lines, {self.media} media, {self.deleted} deleted",
            f"lines not understood: {len(self.not_understood)}",
        ]
        if self.unnamed_self:
            out.append(f"{self.unnamed_self} messages are by 'You': pass --me NAME to give them your name")
        return out


def message_id(group: str, author: str, at: dt.datetime, text: str) -> str:
    """The id an exported message gets: the same message in any later export gets the same one."""
    minute = at.replace(second=0, microsecond=0).isoformat()
    digest = hashlib.sha256("\x1f".join((group, author, minute, text.strip())).encode("utf-8")).hexdigest()
    return f"export:{digest[:32]}"


def export_group_key(export: Export, file_group_name: str | None, group: str | None) -> tuple[str, str]:
    """The group's platform id and name: --group wins, else the name the export gives."""
    name = export.group_name or file_group_name or ""
    if group:
        return group, name
    if not name:
        raise ImportOptionError(
            "this export does not name its group: pass --group (the WAHA group id ...@g.us to join live messages, or any name)"
        )
    return f"export:{name}", name


def _known_senders(group: Group) -> dict[str, str]:
    """Display name (case-folded) -> sender id, for the WhatsApp identities already in `group`."""
    rows = (
        Identity.select(Identity.platform_id, Identity.display_name, Player.name)
        .join(Player)
        .join(Membership, on=(Membership.player == Player.id))
        .where(Identity.platform == PLATFORM, Membership.group == group.id)
        .order_by(Identity.id)
    )
    known: dict[str, str] = {}
    for identity in rows:
        for name in (identity.player.name, identity.display_name):
            if name:
                known.setdefault(name.casefold(), identity.platform_id)
    return known


def import_export(
    export: Export,
    group_platform_id: str,
    group_name: str,
    timezone: str,
    me: str | None = None,
    aliases: dict[str, str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ExportSummary:
    """Store an export's messages and derive their scores; safe to run again on the same file.

    `me` is the exporter's own name (their posts appear as "You"/"Du"); `aliases` maps a name
    as exported to the name a player already has in the group ("Alice Smith" -> "Alice").
    """
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ImportOptionError(f"--timezone {timezone!r} is not a time zone name such as Europe/London") from error
    summary = ExportSummary(
        messages_read=len(export.messages),
        system=export.system,
        media=export.media,
        deleted=export.deleted,
        not_understood=list(export.not_understood),
        group_platform_id=group_platform_id,
    )
    db = database()
    with write_transaction(db):
        group = ensure_group(PLATFORM, group_platform_id, group_name, timezone)
    known = _known_senders(group)
    counted_before = _counted(group)
    total = len(export.messages)
    applier = Applier(Policy(timezone=timezone, repeat_window=EXPORT_WINDOW))
    for start in range(0, total, BATCH):
        batch: list[Incoming] = []
        for item in export.messages[start : start + BATCH]:
            incoming = _incoming(item, group_platform_id, zone, me, aliases or {}, known)
            if item.author in SELF_WORDS and not me:
                summary.unnamed_self += 1
            summary.scores_found += len(parse(item.text, incoming.sent_at).results)
            batch.append(incoming)
        # A repeat of a message stored live, or two identical messages in one minute (one id).
        for outcome in applier.apply(batch):
            summary.stored += len(outcome.message_ids)
            summary.duplicates += int(outcome.duplicate or outcome.reason == "repeat")
        if progress:
            progress(min(start + BATCH, total), total)
    summary.scores_new = _counted(group) - counted_before
    return summary


def _incoming(
    item: ExportMessage, group: str, zone: ZoneInfo, me: str | None, aliases: dict[str, str], known: dict[str, str]
) -> Incoming:
    name = me if (me and item.author in SELF_WORDS) else item.author
    name = aliases.get(name, name)
    sender = known.get(name.casefold(), f"name:{name}")
    local = item.at.replace(tzinfo=zone)
    raw = {
        "source": "whatsapp-export",
        "author": item.author,
        "local_time": item.at.isoformat(),
        "line": item.line,
        "edited": item.edited,
    }
    return Incoming(
        platform=PLATFORM,
        message_id=message_id(group, name, item.at, item.text),
        group_id=group,
        sender_id=sender,
        sender_name=name if sender.startswith("name:") else None,
        sent_at=local.astimezone(dt.timezone.utc),
        text=item.text,
        raw=json.dumps(raw, ensure_ascii=False),
    )


def _counted(group: Group) -> int:
    return Score.select().where(Score.group == group.id, Score.counted == True).count()  # noqa: E712
