"""The rules around the approach: conflicts, incomplete drafts, consent, injection, letters."""

from __future__ import annotations

import asyncio
import datetime as dt

import httpx
import pytest
from aio_pika.abc import AbstractRobustConnection

from services.documents.domain.content import Roles, SectionContent
from services.documents.domain.sections import SectionKey
from shared.contracts.documents import FeedbackSubmitted, SectionFeedback
from shared.contracts.intake import Alternative, CaseRejected
from shared.contracts.scheduling import DeliverableDue, SessionRescheduled
from shared.messaging.topology import Topology
from tests.service.documents.support import (
    COACH,
    NOW,
    PARTICIPANT,
    accepted,
    auth,
    contribute,
    documents_service,
    download,
    open_case,
    owner_params,
    publish,
    wait_for_document,
)
from tests.support.bus import EventSpy
from tests.support.waiting import wait_until_async
from tests.unit.documents.extract import EXTRACT
from tests.unit.documents.samples import OWNER, full_sections, trajectory

pytestmark = pytest.mark.service
INJECTION = "{{ ''.__class__.__mro__[1].__subclasses__() }}{% raw %}<script>x</script>"


async def test_concurrent_edits_of_a_section_give_one_409_and_bad_input_422(
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
    mongo: object,
) -> None:
    case_id = "case-conflict"
    async with documents_service(namespace, rabbitmq_url, mongodb_url) as http:
        await publish(amqp, topology, accepted(case_id), case_id)
        await wait_for_document(http, case_id, "acceptance-letter")
        url = f"/api/cases/{case_id}/approach/sections/roles"
        bodies = [Roles(others=[{"name": n}]).model_dump(mode="json") for n in ("Ans", "Bo")]
        answers = await asyncio.gather(
            *(http.put(url, json=b, headers={**auth(), "If-Match": '"0"'}) for b in bodies)
        )
        assert sorted(a.status_code for a in answers) == [200, 409]
        conflict = next(a for a in answers if a.status_code == 409).json()
        assert conflict["current_version"] == 1 and conflict["detail"][0]["field"] == "If-Match"

        missing_etag = await http.put(url, json=bodies[0], headers=auth())
        assert missing_etag.status_code == 422
        assert missing_etag.json()["detail"][0]["field"] == "If-Match"
        bad = await http.put(
            f"/api/cases/{case_id}/approach/sections/stakeholders",
            json={"items": [{"name": "Buren", "influence": "alles"}]},
            headers={**auth(), "If-Match": '"0"'},
        )
        assert bad.status_code == 422
        assert any("influence" in d["field"] for d in bad.json()["detail"])
        assert (await http.put(url, json=bodies[0])).status_code == 401


async def test_an_incomplete_draft_is_refused_to_the_coach_and_flagged_to_staff(
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
    spy: EventSpy,
    mongo: object,
) -> None:
    case_id = "case-incomplete"
    async with documents_service(namespace, rabbitmq_url, mongodb_url) as http:
        await publish(amqp, topology, accepted(case_id), case_id)
        await wait_for_document(http, case_id, "acceptance-letter")
        await contribute(http, case_id, full_sections()[:2])
        forbidden = await http.post(f"/api/cases/{case_id}/draft", headers=auth(COACH))
        assert forbidden.status_code == 403  # a coach releases from their page
        refused = await http.post(f"/api/cases/{case_id}/draft", headers=auth("Programmabureau"))
        assert refused.status_code == 422
        fields = [d["field"] for d in refused.json()["detail"]]
        assert fields == [
            "sections.conversations",
            "sections.planning",
            "sections.time_and_money",
            "sections.roles",
            "sections.interpretation",
        ]

        due = DeliverableDue(
            case_id=case_id, cohort_id="lc-2026-1", deliverable=trajectory(case_id).deliverables[0]
        )
        await publish(amqp, topology, due, case_id)

        async def flagged() -> bool:
            notices = await http.get("/api/notices", headers=auth("Programmabureau"))
            return any(n["case_id"] == case_id for n in notices.json())

        await wait_until_async(flagged, 15)
        notices = (await http.get("/api/notices", headers=auth("Programmabureau"))).json()
        assert "De gesprekken" in notices[0]["reason"]
        assert (await http.get("/api/notices", headers=auth(COACH))).status_code == 403
        assert spy.events("draft.delivered") == []
        [alert] = await spy.wait_for("deliverable.refused")
        assert alert["data"]["case_id"] == case_id and alert["data"]["kind"] == "draft"
        assert "De gesprekken: nog leeg" in alert["data"]["missing"]


async def _deliver_final(
    http: httpx.AsyncClient, case_id: str, sections: list[SectionContent]
) -> None:
    await contribute(http, case_id, sections)
    for step in ("draft", "final"):
        response = await http.post(f"/api/cases/{case_id}/{step}", headers=auth("Programmabureau"))
        assert response.status_code == 201, response.text


