"""Alembic's script directory for the district database (see district/migrate.py)."""
