"""A network meeting's topics on the in-memory twin: members propose and support them from their
page, and the meeting's reminder brings an agenda that lists them, most supported first."""

from __future__ import annotations

import datetime as dt

import pytest

from services.documents.domain.meeting_topics import TopicRefused
from services.documents.service_layer.topics import propose_topic, support_topic, topics_of
from shared.clock import ManualClock
from shared.contracts.base import ProgrammeFormat
from shared.contracts.scheduling import SessionInfo, SessionReminderDue
from tests.support.twins import owed_data
from tests.unit.documents.twin import NOW, Documents, documents_on_twin, published

pytestmark = pytest.mark.unit

MEETING = ("ln-2027-s1", "ln-2027", "Bijeenkomst 1")
ANNA, BERT, CHRIS = "participant-a", "participant-b", "participant-c"


def _reminder(**extra: object) -> SessionReminderDue:
    session = SessionInfo.model_validate(
        {
            "session_id": MEETING[0],
            "step": 1,
            "name": "Bijeenkomst",
            "starts_at": dt.datetime(2027, 9, 16, 12, 0, tzinfo=dt.UTC),
            "ends_at": dt.datetime(2027, 9, 16, 15, 0, tzinfo=dt.UTC),
            "timezone": "Europe/Amsterdam",
            "online": False,
            "location": "Brussel",
        }
    )
    values: dict[str, object] = {
        "cohort_id": MEETING[1],
        "cohort_title": "Jaargang 2027",
        "format": ProgrammeFormat.LEREND_NETWERK,
        "session": session,
    }
    return SessionReminderDue.model_validate(values | extra)


async def _two_topics(documents: Documents, clock: ManualClock) -> None:
    """Anna and Bert each propose one; Anna also supports Bert's."""
    deps = documents.deps
    await propose_topic(clock, MEETING, ANNA, "Anna", "Jongeren  betrekken", deps)
    clock.advance(dt.timedelta(minutes=1))
    [*_, bert] = await propose_topic(clock, MEETING, BERT, "Bert", "De raad", deps)
    await support_topic(MEETING[0], bert.topic_id, ANNA, deps)


async def test_members_propose_and_support_and_the_most_supported_topic_comes_first() -> None:
    clock = ManualClock(NOW)
    documents = documents_on_twin(clock)
    await _two_topics(documents, clock)
    listed = await topics_of(MEETING[0], documents.deps)
    assert [(t.title, t.proposer_name, len(t.supporters)) for t in listed] == [
        ("De raad", "Bert", 2),
        ("Jongeren betrekken", "Anna", 1),
    ]
    stored = await documents.producer.sessions.get(MEETING[0])
    assert stored is not None
    assert (stored.state.cohort_id, stored.state.title) == ("ln-2027", "Bijeenkomst 1")


async def test_supporting_a_topic_a_second_time_writes_nothing() -> None:
    clock = ManualClock(NOW)
    documents = documents_on_twin(clock)
    await _two_topics(documents, clock)
    before = await documents.producer.sessions.get(MEETING[0])
    [first, *_] = await topics_of(MEETING[0], documents.deps)
    again = await support_topic(MEETING[0], first.topic_id, ANNA, documents.deps)
    after = await documents.producer.sessions.get(MEETING[0])
    assert before is not None and after is not None and after.version == before.version
    assert [len(t.supporters) for t in again] == [2, 1]


async def test_a_refused_proposal_or_support_names_the_field_and_changes_nothing() -> None:
    clock = ManualClock(NOW)
    documents = documents_on_twin(clock)
    with pytest.raises(TopicRefused) as nothing_yet:
        await support_topic(MEETING[0], "t1", CHRIS, documents.deps)
    assert nothing_yet.value.field == "topic_id"
    assert await documents.producer.sessions.get(MEETING[0]) is None, "no file for nothing"

    await _two_topics(documents, clock)
    before = await documents.producer.sessions.get(MEETING[0])
    with pytest.raises(TopicRefused) as twice:
        await propose_topic(clock, MEETING, CHRIS, "Chris", "de RAAD", documents.deps)
    assert twice.value.field == "title"
    with pytest.raises(TopicRefused) as unknown:
        await support_topic(MEETING[0], "t9", CHRIS, documents.deps)
    assert unknown.value.field == "topic_id"
    after = await documents.producer.sessions.get(MEETING[0])
    assert before is not None and after is not None and after.version == before.version


async def test_a_meeting_without_topics_lists_none() -> None:
    assert await topics_of("ln-2027-s9", documents_on_twin().deps) == []


async def test_the_meetings_reminder_brings_an_agenda_with_the_members_topics_once() -> None:
    clock = ManualClock(NOW)
    documents = documents_on_twin(clock)
    await _two_topics(documents, clock)
    event = published(_reminder(), "/samenspel/scheduling", MEETING[1], clock.now())
    await documents.deliver(event)
    await documents.deliver(event)  # redelivered

    [agenda] = [r for r in documents.renderers["html"].requests if r.template == "session_agenda"]
    assert [t.title for t in agenda.context["topics"]] == ["De raad", "Jongeren betrekken"]
    stored = await documents.producer.sessions.get(MEETING[0])
    assert stored is not None
    assert sorted({(d.kind, d.version) for d in stored.state.documents}) == [("agenda", 1)]
    assert len(stored.state.topics) == 2, "the topics stay in the meeting's file"
    [ready] = await owed_data(documents.producer.sessions, MEETING[0], "documents.ready")
    assert ready["made_for"] == event.id and ready["session_id"] == MEETING[0]
    [document] = ready["documents"]
    assert document["kind"] == "agenda" and document["title"].startswith("Agenda")
    assert {d["format"] for d in document["downloads"]} >= {"html", "pdf"}


async def test_a_reminder_for_a_case_documents_does_not_know_gets_the_formats_agenda() -> None:
    documents = documents_on_twin()
    event = published(_reminder(case_id="c-unknown"), "/samenspel/scheduling", "c-unknown")
    await documents.deliver(event)
    [ready] = await owed_data(documents.producer.sessions, MEETING[0], "documents.ready")
    assert ready["case_id"] == "c-unknown" and ready["documents"], "an agenda all the same"
    assert await documents.producer.files.get("c-unknown") is None
