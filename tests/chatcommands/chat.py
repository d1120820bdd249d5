"""A group chat for command tests: messages go through the real applier (commands on, a gate,
the real store); the replies it would put in the outbox are kept in `sent` to read."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import replace

from helpers import message

from puzzlesecretary.clock import now_ms
from puzzlesecretary.groups import ENABLED, Gate, set_state
from puzzlesecretary.ingest import Applier, Policy, ensure_group
from puzzlesecretary.store import database, write_transaction

BASE = "https://ps.example.org"
WORDLE = "Wordle 1,621 3/6\n\n⬛🟨⬛⬛⬛\n🟩🟩⬛🟩⬛\n🟩🟩🟩🟩🟩"
_ids = itertools.count(1)


class Chat:
    def __init__(self, platform: str = "test", allowlist=None) -> None:
        self.platform = platform
        self.gate = Gate(platform, allowlist)
        policy = Policy(commands=True, within=self.gate, base_url=BASE, allowlist=allowlist)
        self.applier = Applier(policy)
        self.sent: list = []
        self.applier.deliver = self.sent.extend
        # The senders' clock: 11 s between posts, so a test's few commands never look like a flood.
        self.clock = dt.datetime.fromtimestamp(now_ms() / 1000, dt.timezone.utc) - dt.timedelta(hours=2)

    def open_group(self, group_id: str = "g1", name: str = "Puzzlers"):
        with write_transaction(database()):
            group = ensure_group(self.platform, group_id, name)
            set_state(group, ENABLED)
        return group

    def post(self, text: str, sender: str = "u-alice", name: str = "Alice", group: str | None = "g1", at=None, **extra):
        """Post a message; returns the replies it got (and keeps them in `sent`)."""
        before = len(self.sent)
        self.clock += dt.timedelta(seconds=11)
        when = at or self.clock
        made = message(text, sender=sender, name=name, group=group, at=when, message_id=f"{sender}:{next(_ids)}",
                       platform=self.platform)  # fmt: skip
        event = replace(made, **extra)
        self.last_outcome = self.applier.apply([event])[0]
        return self.sent[before:]

    def say(self, text: str, **kw) -> str:
        """The one reply's text to a message (asserts there is exactly one)."""
        replies = self.post(text, **kw)
        assert len(replies) == 1, replies
        return replies[0].text
