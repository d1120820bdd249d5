"""Importing JSON lines of chat events (messages, edits, deletes) through the ingest path.

One object per line:
  {"kind": "message", "platform": "sample", "group": "g1", "group_name": "Pals",
   "message_id": "m1", "sender": "u1", "sender_name": "Alice",
   "sent_at": "2026-11-27T08:00:00+00:00", "text": "Wordle 1,234 3/6 ..."}
`kind` is "message" (the default), "edit" (text replaces message_id's text) or "delete".

The file is read as bytes, one line at a time and never more than MAX_LINE_BYTES of one line,
so a line that is not UTF-8 or too long is one bad line in the summary, not the end of the run.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import BinaryIO, Iterable, Iterator

from .events import Delete, Edit, NewMessage
from .ingest import Applier, Policy
from .text import loads_storable

BATCH = 500
# One event per line; the WhatsApp webhook takes bodies up to 1 MiB (WAHA_MAX_BODY_BYTES) and
# Signal texts stop at 64 KiB, so no real chat event comes near this.
MAX_LINE_BYTES = 1024 * 1024
# How much of an over-long line is read at a time while skipping to its end.
_SKIP_CHUNK = 64 * 1024
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


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


def _line_event(line: str | ImportLineError, number: int) -> dict | None:
    """The event on one line, None for a blank line; ImportLineError for a line that holds none."""
    if isinstance(line, ImportLineError):
        raise line
    if not line.strip():
        return None
    return _event(_json(line, number), number)


def _json(line: str, number: int) -> object:
    """The line's JSON value, every string in it storable; ImportLineError when JSON cannot read it."""
    try:
        return loads_storable(line)
    except json.JSONDecodeError as error:
        raise ImportLineError(f"line {number}: not JSON ({error.msg})") from None
    except RecursionError:
        raise ImportLineError(f"line {number}: not JSON (nested too deep)") from None
    except ValueError as error:  # e.g. an integer longer than Python reads (4,300 digits)
        raise ImportLineError(f"line {number}: not JSON ({error})") from None


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


def import_events(lines: Iterable[str | ImportLineError], default_timezone: str = "UTC", progress=None) -> ImportSummary:
    """Import chat events; a bad line is reported in the summary and never stops the rest.

    `lines` are JSON texts, or the ImportLineError that `read_lines` gives for a line it could not read.
    """
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
        try:
            event = _line_event(line, number)
        except ImportLineError as error:
            summary.lines += 1
            summary.bad_lines.append(str(error))
            continue
        if event is None:
            continue
        summary.lines += 1
        pending.append(_translate(event))
        if len(pending) >= BATCH:
            flush()
            if progress:
                progress(summary.lines)
    flush()
    return summary


def _translate(event: dict):
    """One checked line as an event of the shared vocabulary (a group_name names or renames its group)."""
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


def read_lines(handle: BinaryIO, max_bytes: int = MAX_LINE_BYTES) -> Iterator[str | ImportLineError]:
    """Each line of a binary file as text, or an ImportLineError saying why that line cannot be read.

    At most `max_bytes` + 1 bytes of a line are ever held: the rest of a longer line is read
    in chunks and dropped.
    """
    for number in range(1, 1 << 62):
        line = handle.readline(max_bytes + 1)
        if not line:
            return
        if len(line) > max_bytes and not line.endswith(b"\n"):
            skipped = len(line)
            while True:
                chunk = handle.readline(_SKIP_CHUNK)
                skipped += len(chunk)
                if not chunk or chunk.endswith(b"\n"):
                    break
            yield ImportLineError(f"line {number}: {skipped:,} bytes, over the limit of {max_bytes:,} for one line; skipped")
            continue
        if number == 1:
            if line.startswith(_UTF16_BOMS):
                yield ImportLineError("line 1: the file is UTF-16 text; convert it to UTF-8 (iconv -f UTF-16 -t UTF-8)")
                return
            line = line.removeprefix(b"\xef\xbb\xbf")
        try:
            yield line.decode("utf-8")
        except UnicodeDecodeError as error:
            bad = line[error.start]
            yield ImportLineError(f"line {number}: not UTF-8 text (byte {error.start + 1} of the line is 0x{bad:02x})")
