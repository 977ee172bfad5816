"""Shared fixtures: every test gets its own data dirs, database and a fixed clock.

Service test modules marked `pytestmark = pytest.mark.engines` run every test
twice: on a SQLite file and on a fresh database of a PostgreSQL server
($DESKAPP_TEST_PG, a URL to a server where the user may create databases;
`.ci/run` starts one with scripts/pg_server.sh). Without one the PostgreSQL
runs are skipped with the reason, unless $DESKAPP_TEST_PG_REQUIRED is set (CI).
"""

from __future__ import annotations

import os
import uuid
from datetime import datetime, timezone
from pathlib import Path

import pytest

from deskapp import db, i18n
from deskapp.clock import fixed
from deskapp.desk import Desk, open_desk
from deskapp.models import ALL_MODELS
from deskapp.paths import Locations
from deskapp.services import pins

# 2026-11-24 10:00 at a desk in Shanghai.
NOW = datetime(2026, 11, 24, 2, 0, tzinfo=timezone.utc)

# The test desks' defaults: the shipped values as the tests were written, so that a change
# to data/policy.toml moves tests/test_policy.py only, not every figure in the suite.
POLICY = Path(__file__).with_name("policy.toml")


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """No test reads or writes the real user dirs, or inherits a language."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.delenv("DESKAPP_DB", raising=False)
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    # The shipped desk speaks Chinese; tests read English unless they ask for Chinese
    # (make_desk(lang=...), --lang zh). Tests of the default language use `shipped_language`.
    monkeypatch.setenv(i18n.LANG_ENV, "en")
    # A cheap hash keeps the suite fast; the stored parameters still drive verification.
    monkeypatch.setattr(pins, "SCRYPT_N", 2**4)
    yield
    db.disconnect()
    i18n.set_language("en")


@pytest.fixture
def shipped_language(monkeypatch: pytest.MonkeyPatch) -> None:
    """A PC whose locale is C, with no language chosen for it: the policy's (Chinese as shipped)."""
    monkeypatch.delenv(i18n.LANG_ENV)


PG_ENV = "DESKAPP_TEST_PG"
ENGINES = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "engine" in metafunc.fixturenames and metafunc.definition.get_closest_marker("engines"):
        metafunc.parametrize("engine", ENGINES, indirect=True)


def server_url(name: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(os.environ[PG_ENV])._replace(path=f"/{name}").geturl()


def _admin(sql: str) -> None:
    """Run one statement on the test server's admin database (CREATE/DROP DATABASE)."""
    _run(os.environ[PG_ENV], sql)


def _run(url: str, sql: str) -> None:
    import psycopg2

    conn = psycopg2.connect(url, connect_timeout=5)
    try:
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(sql)
    finally:
        conn.close()


@pytest.fixture(scope="session")
def server_database():
    """One database per test process on the test server, migrated once; each
    test empties it (`engine`), which is four times quicker than a new one."""
    from deskapp import schema

    name = f"deskapp_test_{uuid.uuid4().hex[:12]}"
    _admin(f"CREATE DATABASE {name}")
    url = server_url(name)
    db.connect(url)
    try:
        schema.migrate()
        tables = [m._meta.table_name for m in reversed(ALL_MODELS)]  # children first
        sequences = [
            f"{m._meta.table_name}_id_seq" for m in ALL_MODELS if m._meta.primary_key.field_type == "AUTO"
        ]
        empty = "; ".join(
            ["SET lock_timeout = '10s'"]
            + [f'DELETE FROM "{t}"' for t in tables]
            + [f'ALTER SEQUENCE "{s}" RESTART' for s in sequences]
        )
    finally:
        db.disconnect()
    yield url, empty
    _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def engine(request: pytest.FixtureRequest):
    """("sqlite", "") for a file in tmp_path; ("postgresql", url) for the test
    server's database, emptied; "postgresql-fresh" for a database of its own
    (tests that change the schema), dropped after."""
    name = getattr(request, "param", "sqlite")
    if name == "sqlite":
        yield name, ""
        return
    if not os.environ.get(PG_ENV):
        if os.environ.get("DESKAPP_TEST_PG_REQUIRED"):
            pytest.fail(f"${PG_ENV} is not set but $DESKAPP_TEST_PG_REQUIRED is: CI must test PostgreSQL")
        pytest.skip(f"no PostgreSQL server to test on: set ${PG_ENV} (e.g. from scripts/pg_server.sh)")
    if name == "postgresql":
        url, empty = request.getfixturevalue("server_database")
        _run(url, empty)
        try:
            yield name, url
        finally:
            db.disconnect()
        return
    database = f"deskapp_test_{uuid.uuid4().hex[:12]}"
    _admin(f"CREATE DATABASE {database}")
    try:
        yield name, server_url(database)
    finally:
        db.disconnect()
        _admin(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


@pytest.fixture
def locations(tmp_path: Path, engine) -> Locations:
    _name, url = engine
    return Locations(tmp_path / "data", tmp_path / "config", tmp_path / "data" / "desk.sqlite3", server=url)


def make_desk(locations: Locations, lang: str = "en", now: datetime = NOW) -> Desk:
    """A desk on the tests' policy (POLICY), overlaid with the desk's own policy.toml if any."""
    return open_desk(lang=lang, clock=fixed(now), locations=locations, create=True, defaults=POLICY)


@pytest.fixture
def desk(locations: Locations) -> Desk:
    return make_desk(locations)


@pytest.fixture
def counter(desk: Desk) -> Desk:
    """A desk with an admin, clerk 李雷 (PIN 5678, the actor), lead 韩梅梅 (PIN 654321),
    umbrellas U01-U05, strollers S1 S2 and wheelchair W1. Today is 2026-11-24 10:00."""
    from deskapp.services import audit, stock

    from helpers import add_admin, add_staff

    admin = add_admin(desk)
    clerk = add_staff(desk, admin, "李雷", "staff", "5678")
    lead = add_staff(desk, admin, "韩梅梅", "lead", "654321")
    actor = audit.Actor(clerk.id, "tui")
    stock.add_items(actor, desk.policy, "umbrella", "U01-U05", "", desk.time.now())
    stock.add_items(actor, desk.policy, "stroller", "S1 S2", "", desk.time.now())
    stock.add_items(actor, desk.policy, "wheelchair", "W1", "", desk.time.now())
    desk.actor, desk.lead = actor, lead  # type: ignore[attr-defined]
    return desk


@pytest.fixture
def register(desk: Desk) -> Desk:
    """A desk with clerk 李雷 as the actor, for complaints. Today is Tuesday 2026-11-24 10:00."""
    from deskapp.services import audit

    from helpers import add_admin, add_staff

    admin = add_admin(desk)
    clerk = add_staff(desk, admin, "李雷", "staff", "5678")
    desk.actor = audit.Actor(clerk.id, "tui")  # type: ignore[attr-defined]
    return desk
