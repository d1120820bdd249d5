"""After the answer: stored events become messages and scores, and catch-up fills the gaps.

One thread does every message write, in order, one unit of work at a time: the webhook only
stores raw events (RawEvent, status `new`) and wakes this thread. A process killed after
answering 200 finds its events still `new` at the next start, and they are processed then.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import time
from dataclasses import dataclass, field

import peewee

from puzzlesecretary.events import Delete, Edit, NewMessage, Unreadable, Upstream
from puzzlesecretary.groups import Gate
from puzzlesecretary.ingest import Applier, Outcome, Policy, ensure_group, score_pending, store_raw
from puzzlesecretary.stats.queries import last_sent_at
from puzzlesecretary.store import RawEvent, database, write_transaction

from .events import PLATFORM, ShapeError, check_shape, classify
from .metrics import NETWORK, Metrics
from .waha_api import WahaApiError, WahaClient, admins_of, subject_of

log = logging.getLogger(__name__)

BATCH = 100
# After a webhook wakes the worker, it waits this long before applying, so the webhooks that
# arrive close together (a busy group) are applied in one transaction, not one each. Each one
# is answered once its raw event is committed, whatever this waits.
GATHER_S = 0.1
RETRY_S = (5, 15, 30, 60, 120, 300)  # catch-up retries after a failure, then every 5 minutes


@dataclass
class State:
    """What /healthz reports and the worker steers by; plain attributes, set by one thread."""

    session_status: str = "UNKNOWN"
    me: dict | None = None
    started_at: float = field(default_factory=time.time)
    last_event_at: float | None = None
    catchup_due_at: float | None = 0.0  # 0 = at once, None = not wanted
    catchup_failures: int = 0
    last_catchup_at: float | None = None
    last_catchup_error: str | None = None
    worker_alive: bool = False
    pending: int = 0
    store_error: str | None = None  # why the last webhook could not be stored; None once one is

    def store_failed(self, error: str | None) -> None:
        self.store_error = error

    def want_catchup(self, delay: float = 0.0) -> None:
        self.catchup_due_at = time.time() + delay


@dataclass(frozen=True)
class Options:
    session: str
    groups: frozenset[str]
    duplicate_window: dt.timedelta
    catchup_margin_s: int
    catchup_first_days: int
    catchup_page: int
    catchup_max_pages: int
    default_timezone: str = "UTC"
    base_url: str = "http://127.0.0.1:5000"  # PUBLIC_BASE_URL, for the answers' links

    @classmethod
    def from_settings(cls, s) -> "Options":
        return cls(
            session=s.waha_session,
            groups=frozenset(s.waha_group_ids),
            duplicate_window=dt.timedelta(seconds=s.waha_duplicate_window_s),
            catchup_margin_s=s.waha_catchup_margin_s,
            catchup_first_days=s.waha_catchup_first_days,
            catchup_page=s.waha_catchup_page,
            catchup_max_pages=s.waha_catchup_max_pages,
            default_timezone=s.default_timezone,
            base_url=s.public_base_url,
        )


class Processor:
    """The WhatsApp transport for the applier: reads stored WAHA events, marks and counts their outcomes."""

    platform = PLATFORM

    def __init__(self, options: Options, state: State, metrics: Metrics) -> None:
        self.options = options
        self.state = state
        self.metrics = metrics
        # Webhooks come one by one and in order; a message is stored before the next is looked
        # at, so a re-delivery in the same batch is seen as a repeat of the first.
        # The groups read: those enabled with `!ps join`, or the WAHA_GROUP_IDS allowlist when set.
        allowlist = options.groups or None
        self.gate = Gate(PLATFORM, allowlist)
        policy = Policy(
            timezone=options.default_timezone, chunk=BATCH, repeat_window=options.duplicate_window or None, batch_messages=False,
            within=self.gate, commands=True, base_url=options.base_url, allowlist=allowlist,
        )  # fmt: skip
        self.applier = Applier(policy, self)

    def process_pending(self, limit: int = BATCH) -> int:
        """Process up to `limit` raw events still `new`, oldest first; returns how many."""
        done = self.applier.apply_pending(limit=limit)
        if any(kind == "joined" for kind, _ in self.applier.effects):
            self.state.want_catchup()  # a group just enabled with `!ps join`: read its name, admins and recent messages
        self.applier.effects.clear()
        db = database()
        sql = f"SELECT count(*) FROM raw_event WHERE platform = {db.param} AND status = 'new'"
        self.state.pending = db.execute_sql(sql, (PLATFORM,)).fetchone()[0]
        self.metrics.pending.labels(NETWORK).set(self.state.pending)
        return done

    def read(self, row: RawEvent):
        try:
            envelope = check_shape(bytes(row.payload))
        except ShapeError as error:  # only a row written by hand or an older release gets here
            raise Unreadable("shape", str(error)) from error
        if isinstance(envelope.get("me"), dict) and envelope["me"].get("id"):
            self.state.me = envelope["me"]
        return classify(envelope, self.gate, self.state.me)

    def settled(self, row: RawEvent, event, outcome: Outcome) -> dict:
        if outcome.status == "error":
            return {"error": outcome.error}
        if outcome.reason == "unknown_target":
            return {"error": f"{event.kind} of a message not stored"}
        return {"error": NOTES.get(outcome.reason, outcome.reason or None)}

    def counted(self, row: RawEvent, event, outcome: Outcome) -> None:
        if event is None:
            self.metrics.failures.labels(NETWORK, "shape").inc()
            return
        if outcome.reason == "apply":
            self.metrics.failures.labels(NETWORK, "bug").inc()
            return
        if isinstance(event, NewMessage):
            self._count_message(row, outcome)
        elif isinstance(event, (Edit, Delete)):
            if outcome.status == "done":
                self.metrics.changes.labels(NETWORK, event.kind).inc()
            else:
                self.metrics.ignored.labels(NETWORK, f"{event.kind}_unknown_message").inc()
        elif isinstance(event, Upstream):
            self._session(event.state)
        else:
            self.metrics.ignored.labels(NETWORK, event.kind).inc()
        self.state.last_event_at = time.time()
        self.metrics.last_success.labels(NETWORK).set(time.time())

    def _count_message(self, row: RawEvent, outcome: Outcome) -> None:
        if outcome.reason == "repeat":
            # WAHA re-delivered it under a new id (devlikeapro/waha#1044), or catch-up met it again.
            self.metrics.duplicates.labels(NETWORK, "message_id" if outcome.duplicate else "same_text").inc()
            return
        if outcome.reason == "stranger":
            self.metrics.ignored.labels(NETWORK, "stranger_direct").inc()
        if outcome.duplicate:
            self.metrics.duplicates.labels(NETWORK, "message_id").inc()
        if outcome.message_ids:
            kind = "catchup" if row.kind == "catchup" else "live"
            self.metrics.messages.labels(NETWORK, kind).inc(len(outcome.message_ids))

    def _session(self, status: str) -> None:
        before = self.state.session_status
        self.state.session_status = status
        self.metrics.session_up.labels(NETWORK).set(1 if status == "WORKING" else 0)
        if status == "WORKING" and before != "WORKING":
            log.info("session %s is WORKING again (was %s): catching up", self.options.session, before)
            self.state.want_catchup()
        elif status != "WORKING":
            log.warning("session %s is %s", self.options.session, status)


# The RawEvent note each outcome leaves (the applier's reasons, in words).
NOTES = {
    "stranger": "direct message from someone in no group",
    "repeat": "duplicate",
    "duplicate": "duplicate",
    "session": None,
}


class CatchUp:
    """Pages through each group's messages since the last stored one into raw events."""

    def __init__(self, client: WahaClient, options: Options, state: State, metrics: Metrics) -> None:
        self.named: set[str] = set()
        self.client = client
        self.options = options
        self.state = state
        self.metrics = metrics

    def since(self, group_id: str) -> int:
        """Seconds: the last stored message of the group minus the margin, or the first-run span."""
        last = last_sent_at(database(), PLATFORM, group_id)
        if last is None:
            return int(time.time()) - self.options.catchup_first_days * 86400
        return int(last // 1000) - self.options.catchup_margin_s

    def run(self, processor: Processor) -> int:
        """Refresh the session state, then read every group; returns how many messages were new to us."""
        info = self.client.session_info()
        if isinstance(info.get("me"), dict) and info["me"].get("id"):
            self.state.me = info["me"]
        processor._session(info["status"].upper())
        if info["status"].upper() != "WORKING":
            self.state.catchup_due_at = None  # the next WORKING status asks again
            return 0
        fresh = 0
        processor.gate.refresh()
        for group_id in list(processor.gate):
            self._name(group_id, processor)
            offset = 0
            since = self.since(group_id)
            for _ in range(self.options.catchup_max_pages):
                page = self.client.messages(group_id, since, self.options.catchup_page, offset)
                for message in page:
                    fresh += self._keep(message)
                processor.process_pending()
                if len(page) < self.options.catchup_page:
                    break
                offset += len(page)
            else:
                log.warning("catch-up of %s stopped after %d pages", group_id, self.options.catchup_max_pages)
        return fresh

    def _name(self, group_id: str, processor: Processor) -> None:
        """Give the group its WhatsApp name once per run, so its board is not titled by an id, and
        note its admins (for the admins' commands) from the same metadata."""
        if group_id in self.named:
            return
        try:
            info = self.client.group(group_id)
        except WahaApiError as error:
            log.info("could not read the name of %s: %s", group_id, error)
            return
        self.named.add(group_id)
        processor.applier.admins[group_id] = admins_of(info)
        subject = subject_of(info)
        if subject:
            with write_transaction(database()):
                ensure_group(PLATFORM, group_id, subject, self.options.default_timezone)

    def _keep(self, message: dict) -> int:
        """Store one API message as an event of its own, through the same path as webhooks."""
        if not isinstance(message.get("id"), str):
            self.metrics.ignored.labels(NETWORK, "catchup_no_id").inc()
            return 0
        envelope = {"event": "message.any", "session": self.options.session, "me": self.state.me, "payload": message}
        body = json.dumps(envelope, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        with write_transaction(database()):
            stored = store_raw(PLATFORM, f"catchup:{message['id']}", body, kind="catchup")
        return int(stored is not None)


class Worker(threading.Thread):
    """The loop: wake on a new event (or each second), process, catch up when due; stop on request."""

    def __init__(self, processor: Processor, catchup: CatchUp | None, state: State, metrics: Metrics) -> None:
        super().__init__(name="whatsapp-worker", daemon=True)
        self.processor = processor
        self.catchup = catchup
        self.state = state
        self.metrics = metrics
        self.wake = threading.Event()
        self.stopping = threading.Event()

    def stop(self) -> None:
        self.stopping.set()
        self.wake.set()

    def run(self) -> None:
        self.state.worker_alive = True
        try:
            self._guarded(self._start)
            while not self.stopping.is_set():
                if self.wake.wait(timeout=1.0):
                    self.stopping.wait(GATHER_S)  # let the webhooks close behind this one be stored too
                self.wake.clear()
                self._guarded(self._drain)
                due = self.state.catchup_due_at
                if self.catchup is not None and due is not None and time.time() >= due and not self.stopping.is_set():
                    self._guarded(self._catch_up)
        finally:
            self.state.worker_alive = False
            database().close()

    def _start(self) -> None:
        """Leftovers of a process that died after answering: events first, then unscored messages."""
        left = self._drain()
        scored = score_pending(confirm=True)
        if left or scored:
            log.info("processed %d stored events and scored %d messages left by the last run", left, scored)

    def _drain(self) -> int:
        total = 0
        while not self.stopping.is_set():
            done = self.processor.process_pending()
            total += done
            if done < BATCH:
                break
        return total

    def _catch_up(self) -> None:
        try:
            fresh = self.catchup.run(self.processor)
        except WahaApiError as error:
            self.metrics.upstream_errors.labels(NETWORK, error.reason).inc()
            delay = RETRY_S[min(self.state.catchup_failures, len(RETRY_S) - 1)]
            self.state.catchup_failures += 1
            self.state.last_catchup_error = str(error)
            self.state.want_catchup(delay)
            log.warning("catch-up failed (%s); next try in %d s", error, delay)
            return
        self.state.catchup_failures = 0
        self.state.last_catchup_error = None
        self.state.last_catchup_at = time.time()
        if self.state.catchup_due_at is not None and self.state.catchup_due_at <= time.time():
            self.state.catchup_due_at = None
        self.metrics.last_success.labels(NETWORK).set(time.time())
        if fresh:
            log.info("catch-up found %d messages the webhooks had not brought", fresh)

    def _guarded(self, work) -> None:
        """One unit of work; a failure is logged and counted, and the loop goes on."""
        try:
            work()
        except peewee.PeeweeException as error:
            self.metrics.failures.labels(NETWORK, "database").inc()
            log.error("database error, retrying shortly: %s", error)
            self.stopping.wait(1.0)
        except Exception:  # the loop must outlive any one bad event
            self.metrics.failures.labels(NETWORK, "bug").inc()
            log.exception("unexpected error in the worker")
            self.stopping.wait(1.0)
