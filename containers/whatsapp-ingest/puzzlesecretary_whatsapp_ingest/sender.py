"""WhatsApp's way out: one Outgoing value becomes one WAHA call, with X-Api-Key. Transport only.

The requests, as devlikeapro/waha's src/api/chatting.controller.ts and src/structures/chatting.dto.ts
declare them (docs/sending.md):

- a text:      POST /api/sendText {"session", "chatId", "text"}: 201 and the sent message, whose id
               is `key.id` (NOWEB) or `id.id` / `id._serialized` (WEBJS);
- a reaction:  PUT /api/reaction {"session", "messageId": "false_<chat>_<id>[_<participant>]", "reaction"}
               ("" takes it back);
- a receipt:   POST /api/sendSeen {"session", "chatId", "messageId", "participant"} (NOWEB marks that
               message read; WEBJS the whole chat).

Run alone (`python -m puzzlesecretary_whatsapp_ingest.sender`) it sends the outbox and nothing else.
"""

from __future__ import annotations

import json
import logging
import sys
import threading

import requests

from puzzlesecretary import sending, service
from puzzlesecretary.outgoing import Outgoing, React, Say, Seen

from . import settings as settings_module
from .events import message_id

PLATFORM = "whatsapp"
log = logging.getLogger(__name__)


class WahaSender:
    platform = PLATFORM

    def __init__(
        self, url: str, api_key: str, session: str, timeout_s: float = 30.0, http: requests.Session | None = None
    ) -> None:
        self.url = url.rstrip("/")
        self.session = session
        self.timeout_s = timeout_s
        self.http = http or requests.Session()
        self.http.headers.update({"X-Api-Key": api_key, "Accept": "application/json"})

    def send(self, item: Outgoing) -> str | None:
        if isinstance(item, Say):
            answer = self._call("POST", "/api/sendText", {"session": self.session, "chatId": item.chat_id, "text": item.text})
            return sent_id(answer)
        if isinstance(item, React):
            body = {"session": self.session, "messageId": serialized(item), "reaction": item.emoji}
            self._call("PUT", "/api/reaction", body)
            return None
        if isinstance(item, Seen):
            body = {"session": self.session, "chatId": item.chat_id, "messageId": serialized(item)}
            if item.is_group:
                body["participant"] = item.target_author
            self._call("POST", "/api/sendSeen", body)
            return None
        raise sending.SendError(f"not something WhatsApp can send: {type(item).__name__}", permanent=True)

    def _call(self, method: str, path: str, body: dict):
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        try:
            response = self.http.request(
                method, self.url + path, data=data, headers={"Content-Type": "application/json"}, timeout=self.timeout_s
            )
        except requests.RequestException as error:
            raise sending.SendError(f"{method} {path}: {type(error).__name__}: {error}", permanent=False) from None
        status = response.status_code
        if not 200 <= status < 300:
            reason = f"{method} {path} answered {status}: {response.content[:500].decode('utf-8', 'replace')}"
            retry = response.headers.get("Retry-After", "").strip()
            wait = float(retry) if retry.replace(".", "", 1).isdigit() else None
            permanent = 400 <= status < 500 and status not in (408, 425, 429)
            raise sending.SendError(reason, permanent=permanent, retry_after_s=wait)
        try:
            return response.json()
        except ValueError:
            return None


def serialized(item: React | Seen) -> str:
    """The message id WAHA wants: "<fromMe>_<chat>_<id>[_<participant>]", as the webhook delivered it."""
    target = item.target_message_id
    if target.startswith(("true_", "false_")):
        return target
    if item.is_group:
        return f"false_{item.chat_id}_{target}_{item.target_author}"
    return f"false_{item.chat_id}_{target}"


def sent_id(answer) -> str | None:
    """The bare id of a message WAHA just sent, the id its echo (fromMe) will carry."""
    if not isinstance(answer, dict):
        return None
    key = answer.get("key")
    if isinstance(key, dict) and isinstance(key.get("id"), str):
        return key["id"]  # NOWEB (Baileys' WAMessage)
    ident = answer.get("id")
    if isinstance(ident, dict):
        if isinstance(ident.get("id"), str):
            return ident["id"]  # WEBJS
        ident = ident.get("_serialized")
    if isinstance(ident, str) and ident:
        return message_id(ident)
    return None


PROG = "puzzlesecretary-whatsapp-sender"


def make_sender(settings, db, stop: threading.Event, metrics=None) -> sending.Sender:
    """The loop the settings describe: allowlist from WAHA_GROUP_IDS, limits from OUTBOX_*."""
    transport = WahaSender(settings.waha_url, settings.waha_api_key, settings.waha_session, settings.waha_timeout_s)
    groups = frozenset(settings.waha_group_ids) if settings.waha_group_ids else None
    return sending.from_settings(settings, db, transport, groups, stop, metrics)


def main() -> int:
    return service.run(lambda: service.run_sender_alone(PROG, settings_module.load, make_sender, log))


if __name__ == "__main__":
    sys.exit(main())
