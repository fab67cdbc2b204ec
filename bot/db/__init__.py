"""Persistence: SQLModel tables, the engine, and repository functions."""
