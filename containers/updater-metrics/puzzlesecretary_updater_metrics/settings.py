"""updater-metrics' settings: the one table, read and checked at start."""

from __future__ import annotations

from pathlib import Path

from puzzlesecretary.config import LOG_LEVEL, Setting, integer, required_text
from puzzlesecretary.config import load as load_table

AUTO_UPDATE_FILE = Setting(
    "AUTO_UPDATE_FILE",
    "/state/auto-update.json",
    lambda value: Path(required_text(value)),
    "The envelope the host's auto-update-check timer writes (mounted read-only into the container).",
)
METRICS_HOST = Setting(
    "METRICS_HOST",
    "0.0.0.0",
    required_text,
    "Address to listen on; 0.0.0.0 so Telegraf can reach it over the podman network.",
)
METRICS_PORT = Setting(
    "METRICS_PORT", "9102", integer(1, 65535), "Port serving /metrics and /healthz."
)
STALE_AFTER_SECONDS = Setting(
    "STALE_AFTER_SECONDS",
    "46800",
    integer(60),
    "A check older than this is stale and its pending counts are withheld (default 13 h: the timer runs every 6 h).",
)
REFRESH_SECONDS = Setting(
    "REFRESH_SECONDS", "30", integer(1, 3600), "How often the file is read again."
)

# No DATABASE_URL: this container reads only the host's file, never the store.
SETTINGS = (AUTO_UPDATE_FILE, METRICS_HOST, METRICS_PORT, STALE_AFTER_SECONDS, REFRESH_SECONDS, LOG_LEVEL)


def load(environ=None):
    return load_table(SETTINGS, environ)
