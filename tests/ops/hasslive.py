"""A live Home Assistant 2026.11 (tests/ops/hassroot.py) set up as a user would: onboarding
creates the owner, the pending http config is confirmed, and MQTT (a real Mosquitto on
127.0.0.1) and Local To-do are added through their config flows. Run feeds it Telegraf's
messages; running_home_assistant() and wednesday_todo() are for any test that has an
updater-metrics exposition (a booted host's, say) and wants to see the Wednesday to-do it makes."""

from __future__ import annotations

import contextlib
import http.server
import json
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ops.hassroot import LiveHass
from ops.opskit import PACKAGE, free_port, prometheus_as_telegraf, run_check, run_mosquitto, stand_in_podman
from ops.telegraf_feed import EXPORTER_URL, exporter_as_telegraf, host_metrics, messages, publish

CONFIGURATION = """\
homeassistant:
  name: PuzzleSecretary test
  latitude: 50.08
  longitude: 14.42
  elevation: 200
  unit_system: metric
  time_zone: UTC
  currency: EUR
  country: CZ
  packages: !include_dir_named packages
http:
  server_host: 127.0.0.1
  server_port: {port}
api:
config:
onboarding:
# The phone: the companion app cannot run here, so notify.mobile_app_my_phone (the package's
# default) posts to a recording server, with the call's data (the critical flags) as JSON.
notify:
  - platform: rest
    name: mobile_app_my_phone
    resource: http://127.0.0.1:{phone}/notify
    method: POST_JSON
    title_param_name: title
    data_template:
      data: "{{{{ data | default({{}}) | tojson }}}}"
"""
CRITICAL = {"push": {"sound": {"name": "default", "critical": 1, "volume": 1.0}}, "ttl": 0, "priority": "high",
            "channel": "alarm_stream"}


def config_dir(shared, package_text: str, **ports) -> None:
    config = shared / "config"
    (config / "packages").mkdir(parents=True, exist_ok=True)
    (config / "configuration.yaml").write_text(CONFIGURATION.format(port=ports.get("port", 8123), phone=ports.get("phone", 9)))
    (config / "packages" / "puzzlesecretary.yaml").write_text(package_text)


class Phone(http.server.BaseHTTPRequestHandler):
    received: list[dict] = []

    def do_POST(self):  # noqa: N802 (http.server's name)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        Phone.received.append({**body, "data": json.loads(body.get("data") or "{}")})
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def next_wednesday(hour: int, minute: int) -> datetime:
    now = datetime.now(UTC)
    day = now + timedelta(days=(2 - now.weekday()) % 7 or 7)
    return day.replace(hour=hour, minute=minute, second=0, microsecond=0)


class Run:
    """The live Home Assistant plus what feeds it."""

    def __init__(self, hass: LiveHass, broker: int, shared):
        self.hass, self.broker, self.shared = hass, broker, shared
        self.last_feed = 0.0

    def feed(self, exposition: str | None = None) -> None:
        """One round of Telegraf's messages at HA's current time: the host metrics plus
        updater-metrics' /metrics, either the given exposition or the real exporter's on the
        real host script's output for pending.json (checked a minute before)."""
        now = int(self.hass.now())
        if exposition is None:
            envelope = self.shared / "state" / "auto-update.json"
            assert run_check(envelope, stand_in_podman(self.shared, "pending.json", 0)).returncode == 0
            exported = exporter_as_telegraf(envelope, now - 60)
        else:
            exported = prometheus_as_telegraf(exposition, EXPORTER_URL)
        publish(self.broker, messages(host_metrics(now) + exported, now))
        self.last_feed = now

    def feed_until_subscribed(self, exposition: str | None = None) -> None:
        """Feed until HA shows the CPU sensor's value: Telegraf does not retain, so messages sent
        before HA has subscribed are lost (it publishes every minute; here every half second)."""
        def received():
            self.feed(exposition)
            return self.hass.states().get("sensor.puzzlevm_cpu_usage", {}).get("state") == "18.2"

        self.hass.wait_for(received, timeout=90, what="HA to subscribe to Telegraf's topics")

    def states(self, prefix: str = "puzzlevm") -> dict[str, str]:
        return {entity: state["state"] for entity, state in self.hass.states().items() if prefix in entity}

    def todo(self) -> list[dict]:
        status, answer = self.hass.call("todo", "get_items", {"entity_id": "todo.ops"}, response=True)
        assert status == 200, answer
        return answer["service_response"]["todo.ops"]["items"]


@contextlib.contextmanager
def running_home_assistant(shared: Path, start: datetime | None = None):
    """A set-up Home Assistant whose clock starts at `start` (default: next Wednesday 07:40 UTC)."""
    Phone.received = []
    phone = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Phone)
    threading.Thread(target=phone.serve_forever, daemon=True).start()
    port = free_port()
    config_dir(shared, PACKAGE.read_text(), port=port, phone=phone.server_port)
    with run_mosquitto(shared) as broker:
        hass = LiveHass(shared, port, start or next_wednesday(7, 40))
        try:
            hass.wait_until_up()
            hass.onboard(f"http://127.0.0.1:{port}/")
            # 2026.11 moves http: from YAML into storage as a trial that reverts (and restarts
            # HA) after 5 minutes unless confirmed, as the frontend asks the user to.
            assert hass.websocket({"type": "http/config/promote"})["success"] is True
            hass.add_integration("mqtt", {"broker": "127.0.0.1", "port": broker, "protocol": "3.1.1",
                                          "other_settings": {"set_client_cert": False, "set_ca_cert": "off", "transport": "tcp"}})
            hass.add_integration("local_todo", {"todo_list_name": "Ops"})
            yield Run(hass, broker, shared)
        finally:
            hass.stop()
            phone.shutdown()
            phone.server_close()


def wednesday_todo(shared: Path, exposition: str) -> list[dict]:
    """The to-do items Home Assistant adds at Wednesday 08:00 after Telegraf delivered this
    updater-metrics exposition (and the host metrics) at 07:59:45."""
    with running_home_assistant(shared) as run:
        run.hass.set_clock(next_wednesday(7, 59) + timedelta(seconds=45))
        assert run.todo() == []
        run.feed_until_subscribed(exposition)
        return run.hass.wait_for(run.todo, timeout=60, what="the Wednesday to-do item")
