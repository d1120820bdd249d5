"""Commands through the WhatsApp transport: WAHA events in, outbox rows out, the gate, admins from the metadata."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import time

from whatsapp_ingest.conftest import GROUP, OTHER_GROUP

from puzzlesecretary import invites
from puzzlesecretary.ingest import store_raw
from puzzlesecretary.store import Group, Message, RawEvent, write_transaction
from puzzlesecretary.store import database as bound
from puzzlesecretary.store.models import Outbox
from puzzlesecretary_whatsapp_ingest.metrics import Metrics
from puzzlesecretary_whatsapp_ingest.waha_api import admins_of
from puzzlesecretary_whatsapp_ingest.worker import Options, Processor, State

BASE = "https://scores.example.org"
ANNA = "111111111111111@lid"
BEN = "222222222222222@lid"
_ids = itertools.count(1)


def _processor(groups=(GROUP,)) -> Processor:
    options = Options("default", frozenset(groups), dt.timedelta(seconds=5), 300, 3, 100, 10, base_url=BASE)
    return Processor(options, State(), Metrics())


def _post(processor: Processor, text: str, chat: str = GROUP, sender: str = ANNA) -> None:
    n = next(_ids)
    group = chat.endswith("@g.us")
    payload = {
        "id": f"false_{chat}_3EB0{n:016X}" + (f"_{sender}" if group else ""),
        "timestamp": int(time.time()) - 60 + n,
        "from": chat,
        "fromMe": False,
        "body": text,
        "hasMedia": False,
        **({"participant": sender} if group else {}),
        "_data": {"pushName": "Anna" if sender == ANNA else "Ben"},
    }
    body = json.dumps({"event": "message", "session": "default", "payload": payload}).encode()
    with write_transaction(bound()):
        store_raw("whatsapp", f"evt:{n}", body, kind="message")
    processor.process_pending()


def _said() -> list[tuple[str, bool, str]]:
    return [(o.chat_id, o.is_group, o.body["text"]) for o in Outbox.select().where(Outbox.kind == "say").order_by(Outbox.id)]


def test_ps_board_in_a_whatsapp_group_puts_the_board_url_in_the_outbox(db):
    processor = _processor()
    _post(processor, "!ps board")
    token = Group.get(Group.platform_id == GROUP).token
    assert _said() == [(GROUP, True, f"This group's board: {BASE}/g/{token}")]
    assert Message.select().count() == 0


def test_a_direct_help_to_the_bot_is_answered_to_the_sender(db):
    processor = _processor()
    _post(processor, "Wordle 1,621 3/6\n\n⬛🟨⬛⬛⬛\n🟩🟩⬛🟩⬛\n🟩🟩🟩🟩🟩")
    _post(processor, "help", chat=ANNA)
    ((chat, is_group, text),) = _said()
    assert (chat, is_group) == (ANNA, False) and "!ps board" in text


def test_join_enables_a_whatsapp_group_without_a_group_list_and_asks_for_a_catch_up(db):
    processor = _processor(groups=())
    _post(processor, "Wordle 1,621 3/6", chat=OTHER_GROUP)
    assert Message.select().count() == 0
    processor.state.catchup_due_at = None
    _post(processor, f"!ps join {invites.make().code}", chat=OTHER_GROUP)
    assert Group.get(Group.platform_id == OTHER_GROUP).state == "enabled"
    assert _said()[0][:2] == (OTHER_GROUP, True) and processor.state.catchup_due_at is not None
    _post(processor, "hello", chat=OTHER_GROUP)
    assert Message.select().count() == 1


def test_a_command_in_a_whatsapp_group_not_read_gets_nothing_and_is_not_kept(db):
    processor = _processor()
    _post(processor, "!ps board", chat=OTHER_GROUP)
    assert _said() == [] and RawEvent.get().status == "ignored"


def test_whatsapp_admins_come_from_the_groups_metadata_in_each_engines_shape(db):
    noweb = {"participants": [{"id": ANNA, "admin": "superadmin"}, {"id": BEN, "admin": None}]}
    webjs = {"groupMetadata": {"participants": [{"id": {"_serialized": ANNA}, "isAdmin": True}, {"id": {"_serialized": BEN}}]}}
    v2 = {"participants": [{"id": ANNA, "role": "admin"}, {"id": BEN, "role": "participant"}]}
    gows = {"Participants": [{"JID": ANNA, "IsAdmin": True}, {"JID": BEN, "IsAdmin": False}]}
    assert {admins_of(info) for info in (noweb, webjs, v2, gows)} == {frozenset({ANNA})}
    assert admins_of({"participants": "odd"}) == frozenset() and admins_of({}) == frozenset()
    processor = _processor()
    processor.applier.admins[GROUP] = admins_of(noweb)
    _post(processor, "!ps set timezone Europe/Prague")
    _post(processor, "!ps leave", sender=BEN)
    assert [t for _, _, t in _said()] == ["timezone is now Europe/Prague.", "Only the group's admins can use `leave`."]


def test_a_late_webhook_from_a_forgotten_whatsapp_sender_is_not_stored_and_its_payload_is_emptied(db):
    processor = _processor()
    _post(processor, "Wordle 1,621 3/6\n\n⬛🟨⬛⬛⬛\n🟩🟩⬛🟩⬛\n🟩🟩🟩🟩🟩")
    _post(processor, "!ps forget")
    code = _said()[-1][2].split("`!ps forget ")[1].split("`")[0]
    _post(processor, f"!ps forget {code}")
    assert Message.select().count() == 0
    assert all(ANNA.encode() not in bytes(r.payload) for r in RawEvent.select())
    _post(processor, "Wordle 1,620 4/6")  # a late webhook: nothing from them is stored until they optin
    late = RawEvent.select().order_by(RawEvent.id.desc()).get()
    assert (late.status, bytes(late.payload)) == ("ignored", b"") and Message.select().count() == 0
