"""A fresh-link request names only a person id: the directory of people mailed has the address."""

import datetime as dt

import pytest

from services.notifications.adapters.directory import InMemoryPersonDirectory
from services.notifications.domain.directory import people_named
from services.notifications.domain.notification import record
from services.notifications.domain.planning import PlanningConfig, plan_notifications
from services.notifications.service_layer.composing import compose
from services.notifications.service_layer.recording import event_json
from services.notifications.service_layer.samples import sample_event
from shared.capabilities import PERSON_PAGE
from shared.contracts.intake import PersonLinkRequested
from shared.people import participant_id
from tests.unit.notifications.composed import NOW, SIGNER, TABLE, Mail, as_event, composer

pytestmark = pytest.mark.unit


def _request(person: str) -> PersonLinkRequested:
    return PersonLinkRequested(person_id=person, generation=2, requested_at=NOW)


async def test_a_learner_mailed_once_gets_a_fresh_page_link_when_they_ask_for_one() -> None:
    directory = InMemoryPersonDirectory()
    enrolled = sample_event("participant.enrolled")
    await directory.remember(people_named(enrolled.data, TABLE, "Europe/Amsterdam"))
    learner = participant_id(enrolled.data.participant.participant_id)  # type: ignore[attr-defined]
    known = await directory.look_up(learner)
    assert known is not None
    config = PlanningConfig(known_people={learner: known})
    event = as_event(_request(learner))
    (planned,) = plan_notifications(event, TABLE, config)
    assert planned.recipient.address == enrolled.data.participant.email  # type: ignore[attr-defined]
    assert planned.urgent and planned.essential  # they just asked; nobody may switch it off
    stored = record(planned, event_json(event), NOW, release_at=NOW, allowed=True)
    composed = await compose(stored, NOW, composer())
    assert composed.email is not None
    mail = Mail(planned, composed.email)
    assert mail.page_person() == learner
    token = mail.text.split("/mijn/", 1)[1].split()[0]
    granted = SIGNER.verify(token, PERSON_PAGE, NOW + dt.timedelta(days=400))
    assert granted is not None and granted.generation == 2  # the generation the page asked for
    assert "nieuwe link" in mail.words()


def test_someone_never_mailed_gets_nothing_and_staff_are_never_in_the_directory() -> None:
    stranger = participant_id("p-unknown")
    assert plan_notifications(as_event(_request(stranger)), TABLE, PlanningConfig()) == []
    submitted = sample_event("case.submitted")
    named = people_named(submitted.data, TABLE, "Europe/Amsterdam")
    assert [p.role for p in named] == ["owner"]  # staff routes name nobody with a page


def test_every_attendee_of_a_session_is_remembered_with_their_own_page() -> None:
    scheduled = sample_event("session.scheduled")
    named = people_named(scheduled.data, TABLE, "Europe/Amsterdam")
    attendees = scheduled.data.session.attendees  # type: ignore[attr-defined]
    assert {p.person_id for p in named} == {a.person_id for a in attendees if a.person_id}
