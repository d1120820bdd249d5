"""From a receive response to stored messages and scores, through puzzlesecretary.ingest's applier.

Two steps, each its own transaction, so a kill between them loses and doubles nothing:
1. `store_response`: every element of the response becomes a RawEvent (status `new`) in the
   transaction that keeps it, or a large response is kept whole first and cut after (answers.py;
   `cut_and_apply` cuts it and does step 2 in one transaction);
2. `process_new`: the applier reads the RawEvents still `new` through `SignalTransport.read`
   (an envelope -> one event of puzzlesecretary.events) and applies them, a chunk per
   transaction; what a Signal backlog needs (the senders' clock order, edits that wait for
   their message or leave a placeholder) is its Policy. This module holds only the transport.
Applying is idempotent (message ids are unique, older edits are ignored), so a chunk
processed again after a crash changes nothing.
"""

from __future__ import annotations

import json
import logging
from typing import Any, Callable, Collection

from puzzlesecretary import config
from puzzlesecretary.clock import from_ms
from puzzlesecretary.events import Delete, Edit, Ignored, MembershipChange, NewMessage, Reaction, Unreadable
from puzzlesecretary.groups import Gate
from puzzlesecretary.ingest import Applier, Outcome, Policy, ensure_group
from puzzlesecretary.ingest.raw_events import RawRow
from puzzlesecretary.store import RawEvent, database, write_transaction

from . import answers, whole_answers
from .envelopes import FAILURE_KINDS, PRIVATE_KINDS, EnvelopeError, Event, classify
from .metrics import Metrics

log = logging.getLogger(__name__)

PLATFORM = "signal"
_UNREAD = object()  # no decoded value kept for a row
# Signal kinds that are reactions or notices about a message rather than messages.
NOTICE_KINDS = ("receipt", "typing", "reaction", "call", "story")


def _text(row: RawRow | RawEvent) -> str:
    return bytes(row.payload).decode("utf-8", "replace")


def read_payload(payload: bytes) -> Any:
    """A stored element's JSON value; bad UTF-8 is read as U+FFFD (it was counted when stored)."""
    return json.loads(bytes(payload).decode("utf-8", "replace"))


def translate(event: Event, raw: str | None, raw_event_id: int | None = None) -> Any:
    """One classified envelope as an event of the shared vocabulary; a message names the raw event it came in."""
    at = from_ms(event.sent_ms)
    aliases = frozenset((event.sender_number,)) if event.sender_number is not None else _NO_ALIASES
    action = event.action
    if action == "message":
        # Positional, in NewMessage's field order: every envelope of a chat passes here.
        return NewMessage(
            PLATFORM, event.message_id, event.group_id, event.sender or "", event.sender_name, at, event.text or "", raw,
            event.kind, event.group_name or "", aliases, raw_event_id,
        )  # fmt: skip
    who = {"sender_name": event.sender_name, "group_id": event.group_id, "aliases": aliases}
    if action in ("edit", "delete"):
        target_ms = event.target_ms or 0
        target = f"{event.sender}:{target_ms}"  # the message id it names (an edit may name an earlier edit)
        common = dict(sender_id=event.sender, at=at, target=target, target_at=from_ms(target_ms), kind=event.kind)
        if action == "edit":
            return Edit(PLATFORM, text=event.text or "", raw=raw, **common, **who)
        return Delete(PLATFORM, **common, **who)
    if event.kind in NOTICE_KINDS:
        return Reaction(PLATFORM, event.sender, at, kind=event.kind)
    if event.kind == "group_update":
        return MembershipChange(PLATFORM, event.sender, at, group_id=event.group_id, kind=event.kind)
    return Ignored(PLATFORM, event.kind, event.sender, at, private=event.kind in PRIVATE_KINDS)


_NO_ALIASES: frozenset[str] = frozenset()


