"""The speaker's thin loop: each tick, what is due (recaps.due, reminders.due) goes in the outbox.

Nothing here decides anything: it reads the plans, asks the pure functions, and enqueues each
item under its key, so an item enqueued twice (after a restart, by a second speaker) is stored
once. A recap or reminder that cannot be made is skipped with one log line; a failure in one
group or for one player is logged and the others go on; a failed enqueue is tried again at the
next tick. Nothing raises out of `tick`.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from typing import Callable

import peewee

from .. import outbox
from ..clock import to_ms
from ..games.reset import BadTimeZone
from ..groups import group_open
from ..outgoing import Say
from ..recap.read import RecapError, recap
from ..stats import queries
from ..store import Group, Identity
from . import recaps, reminders
from .plans import recap_plans, reminder_opts

log = logging.getLogger("puzzlesecretary.speaker")
Enqueue = Callable[..., int]  # outbox.enqueue(db, items, at=ms)
TICK_S = 60.0


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Speaker:
    """Puts each group's due recaps and each opted-in player's reminder in the outbox, once."""

    def __init__(
        self,
        db: peewee.Database,
        base_url: str,
        enqueue: Enqueue = outbox.enqueue,
        default_at: dt.time | None = None,
        platform: str | None = None,
        clock: Callable[[], dt.datetime] = utc_now,
        gate: Callable[[str, str], bool] | None = None,
    ):
        self.db, self.enqueue, self.base_url = db, enqueue, base_url.rstrip("/")
        self.default_at, self.platform, self.clock = default_at, platform, clock
        # Where it may speak: the sender's gate, else the groups enabled in the store (groups.py).
        self.gate = gate or (lambda platform, chat_id: group_open(db, platform, chat_id))
        self.settled: set[str] = set()  # keys enqueued or skipped by this process: not made again

    def tick(self) -> int:
        """One pass at the clock's now; how many items the outbox took."""
        now = self.clock()
        taken = 0
        try:
            plans = recap_plans(self.db, self.default_at, self.platform)
            opts = reminder_opts(self.db, self.platform)
        except peewee.DatabaseError:
            log.exception("speaker: cannot read the settings; trying again next tick")
            return 0
        open_groups = {g.id for g, _ in plans if self._guarded(f"gate of group {g.id}", self.gate, g.platform, g.platform_id)}
        for group, plan in plans:
            if group.id not in open_groups:
                continue  # not enabled, or disabled: nothing is said there (its players get no reminder from it)
            taken += self._guarded(f"group {group.id}", self._recaps, group, plan, now)
        groups: dict[int, tuple] = {}  # a group's names and recent plays, read once per pass
        for opt, group, player in opts:
            if group.id not in open_groups:
                continue
            taken += self._guarded(f"reminder of player {opt.player_id}", self._remind, opt, group, player, now, groups)
        return taken

    def _guarded(self, what: str, step: Callable[..., int], *args) -> int:
        try:
            return step(*args)
        except Exception:  # one group's or player's failure must not stop the others, nor the loop
            log.exception("speaker: %s failed; trying again next tick", what)
            return 0

    def _once(self, key: str, message: str, *args) -> None:
        """A warning logged once per run for the same cause (a bad zone is not news every minute)."""
        if key not in self.settled:
            log.warning(message, *args)
            self.settled.add(key)

    def _put(self, item: Say, now: dt.datetime) -> int:
        taken = self.enqueue(self.db, [item], at=to_ms(now))
        self.settled.add(item.key)
        return taken

    def _recaps(self, group: Group, plan: recaps.Plan, now: dt.datetime) -> int:
        try:
            items = recaps.due(plan, now)
        except BadTimeZone as err:
            self._once(f"badzone:{group.id}:{group.timezone}", "speaker: group %d has no recaps: %s", group.id, err)
            return 0
        taken = 0
        for item in items:
            if item.key in self.settled:
                continue
            url = f"{self.base_url}/g/{group.token}"
            try:
                text = recap(self.db, group, item.kind, item.day, now, url, plan.week_start)
            except RecapError as err:
                log.info("speaker: %s skipped: %s", item.key, err)
                self.settled.add(item.key)
                continue
            if item.late:
                text = recaps.mark_late(text, item, group.timezone)
                log.info("speaker: %s is late (due %s)", item.key, item.at.isoformat())
            taken += self._put(Say(group.platform, group.platform_id, True, text.rstrip("\n"), item.key, group.id), now)
        return taken

    def _remind(self, opt: reminders.Opt, group: Group, player, now: dt.datetime, groups: dict) -> int:
        try:
            if reminders.key(opt.player_id, now, opt.timezone) in self.settled:
                return 0  # today's is stored already: no reading
        except BadTimeZone as err:
            cause = f"badzone:player:{opt.player_id}:{opt.timezone}"
            self._once(cause, "speaker: player %d gets no reminders: %s", opt.player_id, err)
            return 0
        if group.id not in groups:
            shown = queries.member_names(self.db, group.id)  # an opted-out player is not counted, nor reminded
            since = now.date() - dt.timedelta(days=reminders.WINDOW_DAYS + 2)
            groups[group.id] = (shown, [p for p in queries.plays(self.db, group.id, start=since) if p.player_id in shown])
        shown, plays = groups[group.id]
        if opt.player_id not in shown:
            return 0
        found = reminders.due(opt, plays, now, name=player.name)
        if found is None or found.key in self.settled:
            return 0
        if found.via == "group":
            return self._put(Say(group.platform, group.platform_id, True, found.text, found.key, group.id), now)
        identity = (
            Identity.select()
            .where((Identity.player == opt.player_id) & (Identity.platform == group.platform))
            .order_by(Identity.id)
            .first()
        )
        if identity is None:
            log.warning("speaker: %s skipped: player %d has no %s identity to write to", found.key, opt.player_id, group.platform)
            self.settled.add(found.key)
            return 0
        text = f"{found.text} ({group.name or 'your group'})"
        return self._put(Say(group.platform, identity.platform_id, False, text, found.key), now)

    def run(self, stop: threading.Event, every: float = TICK_S) -> None:
        """Tick until `stop` is set (SIGTERM), one pass at a time."""
        while not stop.is_set():
            self.tick()
            stop.wait(every)
