"""The sending half of the fake signal-cli-rest-api: each request checked against the real API, and kept.

What bbernhard/signal-cli-rest-api's src/api/api.go accepts (docs/sending.md):
  POST   /v2/send               {"number", "recipients": [...], "message", ...}   201 {"timestamp": "<ms>"}
  POST   /v1/reactions/{number} {"recipient", "reaction", "target_author", "timestamp"}   204
  DELETE /v1/reactions/{number} {"recipient", "target_author", "timestamp", ["reaction"]}   204
  POST   /v1/receipts/{number}  {"recipient", "receipt_type": read|viewed, "timestamp"}   204
The fake is stricter than gin's binding in one way: a key the real request type does not declare
is refused (400), so a misspelt field fails a test instead of being dropped silently.
Test-only controls: POST /test/send-fail {"count", "status", "body", "retry_after"}; GET /test/sends.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import threading
import time
import uuid
from collections import deque

SEND_V2_KEYS = {
    "number", "recipients", "recipient", "message", "base64_attachments", "sticker", "mentions", "quote_timestamp",
    "quote_author", "quote_message", "quote_mentions", "text_mode", "edit_timestamp", "notify_self", "link_preview", "view_once",
}  # fmt: skip
REACTION_KEYS = {"recipient", "reaction", "target_author", "timestamp"}
RECEIPT_KEYS = {"recipient", "receipt_type", "timestamp"}
PHONE = re.compile(r"^\+[1-9][0-9]{6,15}$")


class Refused(Exception):
    """The request is not one the real API takes: (status, error text)."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


class Outgoing:
    """The fake's record of what it was asked to send, and the failures a test scripted."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.sends: list[dict] = []  # {"method", "path", "body", "status"} for every checked request
        self.failures: deque[tuple[int, bytes, str | None]] = deque()
        self.hold_s = 0.0  # answer each request to `hold_path` this late, or until `release` (a test kills its sender meanwhile)
        self.hold_path = "/v2/send"
        self.release = threading.Event()
        self.clock = int(time.time() * 1000)
        self.array_answers = False  # answer /v2/send as the unreleased API does: [{"timestamp": ...}]

    def fail_next(self, count: int, status: int = 400, body: bytes | None = None, retry_after: str | None = None) -> None:
        body = body or json.dumps({"error": "Failed to send message"}).encode()
        with self.lock:
            self.failures.extend([(status, body, retry_after)] * count)

    def taken(self, kind: str | None = None) -> list[dict]:
        with self.lock:
            return [s for s in self.sends if s["status"] < 300 and (kind is None or s["path"].startswith(kind))]


def _group_ok(recipient: str, groups: list[dict]) -> bool:
    return any(g.get("id") == recipient for g in groups)


def _recipient(value, groups: list[dict], where: str) -> None:
    if not isinstance(value, str) or not value:
        raise Refused(f"Couldn't process request - {where} missing")
    if value.startswith("group."):
        try:
            inner = base64.b64decode(base64.b64decode(value[len("group."):], validate=True), validate=True)
        except (binascii.Error, ValueError):
            raise Refused("Invalid identifier " + value) from None
        if len(inner) != 32:
            raise Refused(f"Invalid Signal group size ({len(inner)}")
        if not _group_ok(value, groups):
            raise Refused("Failed to send message: Unknown group")
        return
    if PHONE.match(value):
        return
    try:
        uuid.UUID(value)
    except ValueError:
        raise Refused(f"Invalid recipient {value!r}: neither a group, a number nor a uuid") from None


def _object(body: bytes, keys: set[str]) -> dict:
    try:
        value = json.loads(body)
    except ValueError:
        raise Refused("Couldn't process request - invalid request") from None
    if not isinstance(value, dict):
        raise Refused("Couldn't process request - invalid request")
    unknown = set(value) - keys
    if unknown:
        raise Refused(f"Couldn't process request - unknown fields {sorted(unknown)} (the fake refuses what the API ignores)")
    return value


def _timestamp(value) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Refused("Couldn't process request - invalid request")  # gin cannot bind a non-integer to int64
    if value == 0:
        raise Refused("Couldn't process request - timestamp missing")


def check(method: str, path: str, body: bytes, number: str, groups: list[dict]) -> dict:
    """The request's JSON body if the real API takes it, else Refused."""
    if path == "/v2/send" and method == "POST":
        return _check_send(_object(body, SEND_V2_KEYS), number, groups)
    for prefix, keys in (("/v1/reactions/", REACTION_KEYS), ("/v1/receipts/", RECEIPT_KEYS)):
        if path.startswith(prefix):
            if path[len(prefix):].replace("%2B", "+") != number:
                raise Refused(f"User {path[len(prefix):]} is not registered.")
            request = _object(body, keys)
            _recipient(request.get("recipient"), groups, "recipient")
            (_check_receipt if prefix == "/v1/receipts/" else _check_reaction)(method, request)
            _timestamp(request.get("timestamp"))
            return request
    raise Refused("404 page not found", 404)