class SignalTransport:
    """How the applier reads a stored Signal element, and what its outcome writes and counts."""

    platform = PLATFORM

    def __init__(self, groups: frozenset[str], self_uuid: str, metrics: Metrics) -> None:
        self.groups = groups
        self.self_uuid = self_uuid
        self.metrics = metrics
        # The values of the elements this process cut and committed, by row id (answers._cut): the
        # same JSON as their stored payloads, decoded once. Read once each; any other row is decoded.
        self.decoded: dict[int, Any] = {}

    def read(self, row: RawRow | RawEvent):
        try:
            value = self.decoded.pop(row.id, _UNREAD)
            event = classify(read_payload(row.payload) if value is _UNREAD else value, self.groups, self.self_uuid)
        except (EnvelopeError, ValueError) as error:
            reason = "missing_field" if isinstance(error, EnvelopeError) else "malformed_json"
            raise Unreadable(reason, f"{type(error).__name__}: {error}") from error
        return translate(event, _text(row), row.id)

    @staticmethod
    def label(event, outcome: Outcome) -> str:
        if event is None:
            return "malformed"
        return "stranger" if outcome.reason == "stranger" else event.kind

    def settled(self, row: RawRow | RawEvent, event, outcome: Outcome) -> dict:
        kind = self.label(event, outcome)
        changes: dict[str, Any] = {"kind": kind}
        if outcome.reason == "duplicate":
            changes["status"] = "done"  # the envelope was read; its message is simply stored already
        if kind in PRIVATE_KINDS:
            # Other groups and private chats are not ours to keep; the key stays for dedup.
            changes["payload"] = b""
        return changes

    def counted(self, row: RawRow | RawEvent, event, outcome: Outcome) -> None:
        if event is None:
            self.metrics.failure(outcome.reason)
            self.metrics.message("malformed")
            return
        if outcome.reason == "apply":
            self.metrics.failure("apply")
            return
        kind = self.label(event, outcome)
        self.metrics.message(kind)
        if outcome.duplicate:
            self.metrics.duplicate("message_id")
        if kind in FAILURE_KINDS:
            self.metrics.failure(kind)


