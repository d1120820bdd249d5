"""The web container's settings, declared once and checked at start (see puzzlesecretary.config)."""

from __future__ import annotations

from puzzlesecretary import config

WEB_HOST = config.Setting(
    "WEB_HOST", "127.0.0.1", config.required_text, "Address to listen on; a tunnel sits in front in production."
)
WEB_PORT = config.Setting("WEB_PORT", "5000", config.integer(1, 65535), "TCP port to listen on.")
WEB_THREADS = config.Setting("WEB_THREADS", "4", config.integer(1, 64), "Worker threads of the WSGI server (waitress).")
WEB_CACHE_MB = config.Setting(
    "WEB_CACHE_MB",
    "4",
    config.integer(0, 4096),
    "Memory for what the web keeps, in MiB: half for rendered pages, half for the pieces a page is made again from "
    "(kept.BUDGET); 0 keeps nothing.",
)

SETTINGS = config.COMMON + (WEB_HOST, WEB_PORT, WEB_THREADS, WEB_CACHE_MB)


def load(environ=None):
    return config.load(SETTINGS, environ)
