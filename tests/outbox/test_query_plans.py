"""Every statement of the outbox (enqueue, claim and its hourly count, settle, recover, own sends) uses an index."""

from __future__ import annotations

import pytest
from signal_ingest.conftest import ALICE, GROUP
from test_applier import full_scans, statements_of

from puzzlesecretary import outbox, sending
from puzzlesecretary.ingest import ensure_group
from puzzlesecretary.outgoing import React, Say


class Quiet:
    platform = "signal"

    def send(self, item):
        return "1764230400000" if isinstance(item, Say) else None


@pytest.mark.sqlite_only
def test_the_outbox_reads_nothing_whole(db):
    group = ensure_group("signal", GROUP, "Puzzlers", "UTC")
    react = React(platform="signal", chat_id=GROUP, is_group=True, target_message_id=f"{ALICE.uuid}:1",
                  target_author=ALICE.uuid, target_sent_at_ms=1, emoji="✅", key="c1", group_id=group.id)  # fmt: skip
    say = Say(platform="signal", chat_id=GROUP, is_group=True, text="hi", key="r1", group_id=group.id)
    loop = sending.Sender(db, Quiet(), enabled=sending.gate(db, {GROUP}), limits=sending.Limits(group_hourly=5))

    def work():
        outbox.enqueue(db, [react, say])
        loop.run_once()
        loop.run_once()
        loop.run_once()
        sending.recover(db, "signal")
        outbox.is_own_send("signal", f"{ALICE.uuid}:1764230400000", GROUP)

    statements = statements_of(db, work)
    assert any("outbox" in s for s in statements)
    assert full_scans(db, statements) == []
