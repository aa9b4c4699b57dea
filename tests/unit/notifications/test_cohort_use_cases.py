"""Notifications fed by intake's and scheduling's own events on the twins: learners' mails."""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage

import pytest

from services.intake.entrypoints.messaging import event_handlers as intake_handlers
from services.intake.service_layer.enrolments import assign, register
from services.scheduling.domain.cohorts import NewCohort
from services.scheduling.service_layer.cohorts import plan_cohort
from shared.clock import ManualClock
from shared.contracts.intake import CaseAccepted
from tests.support.twins import hand_to, published_by
from tests.unit.intake import factories
from tests.unit.intake.twin import intake_on_twin
from tests.unit.notifications.twin import notifications_on_twin
from tests.unit.scheduling.twin import START, accepted, from_intake, leercase, scheduling_on_twin

pytestmark = pytest.mark.unit
LEARNER = "deelnemer1@example.nl"


def _bodies(mails: list[EmailMessage]) -> str:
    """The plain-text bodies, as the learner reads them."""
    bodies = [mail.get_body(("plain",)) for mail in mails]
    return "\n".join(body.get_content() for body in bodies if body is not None)


async def test_an_e_learning_enrolment_mail_lists_the_live_trainings_on_offer() -> None:
    clock = ManualClock(START)
    scheduling, intake = scheduling_on_twin(clock), intake_on_twin(clock)
    service = notifications_on_twin(clock)
    draft = NewCohort.model_validate(
        {
            "cohort_id": "el-2026",
            "format": "e-learning",
            "title": "E-learning 2026",
            "start_date": dt.date(2026, 3, 2),
        }
    )
    await plan_cohort(draft, scheduling)
    planned = await published_by(scheduling.cohorts, "el-2026")
    await hand_to(service.handlers, planned)
    await hand_to(intake_handlers(intake), planned)
    await register("el-2026", factories.participant(1), intake)
    await hand_to(service.handlers, await published_by(intake.cohorts, "el-2026"))
    mails = [m for m in service.mail.sent if LEARNER in str(m["To"])]
    stored = await scheduling.cohorts.get("el-2026")
    assert stored is not None and len(mails) == 1
    names = [session.name for session in stored.state.sessions[:2]]
    assert names == ["Live online training (1)", "Live online training (2)"]
    assert all(name in _bodies(mails) for name in names)


async def test_a_learner_moved_twice_hears_only_of_the_case_they_end_up_on() -> None:
    clock = ManualClock(START)
    scheduling, intake = scheduling_on_twin(clock), intake_on_twin(clock)
    service = notifications_on_twin(clock)
    await plan_cohort(leercase(capacity=4), scheduling)
    await hand_to(intake_handlers(intake), await published_by(scheduling.cohorts, "lc-2026-03"))
    await register("lc-2026-03", factories.participant(1), intake)
    for case_id in ("c1", "c2"):
        event = from_intake(accepted(case_id, "lc-2026-03", clock.now()), case_id, clock.now())
        await intake_handlers(intake)[CaseAccepted](event)
    await assign("lc-2026-03", "p-1", "c1", intake)
    await assign("lc-2026-03", "p-1", "c2", intake)
    moves = await published_by(intake.cohorts, "lc-2026-03", "participant.assigned")
    await hand_to(service.handlers, list(reversed(moves)))  # the broker keeps no order
    told = [m for m in service.mail.sent if LEARNER in str(m["To"])]
    assert len(told) == 1
    assert "Zonneweide c2" in _bodies(told) and "Zonneweide c1" not in _bodies(told)
