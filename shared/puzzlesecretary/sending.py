"""Delivering the outbox: claim due rows, send each through a transport, settle it. One loop per platform.

A row's life (docs/sending.md):

    pending --claim--> sending --sent--> sent            (the upstream's id kept: its echo is no share)
                          |-----retry--> pending          (later: backoff, a 429's wait, the hourly limit)
                          |-----failed-> failed           (for good: a 4xx, a group not enabled, too many tries)
                          `-----log----> logged           (OUTBOUND=log: written to the log, never sent)

The claim is committed before the request goes out, so a crash (SIGKILL) leaves the row
`sending`. At the next start `recover` decides: a reaction or read receipt is idempotent at the
upstream and goes back to `pending` (at least once); a text is marked `unknown` and never sent
again (at most once), because a second copy would show in the chat. Nothing is ever claimed
twice: claiming happens under the writer lock.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Callable, Collection, Protocol

import peewee

from .groups import group_open
from .outbox import IDEMPOTENT_KINDS, now_ms, outgoing
from .outgoing import Outgoing
from .store.database import write_transaction
from .store.models import Outbox

log = logging.getLogger(__name__)

MODES = ("on", "off", "log")
HOUR_MS = 3_600_000
SETTLE_TRIES = 10


class SendError(Exception):
    """The upstream did not take a send; `permanent` says whether trying again can help."""

    def __init__(self, reason: str, *, permanent: bool, retry_after_s: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent
        self.retry_after_s = retry_after_s


class Transport(Protocol):
    """A platform's way out: one Outgoing value per call."""

    platform: str

    def send(self, item: Outgoing) -> str | None:
        """Send it; the upstream's id for what was sent (a Signal timestamp, a WAHA message id), if any.
        Raises SendError."""


@dataclass(frozen=True)
class Limits:
    """How hard the sender tries, and how much it may say."""

    max_attempts: int = 8
    backoff_s: float = 2.0  # the first retry's wait; each further one doubles it
    backoff_max_s: float = 900.0
    group_hourly: int = 30  # texts per group per rolling hour (0: no limit); reactions and receipts are not texts
    batch: int = 20  # rows per claim


def backoff_ms(attempts: int, limits: Limits) -> int:
    """The wait before try number `attempts + 1`: backoff_s doubled per earlier try, capped."""
    return int(min(limits.backoff_max_s, limits.backoff_s * 2 ** max(0, attempts - 1)) * 1000)


Enabled = Callable[[str, str], bool]
"""(platform, group chat id) -> may the bot post there. See `gate`."""


def gate(db: peewee.Database, allowlist: Collection[str] | None) -> Enabled:
    """The bot posts in a group only where groups.group_open says so, asked at every send: enabled
    (`!ps join`), or named by the operator's *_GROUP_IDS, and never once disabled."""

    def enabled(platform: str, chat_id: str) -> bool:
        return group_open(db, platform, chat_id, allowlist)

    return enabled


def claim(db: peewee.Database, platform: str, limits: Limits, at: int | None = None) -> list[Outbox]:
    """Take the platform's due rows, oldest first, marking them `sending` in one committed transaction.

    Reactions and receipts come several at once; a text ends the batch.

    A text to a group that has said `group_hourly` texts in the last hour is put off until
    its oldest of them is an hour old.
    """
    at = now_ms() if at is None else at
    due = (Outbox.platform == platform) & (Outbox.status == "pending") & (Outbox.due_at <= at)
    # A look without the writer lock first: an idle sender asks every second, and most often nothing is due.
    if not Outbox.select(Outbox.id).where(due).exists():
        return []
    with write_transaction(db):
        rows = list(Outbox.select().where(due).order_by(Outbox.due_at, Outbox.id).limit(limits.batch))
        taken = []
        spoken: dict[int, list[int]] = {}
        for row in rows:
            if row.kind == "say" and row.group_id is not None and limits.group_hourly:
                times = spoken.get(row.group_id)
                if times is None:
                    times = spoken[row.group_id] = _texts_in_last_hour(row.group_id, at)
                if len(times) >= limits.group_hourly:
                    wait_until = sorted(times)[-limits.group_hourly] + HOUR_MS
                    Outbox.update(due_at=wait_until, error="hourly limit of the group").where(Outbox.id == row.id).execute()
                    log.info("outbox %s waits for the hourly limit of group %s", row.id, row.group_id)
                    continue
                times.append(at)
            taken.append(row)
            if row.kind == "say":
                # One text per claim, sent last: a crash then leaves at most the text in flight
                # `unknown`, never a text that was claimed and not yet tried.
                break
        if taken:
            Outbox.update(status="sending", claimed_at=at, attempts=Outbox.attempts + 1).where(
                Outbox.id.in_([row.id for row in taken])
            ).execute()
    for row in taken:
        row.status, row.claimed_at, row.attempts = "sending", at, row.attempts + 1
    return taken


def _texts_in_last_hour(group_id: int, at: int) -> list[int]:
    query = Outbox.select(Outbox.claimed_at).where(
        (Outbox.group == group_id)
        & (Outbox.kind == "say")
        & (Outbox.status.in_(("sending", "sent", "unknown")))
        & (Outbox.claimed_at > at - HOUR_MS)
    )
    return [claimed for (claimed,) in query.tuples()]


def settle(db: peewee.Database, row_id: int, **changes) -> None:
    with write_transaction(db):
        Outbox.update(**changes).where(Outbox.id == row_id).execute()


