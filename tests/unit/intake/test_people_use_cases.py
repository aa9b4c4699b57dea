"""Intake's person pages, guests, teams and owner feedback on the twins, fed by the other
services' own events: what each person sees and what each change owes."""

from __future__ import annotations

import datetime as dt

import pytest

from services.documents.domain.approach import DeliveryKind
from services.documents.service_layer.deliveries import edit_section
from services.documents.service_layer.releases import Releaser, release_approach
from services.intake.domain.errors import DecisionRefused
from services.intake.domain.teams import TeamDraft
from services.intake.entrypoints.messaging import event_handlers
from services.intake.service_layer.context import Intake
from services.intake.service_layer.enrolments import register
from services.intake.service_layer.guests import invite_guest, remove_guest, staff_remove_guest
from services.intake.service_layer.people import person_view, request_fresh_link
from services.intake.service_layer.teams import record_learning_question, save_team
from services.intake.service_layer.timelines import NothingToSend, give_feedback
from services.scheduling.domain.cohorts import NewCohort
from services.scheduling.entrypoints.messaging import event_handlers as scheduling_handlers
from services.scheduling.service_layer.cohorts import plan_cohort
from shared.clock import ManualClock
from shared.contracts.base import Contact
from shared.people import participant_id
from tests.support.twins import hand_to, owed, owed_data, published_by
from tests.unit.documents.samples import full_sections
from tests.unit.documents.twin import (
    accepted_case,
    deliverable_due,
    documents_on_twin,
    published,
)
from tests.unit.intake import factories
from tests.unit.intake.twin import intake_on_twin
from tests.unit.scheduling.twin import START, scheduling_on_twin

pytestmark = pytest.mark.unit
LEERGANG = NewCohort.model_validate(
    {
        "cohort_id": "lg-2026",
        "format": "leergang",
        "title": "Leergang voorjaar 2026",
        "start_date": dt.date(2026, 3, 10),
        "capacity": 10,
        "location": "Utrecht, Stadskantoor",
    }
)


async def _leergang_with_learner() -> tuple[Intake, str]:
    """A leergang planned by scheduling, learner 1 enrolled in intake, invited by scheduling."""
    clock = ManualClock(START)
    scheduling, intake = scheduling_on_twin(clock), intake_on_twin(clock)
    await plan_cohort(LEERGANG, scheduling)
    await hand_to(event_handlers(intake), await published_by(scheduling.cohorts, "lg-2026"))
    clock.advance(dt.timedelta(hours=1))  # later words about a session win
    await register("lg-2026", factories.participant(1), intake)
    enrolled = await published_by(intake.cohorts, "lg-2026", "participant.enrolled")
    await hand_to(scheduling_handlers(scheduling), enrolled)
    await hand_to(event_handlers(intake), await published_by(scheduling.cohorts, "lg-2026"))
    return intake, participant_id("p-1")


async def test_a_learner_sees_their_cohort_and_the_four_days_they_are_invited_to() -> None:
    intake, person = await _leergang_with_learner()
    view = await person_view(person, intake)
    assert view.name == "Deelnemer 1"
    assert [e.cohort.cohort_id for e in view.enrolments] == ["lg-2026"]
    assert len(view.sessions) == 4
    stranger = await person_view(participant_id("p-9"), intake)
    assert stranger.sessions == [] and stranger.enrolments == [] and stranger.name == ""


async def test_a_learner_invites_a_colleague_to_the_last_day_and_can_take_them_off_again() -> None:
    intake, person = await _leergang_with_learner()
    view = await person_view(person, intake)
    last_day = next(v for v in view.sessions if v.session.guest_limit > 0)
    guests = await invite_guest(
        view, last_day.session_id, "Kees Collega", "kees@example.nl", intake
    )
    assert [g.email for g in guests.guests] == ["kees@example.nl"]
    assert await owed(intake.guests, last_day.session_id) == ["guests.updated"]
    with pytest.raises(DecisionRefused):
        await invite_guest(view, last_day.session_id, "Kees", "geen-adres", intake)
    after = await remove_guest(last_day, "kees@example.nl", intake, by=person)
    assert after.guests == []
    await staff_remove_guest(last_day.session_id, "kees@example.nl", intake)  # nothing left
    assert len(await owed(intake.guests, last_day.session_id)) == 2


async def test_a_day_without_room_for_guests_refuses_an_invitation() -> None:
    intake, person = await _leergang_with_learner()
    view = await person_view(person, intake)
    first_day = next(v for v in view.sessions if v.session.guest_limit == 0)
    with pytest.raises(DecisionRefused):
        await invite_guest(view, first_day.session_id, "Kees", "kees@example.nl", intake)


async def test_a_team_with_a_mentor_owes_team_updated_and_the_members_assignment() -> None:
    intake, _person = await _leergang_with_learner()
    mentor = Contact(name="Mieke Mentor", email="mieke@example.nl")
    draft = TeamDraft(name="Team Noord", mentor=mentor, members=["p-1"])
    team_id, enrolment = await save_team("lg-2026", draft, intake)
    assert team_id and enrolment.assignment_of("p-1") is not None
    keys = await owed(intake.cohorts, "lg-2026")
    assert "team.updated" in keys and "participant.assigned" in keys
    await record_learning_question("lg-2026", "p-1", "Hoe betrek ik jongeren?", intake)
    stored = await intake.cohorts.get("lg-2026")
    assert stored is not None and "jongeren" in stored.state.model_dump_json()


async def test_a_fresh_link_is_requested_at_most_once_a_quarter_hour() -> None:
    clock = ManualClock(START)
    intake = intake_on_twin(clock)
    person = participant_id("p-1")
    await request_fresh_link(person, 1, intake)
    await request_fresh_link(person, 1, intake)
    assert await owed(intake.link_requests, person) == ["person.link_requested"]


async def test_the_owner_comments_on_the_draft_documents_delivered_and_documents_records_it() -> (
    None
):
    intake, documents = intake_on_twin(), documents_on_twin()
    with pytest.raises(NothingToSend):  # no draft yet
        await give_feedback("c1", {"context": "Mooi"}, "", intake)
    await documents.deliver(published(accepted_case(), "/samenspel/intake", "c1"))
    for content in full_sections("Met de bewoners"):
        await edit_section("c1", content, 0, "Coach", START, documents.deps)
    await documents.deliver(published(deliverable_due("draft"), "/samenspel/scheduling", "c1"))
    staff = Releaser(staff=True)  # the window opened; staff release the draft
    await release_approach("c1", DeliveryKind.DRAFT, staff, documents.deps)
    drafts = await published_by(documents.producer.files, "c1", "draft.delivered")
    await hand_to(event_handlers(intake), drafts)
    version = await give_feedback("c1", {"context": "Noem ook de school"}, "Dank", intake)
    assert version == 1
    await hand_to(documents.handlers, await published_by(intake.timelines, "c1"))
    stored = await documents.producer.files.get("c1")
    assert stored is not None and stored.state.approach is not None
    assert "Noem ook de school" in stored.state.approach.model_dump_json()
    [sent] = await owed_data(intake.timelines, "c1", "feedback.submitted")
    assert sent["on_version"] == 1 and sent["general_comment"] == "Dank"
