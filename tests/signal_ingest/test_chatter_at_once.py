"""Chatter stored `chatter` as it is stored (messages.store_messages' settle): where deriving would leave it, and no later."""

import datetime as dt
import json
import time
from pathlib import Path

from signal_ingest import fake_signal_api as f
from signal_ingest.conftest import ACCOUNT, ALICE, CAROL, GROUP, body, wordle

from puzzlesecretary.chatsettings import set_player_choice
from puzzlesecretary.ingest import derive, reparse
from puzzlesecretary.ingest.derive import holds_nothing
from puzzlesecretary.parse import parse
from puzzlesecretary.sample import CHATTER
from puzzlesecretary.store import Identity, Message, RawEvent, Score, database, write_transaction
from puzzlesecretary.store.models import Outbox

ROOT = Path(__file__).resolve().parents[2]
NOW = int(time.time() * 1000) - 600_000  # recent: its shares are confirmed (confirm.MAX_AGE_MS)
TODAY = dt.datetime.fromtimestamp(NOW / 1000, dt.timezone.utc).date()
SENT = dt.datetime(2026, 11, 27, 12, tzinfo=dt.timezone.utc)


def chatter(n: int, first: int = 0) -> list[dict]:
    """`n` chatter posts by Alice and Carol in turn; over 16 KiB (an answer kept whole) when n >= 40."""
    return [
        f.group_post((ALICE, CAROL)[i % 2], NOW + i * 1000, f"chatter line number {i}, a little longer than most", GROUP, ACCOUNT)
        for i in range(first, first + n)
    ]


def test_the_chatter_of_an_answer_kept_whole_is_stored_as_chatter_and_an_edit_makes_it_a_share_that_counts(pipeline):
    pipeline.take(body(*chatter(40)))
    assert RawEvent.get().status == "archived"  # applied whole from its row
    assert {m.status for m in Message.select()} == {"chatter"} and Message.select().count() == 40
    assert Score.select().count() == 0 and Outbox.select().count() == 0
    pipeline.take(body(f.edit(ALICE, NOW + 100_000, NOW, wordle(3, TODAY), GROUP, ACCOUNT)))
    edited = Message.get(Message.sent_at == NOW)
    assert (edited.text, edited.status) == (wordle(3, TODAY), "share")
    assert [(s.message_id, s.counted) for s in Score.select()] == [(edited.id, True)]
    assert Outbox.select().count() == 1  # its ✅


def test_reparse_leaves_chatter_stored_at_once_as_it_is(pipeline):
    pipeline.take(body(*chatter(40)))
    before = sorted((m.id, m.status, m.error) for m in Message.select())
    assert reparse()["messages"] == 40
    assert sorted((m.id, m.status, m.error) for m in Message.select()) == before


def test_the_chatter_of_a_player_who_opted_out_is_derived_as_before(pipeline):
    pipeline.take(body(*chatter(2)))
    alice = Identity.get(Identity.platform_id == ALICE.uuid)
    with write_transaction(database()):
        set_player_choice(alice.player_id, Message.get(Message.identity == alice).group_id, "optout", "on")
    pipeline.take(body(*chatter(40, first=2)))
    statuses = {(m.identity_id == alice.id, m.status) for m in Message.select().where(Message.sent_at >= NOW + 2000)}
    assert statuses == {(True, "optout"), (False, "chatter")}


def test_a_text_the_parser_fails_on_is_left_to_derive_which_keeps_the_failure(pipeline, monkeypatch):
    def broken(text, sent_at=None):
        raise RuntimeError("a parser bug")

    monkeypatch.setattr(derive, "parse", broken)
    pipeline.take(body(*chatter(40)))
    assert {(m.status, m.error) for m in Message.select()} == {("error", "RuntimeError: a parser bug")}


def test_no_share_of_the_fixtures_nor_the_held_out_and_sweep_shares_is_taken_for_chatter():
    texts = [(p.read_text(encoding="utf-8"), p) for p in sorted((ROOT / "tests" / "fixtures").glob("*/*.txt"))]
    for name in ("heldout_shares.jsonl", "sweep_shares.jsonl"):
        lines = (ROOT / "bench" / name).read_text(encoding="utf-8").splitlines()
        texts += [(json.loads(line)["text"], name) for line in lines if line.strip()]
    assert len(texts) > 500
    sent_ms = int(SENT.timestamp() * 1000)
    for text, where in texts:
        outcome = parse(text, SENT)
        assert holds_nothing(text, sent_ms) == (not outcome.results and not outcome.rejections), where
    shares = [text for text, _ in texts if parse(text, SENT).results]
    assert len(shares) > 400 and not any(holds_nothing(text, sent_ms) for text in shares)
    assert all(holds_nothing(text, sent_ms) for text in CHATTER if not parse(text, SENT).rejections)
