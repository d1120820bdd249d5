"""The ingest's program loads requests without charset_normalizer, silently, and still reads WAHA's JSON."""

import subprocess
import sys

PROGRAM = """
import sys
import puzzlesecretary_whatsapp_ingest.main
import requests
from requests.models import Response
assert "charset_normalizer" not in [n for n, m in sys.modules.items() if m is not None], "charset_normalizer was loaded"
answer = Response()
answer._content = '{"name": "Rätselrunde"}'.encode()
answer.headers["Content-Type"] = "application/octet-stream"
assert answer.json() == {"name": "Rätselrunde"}, answer.json()
assert answer.text == '{"name": "Rätselrunde"}', answer.text
print("ok")
"""


def test_the_ingest_loads_requests_without_charset_normalizer_and_still_decodes_utf8_json():
    done = subprocess.run([sys.executable, "-W", "error", "-c", PROGRAM], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
    assert done.stderr == ""
