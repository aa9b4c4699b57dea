"""What each person's page gathers on the in-memory twins, fed by scheduling's own events: the
owner and the content expert see their case, a coach their cases, a mentor their team; nobody
sees anything of another person, and revoked links are announced in the same write."""

from __future__ import annotations

import datetime as dt

import pytest

from services.intake.domain.teams import TeamDraft
from services.intake.entrypoints.messaging import event_handlers
from services.intake.service_layer.context import Intake
from services.intake.service_layer.decisions import name_content_expert
from services.intake.service_layer.enrolments import register
from services.intake.service_layer.guests import guest_card, guests_of, invite_guest
from services.intake.service_layer.people import (
    NotOnThisPage,
    kind_of,
    link_generation,
    person_view,
    request_fresh_link,
    revoke_person_links,
)
from services.intake.service_layer.teams import save_team
from services.scheduling.entrypoints.messaging import event_handlers as scheduling_handlers
from services.scheduling.service_layer.cohorts import plan_cohort
from shared.clock import ManualClock
from shared.contracts.base import Contact, Person
from shared.contracts.envelope import new_event
from shared.contracts.intake import CaseAccepted
from shared.people import (
    PersonKind,
    coach_id,
    content_expert_id,
    owner_id,
    participant_id,
    person_id,
)
from tests.support.twins import hand_to, owed, owed_data, published_by
from tests.unit.intake import factories
from tests.unit.intake.test_people_use_cases import LEERGANG, _leergang_with_learner
from tests.unit.intake.twin import intake_on_twin
from tests.unit.scheduling.twin import (
    START,
    accepted,
    from_intake,
    leercase,
    scheduling_on_twin,
)

pytestmark = pytest.mark.unit

ELSEWHERE = "https://zaaksysteem.example/samenspel"  # another system submits the case
MENTOR = Contact(name="Mieke Mentor", email="mieke@example.nl")


async def _planned_case() -> Intake:
    """Case c1 submitted by another system with its own content expert, planned by scheduling."""
    clock = ManualClock(START)
    intake, scheduling = intake_on_twin(clock), scheduling_on_twin(clock)
    answers = factories.answers(owner_is_content_expert=False, content_expert=factories.expert())
    submitted = factories.submitted(case_id="c1", conditions=answers)
    elsewhere = new_event(submitted, source=ELSEWHERE, subject="c1", now=clock.now())
    await hand_to(event_handlers(intake), [elsewhere])
    await plan_cohort(leercase(), scheduling)
    case = accepted("c1", "lc-2026-03", clock.now())
    await scheduling_handlers(scheduling)[CaseAccepted](from_intake(case, "c1", clock.now()))
    await hand_to(event_handlers(intake), await published_by(scheduling.trajectories, "c1"))
    return intake


async def test_the_owner_sees_their_case_its_timeline_and_the_sessions_they_attend() -> None:
    intake = await _planned_case()
    view = await person_view(owner_id("c1"), intake)
    assert view.kind is PersonKind.OWNER and view.name == "Anne de Vries"
    assert view.case is not None and view.case.case_id == "c1"
    assert view.timeline is not None and len(view.sessions) == 4
    assert view.enrolments == [] and view.generation == 0
    first = view.sessions[0]
    assert view.session(first.session_id) == first
    with pytest.raises(NotOnThisPage):
        view.session("someone-elses-session")
    with pytest.raises(NotOnThisPage):
        view.enrolment("lc-2026-03")


async def test_the_content_expert_sees_the_case_under_their_own_name() -> None:
    intake = await _planned_case()
    view = await person_view(content_expert_id("c1"), intake)
    assert view.kind is PersonKind.CONTENT_EXPERT and view.name == "Bram Jansen"
    assert view.case is not None and view.case.case_id == "c1"


async def test_a_coach_sees_the_cases_their_sessions_are_about_and_no_case_file() -> None:
    intake = await _planned_case()
    view = await person_view(coach_id("anna@example.org"), intake)
    assert view.kind is PersonKind.COACH and view.name == "Anna de Vries"
    assert view.case is None and view.timeline is None
    assert view.cases() == [("c1", "Zonneweide c1")]
    assert view.sessions and all(s.case_id == "c1" for s in view.sessions)


