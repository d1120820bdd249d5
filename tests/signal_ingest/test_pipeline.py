"""From receive responses to messages, scores and the board, on a real database."""

import json

import pytest
from helpers import refuse
from signal_ingest import fake_signal_api as f
from signal_ingest.conftest import ACCOUNT, ALICE, BOB, CAROL, DAY, GROUP, ME, OTHER_GROUP, STRANGER, T0, body, count, wordle

from puzzlesecretary.board import render_board
from puzzlesecretary.clock import now_ms
from puzzlesecretary.ingest import score_pending
from puzzlesecretary.stats import day_results
from puzzlesecretary.store import Group, Identity, Message, Player, RawEvent, Score, database
from puzzlesecretary.store.models import Outbox
from puzzlesecretary_signal_ingest.pipeline import Pipeline


def feed(pipeline, *elements) -> None:
    pipeline.store_response(body(*elements))
    pipeline.process_new()


def scores() -> dict[str, float]:
    """Counted Wordle scores by player name."""
    group = Group.get(Group.platform == "signal", Group.platform_id == GROUP)
    return {e.player: e.score for e in day_results(database(), group, DAY).get("wordle", [])}


def message(sender, ts) -> Message:
    return Message.get(Message.platform == "signal", Message.platform_message_id == f"{sender.uuid}:{ts}")


def test_group_posts_become_scores_on_the_board(pipeline, metrics):
    feed(
        pipeline,
        f.group_post(ALICE, T0, wordle(3), GROUP, ACCOUNT, "Puzzlers"),
        f.group_post(CAROL, T0 + 60_000, wordle(5), GROUP, ACCOUNT),
    )
    assert scores() == {"Alice": 3, "Carol": 5}
    group = Group.get(Group.platform_id == GROUP)
    board = render_board(group, DAY)
    assert board.startswith("Puzzlers")
    assert "Alice" in board and "3/6" in board and "5/6" in board
    assert count(metrics, "ingest_messages_total", kind="message") == 2
    assert [r.status for r in RawEvent.select().order_by(RawEvent.id)] == ["done", "done"]


def test_the_raw_response_is_stored_before_anything_is_read(pipeline):
    element = f.compact(f.group_post(ALICE, T0, wordle(3), GROUP, ACCOUNT))
    assert pipeline.store_response(body(element)) == 1
    row = RawEvent.get()
    assert (bytes(row.payload), row.status, row.kind) == (element, "new", "dataMessage")
    assert Message.select().count() == 0
    pipeline.process_new()
    assert RawEvent.get().status == "done"
    assert Message.select().count() == 1


def test_a_response_stored_before_a_crash_is_applied_at_the_next_start(db, metrics):
    Pipeline([GROUP], metrics).store_response(body(f.group_post(ALICE, T0, wordle(3), GROUP, ACCOUNT)))
    # A new process: nothing but the database survived.
    assert Pipeline([GROUP], metrics).process_new() == 1
    assert scores() == {"Alice": 3}


def test_an_edit_replaces_the_score(pipeline, metrics):
    feed(pipeline, f.group_post(ALICE, T0, wordle(5), GROUP, ACCOUNT))
    feed(pipeline, f.edit(ALICE, T0 + 10_000, T0, wordle(4), GROUP, ACCOUNT))
    assert scores() == {"Alice": 4}
    assert message(ALICE, T0).edits[0]["text"] == wordle(5)
    assert count(metrics, "ingest_messages_total", kind="edit") == 1


@pytest.mark.parametrize("second_target", ["original", "first edit"])
def test_an_edit_of_an_edit_maps_back_to_the_original(pipeline, second_target):
    feed(pipeline, f.group_post(ALICE, T0, wordle(6), GROUP, ACCOUNT))
    feed(pipeline, f.edit(ALICE, T0 + 10_000, T0, wordle(5), GROUP, ACCOUNT))
    target = T0 if second_target == "original" else T0 + 10_000
    feed(pipeline, f.edit(ALICE, T0 + 20_000, target, wordle(4), GROUP, ACCOUNT))
    assert scores() == {"Alice": 4}
    assert Message.select().count() == 1
    assert [e["text"] for e in message(ALICE, T0).edits] == [wordle(6), wordle(5)]


def test_edits_in_one_response_apply_in_the_senders_order(pipeline):
    feed(
        pipeline,
        f.edit(ALICE, T0 + 20_000, T0 + 10_000, wordle(4), GROUP, ACCOUNT),
        f.edit(ALICE, T0 + 10_000, T0, wordle(5), GROUP, ACCOUNT),
        f.group_post(ALICE, T0, wordle(6), GROUP, ACCOUNT),
    )
    assert scores() == {"Alice": 4}
    assert Message.select().count() == 1


