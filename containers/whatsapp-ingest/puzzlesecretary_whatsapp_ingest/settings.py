"""whatsapp-ingest's settings: declared once here, read and checked at start by config.load."""

from __future__ import annotations

from puzzlesecretary import config
from puzzlesecretary.speaker import main as speaker


def group_ids(value: str) -> tuple[str, ...]:
    ids = config.word_list(value)  # none: every group enabled with `!ps join` (puzzlesecretary.groups)
    wrong = [i for i in ids if not i.endswith("@g.us")]
    if wrong:
        raise ValueError(f"{', '.join(wrong)} is not a group id: WhatsApp group ids end in @g.us")
    return ids


def session_name(value: str) -> str:
    value = value.strip()
    if not value or "/" in value:
        raise ValueError("must be a WAHA session name such as default")
    return value


SETTINGS = config.COMMON + (
    config.Setting("WAHA_URL", "http://waha:3000", config.url, "WAHA's address on the pod network, for catch-up."),
    config.Setting("WAHA_API_KEY", None, config.required_text, "WAHA's API key (sent as X-Api-Key).", secret=True),
    config.Setting("WAHA_SESSION", "default", session_name, "The WAHA session linked to the bot's number."),
    config.Setting(
        "WAHA_GROUP_IDS",
        "",
        group_ids,
        "Optional allowlist: comma-separated group ids (...@g.us) read without `!ps join`; when set, no other group is read. "
        "Empty: the groups enabled with `!ps join CODE`.",
    ),
    config.Setting(
        "WAHA_HMAC_KEY", None, config.required_text, "The key WAHA signs webhooks with (WHATSAPP_HOOK_HMAC_KEY).", secret=True
    ),
    config.Setting(
        "WAHA_MAX_SKEW_S",
        "600",
        config.integer(10, 86400),
        "Refuse a webhook whose X-Webhook-Timestamp is further than this from now.",
    ),
    config.Setting(
        "WAHA_MAX_BODY_BYTES", "1048576", config.integer(1024, 64 * 1048576), "Refuse (413) a webhook body larger than this."
    ),
    config.Setting(
        "WAHA_DUPLICATE_WINDOW_S", "5", config.integer(0, 600), "Same sender, same text within this many seconds: a re-delivery."
    ),
    config.Setting(
        "WAHA_CATCHUP_MARGIN_S", "300", config.integer(0, 86400), "Catch-up starts this long before the last stored message."
    ),
    config.Setting(
        "WAHA_CATCHUP_FIRST_DAYS", "3", config.integer(0, 365), "With nothing stored yet, catch-up reads this many days back."
    ),
    config.Setting("WAHA_CATCHUP_PAGE", "100", config.integer(1, 1000), "Messages per catch-up request."),
    config.Setting("WAHA_CATCHUP_MAX_PAGES", "200", config.integer(1, 100000), "Catch-up stops after this many pages per group."),
    config.Setting("WAHA_TIMEOUT_S", "30", config.number, "Timeout of one request to WAHA."),
    *config.INGEST_HTTP,  # it also serves /webhook/waha
    *config.OUTBOUND,
    *speaker.INGEST,
)


def load(environ=None):
    return config.load(SETTINGS, environ)
