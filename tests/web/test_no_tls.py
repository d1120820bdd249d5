"""The web process without OpenSSL (no_tls.py): its own digests, and a stand-in `ssl` that refuses TLS clearly.

Each check runs in a fresh interpreter: what is hidden is about what one process has imported.
"""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import json, sys
from puzzlesecretary_web import no_tls
hidden = no_tls.hide()
from puzzlesecretary_web.app import make_app  # bottle, prometheus_client
from puzzlesecretary_web.server import make_server  # waitress
import hashlib, ssl
out = {"hidden": hidden, "loaded": sorted(n for n in ("_ssl", "_hashlib") if n in sys.modules),
       "sha256": hashlib.sha256(b"x").hexdigest(), "blake2b": hashlib.blake2b(b"x", digest_size=16).hexdigest()}
try:
    ssl.create_default_context()
except RuntimeError as error:
    out["refused"] = str(error)
print(json.dumps(out))
"""


def probe(code: str) -> dict:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_web_loads_without_openssl_and_its_digests_are_the_usual_ones():
    found = probe(PROBE)
    assert found["hidden"] is True and found["loaded"] == []
    assert found["sha256"] == "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"
    assert found["blake2b"] == "442a44457137672b3218c1007dc8f76a"


def test_anything_that_would_speak_tls_in_the_web_is_refused_with_a_message_that_says_why():
    from puzzlesecretary_web.no_tls import MESSAGE

    assert probe(PROBE)["refused"] == MESSAGE


def test_a_process_that_loaded_ssl_first_keeps_it():
    real = PROBE.replace("    ssl.create_default_context()", '    ssl.create_default_context(); out["refused"] = None')
    found = probe("import ssl\n" + real)
    assert found["hidden"] is False and "_ssl" in found["loaded"] and found["refused"] is None