def test_an_edit_arriving_before_its_message_stands(pipeline, metrics):
    feed(pipeline, f.edit(ALICE, T0 + 10_000, T0, wordle(4), GROUP, ACCOUNT))
    feed(pipeline, f.group_post(ALICE, T0, wordle(5), GROUP, ACCOUNT))
    assert scores() == {"Alice": 4}
    assert message(ALICE, T0).sent_at == T0
    assert Message.select().count() == 1
    assert count(metrics, "ingest_duplicates_total", check="message_id") == 1


def test_a_delete_drops_the_score_and_keeps_the_message(pipeline, metrics):
    feed(pipeline, f.group_post(ALICE, T0, wordle(3), GROUP, ACCOUNT), f.group_post(CAROL, T0 + 1, wordle(2), GROUP, ACCOUNT))
    feed(pipeline, f.delete(ALICE, T0 + 10_000, T0, GROUP, ACCOUNT))
    assert scores() == {"Carol": 2}
    kept = message(ALICE, T0)
    assert kept.deleted and kept.text == wordle(3)
    assert count(metrics, "ingest_messages_total", kind="delete") == 1


def test_a_delete_arriving_before_its_message_keeps_it_deleted_with_its_text(pipeline):
    feed(pipeline, f.delete(ALICE, T0 + 10_000, T0, GROUP, ACCOUNT))
    feed(pipeline, f.group_post(ALICE, T0, wordle(3), GROUP, ACCOUNT))
    assert scores() == {}
    kept = message(ALICE, T0)
    assert kept.deleted and kept.text == wordle(3)


def test_an_edit_arriving_before_its_message_keeps_the_original_in_the_history(pipeline):
    feed(pipeline, f.edit(ALICE, T0 + 10_000, T0, wordle(4), GROUP, ACCOUNT))
    feed(pipeline, f.group_post(ALICE, T0, wordle(5), GROUP, ACCOUNT))
    kept = message(ALICE, T0)
    assert (kept.text, [e["text"] for e in kept.edits]) == (wordle(4), [wordle(5)])


def test_an_edit_waits_for_its_message_while_a_backlog_is_read(pipeline, metrics):
    pipeline.store_response(body(f.edit(ALICE, T0 + 20_000, T0 + 10_000, wordle(3), GROUP, ACCOUNT)))
    assert pipeline.process_new(final=False) == 0
    assert RawEvent.get().status == "new" and Message.select().count() == 0
    # The rest of the backlog, in a later answer: the first edit, then the message itself.
    pipeline.store_response(body(f.edit(ALICE, T0 + 10_000, T0, wordle(4), GROUP, ACCOUNT)))
    assert pipeline.process_new(final=False) == 0
    pipeline.store_response(body(f.group_post(ALICE, T0, wordle(5), GROUP, ACCOUNT)))
    pipeline.process_new(final=False)
    pipeline.process_new(final=True)  # the upstream answered []
    assert Message.select().count() == 1
    assert scores() == {"Alice": 3}
    assert [e["text"] for e in message(ALICE, T0).edits] == [wordle(5), wordle(4)]
    assert {r.status for r in RawEvent.select()} == {"done"}
    assert count(metrics, "ingest_messages_total", kind="edit") == 2


def test_an_edit_of_an_edit_that_changed_nothing_still_maps_back(pipeline):
    feed(pipeline, f.group_post(ALICE, T0, wordle(5), GROUP, ACCOUNT))
    feed(pipeline, f.edit(ALICE, T0 + 10_000, T0, wordle(5), GROUP, ACCOUNT))  # same text again
    feed(pipeline, f.edit(ALICE, T0 + 20_000, T0 + 10_000, wordle(3), GROUP, ACCOUNT))
    assert Message.select().count() == 1
    assert scores() == {"Alice": 3}


def test_an_edit_of_a_message_never_seen_becomes_the_message(pipeline):
    feed(pipeline, f.edit(CAROL, T0 + 10_000, T0, wordle(2), GROUP, ACCOUNT))
    assert scores() == {"Carol": 2}
    assert message(CAROL, T0).sent_at == T0


