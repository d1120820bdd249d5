"""The calls signal-ingest makes to signal-cli-rest-api (its README and Swagger docs; docs/signal-ingest.md)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import requests

# Receive flags: attachments would fill the upstream's disk; stories, avatars and stickers are
# never scores. Each must be exactly "true" or "false" or the API answers 400.
RECEIVE_FLAGS = {
    "ignore_attachments": "true",
    "ignore_stories": "true",
    "ignore_avatars": "true",
    "ignore_stickers": "true",
    "send_read_receipts": "false",
}
# On top of the upstream's own command timeout: giving up before signal-cli finishes loses
# the messages it already took off Signal's server.
TIMEOUT_MARGIN_S = 10
SHORT_TIMEOUT_S = 30


class UpstreamError(Exception):
    """signal-cli-rest-api did not answer a call as its protocol promises."""

    def __init__(self, message: str, reason: str, status: int | None = None, body: bytes = b"") -> None:
        super().__init__(message)
        self.reason = reason
        self.status = status
        self.body = body


class SignalAPI:
    """One account on one signal-cli-rest-api."""

    def __init__(
        self,
        base_url: str,
        number: str,
        receive_timeout_s: int = 5,
        cmd_timeout_s: int = 120,
        max_messages: int = 0,
        session: requests.Session | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.number = quote(number, safe="+")
        self.receive_timeout_s = receive_timeout_s
        self.read_timeout_s = cmd_timeout_s + TIMEOUT_MARGIN_S
        self.max_messages = max_messages
        self.session = session or requests.Session()

    def receive(self) -> bytes:
        """One receive call: the raw response body (a JSON array as text)."""
        params = {"timeout": str(self.receive_timeout_s), **RECEIVE_FLAGS}
        if self.max_messages:
            params["max_messages"] = str(self.max_messages)
        return self._get(f"/v1/receive/{self.number}", params, self.read_timeout_s).content

    def groups(self) -> list[dict[str, Any]]:
        """The account's groups, each with `id` (group.…) and `internal_id`."""
        value = self._json(f"/v1/groups/{self.number}")
        if not isinstance(value, list):
            raise UpstreamError("/v1/groups did not answer a list", "bad_response")
        return [g for g in value if isinstance(g, dict)]

    def about(self) -> dict[str, Any]:
        """Versions and mode of the upstream."""
        value = self._json("/v1/about")
        if not isinstance(value, dict):
            raise UpstreamError("/v1/about did not answer an object", "bad_response")
        return value

    def _json(self, path: str) -> Any:
        response = self._get(path, None, SHORT_TIMEOUT_S)
        try:
            return response.json()
        except ValueError as error:
            raise UpstreamError(f"{path} did not answer JSON", "bad_response", response.status_code, response.content) from error

    def _get(self, path: str, params: dict[str, str] | None, read_timeout: float) -> requests.Response:
        url = self.base_url + path
        try:
            response = self.session.get(url, params=params, timeout=(10, read_timeout))
        except requests.Timeout as error:
            raise UpstreamError(f"GET {path} timed out after {read_timeout:g} s", "timeout") from error
        except requests.ConnectionError as error:
            raise UpstreamError(f"GET {path} could not connect: {error}", "connection") from error
        except requests.RequestException as error:
            raise UpstreamError(f"GET {path} failed: {error}", "request") from error
        if response.status_code != 200:
            reason = "http_400" if response.status_code == 400 else f"http_{response.status_code // 100}xx"
            raise UpstreamError(
                f"GET {path} answered {response.status_code}: {response.content[:2000].decode('utf-8', 'replace')}",
                reason,
                response.status_code,
                response.content,
            )
        return response