class Pipeline:
    """Stores responses raw, then hands their envelopes to the applier for the groups it reads.

    It reads the groups the store has enabled (`!ps join CODE`) and, when SIGNAL_GROUP_IDS is
    set, only those it lists, which are read without joining (puzzlesecretary.groups.Gate).
    """

    def __init__(
        self,
        groups: Collection[str],
        metrics: Metrics,
        self_uuid: str = "",
        default_timezone: str = "UTC",
        chunk: int = 500,
        base_url: str = config.PUBLIC_BASE_URL.default,
    ) -> None:
        self.allowlist = frozenset(groups) or None
        self.groups = Gate(PLATFORM, self.allowlist)
        self.metrics = metrics
        self.self_uuid = self_uuid
        self.timezone = default_timezone
        policy = Policy(
            timezone=default_timezone, chunk=chunk, sender_clock=True, early_edits="wait", within=self.groups,
            commands=True, base_url=base_url, allowlist=self.allowlist,
        )  # fmt: skip
        self.transport = SignalTransport(self.groups, self_uuid, metrics)
        self.applier = Applier(policy, self.transport)

    @property
    def decoded(self) -> dict[int, Any]:
        """Where answers.keep_and_cut and split_waiting leave the elements they cut, for process_new."""
        return self.transport.decoded

    @property
    def members(self) -> dict[str, frozenset[str]]:
        """Each configured group's members as /v1/groups lists them: numbers, or uuids when hidden."""
        return self.applier.members

    # Step 1 -----------------------------------------------------------------------------------

    def store_response(self, body: bytes) -> int:
        """Keep a receive response (answers.keep_and_cut), cut into its elements; returns how many were new."""
        kept = answers.keep_and_cut(body, self.metrics, self.decoded)
        return answers.split_waiting(self.metrics, self.decoded) if kept.waiting else kept.new

    def take(self, body: bytes, should_stop: Callable[[], bool] = lambda: False) -> tuple[int, int]:
        """What the poller does with an answer, without its retries: (new elements, applied).

        Kept (cut at once when small), then applied; an answer kept whole is cut and applied in
        one transaction (cut_and_apply). The benchmark feeds answers through here.
        """
        kept = answers.keep_and_cut(body, self.metrics, self.decoded)
        if kept.waiting:
            return self.cut_and_apply(should_stop)
        return kept.new, self.process_new(should_stop, final=not kept.new)

    # Step 2 -----------------------------------------------------------------------------------

    def process_new(self, should_stop: Callable[[], bool] = lambda: False, final: bool = True) -> int:
        """Apply every RawEvent still `new`, a chunk per transaction; returns how many were applied.

        An edit or delete whose message is not stored yet waits (stays `new`) unless `final`:
        in a backlog it usually comes in a later chunk or response. The poller passes
        final=True once the upstream has nothing more; then what still waits gets a placeholder.
        """
        try:
            return self.applier.apply_pending(should_stop, final)
        finally:
            self.decoded.clear()  # what was not reached (told to stop) is decoded from its payload next time

    def cut_and_apply(self, should_stop: Callable[[], bool] = lambda: False) -> tuple[int, int]:
        """Cut the answers kept whole and apply their elements, in one transaction: (new elements, applied).

        The answer is committed already (answers.keep), so the elements come from stored bytes: a
        kill or a refused statement before this commit leaves the answer `received`, cut and applied
        again at the next try, and nothing of it lost or doubled. One commit instead of two, and the
        new raw events' pages are written once. An answer of ordinary envelopes is not cut at all: it is
        applied from its row, which stays as their raw copy (whole_answers). Counting (metrics) waits for the commit.
        """
        after: list[Callable[[], None]] = []
        whole: list[int] = []  # envelopes applied straight from their answer's row (whole_answers)

        def apply_whole(answer_id: int) -> int | None:
            done = whole_answers.apply_whole(answer_id, self.applier, self.transport, translate, after)
            whole.append(done or 0)
            return done

        try:
            with write_transaction(database()):
                self.applier.refresh_gate()
                new = answers.split_waiting(self.metrics, self.decoded, after, apply_whole)
                applied = sum(whole) + self.applier.apply_pending(should_stop, final=not new, defer=after, fresh=True)
        finally:
            self.decoded.clear()
        for count in after:
            count()
        return new, applied

    # Start-up ---------------------------------------------------------------------------------

    def name_groups(self, upstream_groups: list[dict[str, Any]]) -> list[str]:
        """Name the groups read and note their members and admins; returns the listed ids not found.

        /v1/groups lists `members` and `admins` by number, or by uuid when a number is hidden.
        """
        by_internal = {g.get("internal_id"): g for g in upstream_groups if isinstance(g, dict)}
        with write_transaction(database()):
            self.groups.refresh()
            for internal in sorted(set(self.groups) | set(by_internal)):
                found = by_internal.get(internal)
                if found is None or internal not in self.groups:
                    continue
                name = found.get("name") if isinstance(found.get("name"), str) else ""
                ensure_group(PLATFORM, internal, name, self.timezone)
                self.members[internal] = _ids(found.get("members"))
                self.applier.admins[internal] = _ids(found.get("admins"))
            self.groups.refresh()
        return sorted(set(self.allowlist or ()) - set(by_internal))

    def joined(self) -> bool:
        """Whether a command enabled a group since the last call: its members are then read again."""
        effects, self.applier.effects[:] = list(self.applier.effects), []
        return any(kind == "joined" for kind, _ in effects)


def _ids(values: Any) -> frozenset[str]:
    return frozenset(v for v in values if isinstance(v, str) and v) if isinstance(values, list) else frozenset()