def test_the_operators_synced_posts_and_edits_count(pipeline, metrics):
    feed(pipeline, f.own_post(ME, T0, wordle(4), GROUP, ACCOUNT), f.group_post(ALICE, T0 + 1, wordle(3), GROUP, ACCOUNT))
    feed(pipeline, f.own_edit(ME, T0 + 5000, T0, wordle(2), GROUP, ACCOUNT))
    assert scores() == {"Operator": 2, "Alice": 3}
    assert count(metrics, "ingest_messages_total", kind="own_message") == 1
    assert count(metrics, "ingest_messages_total", kind="own_edit") == 1
    feed(pipeline, f.own_delete(ME, T0 + 9000, T0, GROUP, ACCOUNT))
    assert scores() == {"Alice": 3}


def test_a_hidden_number_is_keyed_on_the_uuid_and_the_name_follows(pipeline):
    feed(pipeline, f.group_post(BOB, T0, wordle(3), GROUP, ACCOUNT))
    renamed = f.Person(BOB.uuid, None, "Bobby", device=3)
    feed(pipeline, f.group_post(renamed, T0 + 86_400_000, wordle(4, DAY.replace(day=28)), GROUP, ACCOUNT))
    identity = Identity.get(Identity.platform == "signal", Identity.platform_id == BOB.uuid)
    assert identity.display_name == "Bobby"
    assert identity.player.name == "Bobby"
    assert Player.select().count() == 1


def test_the_same_envelope_delivered_twice_stores_once(pipeline, metrics):
    post = f.group_post(ALICE, T0, wordle(3), GROUP, ACCOUNT)
    feed(pipeline, post, post)
    resent = f.group_post(ALICE, T0, wordle(3), GROUP, ACCOUNT)
    resent["envelope"]["serverDeliveredTimestamp"] += 60_000  # redelivered later by the server
    feed(pipeline, resent)
    assert Message.select().count() == 1
    assert RawEvent.select().count() == 1
    assert Score.select().count() == 1
    assert count(metrics, "ingest_duplicates_total", check="envelope") == 2


def test_a_direct_message_from_a_member_counts_in_their_group(pipeline, metrics):
    feed(pipeline, f.group_post(ALICE, T0, "morning all", GROUP, ACCOUNT))
    feed(pipeline, f.direct_post(ALICE, T0 + 1000, wordle(3), ACCOUNT))
    assert scores() == {"Alice": 3}
    assert count(metrics, "ingest_messages_total", kind="direct_message") == 1


def test_a_direct_message_from_a_stranger_is_stored_nowhere(pipeline, metrics):
    feed(pipeline, f.direct_post(STRANGER, T0, wordle(3), ACCOUNT), f.edit(STRANGER, T0 + 5, T0, wordle(2), None, ACCOUNT))
    assert Message.select().count() == 0
    assert Identity.select().count() == 0 and Player.select().count() == 0
    rows = list(RawEvent.select())
    assert [(r.status, r.kind, bytes(r.payload)) for r in rows] == [("ignored", "stranger", b"")] * 2
    assert count(metrics, "ingest_messages_total", kind="stranger") == 2


def test_other_groups_and_the_operators_private_chats_are_not_kept(pipeline, metrics):
    feed(pipeline, f.group_post(ALICE, T0, wordle(3), OTHER_GROUP, ACCOUNT), f.own_direct(ME, T0 + 1, wordle(2), ALICE, ACCOUNT))
    assert Message.select().count() == 0
    assert Group.select().count() == 0
    assert [(r.kind, bytes(r.payload)) for r in RawEvent.select()] == [("other_group", b""), ("own_direct", b"")]


def test_noise_is_counted_and_never_parsed(pipeline, metrics):
    feed(
        pipeline,
        f.reaction(ALICE, T0, BOB, T0 - 5, GROUP, ACCOUNT),
        f.receipt(BOB, T0 + 1, [T0], ACCOUNT),
        f.typing(BOB, T0 + 2, ACCOUNT, GROUP),
        f.group_update(ALICE, T0 + 3, GROUP, ACCOUNT),
        f.untrusted(CAROL, T0 + 4, ACCOUNT),
        {"envelope": {"sourceUuid": ALICE.uuid, "timestamp": T0 + 5, "callMessage": {"hangupMessage": {}}}, "account": ACCOUNT},
        {"envelope": {"sourceUuid": ALICE.uuid, "timestamp": T0 + 6, "storyMessage": {}}, "account": ACCOUNT},
        {"envelope": {"sourceUuid": ALICE.uuid, "timestamp": T0 + 7, "pinMessage": {}}, "account": ACCOUNT},
    )
    assert Message.select().count() == 0
    kinds = {"reaction", "receipt", "typing", "group_update", "exception", "call", "story", "unknown"}
    assert {r.kind for r in RawEvent.select()} == kinds
    assert {r.status for r in RawEvent.select()} == {"ignored"}
    for kind in kinds:
        assert count(metrics, "ingest_messages_total", kind=kind) == 1
    assert count(metrics, "ingest_parse_failures_total", reason="exception") == 1
    assert count(metrics, "ingest_parse_failures_total", reason="unknown") == 1


