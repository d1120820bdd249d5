"""The fake upstream as a standalone program (the end-to-end test runs it in a container)."""

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from signal_ingest import fake_signal_api as f
from signal_ingest.conftest import ACCOUNT, ALICE, GROUP, T0

SCRIPT = Path(__file__).resolve().parent / "fake_signal_api.py"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def standalone(tmp_path):
    port = free_port()
    script = tmp_path / "envelopes.jsonl"
    script.write_bytes(f.compact(f.group_post(ALICE, T0, "from the script", GROUP, ACCOUNT)) + b"\n")
    process = subprocess.Popen(
        [sys.executable, str(SCRIPT), "--host", "127.0.0.1", "--port", str(port), "--number", ACCOUNT,
         "--group", f"Puzzlers={GROUP}", "--script", str(script), "--demo", "--max-wait", "0.05"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if requests.get(url + "/v1/health", timeout=1).status_code == 204:
                break
        except requests.ConnectionError:
            pass
        assert time.monotonic() < deadline and process.poll() is None, "the fake did not start"
        time.sleep(0.05)
    yield url
    process.terminate()
    process.wait(10)


def receive(url: str, **params) -> requests.Response:
    return requests.get(f"{url}/v1/receive/{ACCOUNT}", params={"timeout": "1", **params}, timeout=10)


def test_it_serves_the_script_then_the_demo_then_nothing(standalone):
    first = receive(standalone)
    assert first.status_code == 200 and first.headers["Content-Type"].startswith("text/plain")
    elements = first.json()
    assert elements[0]["envelope"]["dataMessage"]["message"] == "from the script"
    kinds = {next(k for k in e["envelope"] if k.endswith("Message")) for e in elements[1:]}
    assert kinds == {"dataMessage", "editMessage", "syncMessage", "typingMessage", "receiptMessage"}
    assert receive(standalone).content == b"[]"


def test_it_takes_injected_envelopes_as_json_or_as_raw_lines(standalone):
    receive(standalone)
    answer = requests.post(standalone + "/test/inject", json=[f.typing(ALICE, T0, ACCOUNT)], timeout=10)
    assert answer.json()["queued"] == 1
    raw = b'{"envelope":{"sourceUuid":"x","dataMessage":{"message":"bad \xff"}}}\n{"broken'
    requests.post(standalone + "/test/inject", data=raw, headers={"Content-Type": "application/x-ndjson"}, timeout=10)
    body = receive(standalone).content
    assert body == b"[" + f.compact(f.typing(ALICE, T0, ACCOUNT)) + b"," + raw.replace(b"\n", b",") + b"]"


def test_it_fails_receives_on_request_and_checks_flags_like_the_real_api(standalone):
    requests.post(standalone + "/test/fail", json={"count": 1, "status": 400, "body": '{"error":"boom"}'}, timeout=10)
    failed = receive(standalone)
    assert (failed.status_code, failed.json()) == (400, {"error": "boom"})
    bad_flag = receive(standalone, ignore_attachments="yes")
    assert bad_flag.status_code == 400 and "ignore_attachments" in bad_flag.json()["error"]
    unknown = requests.get(f"{standalone}/v1/receive/+4915199999999", timeout=10)
    assert unknown.status_code == 400


def test_it_lists_groups_and_describes_itself(standalone):
    groups = requests.get(f"{standalone}/v1/groups/{ACCOUNT}", timeout=10).json()
    assert groups[0]["internal_id"] == GROUP and groups[0]["id"] == f.rest_group_id(GROUP)
    about = requests.get(standalone + "/v1/about", timeout=10).json()
    assert about["mode"] == "normal" and "v1" in about["versions"]
    assert json.loads(requests.get(standalone + "/test/state", timeout=10).text)["queued"] > 0
