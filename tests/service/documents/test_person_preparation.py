"""Intake's page saves a learner's preparation in documents; the briefing reads it."""

from __future__ import annotations

import pytest
from aio_pika.abc import AbstractRobustConnection

from shared.messaging.topology import Topology
from tests.service.documents.support import (
    PARTICIPANT,
    accepted,
    auth,
    documents_service,
    publish,
    wait_for_document,
)

pytestmark = pytest.mark.service
SERVICE = "Programmabureau"  # intake calls with a staff token


async def test_a_learners_preparation_is_kept_per_person_and_feeds_the_briefing(
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
    mongo: object,
) -> None:
    case_id = "case-preparation"
    url = f"/api/cases/{case_id}/preparation/participant-anna"
    async with documents_service(namespace, rabbitmq_url, mongodb_url) as http:
        await publish(amqp, topology, accepted(case_id), case_id)
        await wait_for_document(http, case_id, "acceptance-letter")
        before = (await http.get(url, headers=auth(SERVICE))).json()
        assert before["answers"] == {} and before["submitted_at"] is None
        assert any(q["id"] == "publieksgroepen" for q in before["questionnaire"]["questions"])

        answers = {"kern": "Draagvlak voor de zonneweide", "bereik": ["Online bijeenkomst"]}
        body = {"name": "Anna de Vries", "answers": answers}
        saved = await http.put(url, json=body, headers=auth(SERVICE))
        assert saved.status_code == 200 and saved.json() == {"respondents": 1}
        mine = (await http.get(url, headers=auth(SERVICE))).json()
        assert mine["answers"] == answers and mine["submitted_at"]
        other = f"/api/cases/{case_id}/preparation/participant-bert"
        assert (await http.get(other, headers=auth(SERVICE))).json()["answers"] == {}
        briefing = (await http.get(f"/api/cases/{case_id}/briefing", headers=auth())).json()
        kern = next(q for q in briefing["questions"] if q["question"]["id"] == "kern")
        assert kern["open_answers"] == [
            {"participant": "Anna de Vries", "text": "Draagvlak voor de zonneweide"}
        ]

        wrong = {"name": "Anna", "answers": {"invloed": "alles"}}
        refused = await http.put(url, json=wrong, headers=auth(SERVICE))
        assert refused.status_code == 422 and refused.json()["detail"][0]["field"] == "answers"
        nameless = await http.put(url, json={"answers": answers}, headers=auth(SERVICE))
        assert nameless.status_code == 422
        assert any("name" in d["field"] for d in nameless.json()["detail"])
        # a learner's own contributor token cannot read or write anyone's preparation
        assert (await http.get(url, headers=auth(PARTICIPANT))).status_code == 403
        assert (await http.put(url, json=body, headers=auth(PARTICIPANT))).status_code == 403
        assert (await http.get(url)).status_code == 401
