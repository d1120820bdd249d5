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

    def group(self, group_id: str) -> dict:
        """GET /api/{session}/groups/{id}: the group's metadata; its shape differs per engine."""
        info = self._get(f"/api/{quote(self.session, safe='')}/groups/{quote(group_id, safe='@.')}")
        return info if isinstance(info, dict) else {}

    def group_subject(self, group_id: str) -> str | None:
        """The group's name, from GET /api/{session}/groups/{id}."""
        return subject_of(self.group(group_id))

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


def subject_of(info: dict) -> str | None:
    """A group's name in any engine's metadata (NOWEB `subject`, WEBJS `name` or `groupMetadata.subject`, GOWS `Name`)."""
    metadata = info.get("groupMetadata") if isinstance(info.get("groupMetadata"), dict) else {}
    for name in (info.get("subject"), info.get("name"), metadata.get("subject"), info.get("Name")):
        if isinstance(name, str) and name.strip():
            return name.strip()
    return None


def admins_of(info: dict) -> frozenset[str]:
    """The ids of a group's admins in its metadata. NOWEB (Baileys) marks a participant
    `admin: "admin" | "superadmin"` (https://baileys.wiki/docs/api/type-aliases/GroupParticipant);
    WEBJS `isAdmin` / `isSuperAdmin`, with the id as `{_serialized}`
    (https://wppconnect.io/wa-js/interfaces/whatsapp.functions.GroupActionParticipant.html);
    GOWS `IsAdmin` / `IsSuperAdmin` and `JID`; WAHA's own /participants/v2 `role`."""
    metadata = info.get("groupMetadata") if isinstance(info.get("groupMetadata"), dict) else {}
    people = info.get("participants") or metadata.get("participants") or info.get("Participants") or []
    admins = set()
    for person in people if isinstance(people, list) else []:
        if not isinstance(person, dict):
            continue
        pid = person.get("id") or person.get("JID")
        pid = pid.get("_serialized") if isinstance(pid, dict) else pid
        marked = (
            person.get("admin") in ("admin", "superadmin")
            or person.get("role") in ("admin", "superadmin")
            or any(person.get(k) is True for k in ("isAdmin", "isSuperAdmin", "IsAdmin", "IsSuperAdmin"))
        )
        if marked and isinstance(pid, str) and pid:
            admins.add(pid)
    return frozenset(admins)
