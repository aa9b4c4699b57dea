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


async def test_learners_questions_and_the_owners_answers_reach_the_briefing(
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
    mongo: object,
) -> None:
    case_id = "case-questions"
    asked_url = f"/api/cases/{case_id}/preparation/participant-anna/questions"
    async with documents_service(namespace, rabbitmq_url, mongodb_url) as http:
        await publish(amqp, topology, accepted(case_id), case_id)
        await wait_for_document(http, case_id, "acceptance-letter")
        body = {"name": "Anna de Vries", "text": "Wie beslist over de plek?"}
        asked = await http.post(asked_url, json=body, headers=auth(SERVICE))
        assert asked.status_code == 201 and asked.json() == {"questions": 1}
        answer_url = f"/api/cases/{case_id}/questions/1/answer"
        answered = await http.put(answer_url, json={"text": "De raad."}, headers=auth(SERVICE))
        assert answered.status_code == 200 and answered.json() == {"answered": 1}
        [question] = (await http.get(f"/api/cases/{case_id}/questions", headers=auth())).json()
        assert question["answer"] == "De raad." and question["participant"] == "Anna de Vries"

        none = await http.put(
            f"/api/cases/{case_id}/questions/2/answer", json={"text": "x"}, headers=auth(SERVICE)
        )
        assert none.status_code == 422 and none.json()["detail"][0]["field"] == "answers"
        empty = await http.put(answer_url, json={"text": ""}, headers=auth(SERVICE))
        assert empty.status_code == 422 and "text" in empty.json()["detail"][0]["field"]
        by_learner = await http.put(answer_url, json={"text": "Ik"}, headers=auth(PARTICIPANT))
        assert by_learner.status_code == 403
