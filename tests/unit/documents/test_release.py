"""The learners write, a coach releases: nothing reaches the owner before a complete release."""

from __future__ import annotations

import pytest

from services.documents.domain.approach import Approach, DeliveryKind, apply_edit
from services.documents.domain.content import ParticipationQuestion, Planning
from services.documents.domain.errors import NotACoach, NotReadyForRelease
from services.documents.domain.release import release, section_problems
from services.documents.service_layer.deliveries import edit_section, request_delivery
from services.documents.service_layer.releases import Releaser, release_approach
from shared.contracts.base import Contact
from shared.contracts.scheduling import (
    Attendee,
    AttendeeRole,
    SessionAttendeesChanged,
    SessionInfo,
)
from shared.people import coach_id
from tests.support.twins import owed_data
from tests.unit.documents.samples import full_sections
from tests.unit.documents.twin import NOW, Documents, documents_on_twin, published
from tests.unit.documents.twin import deliverable_due as due
from tests.unit.scheduling.twin import accepted

pytestmark = pytest.mark.unit
ANNA = Contact(name="Anna de Vries", email="anna@example.org")
BERT = Contact(name="Bert Jansen", email="bert@example.org")


def _written(*contents: object) -> Approach:
    approach = Approach(case_id="c1", case_title="Zonneweide")
    for content in contents:
        approach = apply_edit(approach, content, 0, "Lotte", NOW)  # type: ignore[arg-type]
    return approach


def test_the_check_names_every_empty_and_every_too_short_section_in_dutch() -> None:
    question = ParticipationQuestion(question="x")
    problems = section_problems(_written(question))
    assert problems["participation_question"] == (
        "Participatievraag en vraagstuk: te kort (minder dan 20 letters)"
    )
    assert problems["stakeholders"] == "Betrokkenen en publieksgroepen: nog leeg"
    assert set(problems) == {
        "participation_question",
        "stakeholders",
        "conversations",
        "planning",
        "time_and_money",
        "roles",
        "interpretation",
    }  # the annex of execution steps is optional


def test_a_complete_approach_is_released_as_the_next_version() -> None:
    approach = _written(*full_sections())
    assert section_problems(approach) == {}
    released, delivery = release(approach, DeliveryKind.DRAFT, NOW)
    assert delivery.version == 1 and released.deliveries == [delivery]


def test_one_placeholder_section_stops_the_release() -> None:
    sections = [s for s in full_sections() if s.kind != "planning"]
    approach = _written(
        *sections, Planning.model_validate({"items": [{"period": "wk", "activity": "x"}]})
    )
    with pytest.raises(NotReadyForRelease) as refused:
        release(approach, DeliveryKind.DRAFT, NOW)
    assert list(refused.value.problems) == ["planning"]


async def _case_being_written(documents: Documents) -> None:
    case = accepted("c1", "lc-2026-03", NOW, coaches=[ANNA, BERT])
    await documents.deliver(published(case, "/samenspel/intake", "c1"))
    for content in full_sections():
        await edit_section("c1", content, 0, "Lotte (deelnemer)", NOW, documents.deps)


async def _release(documents: Documents, releaser: Releaser) -> None:
    await release_approach("c1", DeliveryKind.DRAFT, releaser, documents.deps)


async def test_the_window_opening_tells_the_coaches_and_delivers_nothing() -> None:
    documents = documents_on_twin()
    await _case_being_written(documents)
    await documents.deliver(published(due("draft"), "/samenspel/scheduling", "c1"))
    [opened] = await owed_data(documents.producer.files, "c1", "deliverable.opened")
    assert [c["email"] for c in opened["coaches"]] == ["anna@example.org", "bert@example.org"]
    assert opened["case_title"] == "Zonneweide c1" and opened["missing"] == []
    assert await owed_data(documents.producer.files, "c1", "draft.delivered") == []


async def test_a_coach_of_the_case_releases_the_draft_and_is_named_in_the_event() -> None:
    documents = documents_on_twin()
    await _case_being_written(documents)
    await _release(documents, Releaser(staff=False, person_id=coach_id("Bert@example.org")))
    [draft] = await owed_data(documents.producer.files, "c1", "draft.delivered")
    assert draft["released_by"] == "Bert Jansen" and len(draft["coaches"]) == 2


async def test_someone_who_is_not_a_coach_of_the_case_cannot_release() -> None:
    documents = documents_on_twin()
    await _case_being_written(documents)
    with pytest.raises(NotACoach):
        await _release(documents, Releaser(staff=False, person_id=coach_id("eve@example.org")))
    assert await owed_data(documents.producer.files, "c1", "draft.delivered") == []


async def test_staff_release_in_the_name_of_the_programme_office() -> None:
    documents = documents_on_twin()
    await _case_being_written(documents)
    await _release(documents, Releaser(staff=True))
    [draft] = await owed_data(documents.producer.files, "c1", "draft.delivered")
    assert draft["released_by"] == "het programmabureau"


async def test_the_learners_assigned_later_are_told_when_the_window_opens() -> None:
    documents = documents_on_twin()
    await _case_being_written(documents)
    lotte = Attendee(
        person_id="participant-0123456789abcdef01234567",
        name="Lotte Visser",
        email="lotte@example.nl",
        role=AttendeeRole.PARTICIPANT,
    )
    coach = Attendee(name=ANNA.name, email=ANNA.email, role=AttendeeRole.COACH)
    session = SessionInfo(
        session_id="s-1",
        step=1,
        name="Startsessie",
        starts_at=NOW,
        ends_at=NOW,
        timezone="Europe/Amsterdam",
        attendees=[lotte, coach],
    )
    changed = SessionAttendeesChanged(
        case_id="c1", cohort_id="lc-2026-03", session=session, added=[lotte]
    )
    await documents.deliver(published(changed, "/samenspel/scheduling", "c1"))
    await documents.deliver(published(due("draft"), "/samenspel/scheduling", "c1"))
    [opened] = await owed_data(documents.producer.files, "c1", "deliverable.opened")
    assert [a["email"] for a in opened["team"]] == ["lotte@example.nl"]


async def test_a_release_over_the_api_is_held_to_the_same_rule_and_announced() -> None:
    documents = documents_on_twin()
    await _case_being_written(documents)
    placeholder = Planning.model_validate({"items": [{"period": "wk", "activity": "x"}]})
    await edit_section("c1", placeholder, 1, "het programmabureau", NOW, documents.deps)
    with pytest.raises(NotReadyForRelease) as refused:
        await request_delivery("c1", DeliveryKind.DRAFT, "het programmabureau", documents.deps)
    assert list(refused.value.problems) == ["planning"]
    assert await owed_data(documents.producer.files, "c1", "draft.delivered") == []
    full_planning = next(s for s in full_sections() if s.kind == "planning")
    await edit_section("c1", full_planning, 2, "het programmabureau", NOW, documents.deps)
    await request_delivery("c1", DeliveryKind.DRAFT, "het programmabureau", documents.deps)
    [draft] = await owed_data(documents.producer.files, "c1", "draft.delivered")
    assert draft["released_by"] == "het programmabureau"
