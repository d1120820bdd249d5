"""Importing JSON lines of chat events (messages, edits, deletes) through the ingest path.

One object per line:
  {"kind": "message", "platform": "sample", "group": "g1", "group_name": "Pals",
   "message_id": "m1", "sender": "u1", "sender_name": "Alice",
   "sent_at": "2026-11-27T08:00:00+00:00", "text": "Wordle 1,234 3/6 ..."}
`kind` is "message" (the default), "edit" (text replaces message_id's text) or "delete".
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import IO, Iterable

from .ingest import Incoming, delete_message, edit_message, ensure_group, ingest
from .store.models import database_proxy

BATCH = 500


class ImportLineError(ValueError):
    """One line of an import file is not a chat event."""


@dataclass
class ImportSummary:
    lines: int = 0
    messages: int = 0
    duplicates: int = 0
    edits: int = 0
    deletes: int = 0
    bad_lines: list[str] = field(default_factory=list)


def _event(obj: object, number: int) -> dict:
    if not isinstance(obj, dict):
        raise ImportLineError(f"line {number}: expected a JSON object")
    kind = obj.get("kind", "message")
    if kind not in ("message", "edit", "delete"):
        raise ImportLineError(f"line {number}: unknown kind {kind!r}")
    needed = ["platform", "message_id", "sent_at"] + (["group", "sender", "text"] if kind == "message" else [])
    if kind == "edit":
        needed.append("text")
    missing = [k for k in needed if not isinstance(obj.get(k), str)]
    if missing:
        raise ImportLineError(f"line {number}: missing or not text: {', '.join(missing)}")
    try:
        at = dt.datetime.fromisoformat(obj["sent_at"])
    except ValueError as error:
        raise ImportLineError(f"line {number}: sent_at is not an ISO time: {obj['sent_at']!r}") from error
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.timezone.utc)
    return obj | {"kind": kind, "at": at}


def import_events(lines: Iterable[str], default_timezone: str = "UTC", progress=None) -> ImportSummary:
    """Import chat events; a bad line is reported in the summary and never stops the rest."""
    summary = ImportSummary()
    pending: list[Incoming] = []

    def flush() -> None:
        for stored in ingest(pending, default_timezone):
            summary.messages += len(stored.message_ids)
            summary.duplicates += int(stored.duplicate)
        pending.clear()

    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        summary.lines += 1
        try:
            event = _event(json.loads(line), number)
        except (json.JSONDecodeError, ImportLineError) as error:
            summary.bad_lines.append(str(error) if isinstance(error, ImportLineError) else f"line {number}: not JSON ({error.msg})")
            continue
        if event["kind"] == "message":
            if event.get("group_name"):
                with database_proxy.obj.atomic():
                    ensure_group(event["platform"], event["group"], event["group_name"], default_timezone)
            pending.append(
                Incoming(
                    platform=event["platform"],
                    message_id=event["message_id"],
                    group_id=event["group"],
                    sender_id=event["sender"],
                    sender_name=event.get("sender_name"),
                    sent_at=event["at"],
                    text=event["text"],
                    raw=json.dumps({k: v for k, v in event.items() if k != "at"}, ensure_ascii=False),
                )
            )
            if len(pending) >= BATCH:
                flush()
                if progress:
                    progress(summary.lines)
            continue
        flush()
        if event["kind"] == "edit":
            summary.edits += int(edit_message(event["platform"], event["message_id"], event["text"], event["at"]))
        else:
            summary.deletes += int(delete_message(event["platform"], event["message_id"], event["at"]))
    flush()
    return summary


def read_lines(handle: IO[str]) -> Iterable[str]:
    yield from handle
