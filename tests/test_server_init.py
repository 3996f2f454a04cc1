"""frontdesk-server init on SQLite: the server has no search box, so its database carries no household search
index (the index's triggers would run on every unit, person and vehicle a push or an upload writes); a server
database made before this rule loses its index at the next init. A desk's database keeps its index."""

import sqlite3

from app.core.paths import database_path
from app.server.cli import main as server_main
from app.store.db import sqlite_engine
from app.store.migrate import upgrade_to_head


def _search_objects(path) -> set[str]:
    with sqlite3.connect(path) as connection:
        return {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE name LIKE 'search%'")}


def test_init_makes_a_sqlite_server_database_without_the_search_index(tmp_path):
    path = tmp_path / "server.sqlite"
    assert server_main(["init", "--db", f"sqlite:///{path}"]) == 0
    assert _search_objects(path) == set()
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT count(*) FROM unit").fetchone() == (0,)  # the schema itself is there


def test_init_drops_the_index_of_a_server_database_made_with_one(tmp_path):
    path = tmp_path / "server.sqlite"
    engine = sqlite_engine(path)
    upgrade_to_head(engine)  # as an older frontdesk-server init made it
    engine.dispose()
    assert {"search_entry", "search_fts", "search_unit_ai"} <= _search_objects(path)
    assert server_main(["init", "--db", f"sqlite:///{path}"]) == 0
    assert _search_objects(path) == set()


def test_a_desk_database_keeps_its_search_index(desk):
    assert {"search_entry", "search_fts", "search_unit_ai"} <= _search_objects(database_path(desk.data_dir))
