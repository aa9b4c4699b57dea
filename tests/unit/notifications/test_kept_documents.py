"""A cohort's agenda goes to every learner: fetched once, the bytes of the rendition itself."""

from __future__ import annotations

import asyncio

import pytest

from services.notifications.adapters.documents import FakeDocumentFetcher
from services.notifications.adapters.kept_documents import KeptDocuments
from services.notifications.service_layer.channel_ports import SendFailed

pytestmark = pytest.mark.unit

AGENDA = "https://documenten.example/api/documents/agenda-s2"


class Counting(FakeDocumentFetcher):
    """Counts fetches; each waits a moment, as documents' answer would."""

    def __init__(self, files: dict[str, bytes]) -> None:
        super().__init__(files)
        self.fetches: list[str] = []

    async def fetch(self, url: str) -> bytes:
        self.fetches.append(url)
        await asyncio.sleep(0.01)
        return await super().fetch(url)


async def test_twenty_four_learners_mailed_at_once_cost_one_fetch_and_get_the_same_file() -> None:
    documents = Counting({AGENDA: b"%PDF-1.7 agenda"})
    kept = KeptDocuments(documents)
    got = await asyncio.gather(*(kept.fetch(AGENDA) for _ in range(24)))
    later = await kept.fetch(AGENDA)
    assert set(got) == {b"%PDF-1.7 agenda"} and later == b"%PDF-1.7 agenda"
    assert documents.fetches == [AGENDA]


async def test_a_failed_fetch_fails_those_waiting_and_the_next_mail_fetches_again() -> None:
    documents = Counting({AGENDA: b"%PDF"})
    documents.failures = 1
    kept = KeptDocuments(documents)
    failed = await asyncio.gather(kept.fetch(AGENDA), kept.fetch(AGENDA), return_exceptions=True)
    assert all(isinstance(f, SendFailed) and not f.permanent for f in failed)
    assert await kept.fetch(AGENDA) == b"%PDF"
    assert len(documents.fetches) == 2


async def test_a_copy_is_kept_a_minute_and_within_its_size_the_oldest_going_first() -> None:
    clock = [0.0]
    files = {f"{AGENDA}-{n}": bytes(40) for n in range(3)}
    documents = Counting(files)
    kept = KeptDocuments(documents, max_bytes=100, seconds=60, monotonic=lambda: clock[0])
    for url in files:  # 120 bytes asked for, 100 kept: the first goes
        await kept.fetch(url)
    await kept.fetch(f"{AGENDA}-2")
    await kept.fetch(f"{AGENDA}-0")
    assert documents.fetches.count(f"{AGENDA}-2") == 1
    assert documents.fetches.count(f"{AGENDA}-0") == 2
    clock[0] = 61.0
    await kept.fetch(f"{AGENDA}-2")
    assert documents.fetches.count(f"{AGENDA}-2") == 2


async def test_one_mail_given_up_does_not_cancel_the_fetch_another_waits_for() -> None:
    documents = Counting({AGENDA: b"%PDF"})
    kept = KeptDocuments(documents)
    first = asyncio.create_task(kept.fetch(AGENDA))
    second = asyncio.create_task(kept.fetch(AGENDA))
    await asyncio.sleep(0)
    first.cancel()
    assert await second == b"%PDF"
    assert documents.fetches == [AGENDA]
