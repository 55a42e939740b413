"""Backup and restore: the PostgreSQL database and the attachments in one archive.

The search indexes are not in the archive: they are derived from PostgreSQL, and a restore
rebuilds them (``search.reindex``).
"""
