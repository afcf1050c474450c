"""Bringing a district database to this version's schema with Alembic, once, while others may be serving.

``upgrade`` is what ``onestop district init`` runs. On PostgreSQL it holds an
advisory lock for the whole upgrade, so two processes (or two machines)
upgrading at once take turns and the second finds nothing left to do; the
DDL is transactional there, so a failed upgrade leaves the old schema
whole. On SQLite ``BEGIN IMMEDIATE`` serialises the same way.
Migrations only *add* (tables, nullable columns, indexes): processes of the
previous version keep serving on the upgraded schema until they are
restarted (README, "Upgrading").
"""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from district.database import describe, writing
from server.errors import ConfigError

# Any fixed 64-bit number unique to this purpose: pg_advisory_xact_lock's key.
_LOCK_KEY = 0x6F6E6573746F70  # "onestop"


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("district") / "migrations"))
    return config


def head() -> str:
    revision = ScriptDirectory.from_config(_config()).get_current_head()
    assert revision is not None
    return revision


def current(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, to: str = "head") -> tuple[str | None, str]:
    """Apply what is missing (up to revision ``to``: tests start from older schemas); returns (before, now)."""
    config = _config()
    with writing(engine) as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        before = MigrationContext.configure(conn).get_current_revision()
        config.attributes["connection"] = conn
        command.upgrade(config, to)
    return before, head() if to == "head" else to


def check(engine: Engine) -> None:
    """Refuse to serve a database that is older than this version (or not a district database)."""
    found = current(engine)
    wanted = head()
    if found == wanted:
        return
    known = {script.revision for script in ScriptDirectory.from_config(_config()).walk_revisions()}
    if found is None or found in known:
        raise ConfigError(
            f"{describe(engine)}: the district database is at schema {found or 'none'}, this version needs "
            f"{wanted}. Fix: run 'onestop district init' with the same --db/--data once (safe while others serve)"
        )
    # A newer schema (a newer version ran init): additive, so this older version may keep serving.
