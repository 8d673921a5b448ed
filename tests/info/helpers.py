"""Helpers shared by the information-page tests (unit and browser)."""

from django.db import connection


def search_index_reset() -> None:
    """Empty the SQLite full-text table that a transactional test's flush leaves behind.

    Django's flush empties the search index entries but not the FTS5 virtual table
    that mirrors them, so the next test's new entries (whose ids start again at 1)
    would clash with stale full-text rows and searches would find nothing.
    """
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        if "modelsearch_indexentry_fts" in connection.introspection.table_names(cursor):
            cursor.execute("DELETE FROM modelsearch_indexentry_fts")
