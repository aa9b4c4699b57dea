"""Staff form a learning network's intervision groups on the in-memory twin: one guarded write of
the cohort, a member in one group at a time, no event owed (nobody's invites change)."""

from __future__ import annotations

import pytest

from services.intake.domain.errors import DecisionRefused
from services.intake.domain.intervision import group_of
from services.intake.entrypoints.messaging import event_handlers
from services.intake.service_layer.context import Intake
from services.intake.service_layer.enrolments import UnknownCohort, register
from services.intake.service_layer.intervision import form_group
from services.intake.service_layer.people import person_view
from shared.contracts.base import ProgrammeFormat
from shared.contracts.envelope import new_event
from shared.contracts.scheduling import CohortPlanned
from shared.people import participant_id
from tests.support.twins import owed
from tests.unit.intake import factories
from tests.unit.intake.twin import NOW, intake_on_twin

pytestmark = pytest.mark.unit


async def _network(intake: Intake, cohort_id: str = "ln", members: int = 4) -> None:
    """A learning network intake heard of from scheduling, with `members` enrolled."""
    fmt = ProgrammeFormat.LEREND_NETWERK if cohort_id == "ln" else ProgrammeFormat.LEERGANG
    planned = CohortPlanned(cohort=factories.cohort(cohort_id=cohort_id, format=fmt))
    event = new_event(planned, source="/samenspel/scheduling", subject=cohort_id, now=NOW)
    await event_handlers(intake)[CohortPlanned](event)
    for n in range(1, members + 1):
        await register(cohort_id, factories.participant(n), intake)


async def test_staff_form_groups_and_a_member_put_in_another_group_moves() -> None:
    intake = intake_on_twin()
    await _network(intake)
    before = await owed(intake.cohorts, "ln")
    await form_group("ln", "Groep Gent", ["p-1", "p-2"], intake)
    enrolment = await form_group("ln", "Groep Brugge", ["p-3", "p-4"], intake)
    assert [(g.name, g.members) for g in enrolment.intervision_groups] == [
        ("Groep Gent", ["p-1", "p-2"]),
        ("Groep Brugge", ["p-3", "p-4"]),
    ]
    brugge = enrolment.intervision_groups[1].group_id
    moved = await form_group("ln", "Groep Brugge", ["p-2", "p-3", "p-4"], intake, brugge)
    assert [(g.name, g.members) for g in moved.intervision_groups] == [
        ("Groep Gent", ["p-1"]),
        ("Groep Brugge", ["p-2", "p-3", "p-4"]),
    ]
    stored = await intake.cohorts.get("ln")
    assert stored is not None and stored.state.intervision_groups == moved.intervision_groups
    assert await owed(intake.cohorts, "ln") == before, "no event: nobody's invites change"


async def test_a_member_sees_their_group_on_their_page_and_others_do_not() -> None:
    intake = intake_on_twin()
    await _network(intake)
    await form_group("ln", "Groep Gent", ["p-1", "p-3"], intake)
    mine = (await person_view(participant_id("p-3"), intake)).enrolment("ln")
    group = group_of(mine.intervision_groups, "p-3")
    assert group is not None and group.name == "Groep Gent" and group.members == ["p-1", "p-3"]
    other = (await person_view(participant_id("p-2"), intake)).enrolment("ln")
    assert group_of(other.intervision_groups, "p-2") is None


async def test_only_a_learning_network_has_groups_and_only_of_its_enrolled_members() -> None:
    intake = intake_on_twin()
    await _network(intake, "lg", members=2)
    with pytest.raises(DecisionRefused) as leergang:
        await form_group("lg", "Groep Gent", ["p-1", "p-2"], intake)
    assert leergang.value.field == "cohort"

    await _network(intake)
    with pytest.raises(DecisionRefused) as stranger:
        await form_group("ln", "Groep Gent", ["p-1", "p-9"], intake)
    assert stranger.value.field == "leden"
    with pytest.raises(DecisionRefused) as alone:
        await form_group("ln", "Groep Luik", ["p-1"], intake)
    assert alone.value.field == "leden"
    stored = await intake.cohorts.get("ln")
    assert stored is not None and stored.state.intervision_groups == [], "nothing written"


async def test_a_group_for_a_cohort_intake_does_not_know_is_refused() -> None:
    with pytest.raises(UnknownCohort):
        await form_group("nope", "Groep Gent", ["p-1", "p-2"], intake_on_twin())
