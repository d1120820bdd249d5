"""Commands through the Signal transport: envelopes in, outbox rows out, the gate on closed groups."""

from __future__ import annotations

import time

from signal_ingest import fake_signal_api as f
from signal_ingest.conftest import ACCOUNT, ALICE, BOB, GROUP, OTHER_GROUP, body, wordle

from puzzlesecretary import invites
from puzzlesecretary.store import Group, Message, RawEvent, Score
from puzzlesecretary.store.models import Outbox
from puzzlesecretary_signal_ingest.metrics import Metrics
from puzzlesecretary_signal_ingest.pipeline import Pipeline

BASE = "https://scores.example.org"


def _now() -> int:
    return int(time.time() * 1000) - 60_000


def _pipeline(groups=(GROUP,)) -> Pipeline:
    pipeline = Pipeline(list(groups), Metrics(), base_url=BASE)
    entries = [f.group_entry("Puzzlers", GROUP, [ALICE.number, BOB.uuid]), f.group_entry("Family", OTHER_GROUP, [ALICE.number])]
    entries[0]["admins"] = [ALICE.number]
    pipeline.name_groups(entries)
    return pipeline


def _feed(pipeline: Pipeline, *elements) -> None:
    pipeline.store_response(body(*elements))
    pipeline.process_new(final=True)


def _said() -> list[tuple[str, bool, str]]:
    return [(o.chat_id, o.is_group, o.body["text"]) for o in Outbox.select().where(Outbox.kind == "say").order_by(Outbox.id)]


def test_ps_board_in_a_signal_group_puts_the_board_url_in_the_outbox_for_that_group(db):
    pipeline = _pipeline()
    ts = _now()
    _feed(pipeline, f.group_post(ALICE, ts, "!PS board", GROUP, ACCOUNT))
    token = Group.get(Group.platform_id == GROUP).token
    assert _said() == [(GROUP, True, f"Puzzlers's board: {BASE}/g/{token}")]
    assert Outbox.get().key == f"reply:signal:{ALICE.uuid}:{ts}"
    assert Message.select().count() == 0 and RawEvent.get().status == "done"


def test_the_same_command_delivered_twice_is_answered_once(db):
    pipeline = _pipeline()
    post = f.group_post(ALICE, _now(), "!ps help", GROUP, ACCOUNT)
    _feed(pipeline, post)
    _feed(pipeline, post)
    assert len(_said()) == 1


def test_a_direct_help_is_answered_to_the_sender_by_uuid(db):
    pipeline = _pipeline()
    _feed(pipeline, f.group_post(ALICE, _now() - 5000, wordle(3), GROUP, ACCOUNT))
    _feed(pipeline, f.direct_post(ALICE, _now(), "help", ACCOUNT))
    ((chat, is_group, text),) = _said()
    assert (chat, is_group) == (ALICE.uuid, False) and "!ps board" in text
    assert Score.select().count() == 1  # the share counted; the command is no share


def test_an_admin_listed_by_v1_groups_may_change_settings_and_a_member_may_not(db):
    pipeline = _pipeline()
    _feed(pipeline, f.group_post(ALICE, _now(), "!ps set timezone Europe/Prague", GROUP, ACCOUNT))
    _feed(pipeline, f.group_post(BOB, _now() + 1, "!ps set timezone Asia/Tokyo", GROUP, ACCOUNT))
    assert [text for _, _, text in _said()] == ["timezone is now Europe/Prague.", "Only the group's admins can use `set`."]
    assert Group.get(Group.platform_id == GROUP).timezone == "Europe/Prague"


def test_without_a_group_list_a_group_is_read_only_after_join_and_its_other_messages_are_not_kept(db):
    pipeline = _pipeline(groups=())
    _feed(pipeline, f.group_post(ALICE, _now(), wordle(3), OTHER_GROUP, ACCOUNT))
    assert Message.select().count() == 0 and bytes(RawEvent.get().payload) == b""
    code = invites.make().code
    _feed(pipeline, f.group_post(ALICE, _now() + 1, f"!ps join {code}", OTHER_GROUP, ACCOUNT))
    group = Group.get(Group.platform_id == OTHER_GROUP)
    assert group.state == "enabled"
    ((chat, is_group, text),) = _said()
    assert (chat, is_group) == (OTHER_GROUP, True) and f"{BASE}/g/{group.token}" in text
    assert pipeline.joined() and not pipeline.joined()
    assert OTHER_GROUP not in pipeline.members
    family = f.group_entry("Family", OTHER_GROUP, [ALICE.number, BOB.uuid])
    family["admins"] = [BOB.uuid]
    pipeline.name_groups([family])  # what the poller's next reading of /v1/groups does after a join
    assert pipeline.members[OTHER_GROUP] == {ALICE.number, BOB.uuid} and pipeline.applier.admins[OTHER_GROUP] == {BOB.uuid}
    assert Group.get(Group.platform_id == OTHER_GROUP).name == "Family"
    _feed(pipeline, f.group_post(ALICE, _now() + 2, wordle(4), OTHER_GROUP, ACCOUNT))
    assert Message.select().count() == 1


def test_with_a_group_list_another_group_cannot_join(db):
    pipeline = _pipeline(groups=(GROUP,))
    _feed(pipeline, f.group_post(ALICE, _now(), f"!ps join {invites.make().code}", OTHER_GROUP, ACCOUNT))
    assert _said() == [(ALICE.uuid, False, "This PuzzleSecretary reads only the groups its operator listed.")]
    assert Group.get(Group.platform_id == OTHER_GROUP).state == "seen"


def test_after_leave_a_signal_group_is_not_read(db):
    pipeline = _pipeline()
    _feed(pipeline, f.group_post(ALICE, _now(), "!ps leave", GROUP, ACCOUNT))
    _feed(pipeline, *(f.group_post(ALICE, _now() + n, text, GROUP, ACCOUNT) for n, text in ((1, wordle(3)), (2, "!ps board"))))
    assert Message.select().count() == 0 and len(_said()) == 1
    assert Group.get(Group.platform_id == GROUP).state == "disabled"


def test_a_late_envelope_of_a_forgotten_sender_is_not_stored_and_its_payload_is_emptied(db):
    pipeline = _pipeline()
    ts = _now() - 30_000
    _feed(pipeline, f.group_post(ALICE, ts, wordle(3), GROUP, ACCOUNT))
    _feed(pipeline, f.group_post(ALICE, ts + 10, "!ps forget", GROUP, ACCOUNT))
    code = _said()[-1][2].split("`!ps forget ")[1].split("`")[0]
    _feed(pipeline, f.group_post(ALICE, ts + 20, f"!ps forget {code}", GROUP, ACCOUNT))
    assert Message.select().count() == 0 and Score.select().count() == 0
    assert all(ALICE.uuid.encode() not in bytes(r.payload) for r in RawEvent.select())
    _feed(pipeline, f.group_post(ALICE, ts - 5000, wordle(2), GROUP, ACCOUNT))  # sent before; delivered late
    late = RawEvent.select().order_by(RawEvent.id.desc()).get()
    assert (late.status, bytes(late.payload)) == ("ignored", b"") and Message.select().count() == 0
