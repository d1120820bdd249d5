"""The few WAHA API calls catch-up needs, over requests with the API key. I/O only."""

from __future__ import annotations

from urllib.parse import quote

import requests

from puzzlesecretary.text import storable_json


class WahaApiError(Exception):
    """WAHA did not answer a request usefully; the message says how, `reason` in a word."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class WahaClient:
    def __init__(self, url: str, api_key: str, session: str, timeout: float = 30.0) -> None:
        self.url = url.rstrip("/")
        self.session = session
        self.timeout = timeout
        self.http = requests.Session()
        self.http.headers.update({"X-Api-Key": api_key, "Accept": "application/json"})

    def _get(self, path: str, params: dict | None = None):
        try:
            response = self.http.get(self.url + path, params=params, timeout=self.timeout)
        except requests.RequestException as error:
            raise WahaApiError(f"GET {path}: {type(error).__name__}: {error}", "connection") from error
        if response.status_code != 200:
            raise WahaApiError(f"GET {path}: HTTP {response.status_code}: {response.text[:200]}", f"http_{response.status_code}")
        try:
            # Catch-up stores these messages and names groups with them: every text must be storable.
            return storable_json(response.json())
        except ValueError as error:
            raise WahaApiError(f"GET {path}: the answer is not JSON", "not_json") from error

    def session_info(self) -> dict:
        """GET /api/sessions/{session}: its status and the linked account (`me`)."""
        info = self._get(f"/api/sessions/{quote(self.session, safe='')}")
        if not isinstance(info, dict) or not isinstance(info.get("status"), str):
            raise WahaApiError("GET /api/sessions/{session}: no status in the answer", "shape")
        return info

    def group_subject(self, group_id: str) -> str | None:
        """The group's name, from GET /api/{session}/groups/{id}; its shape differs per engine."""
        info = self._get(f"/api/{quote(self.session, safe='')}/groups/{quote(group_id, safe='@.')}")
        if not isinstance(info, dict):
            return None
        metadata = info.get("groupMetadata") if isinstance(info.get("groupMetadata"), dict) else {}
        for name in (info.get("subject"), info.get("name"), metadata.get("subject"), info.get("Name")):
            if isinstance(name, str) and name.strip():
                return name.strip()
        return None

    def messages(self, chat_id: str, since_s: int, limit: int, offset: int) -> list[dict]:
        """One page of a chat's messages sent at or after `since_s`, oldest first."""
        params = {
            "limit": limit,
            "offset": offset,
            "downloadMedia": "false",
            "filter.timestamp.gte": since_s,
            "sortBy": "timestamp",
            "sortOrder": "asc",
        }
        page = self._get(f"/api/{quote(self.session, safe='')}/chats/{quote(chat_id, safe='@.')}/messages", params)
        if not isinstance(page, list):
            raise WahaApiError("chat messages: the answer is not a list", "shape")
        return [m for m in page if isinstance(m, dict)]
