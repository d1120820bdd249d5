"""Classifying envelopes: the real samples (see samples/*.md for their sources) and constructed ones."""

import pytest
from signal_ingest import fake_signal_api as f
from signal_ingest.conftest import ACCOUNT, ALICE, BOB, GROUP, ME, OTHER_GROUP, T0, sample, wordle

from puzzlesecretary_signal_ingest.envelopes import MAX_TEXT_CHARS, EnvelopeError, classify

SAMPLE_GROUP = "asdasdfweasdfsdfcvbnmfghjkl="  # the group of sample signal_08


def test_a_real_typing_envelope_is_ignored():
    assert classify(sample("signal_03_restapi_ws_issue451_typing.json"), [GROUP]).kind == "typing"


@pytest.mark.parametrize(
    "name", ["signal_05_restapi_ws_issue451_read_receipt.json", "signal_07_issue_signal_to_inbox4_delivery_receipt.json"]
)
def test_real_receipts_are_ignored(name):
    assert classify(sample(name), [GROUP]).kind == "receipt"


def test_a_real_reaction_from_a_hidden_number_is_ignored():
    assert classify(sample("signal_06_issue_signal_to_inbox4_group_reaction_hidden_number.json"), [GROUP]).kind == "reaction"


def test_a_real_synced_group_post_is_the_operators_own_message():
    event = classify(sample("signal_08_signalbot_readme_group_sync_sent_old_subscription.json"), [SAMPLE_GROUP])
    assert (event.kind, event.sender, event.group_id, event.text, event.sent_ms) == (
        "own_message",
        "fghjkl-asdf-asdf-asdf-dfghjkl",
        SAMPLE_GROUP,
        "pong",
        1646000000000,
    )


def test_the_configured_self_uuid_is_the_sender_of_synced_posts():
    event = classify(sample("signal_08_signalbot_readme_group_sync_sent_old_subscription.json"), [SAMPLE_GROUP], ME.uuid)
    assert event.sender == ME.uuid
    assert event.message_id == f"{ME.uuid}:1646000000000"


@pytest.mark.parametrize(
    "name", ["signal_04_restapi_ws_issue451_sync_sent_dm.json", "signal_02_jsonrpc_manpage_subscription_syncmessage.json"]
)
def test_the_operators_real_private_messages_are_not_scores(name):
    assert classify(sample(name), [GROUP]).kind == "own_direct"


def test_a_real_direct_message_in_a_jsonrpc_notification_is_read():
    event = classify(sample("signal_01_jsonrpc_manpage_dm_notification.json"), [GROUP])
    assert (event.kind, event.sender, event.sender_name, event.group_id, event.text) == (
        "direct_message",
        "uuid",
        "name",
        None,
        "foobar",
    )


def test_a_group_post_is_keyed_on_the_uuid_even_without_a_number():
    event = classify(f.group_post(BOB, T0, wordle(3), GROUP, ACCOUNT, "Puzzlers"), [GROUP])
    assert (event.kind, event.sender, event.sender_name, event.group_name) == ("message", BOB.uuid, "🐺", "Puzzlers")
    assert event.message_id == f"{BOB.uuid}:{T0}"


def test_an_edit_names_its_target():
    event = classify(f.edit(ALICE, T0 + 5, T0, wordle(4), GROUP, ACCOUNT), [GROUP])
    assert (event.kind, event.sent_ms, event.target_ms, event.text) == ("edit", T0 + 5, T0, wordle(4))


def test_a_remote_delete_names_its_target():
    event = classify(f.delete(ALICE, T0 + 5, T0, GROUP, ACCOUNT), [GROUP])
    assert (event.kind, event.target_ms) == ("delete", T0)


