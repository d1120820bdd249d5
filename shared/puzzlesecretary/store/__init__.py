"""The score store: peewee models over SQLite (default) or PostgreSQL, with ordered migrations."""

from .database import open_database, write_transaction
from .migrations import SCHEMA_VERSION, migrate, schema_version
from .models import (
    MODELS,
    Group,
    Identity,
    Membership,
    Message,
    Player,
    RawEvent,
    Rejection,
    Score,
    database_proxy,
)

__all__ = [
    "MODELS",
    "Group",
    "Identity",
    "Membership",
    "Message",
    "Player",
    "RawEvent",
    "Rejection",
    "SCHEMA_VERSION",
    "Score",
    "database_proxy",
    "migrate",
    "open_database",
    "schema_version",
    "write_transaction",
]
