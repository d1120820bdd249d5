"""The web container."""

# Before anything imports hashlib: it then loads without OpenSSL (no_tls.py).
from .no_tls import without_openssl_hashes

without_openssl_hashes()

# Before anything imports peewee: it then loads without the PostgreSQL driver (puzzlesecretary/__init__.py).
import puzzlesecretary  # noqa: E402, F401
