"""Signal's way out: one Outgoing value becomes one signal-cli-rest-api call. Transport only.

The requests, as bbernhard/signal-cli-rest-api's src/api/api.go reads them (docs/sending.md):

- a text:      POST /v2/send {"number", "recipients": ["group.…" | uuid | number], "message"}: 201 and
               {"timestamp": "<ms>"} (releases) or [{"timestamp": "<ms>", "errors": …}] (since July 2026);
- a reaction:  POST /v1/reactions/{number} {"recipient", "reaction", "target_author", "timestamp"}: 204;
               taking one back is DELETE on the same path, `reaction` left out;
- a receipt:   POST /v1/receipts/{number} {"recipient": the author, "receipt_type": "read", "timestamp"}: 204.

Failures come back as 400 {"error": …} (almost every signal-cli error), or 429 with
`challenge_tokens` when Signal rate-limits the account.

Run alone (`python -m puzzlesecretary_signal_ingest.sender`) it sends the outbox and nothing
else: the ingest runs the same loop in a thread of its own.
"""

from __future__ import annotations

import json
import logging
import sys
import threading
from urllib.parse import quote

import requests

from puzzlesecretary import sending, service
from puzzlesecretary.outgoing import Outgoing, React, Say, Seen

from . import settings as settings_module
from .groupids import GroupIdError, to_internal, to_rest

PLATFORM = "signal"
JSON = {"Content-Type": "application/json"}
TIMEOUT_S = 60  # a send runs signal-cli upstream, which may take a while with a large group
log = logging.getLogger(__name__)


class SignalSender:
    platform = PLATFORM

    def __init__(self, base_url: str, number: str, timeout_s: float = TIMEOUT_S, session: requests.Session | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.number = number
        self.path_number = quote(number, safe="+")
        self.timeout_s = timeout_s
        self.http = session or requests.Session()

    def send(self, item: Outgoing) -> str | None:
        recipient = self._chat(item)
        if isinstance(item, Say):
            body = {"number": self.number, "recipients": [recipient], "message": item.text}
            return _timestamp(self._call("POST", "/v2/send", body, 201))
        if isinstance(item, React):
            body = {"recipient": recipient, "reaction": item.emoji, "target_author": item.target_author,
                    "timestamp": item.target_sent_at_ms}  # fmt: skip
            if item.emoji:
                self._call("POST", f"/v1/reactions/{self.path_number}", body, 204)
            else:  # taken back: the upstream fills in an emoji of its own, signal-cli removes by author
                del body["reaction"]
                self._call("DELETE", f"/v1/reactions/{self.path_number}", body, 204)
            return None
        if isinstance(item, Seen):
            # A receipt goes to the message's author, in a group too (signal-cli sendReceipt takes no group).
            body = {"recipient": item.target_author, "receipt_type": "read", "timestamp": item.target_sent_at_ms}
            self._call("POST", f"/v1/receipts/{self.path_number}", body, 204)
            return None
        raise sending.SendError(f"not something Signal can send: {type(item).__name__}", permanent=True)

    def _chat(self, item: Outgoing) -> str:
        if not item.is_group:
            return item.chat_id
        try:
            return to_rest(to_internal(item.chat_id))
        except GroupIdError as error:
            raise sending.SendError(f"not a Signal group id: {error}", permanent=True) from None

    def _call(self, method: str, path: str, body: dict, expected: int) -> requests.Response:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        try:
            response = self.http.request(
                method, self.base_url + path, data=data, headers=JSON, timeout=(10, self.timeout_s)
            )
        except requests.RequestException as error:
            raise sending.SendError(f"{method} {path}: {type(error).__name__}: {error}", permanent=False) from None
        return _checked(method, path, response, expected)


def _checked(method: str, path: str, response: requests.Response, expected: int) -> requests.Response:
    status = response.status_code
    if status == expected or (200 <= status < 300):
        return response
    text = response.content[:500].decode("utf-8", "replace")
    reason = f"{method} {path} answered {status}: {text}"
    if status == 429:
        return_after = _retry_after(response)
        raise sending.SendError(reason, permanent=False, retry_after_s=return_after)
    raise sending.SendError(reason, permanent=400 <= status < 500 and status not in (408, 425))


def _retry_after(response: requests.Response) -> float | None:
    """Seconds from a Retry-After header; signal-cli-rest-api sends none today, a proxy in front may."""
    value = response.headers.get("Retry-After", "").strip()
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


def _timestamp(response: requests.Response) -> str | None:
    """The sent message's timestamp, in either shape of /v2/send's answer."""
    try:
        value = response.json()
    except ValueError:
        return None
    if isinstance(value, list):
        value = value[0] if value and isinstance(value[0], dict) else {}
    errors = value.get("errors") if isinstance(value, dict) else None
    if errors:  # sent, but not to everyone (an untrusted identity): the message exists, so it is sent
        log.warning("/v2/send reached not every recipient: %s", json.dumps(errors)[:500])
    stamp = value.get("timestamp") if isinstance(value, dict) else None
    return str(stamp) if isinstance(stamp, (str, int)) and not isinstance(stamp, bool) and str(stamp) else None


PROG = "puzzlesecretary-signal-sender"


def make_sender(settings, db, stop: threading.Event, metrics=None) -> sending.Sender:
    """The loop the settings describe: allowlist from SIGNAL_GROUP_IDS, limits from OUTBOX_*."""
    groups = frozenset(to_internal(g) for g in settings.signal_group_ids) if settings.signal_group_ids else None
    transport = SignalSender(settings.signal_api_url, settings.signal_number)
    return sending.from_settings(settings, db, transport, groups, stop, metrics)


def main() -> int:
    return service.run(lambda: service.run_sender_alone(PROG, settings_module.load, make_sender, log))


if __name__ == "__main__":
    sys.exit(main())
