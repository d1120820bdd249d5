"""PuzzleSecretary: daily puzzle scores from group chats, rolled up."""

import sys as _sys

__version__ = "0.1.0"


def _import_peewee_without_driver() -> None:
    """Import peewee with the PostgreSQL drivers hidden, then unhide them for whoever imports them later.

    peewee imports psycopg2 (libpq, OpenSSL: about 5.5 MiB of RSS) at its own import whenever it
    is installed, and the images install it. A SQLite deployment would carry it for nothing, so
    the driver is loaded only when a database URL names PostgreSQL (store/driver.py). Does
    nothing when peewee is loaded already. Must run before anything here imports peewee.
    """
    if "peewee" in _sys.modules:
        return
    hidden = [name for name in ("psycopg2", "psycopg") if name not in _sys.modules]
    for name in hidden:
        _sys.modules[name] = None  # a None entry makes `import` raise ImportError
    try:
        import peewee  # noqa: F401
    finally:
        for name in hidden:
            if name in _sys.modules and _sys.modules[name] is None:
                del _sys.modules[name]


_import_peewee_without_driver()
