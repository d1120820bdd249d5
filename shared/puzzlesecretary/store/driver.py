"""The PostgreSQL driver, loaded only when a database URL names PostgreSQL.

peewee imports psycopg2 (and with it libpq and OpenSSL, about 5.5 MiB of RSS) at its own import
whenever the driver is installed. The images install it so that `DATABASE_URL` can name
PostgreSQL without a rebuild, and a SQLite deployment then carries it for nothing, which put
the web over its 40 MiB target (docs/performance.md). So `puzzlesecretary/__init__.py` imports
peewee with the driver hidden, and `LazyPsycopg2Adapter` imports it when the first PostgreSQL
database is made (`store.database.open_database`).
"""

from __future__ import annotations

import peewee


class LazyPsycopg2Adapter(peewee.Psycopg2Adapter):
    """peewee's psycopg2 adapter, with the driver imported when the adapter is made rather than with peewee."""

    def __init__(self):
        try:
            import psycopg2
            import psycopg2.extensions
            import psycopg2.extras
        except ImportError as error:
            raise peewee.ImproperlyConfigured(
                "DATABASE_URL names PostgreSQL, but psycopg2 is not installed: pip install 'puzzlesecretary[postgres]'"
            ) from error
        self.driver = psycopg2
        self.txn_idle = psycopg2.extensions.TRANSACTION_STATUS_IDLE
        self.txn_inerror = psycopg2.extensions.TRANSACTION_STATUS_INERROR
        self.txn_unknown = psycopg2.extensions.TRANSACTION_STATUS_UNKNOWN
        super().__init__()
        self.json_type = self.jsonb_type = psycopg2.extras.Json

    def check_driver(self):
        pass  # __init__ imported it or failed

    def get_binary_type(self):
        return self.driver.Binary

    def connect(self, db, **params):
        if db.database.startswith("postgresql://"):
            params.setdefault("dsn", db.database)
        else:
            params.setdefault("dbname", db.database)
        conn = self.driver.connect(**params)
        extensions = self.driver.extensions
        if db._register_unicode:
            extensions.register_type(extensions.UNICODE, conn)
            extensions.register_type(extensions.UNICODEARRAY, conn)
        if db._encoding:
            conn.set_client_encoding(db._encoding)
        return conn
