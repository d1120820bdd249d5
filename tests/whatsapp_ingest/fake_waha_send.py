"""The sending half of the fake WAHA: each request checked against WAHA's own request types, and kept.

What devlikeapro/waha's src/api/chatting.controller.ts and src/structures/chatting.dto.ts declare
(docs/sending.md); NestJS answers a POST with 201 and a PUT with 200:
  POST /api/sendText  MessageTextRequest {session, chatId, text, [reply_to, mentions, linkPreview]}  201, the sent message
  PUT  /api/reaction  MessageReactionRequest {session, messageId: "<fromMe>_<chat>_<id>[_<participant>]", reaction}  200
  POST /api/sendSeen  SendSeenRequest {session, chatId, [messageId, messageIds, participant]}  201
The sent message is NOWEB's (Baileys' WAMessage): {"key": {"remoteJid", "fromMe": true, "id"}, ...}.
A key the request type does not declare is refused (400), as WAHA's validation pipe does with
forbidNonWhitelisted, so a misspelt field fails a test.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque

CHAT = re.compile(r"^[0-9]{1,20}(-[0-9]+)?@(c\.us|g\.us|lid|s\.whatsapp\.net)$")
MESSAGE_ID = re.compile(r"^(true|false)_[0-9]{1,20}(-[0-9]+)?@(c\.us|g\.us|lid)_[0-9A-Za-z]{2,64}(_[0-9]{1,20}@(c\.us|lid))?$")
KEYS = {
    "/api/sendText": ("POST", {"session", "chatId", "text", "reply_to", "mentions", "linkPreview"}, {"chatId", "text"}),
    "/api/reaction": ("PUT", {"session", "messageId", "reaction"}, {"messageId", "reaction"}),
    "/api/sendSeen": ("POST", {"session", "chatId", "messageId", "messageIds", "participant"}, {"chatId"}),
}


class Outgoing:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.sends: list[dict] = []  # {"method", "path", "body", "status", "id"} of every request
        self.failures: deque[tuple[int, dict, str | None]] = deque()
        self.counter = 0

    def fail_next(self, count: int, status: int = 500, message: str = "Internal server error", retry_after: str | None = None):
        with self.lock:
            self.failures.extend([(status, {"message": message, "statusCode": status}, retry_after)] * count)

    def taken(self, path: str | None = None) -> list[dict]:
        with self.lock:
            return [s for s in self.sends if s["status"] < 300 and (path is None or s["path"] == path)]


def _check(method: str, path: str, body: bytes, session: str, status: str) -> tuple[int, str] | dict:
    spec = KEYS.get(path)
    if spec is None or spec[0] != method:
        return 404, f"Cannot {method} {path}"
    try:
        request = json.loads(body)
    except ValueError:
        return 400, "Unexpected token in JSON"
    if not isinstance(request, dict):
        return 400, "the body must be a JSON object"
    _, allowed, needed = spec
    if set(request) - allowed:
        return 400, f"property {sorted(set(request) - allowed)[0]} should not exist"
    if set(needed) - set(request):
        return 400, f"{sorted(set(needed) - set(request))[0]} must be a string"
    if request.get("session", "default") != session:
        return 404, f"We didn't find a session with name '{request.get('session')}'"
    if status != "WORKING":
        return 422, f"Session status is not as expected: {status}"
    return _fields(request)


def _fields(request: dict) -> tuple[int, str] | dict:
    for key in ("chatId", "participant"):
        if key in request and not (isinstance(request[key], str) and CHAT.match(request[key])):
            return 400, f"{key} must be a chat id such as 123@c.us or 123@g.us"
    if "messageId" in request and not (isinstance(request["messageId"], str) and MESSAGE_ID.match(request["messageId"])):
        return 400, "messageId must be a serialized id: {fromMe}_{chatId}_{id}[_{participant}]"
    for key in ("text", "reaction"):
        if key in request and not isinstance(request[key], str):
            return 400, f"{key} must be a string"
    return request


def answer(outgoing: Outgoing, method: str, path: str, body: bytes, session: str, status: str):
    """(status, JSON answer or None, headers) for one sending request; every request is kept."""
    checked = _check(method, path, body, session, status)
    if isinstance(checked, tuple):
        code, message = checked
        with outgoing.lock:
            outgoing.sends.append({"method": method, "path": path, "body": body.decode("utf-8", "replace"), "status": code})
        return code, {"message": message, "statusCode": code}, {}
    with outgoing.lock:
        if outgoing.failures:
            code, error, retry_after = outgoing.failures.popleft()
            outgoing.sends.append({"method": method, "path": path, "body": checked, "status": code})
            return code, error, ({"Retry-After": retry_after} if retry_after else {})
        outgoing.counter += 1
        sent_id = f"3EB0BOT{outgoing.counter:013d}"
        code = 201 if method == "POST" else 200
        outgoing.sends.append({"method": method, "path": path, "body": checked, "status": code, "id": sent_id})
    if path == "/api/sendSeen":
        return code, None, {}
    chat = checked.get("chatId") or checked["messageId"].split("_")[1]
    message = {"extendedTextMessage": {"text": checked["text"]}} if path == "/api/sendText" else {"reactionMessage": {}}
    wa = {"key": {"remoteJid": chat, "fromMe": True, "id": sent_id}, "message": message,
          "messageTimestamp": int(time.time()), "status": "PENDING"}  # fmt: skip
    return code, wa, {}