GOOD_AFTER = f.group_post(CAROL, T0 + 99, wordle(2), GROUP, ACCOUNT)


@pytest.mark.parametrize(
    "bad, status, kind, reason",
    [
        (
            b'{"envelope":{"sourceUuid":"' + ALICE.uuid.encode() + b'","timestamp":1,"dataMessage":{"message":"Wordle',
            "error",
            "malformed",
            "malformed_json",
        ),
        (
            f.compact(
                {
                    "envelope": {
                        "timestamp": T0,
                        "dataMessage": {"timestamp": T0, "message": wordle(3), "groupInfo": {"groupId": GROUP}},
                    }
                }
            ),
            "error",
            "malformed",
            "missing_field",
        ),
        (
            f.compact(
                {
                    "envelope": {
                        "sourceUuid": ALICE.uuid,
                        "timestamp": T0,
                        "editMessage": {"dataMessage": {"timestamp": T0, "message": "x"}},
                    }
                }
            ),
            "error",
            "malformed",
            "missing_field",
        ),
        (f.compact(f.group_post(ALICE, T0, "x" * 10_000_000, GROUP, ACCOUNT)), "ignored", "too_large", "too_large"),
    ],
    ids=["malformed JSON", "no sourceUuid", "edit without target", "a 10 MB message"],
)
def test_bad_input_is_kept_raw_counted_and_the_messages_behind_it_count(pipeline, metrics, bad, status, kind, reason):
    feed(pipeline, bad, GOOD_AFTER)
    first = RawEvent.select().order_by(RawEvent.id).first()
    assert (bytes(first.payload), first.status, first.kind) == (bad, status, kind)
    assert count(metrics, "ingest_parse_failures_total", reason=reason) == 1
    assert scores() == {"Carol": 2}


def test_invalid_utf8_is_counted_and_the_message_still_stored(pipeline, metrics):
    bad = f.compact(f.group_post(ALICE, T0, "morning all " + wordle(3), GROUP, ACCOUNT)).replace(b"morning", b"m\xffrning")
    feed(pipeline, bad, GOOD_AFTER)
    assert bytes(RawEvent.select().order_by(RawEvent.id).first().payload) == bad
    assert count(metrics, "ingest_parse_failures_total", reason="invalid_utf8") == 1
    assert message(ALICE, T0).text.startswith("m\ufffdrning")
    assert scores() == {"Alice": 3, "Carol": 2}


def test_a_response_that_is_not_an_array_is_kept_and_counted(pipeline, metrics):
    pipeline.store_response(b'{"error":"Error while receiving"}')
    pipeline.process_new()
    row = RawEvent.get()
    assert (row.status, row.kind, bytes(row.payload)) == ("error", "malformed", b'{"error":"Error while receiving"}')
    assert count(metrics, "ingest_parse_failures_total", reason="malformed_json") == 1


def test_the_earlier_sent_post_counts_whatever_the_arrival_order(pipeline):
    feed(
        pipeline, f.group_post(ALICE, T0 + 60_000, wordle(5), GROUP, ACCOUNT), f.group_post(ALICE, T0, wordle(3), GROUP, ACCOUNT)
    )
    assert scores() == {"Alice": 3}
    assert Score.select().where(Score.counted == False).count() == 1  # noqa: E712 (the repost stays, uncounted)


def test_a_group_name_from_the_upstream_names_the_board(pipeline):
    missing = pipeline.name_groups([f.group_entry("Puzzlers", GROUP)])
    assert missing == []
    assert Group.get(Group.platform_id == GROUP).name == "Puzzlers"
    assert Pipeline([GROUP, OTHER_GROUP], pipeline.metrics).name_groups([f.group_entry("Puzzlers", GROUP)]) == [OTHER_GROUP]


def test_a_nul_character_is_read_as_a_replacement_and_the_raw_keeps_it(pipeline):
    feed(pipeline, f.group_post(f.Person(ALICE.uuid, ALICE.number, "Al\x00ice"), T0, "nul \x00 here", GROUP, ACCOUNT), GOOD_AFTER)
    assert message(ALICE, T0).text == "nul \ufffd here"
    assert b"\\u0000" in bytes(RawEvent.select().order_by(RawEvent.id).first().payload)
    assert scores() == {"Carol": 2}


def escaped(element: dict) -> bytes:
    """An element with every non-ASCII character as a \\u escape, so a lone surrogate can be sent."""
    return json.dumps(element, separators=(",", ":")).encode("ascii")


