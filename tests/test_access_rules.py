"""The access rules of a server database (group roles, grants, row-level security) are part of its schema: set by
migrations, frozen there, for every table; an older database upgraded has exactly the rules of a new one. The
server parts are skipped without a server (tests/conftest.py)."""

import importlib.util
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

from sqlalchemy import create_engine, text

from crisisapp.models import load_all
from crisisapp.storage.database import MIGRATIONS
from crisisapp.storage.revision import REVISIONS
from crisisapp.storage.server import open_server, server_url, upgrade_server
from tests.server_databases import ScratchServer

RULES_REVISION = "0017_access_rules"


def _migration(revision: str) -> ModuleType:
    path = Path(MIGRATIONS) / "versions" / f"{revision}.py"
    spec = importlib.util.spec_from_file_location(f"migration_{revision}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_table_of_the_models_gets_its_access_rules_from_a_migration():
    """A new table needs grants and policies in the migration that makes it, named in its ``POLICED``; without,
    a medewerker of another municipality could change it freely, or nobody could read it."""
    policed: dict[str, Any] = {}
    for revision in REVISIONS:
        classified: Mapping[str, Any] = getattr(_migration(revision), "POLICED", {})
        assert not policed.keys() & classified.keys(), f"{revision} classifies a table again"
        policed |= classified
    assert set(policed) == set(load_all().tables) - {"alembic_version"}


def test_the_frozen_rules_do_not_follow_the_models():
    """The migration names its tables itself: a model added later does not slip into revision 0017's rules."""
    rules = _migration(RULES_REVISION)
    source = Path(rules.__file__ or "").read_text(encoding="utf-8")
    assert "crisisapp.models" not in source and "load_all" not in source
    assert rules.POLICED["person"] == "crisisapp_eigenaar(municipality)" and rules.POLICED["piket_shift"] is None


#: What a database's access rules are, as the catalogue has them.
RULES = {
    "policies": "SELECT tablename, policyname, cmd, roles::text, qual, with_check FROM pg_policies "
    "WHERE schemaname = 'public' ORDER BY 1, 2",
    "row security": "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class "
    "WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'S') ORDER BY 1",
    "grants": "SELECT grantee, table_name, privilege_type FROM information_schema.role_table_grants "
    "WHERE table_schema = 'public' AND grantee LIKE 'crisisapp%' ORDER BY 1, 2, 3",
    "sequences": "SELECT relname, relacl::text FROM pg_class WHERE relnamespace = 'public'::regnamespace "
    "AND relkind = 'S' ORDER BY 1",
    "functions": "SELECT proname, pg_get_functiondef(oid), proacl::text FROM pg_proc "
    "WHERE pronamespace = 'public'::regnamespace ORDER BY 1",
}


def _rules(url: str) -> dict[str, list[tuple[Any, ...]]]:
    engine = create_engine(server_url(url))
    try:
        with engine.connect() as connection:
            return {name: [tuple(row) for row in connection.execute(text(query))] for name, query in RULES.items()}
    finally:
        engine.dispose()


def test_an_older_server_database_upgraded_has_exactly_the_rules_of_a_new_one(
    postgres: ScratchServer, server_templates: dict[str, str]
):
    older = postgres.create()
    engine = create_engine(server_url(older))
    try:
        with engine.begin() as connection:
            upgrade_server(connection, older, REVISIONS[REVISIONS.index(RULES_REVISION) - 1])
            assert not connection.execute(text(RULES["policies"])).all()  # no rules before them
            # As `crisisapp init` of the versions before them left them: the same rules, set outside the schema.
            _migration(RULES_REVISION).apply_rules(connection)
        open_server(older, upgrade=True).close()
        upgraded = _rules(older)
    finally:
        engine.dispose()
        postgres.drop(older)
    new = _rules(server_templates["empty"])
    assert upgraded == new
    tables = set(load_all().tables) - {"alembic_version"}
    assert {row[0] for row in new["policies"]} == tables
    assert {row[1] for row in new["grants"] if row[0] == "crisisapp_alleen_lezen"} == tables | {"alembic_version"}
    assert {row[0] for row in new["functions"]} >= {"crisisapp_bezetting", "crisisapp_gemeente", "crisisapp_toegestaan"}
