"""The score store: peewee models over SQLite (default) or PostgreSQL, with ordered migrations."""

from .database import open_database, write_transaction
from .migrations import SCHEMA_VERSION, migrate, schema_version
from .models import (
    MODELS,
    Forgotten,
    Group,
    GroupSetting,
    Identity,
    Invite,
    Membership,
    Message,
    Player,
    PlayerChoice,
    RawEvent,
    Rejection,
    Score,
    database_proxy,
)


def database():
    """The database the models are bound to (the one `bind` or `open_database` gave them)."""
    return database_proxy.obj


def bind(db) -> None:
    """Bind the models to `db`: what the write path and the model-built queries use."""
    database_proxy.initialize(db)


__all__ = [
    "MODELS",
    "Forgotten",
    "Group",
    "GroupSetting",
    "Identity",
    "Invite",
    "Membership",
    "Message",
    "Player",
    "PlayerChoice",
    "RawEvent",
    "Rejection",
    "SCHEMA_VERSION",
    "Score",
    "bind",
    "database",
    "database_proxy",
    "migrate",
    "open_database",
    "schema_version",
    "write_transaction",
]
