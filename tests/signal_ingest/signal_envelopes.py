"""The envelopes a signal-cli-rest-api hands out, built for tests: one function per kind.

Shapes as signal-cli's JsonMessageEnvelope and its data, sync, edit, reaction, receipt and
typing messages (the real samples in samples/, each naming its source, have the same keys).
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any, Iterable


@dataclass(frozen=True)
class Person:
    """A Signal account as envelopes show it; `number` None is a hidden phone number."""

    uuid: str
    number: str | None
    name: str | None
    device: int = 1


def compact(element: Any) -> bytes:
    """One output line as signal-cli prints it: compact JSON, UTF-8, emoji unescaped."""
    return json.dumps(element, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _envelope(person: Person, ts: int, account: str, **content: Any) -> dict:
    envelope = {
        "source": person.number or person.uuid,
        "sourceNumber": person.number,
        "sourceUuid": person.uuid,
        "sourceName": person.name,
        "sourceDevice": person.device,
        "timestamp": ts,
        "serverReceivedTimestamp": ts + 150,
        "serverDeliveredTimestamp": ts + 400,
    }
    envelope.update(content)
    return {"envelope": envelope, "account": account}


def _data(
    ts: int, text: str | None, group_id: str | None, group_name: str | None = None, group_type: str = "DELIVER", **extra: Any
) -> dict:
    """A JsonDataMessage: fields in signal-cli's order, groupInfo last."""
    data: dict[str, Any] = {
        "timestamp": ts,
        "message": text,
        "expiresInSeconds": 0,
        "isExpirationUpdate": False,
        "viewOnce": False,
    }
    data.update(extra)
    if group_id is not None:
        info: dict[str, Any] = {"groupId": group_id}
        if group_name is not None:
            info.update(groupName=group_name, revision=3)
        info["type"] = group_type
        data["groupInfo"] = info
    return data


def group_post(person: Person, ts: int, text: str, group_id: str, account: str, group_name: str | None = None) -> dict:
    return _envelope(person, ts, account, dataMessage=_data(ts, text, group_id, group_name))


def direct_post(person: Person, ts: int, text: str, account: str) -> dict:
    return _envelope(person, ts, account, dataMessage=_data(ts, text, None))


def edit(person: Person, ts: int, target: int, text: str, group_id: str | None, account: str) -> dict:
    return _envelope(person, ts, account, editMessage={"targetSentTimestamp": target, "dataMessage": _data(ts, text, group_id)})


def delete(person: Person, ts: int, target: int, group_id: str | None, account: str) -> dict:
    return _envelope(person, ts, account, dataMessage=_data(ts, None, group_id, remoteDelete={"timestamp": target}))


def _sent(destination: Person | None, ts: int, text: str | None, group_id: str | None, **extra: Any) -> dict:
    sent = {
        "destination": destination.number if destination else None,
        "destinationNumber": destination.number if destination else None,
        "destinationUuid": destination.uuid if destination else None,
    }
    sent.update(_data(ts, text, group_id, **extra))
    return sent


def own_post(me: Person, ts: int, text: str, group_id: str, account: str) -> dict:
    """The operator's post from their phone, as a linked signal-cli sees it (sample signal_08)."""
    return _envelope(me, ts, account, syncMessage={"sentMessage": _sent(None, ts, text, group_id)})


def own_edit(me: Person, ts: int, target: int, text: str, group_id: str, account: str) -> dict:
    sent = {"destination": None, "destinationNumber": None, "destinationUuid": None}
    sent["editMessage"] = {"targetSentTimestamp": target, "dataMessage": _data(ts, text, group_id)}
    return _envelope(me, ts, account, syncMessage={"sentMessage": sent})


def own_delete(me: Person, ts: int, target: int, group_id: str, account: str) -> dict:
    return _envelope(
        me, ts, account, syncMessage={"sentMessage": _sent(None, ts, None, group_id, remoteDelete={"timestamp": target})}
    )


def own_direct(me: Person, ts: int, text: str, to: Person, account: str) -> dict:
    return _envelope(me, ts, account, syncMessage={"sentMessage": _sent(to, ts, text, None)})


def reaction(person: Person, ts: int, target_author: Person, target: int, group_id: str, account: str) -> dict:
    react = {
        "emoji": "👍",
        "targetAuthor": target_author.number or target_author.uuid,
        "targetAuthorNumber": target_author.number,
        "targetAuthorUuid": target_author.uuid,
        "targetSentTimestamp": target,
        "isRemove": False,
    }
    return _envelope(person, ts, account, dataMessage=_data(ts, None, group_id, reaction=react))


def group_update(person: Person, ts: int, group_id: str, account: str, group_name: str = "Renamed") -> dict:
    return _envelope(person, ts, account, dataMessage=_data(ts, None, group_id, group_name, group_type="UPDATE"))


def receipt(person: Person, ts: int, timestamps: list[int], account: str) -> dict:
    return _envelope(
        person,
        ts,
        account,
        receiptMessage={"when": ts, "isDelivery": True, "isRead": False, "isViewed": False, "timestamps": timestamps},
    )


def typing(person: Person, ts: int, account: str, group_id: str | None = None) -> dict:
    message: dict[str, Any] = {"action": "STARTED", "timestamp": ts}
    if group_id is not None:
        message["groupId"] = group_id
    return _envelope(person, ts, account, typingMessage=message)


def untrusted(person: Person, ts: int, account: str) -> dict:
    """What signal-cli prints when it cannot decrypt: an `exception` beside a content-less envelope."""
    element = _envelope(person, ts, account)
    return {
        "account": account,
        "exception": {"message": f"Untrusted identity for {person.uuid}", "type": "UntrustedIdentityException"},
        "envelope": element["envelope"],
    }


def rest_group_id(internal_id: str) -> str:
    return "group." + base64.b64encode(internal_id.encode("ascii")).decode("ascii")


def group_entry(name: str, internal_id: str, members: Iterable[str] = ()) -> dict:
    """One element of GET /v1/groups/{number}."""
    return {
        "name": name,
        "description": "",
        "id": rest_group_id(internal_id),
        "internal_id": internal_id,
        "members": list(members),
        "blocked": False,
        "pending_invites": [],
        "pending_requests": [],
        "invite_link": "",
        "admins": [],
    }


# The server -------------------------------------------------------------------------------------
