"""Alembic environment: the engine and metadata come from the app, never from alembic.ini."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import bot.db.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from bot.db.session import make_engine

config = context.config
engine = config.attributes.get("engine")
if engine is None:  # `alembic` run by hand: take DATABASE_URL like the app does
    from bot.settings import load_settings

    engine = make_engine(load_settings().database_url)

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    context.run_migrations()
