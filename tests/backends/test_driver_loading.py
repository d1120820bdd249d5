"""The PostgreSQL driver is loaded only when a database URL names PostgreSQL (store/driver.py).

Each check runs in a fresh interpreter, since the driver's absence is about what one process
has imported; psycopg2 is installed in the test venv, as it is in the images.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

ENTRY_MODULES = (
    "puzzlesecretary.cli",
    "puzzlesecretary_web.main",
    "puzzlesecretary_signal_ingest.main",
    "puzzlesecretary_whatsapp_ingest.main",
)

PROBE = """
import json, sys
for name in sys.argv[2].split(","):
    __import__(name)
loaded = {"after_import": "psycopg2" in sys.modules}
from puzzlesecretary.store import open_database
db = open_database(sys.argv[1], readonly=False)
db.connect()
loaded["answer"] = db.execute_sql("SELECT 1 + 1").fetchone()[0]
db.close()
loaded["after_open"] = "psycopg2" in sys.modules
print(json.dumps(loaded))
"""


def probe(url: str, modules: tuple[str, ...]) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, url, ",".join(modules)], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_psycopg2_driver_is_installed_here_as_in_the_images():
    import importlib.util

    assert importlib.util.find_spec("psycopg2") is not None


def test_no_entry_point_loads_the_postgresql_driver_on_sqlite(tmp_path):
    for module in ENTRY_MODULES:
        found = probe(f"sqlite:///{tmp_path}/{module}.db", (module,))
        assert found == {"after_import": False, "answer": 2, "after_open": False}, module


def test_the_driver_is_loaded_exactly_when_the_url_names_postgresql(backend, db_url):
    found = probe(db_url, ("puzzlesecretary_web.main",))
    assert found == {"after_import": False, "answer": 2, "after_open": backend == "postgresql"}


def test_a_process_that_imported_the_driver_first_still_works(tmp_path):
    found = probe(f"sqlite:///{tmp_path}/x.db", ("psycopg2", "puzzlesecretary_web.main"))
    assert found == {"after_import": True, "answer": 2, "after_open": True}


def test_a_postgresql_url_without_the_driver_installed_is_a_clear_error():
    code = (
        "import sys; sys.modules['psycopg2'] = None\n"
        "from puzzlesecretary.store import open_database\n"
        "from puzzlesecretary.store.database import DatabaseURLError\n"
        "try:\n"
        "    open_database('postgresql://someone@127.0.0.1:1/db')\n"
        "except DatabaseURLError as error:\n"
        "    print(error)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == (
        "DATABASE_URL names PostgreSQL, but psycopg2 is not installed: pip install 'puzzlesecretary[postgres]'"
    )
