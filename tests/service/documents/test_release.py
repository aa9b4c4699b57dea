"""A coach's page releases the draft: refused with the names of empty sections, or for a
non-coach; released, the owner's draft is announced once."""

from __future__ import annotations

import pytest
from aio_pika.abc import AbstractRobustConnection

from services.documents.domain.content import ParticipationQuestion, SectionContent
from shared.capabilities import PERSON_PAGE, CapabilitySigner
from shared.messaging.topology import Topology
from shared.people import coach_id
from tests.service.documents.support import (
    SECRET,
    accepted,
    auth,
    contribute,
    documents_service,
    publish,
    wait_for_document,
)
from tests.support.bus import EventSpy
from tests.unit.documents.samples import full_sections

pytestmark = pytest.mark.service
SIGNER = CapabilitySigner.from_secret(SECRET)


def _page_of(person_id: str) -> dict[str, str]:
    """What a person's page sends: intake's token plus the person's own page capability."""
    return {**auth("Programmabureau"), "X-Person-Capability": SIGNER.sign(PERSON_PAGE, person_id)}


async def test_a_coach_releases_the_draft_only_when_complete_and_only_a_coach_may(
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
    spy: EventSpy,
    mongo: object,
) -> None:
    case_id = "case-release"
    coach = _page_of(coach_id("anke@example.nl"))
    async with documents_service(namespace, rabbitmq_url, mongodb_url) as http:
        await publish(amqp, topology, accepted(case_id), case_id)
        await wait_for_document(http, case_id, "acceptance-letter")
        short: list[SectionContent] = [ParticipationQuestion(question="x")]
        await contribute(http, case_id, short)
        url = f"/api/cases/{case_id}/release"

        refused = await http.post(url, json={"kind": "draft"}, headers=coach)
        assert refused.status_code == 422, refused.text
        reasons = {d["field"]: d["reason"] for d in refused.json()["detail"]}
        assert reasons["sections.participation_question"] == (
            "Participatievraag en vraagstuk: te kort (minder dan 20 letters)"
        )
        assert reasons["sections.stakeholders"] == "Betrokkenen en publieksgroepen: nog leeg"

        other = _page_of(coach_id("eve@example.nl"))
        not_a_coach = await http.post(url, json={"kind": "draft"}, headers=other)
        assert not_a_coach.status_code == 403, not_a_coach.text
        forged = {**coach, "X-Person-Capability": "coach-1.0.-.forged"}
        assert (await http.post(url, json={"kind": "draft"}, headers=forged)).status_code == 403
        from_a_contributor = await http.post(url, json={"kind": "draft"}, headers=auth())
        assert from_a_contributor.status_code == 403

        sections: list[SectionContent] = [
            s for s in full_sections() if s.kind != "participation_question"
        ]
        await contribute(http, case_id, sections)
        question = full_sections()[0].model_dump(mode="json")
        saved = await http.put(
            f"/api/cases/{case_id}/approach/sections/participation_question",
            json=question,
            headers={**auth(), "If-Match": '"1"'},
        )
        assert saved.status_code == 200, saved.text
        released = await http.post(url, json={"kind": "draft"}, headers=coach)
        assert released.status_code == 201, released.text
        assert {d["format"] for d in released.json()["downloads"]} == {"html", "docx", "pdf"}
        [draft] = await spy.wait_for("draft.delivered")
        assert draft["data"]["released_by"] == "Anke Jansen"
        assert [c["email"] for c in draft["data"]["coaches"]] == ["anke@example.nl"]
