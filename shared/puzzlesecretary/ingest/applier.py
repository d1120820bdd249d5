"""The one applier: what every event from every way in does to the store.

Transports (Signal, WhatsApp) store their upstream's payloads as RawEvents first; `apply_pending`
is the one loop over those still `new`. It reads each through the transport (payload -> one
event of `puzzlesecretary.events`), orders them, and applies them a chunk per transaction:
runs of new messages are stored together, the others one by one in a savepoint of their own.
Their scores are derived and confirmed in the same transaction, in a savepoint: what a failure
there leaves unscored (`pending`), score_pending finds.
The importers hand their events to `apply` directly. The policy lives here, once:

- the direct-message fan-out: a message to the bot lands in every group its sender is in;
- duplicates: a message id stored before stores nothing (and fills a placeholder, if one
  waits), and a repeat (same sender and text within the transport's window) is dropped;
- an edit or delete whose message is not stored waits for it or, once nothing more is coming,
  leaves a placeholder under the message's id (transports whose backlog arrives unordered),
  or is dropped (the others);
- an edit naming an earlier edit is traced back to its message;
- the earliest post counts (derive._settle).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field, replace
from typing import Callable, Collection, Iterable, Protocol, Sequence

import peewee

from .. import commands
from ..clock import from_ms, now_ms
from ..events import Command, Delete, Edit, Event, Ignored, MembershipChange, NewMessage, Reaction, Unreadable, Upstream
from ..outbox import enqueue, is_own_send, own_sends
from ..store import RawEvent, database, write_transaction
from .derive import score_messages, score_or_leave_pending
from .messages import fan_out, find_repeat, store_messages
from .people import direct_groups
from .raw_events import RawRow, new_raw_events, settle_raw_events
from .revisions import delete_message, edit_message, fill_original, is_stored, revised_root

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Policy:
    """How a transport's upstream behaves, which decides a few of the applier's choices."""

    timezone: str = "UTC"  # of groups seen for the first time
    chunk: int = 500  # raw events per transaction
    sender_clock: bool = False  # apply a chunk in the senders' clock order, not in arrival order
    early_edits: str = "drop"  # "wait": an edit before its message waits, then leaves a placeholder
    repeat_window: dt.timedelta | None = None  # same sender and text this close is one message
    batch_messages: bool = True  # store runs of new messages together (else one by one)
    within: Collection[str] | None = None  # the open groups (groups.Gate), when the transport has a gate
    commands: bool = False  # read "!ps ..." messages as commands and answer them (live transports, not imports)
    base_url: str = "http://127.0.0.1:5000"  # PUBLIC_BASE_URL: where the boards the answers link to live
    allowlist: Collection[str] | None = None  # the operator's *_GROUP_IDS, when set


@dataclass
class Outcome:
    """What one event did. `status` is the RawEvent's: done, ignored, error, or new (it waits)."""

    status: str
    reason: str = ""  # why not done: stranger, duplicate, repeat, unknown_target, apply, an ignored kind, ...
    error: str | None = None
    message_ids: list[int] = field(default_factory=list)
    chatter: list[int] = field(default_factory=list)  # of message_ids, those stored `chatter` (derived already)
    duplicate: bool = False  # this message id was stored before
    private: bool = False  # its raw payload is not ours to keep


class Transport(Protocol):
    """What the applier needs of a transport: its name and how to read one of its stored payloads."""

    platform: str

    def read(self, row: RawRow | RawEvent) -> Event:
        """The event a stored payload means; Unreadable when it is none."""

    def settled(self, row: RawRow | RawEvent, event: Event | None, outcome: Outcome) -> dict:
        """Further RawEvent columns to set for this outcome (status is set already)."""

    def counted(self, row: RawRow | RawEvent, event: Event | None, outcome: Outcome) -> None:
        """Count the outcome (metrics), once its transaction is committed."""


