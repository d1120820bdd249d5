"""Make a benchmark process look like the container it stands for."""

from __future__ import annotations

import sys


def without_postgres_driver() -> None:
    """Hide psycopg2, as the images do (they do not install it for SQLite).

    peewee imports the driver when it can, and with it libpq and OpenSSL: about 8 MiB of RSS
    that a SQLite deployment never carries. Must run before peewee is first imported.
    """
    for name in ("psycopg2", "psycopg"):
        sys.modules.setdefault(name, None)  # a None entry makes `import` raise ImportError