def recover(db: peewee.Database, platform: str, at: int | None = None) -> tuple[int, int]:
    """Rows a crash left `sending`: reactions and receipts are sent again, texts are not (see above).

    Returns (sent again, given up as unknown).
    """
    at = now_ms() if at is None else at
    with write_transaction(db):
        stuck = (Outbox.platform == platform) & (Outbox.status == "sending")
        again = Outbox.update(status="pending", due_at=at).where(stuck & Outbox.kind.in_(tuple(IDEMPOTENT_KINDS))).execute()
        unknown = (
            Outbox.update(status="unknown", error="interrupted while sending: may or may not have arrived; not sent again")
            .where(stuck)
            .execute()
        )
    if again or unknown:
        log.warning("outbox after a crash: %d reaction(s)/receipt(s) to send again, %d text(s) not sent again", again, unknown)
    return again, unknown


def from_settings(settings, db: peewee.Database, transport: Transport, allowlist: Collection[str] | None,
                  stop: threading.Event, metrics=None) -> Sender:
    """The loop an ingest's settings describe: OUTBOUND, the OUTBOX_* limits, and its groups'
    allowlist (None: every enabled group); `metrics.settled` counts each settled row."""
    limits = Limits(
        max_attempts=settings.outbox_max_attempts,
        backoff_s=settings.outbox_backoff_s,
        backoff_max_s=settings.outbox_backoff_max_s,
        group_hourly=settings.outbox_group_hourly,
    )
    return Sender(db, transport, mode=settings.outbound, enabled=gate(db, allowlist), limits=limits, stop=stop,
                  on_settled=metrics.settled if metrics is not None else None)  # fmt: skip


class Sender:
    """One platform's loop: claim, send, settle; one row at a time, until `stop` is set."""

    def __init__(
        self,
        db: peewee.Database,
        transport: Transport,
        *,
        mode: str = "on",
        enabled: Enabled | None = None,
        limits: Limits | None = None,
        stop: threading.Event | None = None,
        idle_s: float = 1.0,
        on_settled: Callable[[str, str], None] | None = None,
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"OUTBOUND must be one of {', '.join(MODES)}, not {mode!r}")
        self.db, self.transport, self.mode = db, transport, mode
        self.enabled = enabled or gate(db, None)
        self.limits = limits or Limits()
        self.stop = stop or threading.Event()
        self.idle_s = idle_s
        self.counts: dict[str, int] = {}
        self.on_settled = on_settled  # (kind, outcome), once each row is settled: the ingest's metrics

    def run(self) -> None:
        if self.mode == "off":
            log.info("OUTBOUND=off: nothing in the outbox is sent")
            return
        try:
            recover(self.db, self.transport.platform)
        except peewee.OperationalError as error:  # rows stay `sending` (never sent twice) until a start that can
            log.error("could not recover the outbox: %s", error)
        while not self.stop.is_set():
            if not self.run_once():
                self.stop.wait(self.idle_s)

    def run_once(self) -> int:
        """Claim and settle one batch; how many rows it held."""
        try:
            rows = claim(self.db, self.transport.platform, self.limits)
        except peewee.OperationalError as error:  # a locked or vanished database: try again later
            log.warning("could not claim from the outbox: %s", error)
            return 0
        for row in rows:
            self._deliver(row)
        return len(rows)

    def _deliver(self, row: Outbox) -> None:
        item = outgoing(row)
        if row.is_group and not self.enabled(row.platform, row.chat_id):
            self._settle(row, "failed", status="failed", error="the group is not enabled")
            return
        if self.mode == "log":
            log.info("OUTBOUND=log: would send %s", item)
            self._settle(row, "logged", status="logged", sent_at=now_ms())
            return
        try:
            upstream_id = self.transport.send(item)
        except SendError as error:
            self._failed(row, error)
            return
        except Exception as error:  # a bug in a transport must not end the loop; the row is tried again
            log.exception("sending outbox %s failed unexpectedly", row.id)
            self._failed(row, SendError(f"{type(error).__name__}: {error}", permanent=False))
            return
        self._settle(row, "sent", status="sent", sent_at=now_ms(), upstream_id=upstream_id, error=None)

    def _failed(self, row: Outbox, error: SendError) -> None:
        if error.permanent or row.attempts >= self.limits.max_attempts:
            log.warning("outbox %s (%s) failed for good after %d tries: %s", row.id, row.key, row.attempts, error.reason)
            self._settle(row, "failed", status="failed", error=error.reason[:1000])
            return
        wait = backoff_ms(row.attempts, self.limits)
        if error.retry_after_s is not None:
            wait = max(wait, int(error.retry_after_s * 1000))
        log.info("outbox %s: %s; trying again in %.1f s", row.id, error.reason, wait / 1000)
        self._settle(row, "retried", status="pending", due_at=now_ms() + wait, error=error.reason[:1000])

    def _settle(self, row: Outbox, outcome: str, **changes) -> None:
        # A database that keeps refusing leaves the row `sending`: the next start's recover
        # treats it as a crash would.
        for attempt in range(SETTLE_TRIES):
            try:
                settle(self.db, row.id, **changes)
                break
            except peewee.OperationalError as error:
                log.warning("could not settle outbox %s as %s (try %d): %s", row.id, outcome, attempt + 1, error)
                if self.stop.wait(1.0):
                    return
        self.counts[outcome] = self.counts.get(outcome, 0) + 1
        if self.on_settled is not None:
            self.on_settled(row.kind, outcome)