class Applier:
    """Applies events to the store under one transport's policy."""

    def __init__(self, policy: Policy | None = None, transport: Transport | None = None) -> None:
        self.policy = policy or Policy()
        self.transport = transport
        # Each configured group's members as the upstream lists them (ids or aliases), and its admins.
        self.members: dict[str, frozenset[str]] = {}
        self.admins: dict[str, frozenset[str]] = {}
        self.limits = commands.RateLimit()
        # What the commands did that the transport acts on: ("joined" | "left", group id).
        self.effects: list[tuple[str, str]] = []
        # Where replies go: the outbox, in the transaction that settles the command's event.
        self.deliver: Callable[[list], None] = _enqueue

    # The loop over stored raw events -----------------------------------------------------------

    def apply_pending(
        self,
        should_stop: Callable[[], bool] = lambda: False,
        final: bool = True,
        limit: int | None = None,
        defer: list | None = None,
        fresh: bool = False,
    ) -> int:
        """Apply the transport's RawEvents still `new`, a chunk per transaction; returns how many settled.

        An event that waits (an edit before its message, unless `final`) stays `new`; the loop
        goes past it, and a later call, with its message stored, applies it. Inside the caller's
        transaction a chunk is a savepoint, and `defer` gets the counting (transport.counted) to
        run once that transaction is committed. `fresh`: the caller read the gate in this transaction already.
        """
        transport = self.transport
        assert transport is not None, "apply_pending reads raw events through a transport"
        if not fresh:
            self.refresh_gate()
        settled = last_id = 0
        while not should_stop() and (limit is None or settled < limit):
            size = self.policy.chunk if limit is None else min(self.policy.chunk, limit - settled)
            rows = new_raw_events(transport.platform, last_id, size)
            if rows:
                settled += self._apply_rows(rows, final, defer)
                last_id = rows[-1].id
            if len(rows) < size:  # the last chunk: asking again would find nothing
                break
        return settled

    def _apply_rows(self, rows: list[RawRow], final: bool, defer: list | None = None) -> int:
        transport = self.transport
        done: list[tuple[RawRow, Event | None, Outcome]] = []
        with write_transaction(database()):
            read: list[tuple[Event, RawRow]] = []
            for row in rows:
                try:
                    read.append((transport.read(row), row))
                except Unreadable as error:
                    log.warning("raw event %s is not a readable event: %s", row.id, error)
                    done.append((row, None, Outcome("error", error.reason, str(error))))
            events = [event for event, _ in read]
            for (event, row), outcome in zip(read, self._apply_events(events, final, [row for _, row in read]), strict=True):
                done.append((row, event, outcome))
            settled = [(row, event, outcome) for row, event, outcome in done if outcome.status != "new"]
            changed = []
            for row, event, outcome in settled:
                changes = {"status": outcome.status, "error": outcome.error}
                if outcome.private:
                    changes["payload"] = b""  # not ours to keep (a forgotten sender's)
                changes.update(transport.settled(row, event, outcome))
                changed.append((row.id, changes))
            settle_raw_events(changed)
            # Scored in the same transaction (the raw events, committed before, stay the source);
            # live messages from a transport: the chat is told what counted (confirm.py).
            score_or_leave_pending(underived(outcome for _, _, outcome in settled))
        def count() -> None:
            for row, event, outcome in settled:
                transport.counted(row, event, outcome)

        count() if defer is None else defer.append(count)
        return len(settled)

    def refresh_gate(self) -> None:
        """Read the groups' states again (groups.Gate): a CLI may have enabled or disabled one."""
        refresh = getattr(self.policy.within, "refresh", None)
        if refresh is not None:
            refresh()

    # Applying events ---------------------------------------------------------------------------

    def apply(self, events: Sequence[Event], final: bool = True) -> list[Outcome]:
        """Apply events that were never stored raw (an import file), then derive their scores."""
        self.refresh_gate()
        with write_transaction(database()):
            outcomes = self._apply_events(list(events), final, [None] * len(events))
        score_messages(underived(outcomes))
        return outcomes

    def apply_read(self, events: list[Event], no_commands: bool = False, all_or_nothing: bool = False) -> list[Outcome]:
        """Apply events a transport read from a payload it keeps itself (no raw event each), in the caller's transaction.

        `no_commands`: the transport has found no command among them (whole_answers), so they are not asked again.
        `all_or_nothing`: the caller holds a savepoint and undoes all of them if one fails (whole_answers): a run of
        messages is stored without a savepoint of its own, and a failure to store it raises instead of being found
        one by one."""
        return self._apply_events(events, True, [None] * len(events), not no_commands, all_or_nothing)

    def _apply_events(
        self, events: list[Event], final: bool, raws: list, commands_here: bool = True, all_or_nothing: bool = False
    ) -> list[Outcome]:
        """Each event's outcome, in the order given; applied in the policy's order."""
        order = list(range(len(events)))
        if self.policy.sender_clock:
            # The sender's clock orders things, never arrival: an edit after its message.
            order.sort(key=lambda n: (_order_of(events[n]), n))
        outcomes: list[Outcome | None] = [None] * len(events)
        run: list[int] = []
        for n in order:
            event = events[n]
            if isinstance(event, NewMessage) and raws[n] is not None and event.raw_event_id != raws[n].id:
                event = events[n] = replace(event, raw_event_id=raws[n].id)  # its payload is stored there
            if self.policy.commands and commands_here and isinstance(event, NewMessage):
                command = commands.as_command(event, commands.COMMANDS)
                if command is not None and not is_own_send(event.platform, event.message_id, event.group_id):
                    event = command
            if isinstance(event, NewMessage) and event.group_id is not None and self.policy.batch_messages:
                run.append(n)
                continue
            self._apply_run([events[i] for i in run], run, outcomes, all_or_nothing)
            run = []
            outcomes[n] = self._apply_one(event, final)
        self._apply_run([events[i] for i in run], run, outcomes, all_or_nothing)
        return outcomes

    def _apply_run(self, run: list[NewMessage], slots: list[int], outcomes: list, all_or_nothing: bool = False) -> None:
        """Store consecutive group messages together; one by one if that fails, to find the bad one.

        `all_or_nothing`: in the caller's savepoint, and a failure goes to the caller (apply_read)."""
        if not run:
            return
        if all_or_nothing:
            for slot, outcome in zip(slots, self._store(run), strict=True):
                outcomes[slot] = outcome
            return
        try:
            with database().atomic():
                results = self._store(run)
        except peewee.OperationalError:
            raise  # a locked or vanished database: the events stay `new` and are tried again
        except Exception:  # find the one that fails; the others still count
            log.warning("storing %d messages at once failed; storing them one by one", len(run), exc_info=True)
            results = [self._apply_one(event, True) for event in run]
        for slot, outcome in zip(slots, results, strict=True):
            outcomes[slot] = outcome

    def _apply_one(self, event: Event, final: bool) -> Outcome:
        """Apply one event in its own savepoint; a failure is its outcome, and the others go on."""
        try:
            with database().atomic():
                return HANDLERS[type(event)](self, event, final)
        except peewee.OperationalError:
            raise
        except Exception as error:  # one bad event must not stop the ones behind it
            log.exception("an event (%s) could not be applied", getattr(event, "kind", type(event).__name__))
            return Outcome("error", "apply", f"{type(error).__name__}: {error}"[:500])

    def _message(self, event: NewMessage, final: bool) -> Outcome:
        return self._store([event])[0]

    def _store(self, events: list[NewMessage]) -> list[Outcome]:
        """Store new messages (a direct one in each of its groups); each one's outcome."""
        outcomes: list[Outcome] = []
        batch: list[NewMessage] = []
        owners: list[int] = []
        echoes = own_sends([(event.platform, event.message_id, event.group_id) for event in events])
        for n, event in enumerate(events):
            if n in echoes:
                # The bot's own text coming back (WAHA's fromMe, a Signal sync): never a share, never a command.
                outcomes.append(Outcome("ignored", "own_send"))
                continue
            if event.group_id is not None and self.policy.within is not None and event.group_id not in self.policy.within:
                # The transport's reader keeps closed groups out; this holds when an event comes another way.
                outcomes.append(Outcome("ignored", "closed_group", private=True))
                continue
            if self.policy.repeat_window and find_repeat(event, self.policy.repeat_window) is not None:
                # Re-delivered under a new id (WAHA), or met again by a catch-up or a second export.
                outcomes.append(Outcome("ignored", "repeat", duplicate=is_stored(event.platform, event.message_id)))
                continue
            copies = [event] if event.group_id is not None else fan_out(event, self._direct_groups(event))
            outcomes.append(Outcome("done") if copies else Outcome("ignored", "stranger"))
            batch.extend(copies)
            owners.extend([n] * len(copies))
        for owner, stored in zip(owners, store_messages(batch, self.policy.timezone, settle=True), strict=True):
            outcomes[owner].message_ids.extend(stored.message_ids)
            outcomes[owner].chatter.extend(stored.chatter)
            outcomes[owner].duplicate |= stored.duplicate
            if stored.forgotten:
                outcomes[owner].status, outcomes[owner].reason, outcomes[owner].private = "ignored", "forgotten", True
        for event, outcome in zip(events, outcomes, strict=True):
            if outcome.duplicate and outcome.reason != "repeat":
                if not outcome.message_ids:
                    outcome.status, outcome.reason = "ignored", "duplicate"
                fill_original(event.platform, event.message_id, event.text, event.raw, confirm=self.transport is not None)
        return outcomes

    def _direct_groups(self, event) -> list:
        return direct_groups(
            event.platform, event.sender_id or "", event.aliases, self.policy.within, self.members, self.policy.timezone
        )

    def _revision(self, event: Edit | Delete, final: bool) -> Outcome:
        if event.group_id is None and event.sender_id and not self._direct_groups(event):
            return Outcome("ignored", "stranger")
        root = revised_root(event, self.transport.read if self.transport is not None else None)
        if root is None and self.policy.early_edits != "wait":
            return Outcome("ignored", "unknown_target")
        if root is None and not final:
            return Outcome("new")  # waits for its message
        outcome = Outcome("done")
        if root is None:
            # The message is not here (yet): a backlog arrives unordered. Keep a placeholder
            # under the original's id, so the original, when it comes, is a duplicate and the
            # edit or delete stands.
            placeholder = NewMessage(
                platform=event.platform,
                message_id=event.target,
                group_id=event.group_id,
                sender_id=event.sender_id or "",
                sender_name=event.sender_name,
                sent_at=event.target_at or event.at,
                text="",
                kind=event.kind,
                aliases=event.aliases,
            )
            outcome = self._store([placeholder])[0]
            if outcome.reason in ("stranger", "forgotten"):
                return outcome
            outcome.status, outcome.reason, outcome.duplicate = "done", "", False
            root = event.target
        live = self.transport is not None  # a transport's events are confirmed in the chat, an import's are not
        if isinstance(event, Edit):
            edit_message(event.platform, root, event.text, event.at, event.raw, confirm=live)
        else:
            delete_message(event.platform, root, event.at, confirm=live)
        return outcome

    def _command(self, event: Command, final: bool) -> Outcome:
        """Answer a command; it is stored as no message and scored as nothing."""
        if not self.policy.commands:
            return Outcome("ignored", "command")
        before = len(self.effects)
        replies = commands.answer(
            database(),
            event,
            is_open=self.policy.within if self.policy.within is not None else _EVERY_GROUP,
            base_url=self.policy.base_url,
            now_ms=now_ms(),
            admins=self.admins,
            allowlist=self.policy.allowlist,
            limits=self.limits,
            effects=self.effects,
        )
        if replies:
            self.deliver(replies)
        if len(self.effects) > before:
            self.refresh_gate()  # a join or leave opened or closed a group for the events behind it
        return Outcome("done", "command")

    def _counted_only(self, event: Reaction | Command | MembershipChange | Ignored, final: bool) -> Outcome:
        return Outcome("ignored", event.kind, private=getattr(event, "private", False))

    def _upstream(self, event: Upstream, final: bool) -> Outcome:
        return Outcome("done", event.kind)


