"""Settings from the environment, declared once in tables and checked at start.

Each program declares a tuple of `Setting` rows (name, default, parser, help) and calls `load`.
Nothing else reads os.environ. A secret may instead come from `NAME_FILE` (podman secrets,
files under /run), which wins over `NAME`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Callable, Iterable, Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class ConfigError(Exception):
    """A setting is missing or malformed; the message names the variable."""


@dataclass(frozen=True)
class Setting:
    name: str
    default: str | None
    parse: Callable[[str], Any]
    help: str
    secret: bool = False

    @property
    def attr(self) -> str:
        return self.name.lower()


def integer(low: int | None = None, high: int | None = None) -> Callable[[str], int]:
    def parse(value: str) -> int:
        number = int(value)
        if low is not None and number < low:
            raise ValueError(f"must be at least {low}")
        if high is not None and number > high:
            raise ValueError(f"must be at most {high}")
        return number

    parse.__name__ = "integer"
    return parse


def number(value: str) -> float:
    result = float(value)
    if result < 0:
        raise ValueError("must not be negative")
    return result


def boolean(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ValueError("must be true or false")


def text(value: str) -> str:
    return value


def required_text(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value.strip()


def url(value: str) -> str:
    value = value.strip()
    if not value.startswith(("http://", "https://")):
        raise ValueError("must start with http:// or https://")
    return value.rstrip("/")


def word_list(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.replace("\n", ",").split(",") if part.strip())


def timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"{value!r} is not a time zone name such as Europe/London") from error
    return value


def log_level(value: str) -> str:
    level = value.strip().upper()
    if level not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        raise ValueError("must be DEBUG, INFO, WARNING or ERROR")
    return level


# Settings every program shares.
DATABASE_URL = Setting(
    "DATABASE_URL",
    "sqlite:///data/puzzlesecretary.db",
    required_text,
    "Where scores are stored, in peewee's URL form: sqlite:///relative.db, sqlite:////absolute.db or postgresql://user:pass@host/db.",
    secret=True,
)
DEFAULT_TIMEZONE = Setting(
    "DEFAULT_TIMEZONE",
    "UTC",
    timezone,
    "Time zone given to new groups: a group's 'today' and late posts follow it.",
)
LOG_LEVEL = Setting("LOG_LEVEL", "INFO", log_level, "DEBUG, INFO, WARNING or ERROR.")

COMMON = (DATABASE_URL, DEFAULT_TIMEZONE, LOG_LEVEL)

# Where visitors reach the web: the CLI prints board links with it, the ingests' answers hold them.
PUBLIC_BASE_URL = Setting(
    "PUBLIC_BASE_URL", "http://127.0.0.1:5000", url, "The address visitors reach the web at; board links start with it."
)

# The ingests' own HTTP server: /healthz and /metrics, and WhatsApp's webhook.
INGEST_HTTP_HOST = Setting("INGEST_HTTP_HOST", "0.0.0.0", required_text, "Address of the ingest's HTTP server.")
INGEST_HTTP_PORT = Setting(
    "INGEST_HTTP_PORT", "8080", integer(0, 65535), "Port of the ingest's HTTP server: /healthz, /metrics (0: any free port)."
)
INGEST_HTTP = (INGEST_HTTP_HOST, INGEST_HTTP_PORT)


def outbound_mode(value: str) -> str:
    mode = value.strip().lower()
    if mode not in ("on", "off", "log"):
        raise ValueError("must be on, off or log")
    return mode


PUBLIC_BASE_URL = Setting(
    "PUBLIC_BASE_URL", "http://127.0.0.1:5000", url, "The address visitors reach the web at; board links start with it."
)

# The ingests' senders: what they may say in the chats (docs/sending.md).
OUTBOUND = (
    Setting(
        "OUTBOUND",
        "on",
        outbound_mode,
        "on: send what the outbox holds; off: send nothing (a read-only deployment); log: log what would be sent.",
    ),
    Setting("OUTBOX_GROUP_HOURLY", "30", integer(0, 10_000), "Texts the bot may post per group per rolling hour (0: no limit)."),
    Setting("OUTBOX_MAX_ATTEMPTS", "8", integer(1, 100), "Tries of one send before it is marked failed."),
    Setting("OUTBOX_BACKOFF_S", "2", number, "Wait before the first retry of a failed send; each further retry doubles it."),
    Setting("OUTBOX_BACKOFF_MAX_S", "900", number, "Longest wait between two tries of a send."),
)


def _raw_value(setting: Setting, environ: Mapping[str, str]) -> str | None:
    file_name = environ.get(f"{setting.name}_FILE")
    if setting.secret and file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise ConfigError(f"{setting.name}_FILE: cannot read {file_name}: {error.strerror}") from error
    return environ.get(setting.name, setting.default)


def load(settings: Iterable[Setting], environ: Mapping[str, str] | None = None) -> SimpleNamespace:
    """Read and check every setting; raise ConfigError naming each bad variable."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    problems: list[str] = []
    for setting in settings:
        raw = _raw_value(setting, environ)
        if raw is None:
            hint = f" (or {setting.name}_FILE)" if setting.secret else ""
            problems.append(f"{setting.name}{hint} is not set: {setting.help}")
            continue
        try:
            values[setting.attr] = setting.parse(raw)
        except ValueError as error:
            shown = "(hidden)" if setting.secret else repr(raw)
            problems.append(f"{setting.name}={shown} {error}")
    if problems:
        raise ConfigError("; ".join(problems))
    return SimpleNamespace(**values)


def describe(settings: Iterable[Setting]) -> str:
    """A plain-text table of settings, for --help texts and the README."""
    lines = []
    for s in settings:
        default = "(required)" if s.default is None else (s.default or '""')
        lines.append(f"  {s.name:<28} default {default}\n      {s.help}")
    return "\n".join(lines)
