"""From a receive response to stored messages and scores, through puzzlesecretary.ingest.

Two steps, each its own transaction, so a kill between them loses and doubles nothing:
1. `store_response`: the response is kept whole, then every element of it becomes a RawEvent
   (status `new`) at once (answers.py);
2. `process_new`: RawEvents still `new` are classified and applied (messages, edits,
   deletes) and marked `done`, `ignored` or `error` in one transaction per chunk; their
   scores are derived in the next one (what a crash leaves unscored, score_pending finds).
Applying is idempotent (message ids are unique, older edits are ignored), so a chunk
processed again after a crash changes nothing.
"""

from __future__ import annotations

import json
import logging
from typing import Any, Callable, Collection

from puzzlesecretary.clock import from_ms
from puzzlesecretary.ingest import (
    Incoming,
    Stored,
    delete_message,
    edit_message,
    ensure_group,
    fill_original,
    find_revision,
    score_messages,
    store_messages,
)
from puzzlesecretary.store import Group, Identity, Membership, Message, RawEvent, write_transaction
from puzzlesecretary.store.models import database_proxy

from . import answers
from .envelopes import EDIT_KINDS, FAILURE_KINDS, PRIVATE_KINDS, EnvelopeError, Event, classify
from .metrics import Metrics

log = logging.getLogger(__name__)

PLATFORM = "signal"
# How many revisions back an edit may name (each step is one earlier edit).
MAX_EDIT_CHAIN = 64


def _text(row: RawEvent) -> str:
    return bytes(row.payload).decode("utf-8", "replace")


def read_payload(payload: bytes) -> Any:
    """A stored element's JSON value; bad UTF-8 is read as U+FFFD (it was counted when stored)."""
    return json.loads(bytes(payload).decode("utf-8", "replace"))


