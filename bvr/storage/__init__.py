"""Storage: SQLAlchemy models, the database connection, Alembic migrations, the audit log.

SQLite (WAL mode) is the embedded default; MariaDB serves Toolforge's ToolsDB.
"""