async def test_cases_without_consent_never_reach_the_library(
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
    spy: EventSpy,
    mongo: object,
) -> None:
    async with documents_service(namespace, rabbitmq_url, mongodb_url) as http:
        for case_id, consent in (("case-private", False), ("case-shared", True)):
            await publish(amqp, topology, accepted(case_id, consent), case_id)
            await wait_for_document(http, case_id, "acceptance-letter")
            await _deliver_final(http, case_id, full_sections())
        await spy.wait_for("final.delivered", count=2)

        async def listed() -> list[str]:
            found = await http.get("/api/library", headers=auth(PARTICIPANT))
            return [e["case_id"] for e in found.json()]

        async def shared_listed() -> bool:
            return "case-shared" in await listed()

        await wait_until_async(shared_listed, 10)
        for params in ({}, {"topic": "zonneweide"}, {"format": "leercase"}):
            found = await http.get("/api/library", params=params, headers=auth(PARTICIPANT))
            assert [e["case_id"] for e in found.json()] == ["case-shared"], params
        year = NOW.year  # the test's clock delivered the final this year
        later = await http.get("/api/library", params={"year": year + 1}, headers=auth())
        assert later.json() == []

        video = {"title": "Opname van de startsessie", "url": "https://video.example/start"}
        for case_id in ("case-private", "case-shared"):
            url = f"/api/cases/{case_id}/recordings"
            attached = await http.post(url, json=video, headers=auth("Programmabureau"))
            assert attached.status_code == 201, attached.text
        [shared] = (await http.get("/api/library", headers=auth(PARTICIPANT))).json()
        assert shared["recordings"][0]["url"] == "https://video.example/start"
        url = "/api/cases/case-shared/recordings"
        bad = await http.post(
            url, json={"title": "x", "url": "ftp://x"}, headers=auth("Programmabureau")
        )
        assert bad.status_code == 422 and bad.json()["detail"][0]["field"].endswith("url")
        by_coach = await http.post(url, json=video, headers=auth(COACH))
        assert by_coach.status_code == 403


async def test_template_injection_typed_over_http_stays_inert_text(
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
    spy: EventSpy,
    mongo: object,
) -> None:
    case_id = "case-injection"
    async with documents_service(namespace, rabbitmq_url, mongodb_url) as http:
        await publish(amqp, topology, accepted(case_id), case_id)
        await wait_for_document(http, case_id, "acceptance-letter")
        await contribute(http, case_id, full_sections(" " + INJECTION))
        staff = auth("Programmabureau")
        assert (await http.post(f"/api/cases/{case_id}/draft", headers=staff)).status_code == 201
        [delivered] = await spy.wait_for("draft.delivered")
        for link in delivered["data"]["downloads"]:
            content = (await download(http, link["url"])).content
            text = EXTRACT[link["format"]](content)
            assert "''.__class__.__mro__[1].__subclasses__()" in text, link["format"]
            assert "<class" not in text and "subprocess" not in text
            if link["format"] == "html":
                assert b"<script>x" not in content and b"&lt;script&gt;x" in content


async def test_letters_agendas_and_feedback_from_other_systems(
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
    spy: EventSpy,
    mongo: object,
) -> None:
    async with documents_service(namespace, rabbitmq_url, mongodb_url) as http:
        rejected = CaseRejected(
            case_id="case-no",
            case_title="Bomenkap Parklaan",
            owner=OWNER,
            reason="De case heeft tijdsdruk",
            alternatives=[Alternative(code="e-learning", title="E-learning met live training")],
            decided_by="staff",
            decided_at=NOW,
        )
        await publish(amqp, topology, rejected, "case-no")
        [letter, _] = await wait_for_document(http, "case-no", "rejection-letter")
        text = EXTRACT["html"]((await download(http, letter["url"])).content)
        assert "De case heeft tijdsdruk" in text and "E-learning met live training" in text

        case_id = "case-moved"
        await open_case(http, amqp, topology, case_id)
        plan = trajectory(case_id)
        moved = plan.sessions[1].model_copy(
            update={
                "starts_at": plan.sessions[1].starts_at + dt.timedelta(days=2),
                "ends_at": plan.sessions[1].ends_at + dt.timedelta(days=2),
                "sequence": 1,
            }
        )
        asked = await http.post(
            f"/api/cases/{case_id}/questions",
            json={"text": "Wie beslist er?"},
            headers=auth(PARTICIPANT),
        )
        assert asked.status_code == 201
        event = SessionRescheduled(
            case_id=case_id,
            cohort_id="lc-2026-1",
            session=moved,
            previous_starts_at=plan.sessions[1].starts_at,
        )
        await publish(amqp, topology, event, case_id)
        [agenda, _] = await wait_for_document(http, case_id, "agenda-step-2", version=2)
        text = EXTRACT["html"]((await download(http, agenda["url"])).content)
        assert "woensdag 18 maart 2026" in text and "Wie beslist er?" in text

        await _deliver_final(http, case_id, full_sections())  # draft v1, final v2
        wrong = await http.post(
            f"/api/cases/{case_id}/feedback",
            params={"token": "x" * 64},
            json={"general_comment": "hoi"},
        )
        assert wrong.status_code == 401
        ok_token = owner_params(case_id)
        assert ok_token["token"] != "x" * 64
        feedback = FeedbackSubmitted(
            case_id=case_id,
            on_version=1,
            submitted_at=NOW,
            items=[SectionFeedback(section=SectionKey.ROLES.heading, comment="Wie is trekker?")],
        )
        await publish(amqp, topology, feedback, case_id)

        async def stored() -> bool:
            approach = await http.get(f"/api/cases/{case_id}/approach", headers=auth())
            return any(f["section"] == "roles" for f in approach.json()["feedback"])

        await wait_until_async(stored, 10)
