"""The updater-metrics container."""

# Before anything imports peewee: it then loads without the PostgreSQL driver (puzzlesecretary/__init__.py).
import puzzlesecretary  # noqa: E402, F401