async def test_a_mentor_sees_their_team_by_name_and_a_former_mentor_sees_nothing() -> None:
    clock = ManualClock(START)
    scheduling, intake = scheduling_on_twin(clock), intake_on_twin(clock)
    await plan_cohort(LEERGANG, scheduling)
    await hand_to(event_handlers(intake), await published_by(scheduling.cohorts, "lg-2026"))
    await register("lg-2026", factories.participant(1), intake)
    await save_team("lg-2026", TeamDraft(name="Team Noord", mentor=MENTOR, members=["p-1"]), intake)
    mentor = person_id(PersonKind.MENTOR, MENTOR.email)
    view = await person_view(mentor, intake)
    assert view.kind is PersonKind.MENTOR and view.name == "Mieke Mentor"
    assert [e.cohort_id for e in view.mentored] == ["lg-2026"]
    stranger = await person_view(person_id(PersonKind.MENTOR, "ander@example.nl"), intake)
    assert stranger.mentored == [] and stranger.name == ""


async def test_an_id_of_no_known_kind_shows_nothing() -> None:
    intake = await _planned_case()
    assert kind_of("admin-0123") is None
    view = await person_view("admin-0123456789abcdef01234567", intake)
    assert view.kind is None and view.name == "" and view.sessions == [] and view.case is None


async def test_revoking_a_persons_links_raises_their_generation_and_is_announced() -> None:
    clock = ManualClock(START)
    intake = intake_on_twin(clock)
    person = participant_id("p-1")
    assert await link_generation(person, intake) == 0
    await revoke_person_links(person, intake)
    await revoke_person_links(person, intake)
    assert await link_generation(person, intake) == 2
    revoked = await owed_data(intake.link_requests, person, "capability.revoked")
    assert [r["generation"] for r in revoked] == [1, 2]
    clock.advance(dt.timedelta(hours=1))
    await request_fresh_link(person, 0, intake)  # an old link asks: the fresh one is current
    [requested] = await owed_data(intake.link_requests, person, "person.link_requested")
    assert requested["generation"] == 2
    assert (await person_view(person, intake)).generation == 2
    assert await owed(intake.link_requests, participant_id("p-2")) == []


async def test_the_owner_names_a_content_expert_later_who_then_sees_the_case() -> None:
    intake = await _planned_case()
    expert = Person(name="Carla Kenner", role="Adviseur", email="carla@example.nl")
    case = await name_content_expert("c1", expert, "Anne de Vries", intake)
    assert case.conditions.content_expert == expert
    [named] = await owed_data(intake.cases, "c1", "case.content_expert_named")
    assert named["content_expert"]["email"] == "carla@example.nl"
    view = await person_view(content_expert_id("c1"), intake)
    assert view.name == "Carla Kenner"
    await name_content_expert("c1", expert, "Anne de Vries", intake)  # the same again
    assert len(await owed_data(intake.cases, "c1", "case.content_expert_named")) == 1


async def test_a_learner_s_session_card_offers_the_guest_form_only_where_they_may_invite() -> None:
    intake, person = await _leergang_with_learner()
    view = await person_view(person, intake)
    last_day = next(v for v in view.sessions if v.session.guest_limit > 0)
    first_day = next(v for v in view.sessions if v.session.guest_limit == 0)
    assert await guests_of(last_day.session_id, intake) is None
    await invite_guest(view, last_day.session_id, "Kees Collega", "kees@example.nl", intake)
    view = await person_view(person, intake)  # the page again, with the guest
    now = START
    card = guest_card(last_day, view, now, "/gasten")
    assert card == {
        "guest_url": "/gasten",
        "my_guests": [{"name": "Kees Collega", "email": "kees@example.nl"}],
    }
    assert guest_card(first_day, view, now, "/gasten") == {"guest_url": "", "my_guests": []}
    begun = last_day.session.starts_at
    assert guest_card(last_day, view, begun, "/gasten")["guest_url"] == "", "the day has begun"
    stranger = await person_view(participant_id("p-9"), intake)
    assert guest_card(last_day, stranger, now, "/gasten")["guest_url"] == ""
    stored = await guests_of(last_day.session_id, intake)
    assert stored is not None and [g.email for g in stored.guests] == ["kees@example.nl"]