def test_a_lone_surrogate_in_a_name_or_text_keeps_the_message_and_its_score(pipeline, metrics):
    name = f.Person(ALICE.uuid, ALICE.number, "Al\ud800ice")
    text = "morning \udfff\n" + wordle(3)
    feed(pipeline, escaped(f.group_post(name, T0, text, GROUP, ACCOUNT, "Pu\udbffzzlers")), GOOD_AFTER)
    assert message(ALICE, T0).text == "morning \ufffd\n" + wordle(3)
    assert scores() == {"Al\ufffdice": 3, "Carol": 2}
    assert Group.get(Group.platform_id == GROUP).name == "Pu\ufffdzzlers"
    assert b"\\ud800" in bytes(RawEvent.select().order_by(RawEvent.id).first().payload)


def test_a_lone_surrogate_in_the_senders_uuid_and_number_keeps_the_message(pipeline, metrics):
    odd = f.Person("u\udc00-uuid", "+4\udfff", "Odd")
    feed(pipeline, escaped(f.group_post(odd, T0, wordle(4), GROUP, ACCOUNT)), GOOD_AFTER)
    assert scores() == {"Odd": 4, "Carol": 2}
    assert Identity.get(Identity.display_name == "Odd").platform_id == "u\ufffd-uuid"


def test_a_direct_message_counts_for_a_listed_member_who_never_posted(pipeline, metrics):
    pipeline.name_groups([f.group_entry("Puzzlers", GROUP, [CAROL.number, BOB.uuid])])
    feed(pipeline, f.direct_post(CAROL, T0, wordle(4), ACCOUNT), f.direct_post(BOB, T0 + 1, wordle(5), ACCOUNT))
    assert scores() == {"Carol": 4, "🐺": 5}  # Bob's number is hidden: the group lists his uuid
    feed(pipeline, f.direct_post(STRANGER, T0 + 2, wordle(2), ACCOUNT))
    assert Identity.select().where(Identity.platform_id == STRANGER.uuid).count() == 0


def test_a_direct_message_lands_in_each_group_its_sender_is_in_and_an_edit_follows(metrics, db):
    pipeline = Pipeline([GROUP, OTHER_GROUP], metrics)
    pipeline.name_groups([f.group_entry("Puzzlers", GROUP, [CAROL.number]), f.group_entry("Family", OTHER_GROUP, [CAROL.number])])
    feed(pipeline, f.direct_post(CAROL, T0, wordle(4), ACCOUNT))
    feed(pipeline, f.edit(CAROL, T0 + 5000, T0, wordle(3), None, ACCOUNT))
    rows = list(Message.select().order_by(Message.id))
    assert len(rows) == 2 and {r.group.platform_id for r in rows} == {GROUP, OTHER_GROUP}
    assert {r.text for r in rows} == {wordle(3)}
    assert Score.select().where(Score.counted == True).count() == 2  # noqa: E712


def test_a_message_is_applied_and_scored_with_its_confirmation_in_one_transaction(pipeline, db):
    pipeline.store_response(body(f.group_post(ALICE, now_ms() - 60_000, wordle(3), GROUP, ACCOUNT)))
    commits = []
    real_commit = db.commit
    db.commit = lambda: (commits.append(1), real_commit())[1]
    try:
        pipeline.process_new()
    finally:
        del db.commit
    assert len(commits) == 1
    assert Score.select().count() == 1
    assert Outbox.select().count() == 1  # its ✅


def test_scores_the_database_refuses_leave_the_message_stored_and_pending_with_a_log_line(pipeline, db, metrics, caplog):
    lift = refuse(db, "score")
    share = f.group_post(ALICE, now_ms() - 60_000, wordle(3), GROUP, ACCOUNT)
    pipeline.store_response(body(share, f.group_post(CAROL, now_ms() - 50_000, "hi", GROUP, ACCOUNT)))
    assert pipeline.process_new() == 2
    assert {r.status for r in RawEvent.select()} == {"done"}
    # The chatter was stored as `chatter` at once (nothing to derive); the share waits for score_pending.
    assert [(m.text, m.status) for m in Message.select().order_by(Message.id)] == [(wordle(3), "pending"), ("hi", "chatter")]
    assert "stay pending for score_pending" in caplog.text and "refused for the test" in caplog.text
    lift()
    assert score_pending(confirm=True) == 1
    assert sorted(m.status for m in Message.select()) == ["chatter", "share"]
    assert Score.select().count() == 1
    assert Outbox.select().count() == 1
