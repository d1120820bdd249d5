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
from typing import Iterable

from .events import Delete, Edit, NewMessage
from .ingest import Applier, Policy

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
    pending: list = []
    applier = Applier(Policy(timezone=default_timezone))

    def flush() -> None:
        for event, outcome in zip(pending, applier.apply(pending), strict=True):
            if isinstance(event, NewMessage):
                summary.messages += len(outcome.message_ids)
                summary.duplicates += int(outcome.duplicate)
            elif isinstance(event, Edit):
                summary.edits += int(outcome.status == "done")
            else:
                summary.deletes += int(outcome.status == "done")
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
        pending.append(_translate(event))
        if len(pending) >= BATCH:
            flush()
            if progress:
                progress(summary.lines)
    flush()
    return summary


def _translate(event: dict):
    """One checked line as an event of the shared vocabulary."""
    if event["kind"] == "edit":
        return Edit(event["platform"], None, event["at"], target=event["message_id"], text=event["text"])
    if event["kind"] == "delete":
        return Delete(event["platform"], None, event["at"], target=event["message_id"])
    return NewMessage(
        platform=event["platform"],
        message_id=event["message_id"],
        group_id=event["group"],
        sender_id=event["sender"],
        sender_name=event.get("sender_name"),
        sent_at=event["at"],
        text=event["text"],
        raw=json.dumps({k: v for k, v in event.items() if k != "at"}, ensure_ascii=False),
        group_name=event.get("group_name") or "",
    )
