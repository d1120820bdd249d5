"""`puzzlesecretary-signal-ingest`: read Signal groups through signal-cli-rest-api into the store."""

from __future__ import annotations

import logging
import sys
import threading

import schedule

from puzzlesecretary import service
from puzzlesecretary.health import BackgroundServer
from puzzlesecretary.ingest import score_pending
from puzzlesecretary.speaker import main as speaker

from . import answers
from . import settings as settings_module
from .groupids import to_rest
from .health import Health, make_app
from .metrics import Metrics
from .pipeline import Pipeline
from .poller import Poller
from .sender import make_sender
from .upstream import SignalAPI, UpstreamError
from .writes import STOPPED, until_written

PROG = "puzzlesecretary-signal-ingest"
log = logging.getLogger("puzzlesecretary_signal_ingest")


def check_upstream(api: SignalAPI, pipeline: Pipeline, metrics: Metrics, stop: threading.Event, health: Health) -> bool:
    """Say what the upstream is and name the configured groups; a failure here is only logged.

    A database that refuses the groups (a lock past the busy timeout) is waited out, as in a poll.
    """
    try:
        about = api.about()
        mode = str(about.get("mode", "?"))
        log.info("signal-cli-rest-api %s, mode %s", about.get("version", "?"), mode)
        if mode.startswith("json-rpc"):
            log.error(
                "MODE=%s: receive is a WebSocket there and loses messages; run the upstream with MODE=normal or native", mode
            )
        groups = api.groups()
    except UpstreamError as error:
        metrics.upstream_error(error.reason)
        log.warning("could not ask the upstream about itself: %s", error)
        return False
    missing = until_written(lambda: pipeline.name_groups(groups), stop, health, "store the groups' names and members")
    if missing is STOPPED:
        return False
    for internal in missing:
        log.warning(
            "group %s (%s) is not among the account's groups yet; in normal mode a group joined on the phone "
            "shows up after the first receive",
            internal,
            to_rest(internal),
        )
    return True


def recover(pipeline: Pipeline, metrics: Metrics, stop: threading.Event) -> None:
    """What a kill left behind: answers stored whole but not cut, envelopes not applied, messages not scored."""
    split = answers.split_waiting(metrics, pipeline.decoded)
    applied = pipeline.process_new(stop.is_set, final=False)
    scored = score_pending(confirm=True)
    if split or applied or scored:
        log.info("recovered %d stored envelope(s), applied %d and scored %d pending message(s)", split, applied, scored)


def main(argv: list[str] | None = None) -> int:
    description = "Poll signal-cli-rest-api and store every message of the configured Signal groups."
    service.arguments(PROG, description, settings_module.SETTINGS, argv)
    return service.run(_main)


def _main() -> int:
    stop = service.stop_flag(log)
    # The store takes a write before anything is received: an answer taken off Signal's server needs a database that can keep it.
    settings, db = service.start(PROG, settings_module.load, service.WRITE, stop)
    metrics = Metrics()
    interval = settings.signal_poll_interval_s
    health = Health(max_age_s=2 * interval + settings.signal_cmd_timeout_s + 10)
    host, port = settings.ingest_http_host, settings.ingest_http_port
    try:
        app = make_app(health, metrics)
        server = service.listening(PROG, "INGEST_HTTP_PORT", host, port, lambda: BackgroundServer(host, port, app))
    except service.Refused:
        db.close()
        raise
    server.start()
    log.info("serving /livez, /healthz and /metrics on %s:%d", host, server.port)

    pipeline = Pipeline(
        settings.signal_group_ids, metrics, settings.signal_self_uuid, settings.default_timezone,
        base_url=settings.public_base_url,
    )  # fmt: skip
    until_written(lambda: recover(pipeline, metrics, stop), stop, health, "recover what the last run stored")

    api = SignalAPI(
        settings.signal_api_url,
        settings.signal_number,
        settings.signal_receive_timeout_s,
        settings.signal_cmd_timeout_s,
        settings.signal_max_messages,
    )
    poller = Poller(api, pipeline, metrics, health, interval, settings.signal_retry_max_s, stop)
    checked = (api, pipeline, metrics, stop, health)
    if not check_upstream(*checked):
        # Ask again soon, for the groups' names and members; the polls do not need them.
        retry = poller.scheduler.every(min(interval * 10, 600)).seconds
        retry.do(lambda: schedule.CancelJob if check_upstream(*checked) else None)
    # Members come and go; each reading starts a signal-cli process upstream, so not often.
    poller.scheduler.every(settings.signal_groups_refresh_s).seconds.do(check_upstream, *checked)
    # A group just enabled with `!ps join`: its members and admins are read at once, not within the hour.
    poller.scheduler.every(interval).seconds.do(lambda: check_upstream(*checked) if pipeline.joined() else None)
    # The outbox's loop, in a thread of its own: a slow send never holds up a poll.
    sender = make_sender(settings, db, stop, metrics)
    sending_thread = threading.Thread(target=sender.run, name="sender", daemon=True)
    sending_thread.start()
    # Recaps and reminders of the Signal groups, put in the outbox beside it (docs/recaps.md).
    speaking_thread = speaker.thread(settings, db, stop, "signal", sender.enabled)
    if speaking_thread is not None:
        speaking_thread.start()
    try:
        poller.run()
    finally:
        stop.set()
        sending_thread.join(timeout=5)
        if speaking_thread is not None:
            speaking_thread.join(timeout=5)  # a send cut short is a crash to the outbox: the next start recovers it
        server.stop()
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
