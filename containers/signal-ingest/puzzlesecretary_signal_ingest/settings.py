"""Every setting of signal-ingest, declared once; `load` checks them all at start."""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Mapping

from puzzlesecretary import config
from puzzlesecretary.speaker import main as speaker

from .groupids import GroupIdError, to_internal


def phone_number(value: str) -> str:
    value = value.strip()
    if not re.fullmatch(r"\+[1-9]\d{5,14}", value):
        raise ValueError("must be the account's number in international form, e.g. +4915112345678")
    return value


def group_ids(value: str) -> tuple[str, ...]:
    ids = []
    for part in config.word_list(value):
        try:
            ids.append(to_internal(part))
        except GroupIdError as error:
            raise ValueError(f"has a bad group id: {error}") from error
    return tuple(dict.fromkeys(ids))  # none: every group enabled with `!ps join` (puzzlesecretary.groups)


def optional_uuid(value: str) -> str:
    value = value.strip().lower()
    if value and not re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", value):
        raise ValueError("must be a uuid such as 27d6c025-997c-4b12-9f4f-a9b7a5791b7a, or empty")
    return value


def positive(value: str) -> float:
    number = config.number(value)
    if number <= 0:
        raise ValueError("must be more than 0")
    return number


SETTINGS = config.COMMON + (
    config.Setting(
        "SIGNAL_API_URL", "http://signal-api:8080", config.url, "Base URL of signal-cli-rest-api (MODE normal or native)."
    ),
    config.Setting("SIGNAL_NUMBER", None, phone_number, "The Signal account signal-cli runs as, e.g. +4915112345678."),
    config.Setting(
        "SIGNAL_GROUP_IDS",
        "",
        group_ids,
        "Optional allowlist: comma-separated groups (the group.… id from /v1/groups or the internal id of envelopes), "
        "read without `!ps join`; when set, no other group is read. Empty: the groups enabled with `!ps join CODE`.",
    ),
    config.Setting(
        "SIGNAL_SELF_UUID",
        "",
        optional_uuid,
        "The account's own uuid, the sender of its synced posts; empty takes it from each sync envelope.",
    ),
    config.Setting("SIGNAL_POLL_INTERVAL_S", "30", positive, "Seconds between polls while nothing is waiting."),
    config.Setting(
        "SIGNAL_RECEIVE_TIMEOUT_S",
        "5",
        config.integer(1, 600),
        "The receive call's `timeout`: seconds signal-cli listens per poll.",
    ),
    config.Setting(
        "SIGNAL_CMD_TIMEOUT_S",
        "120",
        config.integer(1, 3600),
        "The upstream's SIGNAL_CLI_CMD_TIMEOUT; the HTTP timeout is this plus 10 s, so a receive is never cut short.",
    ),
    config.Setting(
        "SIGNAL_MAX_MESSAGES", "500", config.integer(0, 100_000), "Envelopes per poll (0: no limit); bounds one transaction."
    ),
    config.Setting("SIGNAL_RETRY_MAX_S", "300", positive, "Longest wait between retries while the upstream fails."),
    config.Setting(
        "SIGNAL_GROUPS_REFRESH_S", "3600", positive, "Seconds between readings of the groups' names and members from /v1/groups."
    ),
    *config.INGEST_HTTP,
    *config.OUTBOUND,
    *speaker.INGEST,
)

def load(environ: Mapping[str, str] | None = None) -> SimpleNamespace:
    """Read and check every setting; raise config.ConfigError naming each bad variable."""
    settings = config.load(SETTINGS, environ)
    if settings.signal_cmd_timeout_s <= settings.signal_receive_timeout_s:
        raise config.ConfigError(
            f"SIGNAL_CMD_TIMEOUT_S={settings.signal_cmd_timeout_s} must be more than "
            f"SIGNAL_RECEIVE_TIMEOUT_S={settings.signal_receive_timeout_s}: the upstream would kill every receive"
        )
    return settings