class Pipeline:
    """Stores responses raw, then turns their envelopes into messages for the configured groups."""

    def __init__(
        self,
        groups: Collection[str],
        metrics: Metrics,
        self_uuid: str = "",
        default_timezone: str = "UTC",
        chunk: int = 500,
    ) -> None:
        self.groups = frozenset(groups)
        self.metrics = metrics
        self.self_uuid = self_uuid
        self.timezone = default_timezone
        self.chunk = chunk
        # Each configured group's members as /v1/groups lists them: numbers, or uuids when hidden.
        self.members: dict[str, frozenset[str]] = {}

    # Step 1 -----------------------------------------------------------------------------------

    def store_response(self, body: bytes) -> int:
        """Keep a receive response whole, then cut it into its elements; returns how many were new."""
        answers.keep(body)
        return answers.split_waiting(self.metrics)

    # Step 2 -----------------------------------------------------------------------------------

    def process_new(self, should_stop: Callable[[], bool] = lambda: False, final: bool = True) -> int:
        """Apply every RawEvent still `new`, a chunk per transaction; returns how many were applied.

        An edit or delete whose message is not stored yet waits (stays `new`) unless `final`:
        in a backlog it usually comes in a later chunk or response. The poller passes
        final=True once the upstream has nothing more; then what still waits gets a placeholder.
        """
        done = 0
        last_id = 0
        while not should_stop():
            rows = list(
                RawEvent.select()
                .where(RawEvent.platform == PLATFORM, RawEvent.status == "new", RawEvent.id > last_id)
                .order_by(RawEvent.id)
                .limit(self.chunk)
            )
            if not rows:
                break
            message_ids, applied = self._apply_chunk(rows, final)
            score_messages(message_ids)
            done += applied
            last_id = rows[-1].id
        return done

    def _apply_chunk(self, rows: list[RawEvent], final: bool) -> tuple[list[int], int]:
        read: list[tuple[Event, RawEvent]] = []
        applied = 0
        db = database_proxy.obj
        message_ids: list[int] = []
        with write_transaction(db):
            for row in rows:
                try:
                    event = classify(read_payload(row.payload), self.groups, self.self_uuid)
                except (EnvelopeError, ValueError) as error:
                    reason = "missing_field" if isinstance(error, EnvelopeError) else "malformed_json"
                    self._finish(row, "error", "malformed", f"{type(error).__name__}: {error}")
                    self.metrics.failure(reason)
                    self.metrics.message("malformed")
                    log.warning("raw event %s is not a readable envelope: %s", row.id, error)
                    applied += 1
                    continue
                read.append((event, row))
            # The sender's clock orders things, never arrival: an edit after its message.
            read.sort(key=lambda pair: (pair[0].sent_ms, pair[1].id))
            run: list[tuple[Event, RawEvent]] = []
            for event, row in read:
                if event.action == "message":
                    run.append((event, row))
                    continue
                applied += self._apply_run(run, message_ids)
                run = []
                applied += self._apply_one(event, row, message_ids, final)
            applied += self._apply_run(run, message_ids)
        return message_ids, applied

    def _apply_run(self, run: list[tuple[Event, RawEvent]], message_ids: list[int]) -> int:
        """Store consecutive new messages with one store_messages call; one by one if that fails."""
        if not run:
            return 0
        found: list[int] = []
        try:
            with database_proxy.obj.atomic():
                outcomes, duplicates = self._store_run(run, found)
                for (event, row), (status, kind) in zip(run, outcomes):
                    self._finish(row, status, kind, None)
        except Exception:  # find the one that fails; the others still count
            log.warning("storing %d messages at once failed; storing them one by one", len(run), exc_info=True)
            return sum(self._apply_one(event, row, message_ids, True) for event, row in run)
        message_ids.extend(found)
        for status, kind in outcomes:
            self.metrics.message(kind)
        for _ in range(duplicates):
            self.metrics.duplicate()
        return len(run)

    def _store_run(self, run: list[tuple[Event, RawEvent]], found: list[int]) -> tuple[list[tuple[str, str]], int]:
        """Each message's (status, kind), and how many were stored before."""
        outcomes: list[tuple[str, str]] = []
        batch: list[Incoming] = []
        owners: list[int] = []
        for i, (event, row) in enumerate(run):
            incoming = self._incomings(event, event.message_id, event.sent_ms, event.text or "", _text(row))
            outcomes.append(("done", event.kind) if incoming else ("ignored", "stranger"))
            batch.extend(incoming)
            owners.extend([i] * len(incoming))
        duplicates: set[int] = set()
        for owner, stored in zip(owners, store_messages(batch, self.timezone)):
            found.extend(stored.message_ids)
            if stored.duplicate:
                duplicates.add(owner)
        for owner in sorted(duplicates):
            event, row = run[owner]
            fill_original(PLATFORM, event.message_id, event.text or "", _text(row))
        return outcomes, len(duplicates)

    def _apply_one(self, event: Event, row: RawEvent, message_ids: list[int], final: bool) -> int:
        """Apply one event in its own savepoint; returns 1 when it is settled, 0 when it waits."""
        db = database_proxy.obj
        try:
            with db.atomic():
                status, kind = self._apply(event, row, message_ids, final)
                if status == "new":
                    return 0  # waits for its message
                self._finish(row, status, kind, None)
        except Exception as error:  # one bad event must not stop the ones behind it
            log.exception("raw event %s could not be applied", row.id)
            self._finish(row, "error", event.kind, f"{type(error).__name__}: {error}")
            self.metrics.failure("apply")
            return 1
        self.metrics.message(kind)
        if kind in FAILURE_KINDS:
            self.metrics.failure(kind)
        return 1

    def _finish(self, row: RawEvent, status: str, kind: str, error: str | None) -> None:
        changes: dict[str, Any] = {"status": status, "kind": kind, "error": error}
        if kind in PRIVATE_KINDS:
            # Other groups and private chats are not ours to keep; the key stays for dedup.
            changes["payload"] = b""
        RawEvent.update(**changes).where(RawEvent.id == row.id).execute()

    def _apply(self, event: Event, row: RawEvent, message_ids: list[int], final: bool = True) -> tuple[str, str]:
        """Store what one event means; returns the RawEvent's (status, kind), status `new` to wait."""
        if event.action == "ignore":
            return "ignored", event.kind
        if event.group_id is None and not self._groups_of(event):
            return "ignored", "stranger"
        raw = _text(row)
        if event.action == "message":
            stored = self._store(event, event.message_id, event.sent_ms, event.text or "", raw)
            if stored is None:
                return "ignored", "stranger"
            message_ids.extend(stored.message_ids)
            if stored.duplicate:
                self.metrics.duplicate()
                fill_original(PLATFORM, event.message_id, event.text or "", raw)
            return "done", event.kind
        root = self._root(event.sender, event.target_ms)
        if root is None and not final:
            return "new", event.kind
        if root is None:
            # The message is not here (yet): a backlog arrives unordered. Keep a placeholder
            # under the original's id, so the original, when it comes, is a duplicate and the
            # edit or delete stands.
            root = f"{event.sender}:{event.target_ms}"
            stored = self._store(event, root, event.target_ms, "", None)
            if stored is None:
                return "ignored", "stranger"
            message_ids.extend(stored.message_ids)
        if event.action == "edit":
            edit_message(PLATFORM, root, event.text or "", from_ms(event.sent_ms), raw)
        else:
            delete_message(PLATFORM, root, from_ms(event.sent_ms))
        return "done", event.kind

    def _store(self, event: Event, message_id: str, sent_ms: int, text: str, raw: str | None):
        """Store one message (in each of its groups); None when it has no group (a stranger's)."""
        incoming = self._incomings(event, message_id, sent_ms, text, raw)
        if not incoming:
            return None
        stored = store_messages(incoming, self.timezone)
        return Stored(message_ids=[i for s in stored for i in s.message_ids], duplicate=any(s.duplicate for s in stored))

    def _incomings(self, event: Event, message_id: str, sent_ms: int, text: str, raw: str | None) -> list[Incoming]:
        """The message as the ingest path takes it: one per group it counts in.

        A direct message lands in every group we read that its sender belongs to, under the
        ingest path's convention for copies (the id, then the id + "#" + group row id).
        """
        groups = self._groups_of(event)
        return [
            Incoming(
                platform=PLATFORM,
                message_id=message_id if n == 0 else f"{message_id}#{group.id}",
                group_id=group.platform_id,
                sender_id=event.sender or "",
                sender_name=event.sender_name,
                sent_at=from_ms(sent_ms),
                text=text,
                raw=raw,
            )
            for n, group in enumerate(groups)
        ]

    def _groups_of(self, event: Event) -> list[Group]:
        """The group a post was made in, or for a direct message every group we read that its
        sender belongs to: listed as a member by the upstream, or seen posting there."""
        if event.group_id is not None:
            return [ensure_group(PLATFORM, event.group_id, event.group_name or "", self.timezone)]
        names = {event.sender, event.sender_number} - {None}
        listed = [g for g in sorted(self.groups) if names & self.members.get(g, frozenset())]
        groups = {g.id: g for g in (ensure_group(PLATFORM, internal, "", self.timezone) for internal in listed)}
        identity = Identity.get_or_none(Identity.platform == PLATFORM, Identity.platform_id == event.sender)
        if identity is not None:
            posted = (
                Group.select()
                .join(Membership)
                .where(Membership.player == identity.player_id, Group.platform == PLATFORM, Group.platform_id.in_(list(self.groups)))
            )
            groups.update({g.id: g for g in posted})
        return [groups[k] for k in sorted(groups)]

    def _root(self, sender: str | None, target_ms: int | None) -> str | None:
        """The id of the message an edit or delete refers to, through any earlier revision.

        An edit may name the previous edit rather than the original (clients disagree); the
        stored edits are followed back to the message they revise.
        """
        ts = target_ms
        for _ in range(MAX_EDIT_CHAIN):
            message_id = f"{sender}:{ts}"
            if Message.select().where(Message.platform == PLATFORM, Message.platform_message_id == message_id).exists():
                return message_id
            revised = find_revision(PLATFORM, sender or "", ts or 0)
            if revised is not None:
                return revised
            earlier = (
                RawEvent.select(RawEvent.payload)
                .where(
                    RawEvent.platform == PLATFORM,
                    RawEvent.dedup_key.startswith(f"{sender}:{ts}:"),
                    RawEvent.kind.in_(EDIT_KINDS),
                )
                .first()
            )
            if earlier is None:
                return None
            ts = classify(read_payload(earlier.payload), self.groups, self.self_uuid).target_ms
        return None

    # Start-up ---------------------------------------------------------------------------------

    def name_groups(self, upstream_groups: list[dict[str, Any]]) -> list[str]:
        """Create the configured groups with their names and note their members; returns the ids not found."""
        by_internal = {g.get("internal_id"): g for g in upstream_groups}
        missing = []
        with write_transaction(database_proxy.obj):
            for internal in sorted(self.groups):
                found = by_internal.get(internal)
                if found is None:
                    missing.append(internal)
                    continue
                name = found.get("name") if isinstance(found.get("name"), str) else ""
                ensure_group(PLATFORM, internal, name, self.timezone)
                members = found.get("members") if isinstance(found.get("members"), list) else []
                self.members[internal] = frozenset(m for m in members if isinstance(m, str) and m)
        return missing
