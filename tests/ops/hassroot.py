"""Home Assistant 2026.11 in the forky rootfs (tests/forky_rootfs.py): check_config, and a live
`hass` run.

LiveHass runs `hass` itself with libfaketime preloaded. Its clock is an offset in a file that the
test moves forward, so the Wednesday 08:00 trigger, expire_after and the automations' `for:`
happen in seconds, on HA's own timers (libfaketime moves the monotonic clock too, which asyncio's
timers run on)."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request
from datetime import datetime
from pathlib import Path

from forky_rootfs import rootfs_command, run_in_rootfs

HASS = "/opt/hass/bin/hass"
FAKETIME = "/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1"


def check_config(shared: Path) -> str:
    """hass --script check_config -i on shared/config; its output (it exits 0 even on errors)."""
    done = run_in_rootfs(shared, [HASS, "--script", "check_config", "-c", "/mnt/config", "-i"])
    return done.stdout + done.stderr


class LiveHass:
    """One running Home Assistant with its config in shared/config and its clock in shared/clock."""

    def __init__(self, shared: Path, port: int, start: datetime):
        self.shared, self.port = shared, port
        self.base = f"http://127.0.0.1:{port}"
        self.token = ""
        self.offset = 0.0
        self.set_clock(start)
        self.log_file = shared / "hass.out"
        with self.log_file.open("w") as out:
            env = {"LD_PRELOAD": FAKETIME, "FAKETIME_TIMESTAMP_FILE": "/mnt/clock", "FAKETIME_CACHE_DURATION": "1"}
            self.process = subprocess.Popen(rootfs_command(shared, [HASS, "-c", "/mnt/config", "--skip-pip"], env),
                                            stdout=out, stderr=subprocess.STDOUT)

    # The clock -----------------------------------------------------------------------------
    def set_clock(self, moment: datetime) -> None:
        """From now on HA's clock reads `moment` (and runs on from there); only forward, since
        HA's monotonic clock moves with it."""
        offset = moment.timestamp() - time.time()
        assert offset >= self.offset, "the clock only moves forward"
        self.offset = offset
        (self.shared / "clock").write_text(f"{offset:+.3f}\n")
        time.sleep(1.5)  # FAKETIME_CACHE_DURATION: HA has read the new offset after this

    def now(self) -> float:
        return time.time() + self.offset

    # The API ------------------------------------------------------------------------------
    def request(self, method: str, path: str, body: dict | None = None, form: str | None = None) -> tuple[int, object]:
        data = json.dumps(body).encode() if body is not None else form.encode() if form is not None else None
        headers = {"Content-Type": "application/json" if form is None else "application/x-www-form-urlencoded"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                status, text = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode()
        except urllib.error.URLError as error:
            # Nothing answered: say whether HA is still running, and what it logged last.
            state = "running" if self.process.poll() is None else f"exited with {self.process.returncode}"
            raise AssertionError(f"Home Assistant did not answer {method} {path} ({error.reason}); it is {state}; "
                                 f"its log ends:\n{self.output()[-6000:]}") from error
        try:
            return status, json.loads(text)
        except ValueError:
            return status, text

    def call(self, domain: str, service: str, data: dict, response: bool = False) -> tuple[int, object]:
        return self.request("POST", f"/api/services/{domain}/{service}{'?return_response' if response else ''}", data)

    def wait_until_up(self, timeout: float = 420) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"Home Assistant exited:\n{self.output()[-4000:]}"
            try:
                with urllib.request.urlopen(self.base + "/api/onboarding", timeout=5) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(1)
        raise AssertionError(f"Home Assistant did not answer in {timeout} s:\n{self.output()[-4000:]}")

    def onboard(self, client_id: str) -> None:
        """Create the owner as the onboarding page does and take its access token."""
        status, answer = self.request("POST", "/api/onboarding/users", {
            "client_id": client_id, "name": "Operator", "username": "operator", "password": "correct-horse-battery-staple",
            "language": "en"})
        assert status == 200, answer
        status, token = self.request("POST", "/auth/token", form=f"grant_type=authorization_code&code={answer['auth_code']}"
                                                                  f"&client_id={urllib.request.quote(client_id, safe='')}")
        assert status == 200, token
        self.token = token["access_token"]

    def add_integration(self, handler: str, answers: dict) -> dict:
        """Add an integration through its config flow, as Settings > Integrations does."""
        status, flow = self.request("POST", "/api/config/config_entries/flow", {"handler": handler})
        assert status == 200 and flow["type"] == "form", flow
        status, done = self.request("POST", f"/api/config/config_entries/flow/{flow['flow_id']}", answers)
        assert status == 200 and done["type"] == "create_entry", done
        return done

    def websocket(self, message: dict) -> dict:
        """One command over HA's websocket API (what the frontend speaks), sent by a client
        running on HA's own Python (aiohttp) in the rootfs."""
        client = (
            "import asyncio, json, sys, aiohttp\n"
            "async def main():\n"
            "    async with aiohttp.ClientSession() as session:\n"
            "        async with session.ws_connect(sys.argv[1] + '/api/websocket') as ws:\n"
            "            await ws.receive_json()\n"
            "            await ws.send_json({'type': 'auth', 'access_token': sys.argv[2]})\n"
            "            assert (await ws.receive_json())['type'] == 'auth_ok'\n"
            "            await ws.send_json({'id': 1, **json.loads(sys.argv[3])})\n"
            "            print(json.dumps(await ws.receive_json()))\n"
            "asyncio.run(main())\n")
        done = run_in_rootfs(self.shared, ["/opt/hass/bin/python", "-c", client, self.base, self.token, json.dumps(message)],
                             timeout=60)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    def states(self) -> dict[str, dict]:
        status, states = self.request("GET", "/api/states")
        assert status == 200, states
        return {state["entity_id"]: state for state in states}

    def wait_for(self, check, timeout: float = 60, what: str = "a condition"):
        """Poll check() until it returns something true; that is returned."""
        deadline = time.monotonic() + timeout
        while True:
            result = check()
            if result:
                return result
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}; last: {result!r}")
            time.sleep(0.5)

    # The log -------------------------------------------------------------------------------
    def output(self) -> str:
        return re.sub(r"\x1b\[[0-9;]*m", "", self.log_file.read_text(errors="replace"))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
