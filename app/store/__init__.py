"""SQLModel tables, engine and sessions, migrations, queries, the search index."""