# What each kind of event does: the one table of the vocabulary.
HANDLERS: dict[type, Callable[[Applier, Event, bool], Outcome]] = {
    NewMessage: Applier._message,
    Edit: Applier._revision,
    Delete: Applier._revision,
    Reaction: Applier._counted_only,
    Command: Applier._command,
    MembershipChange: Applier._counted_only,
    Ignored: Applier._counted_only,
    Upstream: Applier._upstream,
}


class _Every:
    """Every group is open: a transport with no gate (the importers answer no commands anyway)."""

    def __contains__(self, item: object) -> bool:
        return True


_EVERY_GROUP = _Every()


def _enqueue(items: list) -> None:
    """Store replies in the outbox, in the caller's transaction (outbox.enqueue keys them)."""
    enqueue(database(), items)


def underived(outcomes: Iterable[Outcome]) -> list[int]:
    """The messages the outcomes stored that are still to derive: all but those stored `chatter` at once."""
    ids: list[int] = []
    for outcome in outcomes:
        if outcome.chatter:
            done = set(outcome.chatter)
            ids.extend(i for i in outcome.message_ids if i not in done)
        else:
            ids.extend(outcome.message_ids)
    return ids


def _order_of(event: Event) -> dt.datetime:
    return event.at if getattr(event, "at", None) is not None else from_ms(0)


def apply(events: Iterable[Event], policy: Policy | None = None) -> list[Outcome]:
    """Apply events under `policy` with no transport behind them (the importers)."""
    return Applier(policy).apply(list(events))
