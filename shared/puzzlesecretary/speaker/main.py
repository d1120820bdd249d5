"""Where the speaker runs: a thread in each ingest, beside its sender, for that platform's groups
(`thread`); or `puzzlesecretary speak`, one process for every platform (`speak`).

It only writes outbox rows (under the store's writer lock, as the ingests do); each platform's
ingest sends its own. Settings come from the environment, declared here once.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading

from .. import config
from ..service import open_store, settings_or_exit, start_logging, stop_flag
from .clock import BadClock
from .loop import Speaker
from .plans import parse_recap_time

log = logging.getLogger("puzzlesecretary.speaker")


def recap_time(value: str) -> dt.time | None:
    try:
        return parse_recap_time(value)
    except BadClock as err:
        raise ValueError(f"is not a recap time: {err}; or off") from None


def positive(value: str) -> float:
    number = config.number(value)
    if number <= 0:
        raise ValueError("must be more than 0")
    return number


RECAP_TIME = config.Setting(
    "RECAP_TIME",
    "off",
    recap_time,
    "The operator's default recap time (HH:MM in each group's zone) for groups that never ran `!ps set recap`; off: none.",
)
SPEAKER_TICK_S = config.Setting("SPEAKER_TICK_S", "60", positive, "Seconds between the speaker's passes.")
SPEAKER_PLATFORM = config.Setting(
    "SPEAKER_PLATFORM", "", config.text, "Only the groups of this platform (signal, whatsapp); empty: every group."
)


# What an ingest adds to its settings to run the speaker for its platform.
INGEST = (config.PUBLIC_BASE_URL, RECAP_TIME, SPEAKER_TICK_S)


def settings_table():
    return config.COMMON + INGEST + (SPEAKER_PLATFORM,)


def thread(settings, db, stop: threading.Event, platform: str, gate=None) -> threading.Thread | None:
    """The speaker for `platform`'s groups as a daemon thread (not started); None with OUTBOUND=off.

    `gate(platform, chat_id)` is the sender's: the speaker speaks only where the sender posts.
    """
    if getattr(settings, "outbound", "on") == "off":
        log.info("speaker: OUTBOUND=off, no recaps or reminders")
        return None
    speaker = Speaker(db, settings.public_base_url, default_at=settings.recap_time, platform=platform, gate=gate)
    return threading.Thread(target=speaker.run, args=(stop, settings.speaker_tick_s), name="speaker", daemon=True)


def speak(once: bool = False) -> int:
    """Run the speaker until SIGTERM (or one pass with `once`); exit status 2 on bad settings."""
    settings = settings_or_exit("puzzlesecretary speak", lambda: config.load(settings_table()))
    start_logging(settings.log_level)
    logging.getLogger().setLevel(settings.log_level)  # the CLI set up logging first, at WARNING
    db = open_store("puzzlesecretary speak", settings.database_url)
    speaker = Speaker(db, settings.public_base_url, default_at=settings.recap_time, platform=settings.speaker_platform or None)
    if once:
        taken = speaker.tick()
        log.info("speaker: one pass, %d item(s) put in the outbox", taken)
        return 0
    log.info("speaker: every %.0f s, default recap time %s", settings.speaker_tick_s, settings.recap_time or "off")
    speaker.run(stop_flag(log), settings.speaker_tick_s)
    return 0
