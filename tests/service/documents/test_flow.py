"""The whole approach through the real broker and database: accepted -> final, every version."""

from __future__ import annotations

import re

import pytest
from aio_pika.abc import AbstractRobustConnection

from services.documents.domain.content import Milestone, Planning
from shared.messaging.topology import Topology
from tests.service.documents.support import (
    COACH,
    PARTICIPANT,
    auth,
    contribute,
    documents_service,
    download,
    open_case,
    owner_params,
    versions,
)
from tests.support.bus import EventSpy
from tests.support.waiting import wait_until_async
from tests.unit.documents.extract import EXTRACT
from tests.unit.documents.samples import full_sections

pytestmark = pytest.mark.service

CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


async def test_accepted_case_to_final_approach_with_every_version_downloadable(
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
    spy: EventSpy,
    mongo: object,
) -> None:
    case_id = "case-flow-1"
    async with documents_service(namespace, rabbitmq_url, mongodb_url) as http:
        await open_case(http, amqp, topology, case_id)
        sections = full_sections(" zz{n}")
        await contribute(http, case_id, sections)

        draft = await http.post(f"/api/cases/{case_id}/draft", headers=auth("Programmabureau"))
        assert draft.status_code == 201, draft.text
        [delivered] = await spy.wait_for("draft.delivered")
        data = delivered["data"]
        assert data["version"] == 1 and data["owner"]["name"] == "Fatima el Amrani"
        assert {link["format"] for link in data["downloads"]} == {"html", "docx", "pdf"}
        assert (
            data.get("feedback_url") is None
        )  # no capability in an event: the mail links the page
        markers = set(re.findall(r"zz\d\d", " ".join(" ".join(s.lines()) for s in sections)))
        for link in data["downloads"]:
            response = await download(http, link["url"])
            assert response.headers["content-type"] == CONTENT_TYPES[link["format"]]
            assert link["filename"] in response.headers["content-disposition"]
            text = EXTRACT[link["format"]](response.content)
            assert not [m for m in markers if m not in text], link["format"]

        feedback = await http.post(
            f"/api/cases/{case_id}/feedback",
            params=owner_params(case_id),
            json={
                "items": [
                    {"section": "planning", "comment": "Graag een terugkoppeling in oktober"}
                ],
                "general_comment": "Mooi werk",
            },
        )
        assert feedback.status_code == 202, feedback.text
        [announced] = await spy.wait_for("feedback.submitted")
        assert announced["data"]["on_version"] == 1

        planning = Planning(
            items=[Milestone(period="oktober 2026", activity="Terugkoppeling aan de bewoners zz99")]
        )
        edit = await http.put(
            f"/api/cases/{case_id}/approach/sections/planning",
            json=planning.model_dump(mode="json"),
            headers={**auth(COACH), "If-Match": '"1"'},
        )
        assert edit.status_code == 200 and edit.headers["etag"] == '"2"'

        final = await http.post(f"/api/cases/{case_id}/final", headers=auth("Programmabureau"))
        assert final.status_code == 201, final.text
        [done] = await spy.wait_for("final.delivered")
        assert done["data"]["version"] == 2
        assert [c["name"] for c in done["data"]["coaches"]] == ["Anke Jansen", "Pieter Smit"]
        for link in done["data"]["downloads"]:
            text = EXTRACT[link["format"]]((await download(http, link["url"])).content)
            assert "Graag een terugkoppeling in oktober" in text, link["format"]
            assert "Terugkoppeling aan de bewoners zz99" in text and "Wat is er veranderd" in text

        # Our own feedback event came back from the bus: stored once, not twice.
        approach = (await http.get(f"/api/cases/{case_id}/approach", headers=auth())).json()
        assert len(approach["feedback"]) == 2
        assert [d["kind"] for d in approach["deliveries"]] == ["draft", "final"]

        listed = await versions(http, case_id)
        kinds = {(d["kind"], d["version"], d["format"]) for d in listed}
        for fmt in ("html", "docx", "pdf"):
            assert ("approach", 1, fmt) in kinds and ("approach", 2, fmt) in kinds
        assert ("acceptance-letter", 2, "pdf") in kinds  # again, now with the schedule
        assert ("agenda-step-2", 1, "html") in kinds
        for record in listed:
            response = await download(http, record["url"])
            assert response.headers["etag"] == f'"{record["sha256"]}"'

        async def in_library() -> bool:
            found = await http.get(
                "/api/library",
                params={"topic": "zonneweide", "municipality": "sudwest-fryslan"},
                headers=auth(PARTICIPANT),
            )
            return [e["case_id"] for e in found.json()] == [case_id]

        await wait_until_async(in_library, 10)