@pytest.mark.parametrize(
    "element, kind",
    [
        (f.own_edit(ME, T0 + 9, T0, "x", GROUP, ACCOUNT), "own_edit"),
        (f.own_delete(ME, T0 + 9, T0, GROUP, ACCOUNT), "own_delete"),
        (f.direct_post(ALICE, T0, "x", ACCOUNT), "direct_message"),
        (f.edit(ALICE, T0 + 5, T0, "x", None, ACCOUNT), "direct_edit"),
        (f.delete(ALICE, T0 + 5, T0, None, ACCOUNT), "direct_delete"),
        (f.group_post(ALICE, T0, "x", OTHER_GROUP, ACCOUNT), "other_group"),
        (f.edit(ALICE, T0 + 5, T0, "x", OTHER_GROUP, ACCOUNT), "other_group"),
        (f.reaction(ALICE, T0, BOB, T0 - 5, OTHER_GROUP, ACCOUNT), "other_group"),
        (f.group_update(ALICE, T0, GROUP, ACCOUNT), "group_update"),
        (f.typing(ALICE, T0, ACCOUNT, GROUP), "typing"),
        (f.untrusted(ALICE, T0, ACCOUNT), "exception"),
        (f.own_direct(ME, T0, "see you at 7", ALICE, ACCOUNT), "own_direct"),
        (
            {"envelope": {"sourceUuid": ALICE.uuid, "timestamp": T0, "callMessage": {"offerMessage": {}}}, "account": ACCOUNT},
            "call",
        ),
        (
            {
                "envelope": {"sourceUuid": ALICE.uuid, "timestamp": T0, "storyMessage": {"allowsReplies": True}},
                "account": ACCOUNT,
            },
            "story",
        ),
        (
            {"envelope": {"sourceUuid": ALICE.uuid, "timestamp": T0, "syncMessage": {"readMessages": []}}, "account": ACCOUNT},
            "sync_other",
        ),
        ({"envelope": {"sourceUuid": ALICE.uuid, "timestamp": T0, "pollMessage": {}}, "account": ACCOUNT}, "unknown"),
        ({"envelope": {"sourceUuid": ALICE.uuid, "timestamp": T0, "dataMessage": {"timestamp": T0, "message": None}}}, "empty"),
        (f.group_post(ALICE, T0, "x" * (MAX_TEXT_CHARS + 1), GROUP, ACCOUNT), "too_large"),
    ],
)
def test_each_kind_of_envelope_is_told_apart(element, kind):
    assert classify(element, [GROUP]).kind == kind


def test_only_the_message_is_read_never_the_quoted_text():
    element = f.group_post(ALICE, T0, "nice one!", GROUP, ACCOUNT)
    element["envelope"]["dataMessage"]["quote"] = {"id": T0 - 9, "author": BOB.uuid, "text": wordle(2)}
    assert classify(element, [GROUP]).text == "nice one!"


@pytest.mark.parametrize(
    "element, complaint",
    [
        ([1, 2], "JSON object"),
        ({"account": ACCOUNT}, "no envelope"),
        ({"envelope": {"timestamp": T0, "dataMessage": {"timestamp": T0, "message": "hi"}}}, "sourceUuid"),
        ({"envelope": {"sourceUuid": ALICE.uuid, "dataMessage": {"message": "hi"}}}, "timestamp"),
        ({"envelope": {"sourceUuid": ALICE.uuid, "timestamp": T0, "dataMessage": "hi"}}, "dataMessage"),
        ({"envelope": {"sourceUuid": ALICE.uuid, "timestamp": T0, "dataMessage": {"timestamp": T0, "message": 42}}}, "not text"),
        ({"envelope": {"sourceUuid": ALICE.uuid, "timestamp": T0, "editMessage": {"dataMessage": {}}}}, "targetSentTimestamp"),
        (
            {
                "envelope": {
                    "sourceUuid": ALICE.uuid,
                    "timestamp": T0,
                    "dataMessage": {"timestamp": T0, "message": "x", "groupInfo": {"type": "DELIVER"}},
                }
            },
            "groupId",
        ),
        (
            {"envelope": {"sourceUuid": ALICE.uuid, "timestamp": T0, "dataMessage": {"timestamp": T0, "remoteDelete": {}}}},
            "remoteDelete",
        ),
    ],
)
def test_a_missing_or_wrong_field_is_an_envelope_error(element, complaint):
    with pytest.raises(EnvelopeError, match=complaint):
        classify(element, [GROUP])