def _check_send(request: dict, number: str, groups: list[dict]) -> dict:
    recipients = request.get("recipients")
    if not isinstance(recipients, list) or not all(isinstance(r, str) for r in recipients):
        raise Refused("Couldn't process request - invalid request")
    if not recipients:
        raise Refused("Couldn't process request - please provide at least one recipient")
    if request.get("number") != number:
        raise Refused("Couldn't process request - please provide a valid number")
    if not isinstance(request.get("message"), str):
        raise Refused("Couldn't process request - invalid request")
    if any(r.startswith("group.") for r in recipients) and len(recipients) > 1:
        raise Refused("A signal message cannot be sent to more than one group at once, or to groups and numbers together")
    for recipient in recipients:
        _recipient(recipient, groups, "recipient")
    return request


def _check_receipt(method: str, request: dict) -> None:
    if method != "POST":
        raise Refused("404 page not found", 404)
    if request.get("receipt_type") not in ("read", "viewed"):
        raise Refused("Couldn't process request - receipt type must be read or viewed")
    if str(request["recipient"]).startswith("group."):
        raise Refused("Failed to send receipt: a receipt goes to a person, not a group")


def _check_reaction(method: str, request: dict) -> None:
    if method not in ("POST", "DELETE"):
        raise Refused("404 page not found", 404)
    if method == "POST" and not (isinstance(request.get("reaction"), str) and request["reaction"]):
        raise Refused("Couldn't process request - reaction missing")
    author = request.get("target_author")
    if not isinstance(author, str) or not author:
        raise Refused("Couldn't process request - target_author missing")


def answer(outgoing: Outgoing, method: str, path: str, body: bytes, number: str, groups: list[dict]):
    """(status, body, headers) for one sending request; every checked request is kept."""
    try:
        request = check(method, path, body, number, groups)
    except Refused as refused:
        with outgoing.lock:
            kept = {"method": method, "path": path, "body": body.decode("utf-8", "replace"), "status": refused.status}
            outgoing.sends.append(kept)
        return refused.status, json.dumps({"error": str(refused)}).encode(), {}
    with outgoing.lock:
        if outgoing.failures:
            status, error, retry_after = outgoing.failures.popleft()
            outgoing.sends.append({"method": method, "path": path, "body": request, "status": status})
            return status, error, ({"Retry-After": retry_after} if retry_after else {})
        outgoing.clock = max(outgoing.clock + 1, int(time.time() * 1000))
        stamp = outgoing.clock
        outgoing.sends.append({"method": method, "path": path, "body": request, "status": 201 if path == "/v2/send" else 204})
    if outgoing.hold_s and path.startswith(outgoing.hold_path):
        outgoing.release.wait(outgoing.hold_s)
    if path == "/v2/send":
        one = {"timestamp": str(stamp)}
        return 201, json.dumps([one] if outgoing.array_answers else one).encode(), {}
    return 204, b"", {}
