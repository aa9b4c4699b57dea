"""The timeline fed from the bus (each event once) and the owner's portal (only their own case)."""

from __future__ import annotations

import re

import httpx
import pytest
from pymongo import AsyncMongoClient

from shared.persistence.mongo import Document
from tests.service.intake.conftest import Bus, submission_json
from tests.service.intake.test_console import csrf
from tests.support.bus import EventSpy
from tests.support.waiting import wait_until_async
from tests.unit.intake.timeline_samples import draft, scheduled

pytestmark = pytest.mark.service


async def _case(http: httpx.AsyncClient, title: str) -> tuple[str, str]:
    body = (await http.post("/api/cases", json=submission_json(title=title))).json()
    path = re.sub(r"^https?://[^/]+", "", body["owner_link"])
    return body["case_id"], path


async def _entries(mongo: AsyncMongoClient[Document], namespace: str, case_id: str) -> int:
    found = await mongo[f"{namespace}samenspel_intake"]["timelines"].find_one({"_id": case_id})
    return 0 if found is None else len(found["entries"])


async def test_an_event_delivered_twice_appears_once_on_the_timeline(
    http: httpx.AsyncClient,
    bus: Bus,
    spy: EventSpy,
    mongo: AsyncMongoClient[Document],
    namespace: str,
) -> None:
    case_id, link = await _case(http, "Zonneweide Molenweg")
    await spy.wait_for("case.screened")

    async def has(count: int) -> bool:
        return await _entries(mongo, namespace, case_id) >= count

    await wait_until_async(lambda: has(2))  # submitted + screened, our own events
    for _ in range(2):
        await bus.publish(scheduled(case_id), subject=case_id, event_id="same-event-1")
    await bus.publish(draft(case_id), subject=case_id, event_id="draft-event-1")
    await wait_until_async(lambda: has(4))
    await bus.publish(draft(case_id), subject=case_id, event_id="draft-event-1")
    await bus.publish(scheduled(case_id), subject=case_id, event_id="same-event-1")
    await bus.publish(draft("other-case"), subject="other-case", event_id="draft-event-2")
    await wait_until_async(
        lambda: has_other(mongo, namespace)
    )  # the later event was handled, so the repeats were too
    assert await _entries(mongo, namespace, case_id) == 4
    page = await http.get(link)
    assert page.text.count("Zet in mijn agenda") == 4
    assert page.text.count("Concept</strong>") == 1


async def has_other(mongo: AsyncMongoClient[Document], namespace: str) -> bool:
    return await _entries(mongo, namespace, "other-case") == 1


async def test_an_owner_link_shows_only_its_own_case_and_feedback_goes_to_it(
    http: httpx.AsyncClient, bus: Bus, spy: EventSpy
) -> None:
    case_a, link_a = await _case(http, "Speeltuin Oost")
    _, link_b = await _case(http, "Schoolplein West")
    await bus.publish(draft(case_a), subject=case_a)

    async def drafted() -> bool:
        return "Uw feedback op het concept" in (await http.get(link_a)).text

    await wait_until_async(drafted)
    page_a = await http.get(link_a)
    page_b = await http.get(link_b)
    assert "Speeltuin Oost" in page_a.text and "Schoolplein West" not in page_a.text
    assert "Schoolplein West" in page_b.text and "Speeltuin Oost" not in page_b.text
    # the owner's own signed download link (issue 16 item 5), never the bare documents URL
    assert "/documenten/" in page_a.text and "/documenten/" not in page_b.text
    assert "/api/documents/" not in page_a.text
    assert page_a.headers["cache-control"] == "no-store"

    no_draft = await http.post(
        f"{link_b}/feedback", data={"csrf_token": csrf(page_a.text), "algemeen": "Hallo"}
    )
    assert no_draft.status_code == 422
    forged = await http.post(f"{link_a}/feedback", data={"csrf_token": "x", "algemeen": "Mooi"})
    assert forged.status_code == 400 and "Mooi" in forged.text
    empty = await http.post(f"{link_a}/feedback", data={"csrf_token": csrf(page_a.text)})
    assert empty.status_code == 422 and "minstens één onderdeel" in empty.text
    sent = await http.post(
        f"{link_a}/feedback",
        data={"csrf_token": csrf(page_a.text), "sectie_planning": "Later beginnen", "algemeen": ""},
    )
    assert sent.status_code == 303
    [event] = await spy.wait_for("feedback.submitted")
    assert event["subject"] == case_a and event["data"]["case_id"] == case_a
    assert event["data"]["on_version"] == 1
    assert event["data"]["items"] == [{"section": "planning", "comment": "Later beginnen"}]
    thanks = await http.get(sent.headers["location"])
    assert "Uw feedback is verstuurd" in thanks.text and "feedbackformulier" in thanks.text
    assert (await http.get("/eigenaar/nergens")).status_code == 404
    assert (await http.post("/eigenaar/nergens/feedback", data={})).status_code == 404
