"""Fixtures every tier shares: real broker and database, an isolated namespace per test."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import aio_pika
import pytest
from aio_pika.abc import AbstractRobustConnection
from hypothesis import settings
from pymongo import AsyncMongoClient

from shared.messaging.topology import Topology
from shared.persistence.mongo import Document, connect
from tests.support.bus import EventSpy, delete_namespace
from tests.support.infrastructure import mongodb, rabbitmq
from tests.support.mail import SmtpServer

# `-m unit` alone collects only the tiers that hold unit tests: importing the service, e2e,
# security and browser modules (schemathesis, playwright, the harness) only to deselect them
# took longer than running the unit tests. A file elsewhere that mentions the unit mark is
# still collected, so a unit test put there is never silently dropped.
UNIT_DIRS = ("unit", "contract")
TESTS = Path(__file__).resolve().parent
MENTIONS_UNIT = re.compile(r"mark\.unit\b|add_marker\(\s*[\"']unit[\"']")


def _may_hold_unit_tests(path: Path) -> bool:
    """Whether a module (any module under a folder, a conftest above) could mark a test `unit`."""
    files = [path] if path.is_file() else sorted(path.rglob("*.py"))
    files += [folder / "conftest.py" for folder in path.parents if folder.is_relative_to(TESTS)]
    return any(MENTIONS_UNIT.search(f.read_text(encoding="utf-8")) for f in files if f.is_file())


def _outside_unit_dirs(path: Path) -> bool:
    parts = path.resolve().relative_to(TESTS).parts
    return bool(parts) and parts[0] not in UNIT_DIRS


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """In a full run, refuse a unit test that `-m unit` alone would not collect (never dropped)."""
    if (config.getoption("markexpr") or "").strip() == "unit":
        return
    missed = {
        item.path
        for item in items
        if item.get_closest_marker("unit")
        and item.path.resolve().is_relative_to(TESTS)
        and _outside_unit_dirs(item.path)
        and not _may_hold_unit_tests(item.path)
    }
    if missed:
        names = ", ".join(sorted(str(path.relative_to(TESTS)) for path in missed))
        raise pytest.UsageError(f"unit tests that `-m unit` would not collect: {names}")


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Skip the other tiers' folders and modules when only `-m unit` is asked for."""
    if (config.getoption("markexpr") or "").strip() != "unit":
        return None
    try:
        parts = collection_path.resolve().relative_to(TESTS).parts
    except ValueError:
        return None
    if not parts or parts[0] in UNIT_DIRS:
        return None
    if collection_path.is_file() and not collection_path.name.startswith("test_"):
        return None
    return None if _may_hold_unit_tests(collection_path) else True


# Property tests assert rules, not speed: a busy CI machine must not fail them on a deadline.
settings.register_profile("samenspel", deadline=None)
settings.load_profile("samenspel")


@pytest.fixture(scope="session")
def mongodb_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One database server for the whole run (databases are per test)."""
    with mongodb(tmp_path_factory.mktemp("mongo")) as url:
        yield url


@pytest.fixture(scope="session")
def rabbitmq_url() -> Iterator[str]:
    """One broker for the whole run (names are per test)."""
    with rabbitmq() as url:
        yield url


@pytest.fixture
async def namespace(rabbitmq_url: str) -> AsyncIterator[str]:
    """A prefix for this test's exchanges, queues and databases; its queues go when it ends."""
    prefix = f"t{uuid.uuid4().hex[:10]}_"
    yield prefix
    connection = await aio_pika.connect(rabbitmq_url)
    async with connection:
        await delete_namespace(connection, Topology(prefix))


@pytest.fixture
def topology(namespace: str) -> Topology:
    """The test's names on the broker."""
    return Topology(namespace)


@pytest.fixture
async def amqp(rabbitmq_url: str, topology: Topology) -> AsyncIterator[AbstractRobustConnection]:
    """A plain aio-pika connection, as another system has."""
    connection = await aio_pika.connect_robust(rabbitmq_url)
    try:
        yield connection
    finally:
        await connection.close()


@pytest.fixture
async def spy(amqp: AbstractRobustConnection, topology: Topology) -> EventSpy:
    """Everything published in this test's namespace."""
    return await EventSpy(amqp, topology).start()


@pytest.fixture
async def mongo(mongodb_url: str, namespace: str) -> AsyncIterator[AsyncMongoClient[Document]]:
    """A client; the test's databases are dropped after it."""
    client = connect(mongodb_url)
    try:
        yield client
    finally:
        for name in await client.list_database_names():
            if name.startswith(namespace):
                await client.drop_database(name)
        await client.close()


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    """A real SMTP server on a free port."""
    server = SmtpServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def project_root() -> Path:
    """The repository root, where `python -m services.<name>` runs."""
    return Path(__file__).resolve().parent.parent
