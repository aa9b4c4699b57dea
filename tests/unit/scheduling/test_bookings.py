"""E-learning bookings: one place per learner, never over capacity, moves and cancellations."""

import datetime as dt

import pytest

from services.scheduling.domain.bookings import Booking, BookingRefused, book, cancel
from services.scheduling.domain.people import Member, enrol
from services.scheduling.domain.programme import ProgrammeTemplate
from services.scheduling.domain.runs import CohortRun, announced, plan_run, refresh_attendees
from shared.calendar import WorkingDayCalendar
from shared.contracts.base import Contact, ProgrammeFormat
from shared.contracts.intake import Participant
from shared.contracts.scheduling import AttendeeRole, CohortInfo, SessionAttendeesChanged
from shared.people import participant_id

pytestmark = pytest.mark.unit

T0 = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
LEARNERS = {"p1", "p2", "p3"}


def learner(n: int) -> Participant:
    return Participant(participant_id=f"p{n}", name=f"Leerling {n}", email=f"p{n}@example.org")


@pytest.fixture
def template(templates: dict[ProgrammeFormat, ProgrammeTemplate]) -> ProgrammeTemplate:
    return templates[ProgrammeFormat.E_LEARNING]


@pytest.fixture
def run(template: ProgrammeTemplate, nl_calendar: WorkingDayCalendar) -> CohortRun:
    info = CohortInfo.model_validate(
        {
            "cohort_id": "el-2026",
            "format": "e-learning",
            "title": "E-learning 2026",
            "start_date": "2026-03-09",
            "coaches": [Contact(name="Tina Trainer", email="tina@example.org")],
            "training_capacity": 2,
        }
    )
    members: list[Member] = []
    for n in (1, 2, 3):
        members = enrol(members, learner(n), T0) or members
    planned, _ = plan_run(
        CohortRun(cohort_id="el-2026", members=members), info, template, nl_calendar
    )
    return planned


def test_two_places_are_taken_and_the_third_learner_is_offered_the_next_training(
    run: CohortRun,
) -> None:
    first, second = run.sessions[0], run.sessions[1]
    taken: list[Booking] = []
    for learner_id in ("p1", "p2"):
        taken = book(taken, run.sessions, LEARNERS, learner_id, first.session_id, T0) or taken
    with pytest.raises(BookingRefused) as full:
        book(taken, run.sessions, LEARNERS, "p3", first.session_id, T0)
    assert full.value.full and full.value.next_free == second.session_id


def test_a_move_frees_the_old_place_and_booking_the_same_twice_changes_nothing(
    run: CohortRun,
) -> None:
    first, second = run.sessions[0], run.sessions[1]
    taken = book([], run.sessions, LEARNERS, "p1", first.session_id, T0) or []
    assert book(taken, run.sessions, LEARNERS, "p1", first.session_id, T0) is None
    moved = book(taken, run.sessions, LEARNERS, "p1", second.session_id, T0)
    assert moved is not None and [b.session_id for b in moved] == [second.session_id]
    assert cancel(moved, "p1") == [] and cancel([], "p1") is None


@pytest.mark.parametrize(
    ("who", "when", "field"), [("p9", T0, "participant_id"), ("p1", None, "session_id")]
)
def test_strangers_and_trainings_that_began_cannot_be_booked(
    run: CohortRun, who: str, when: dt.datetime | None, field: str
) -> None:
    first = run.sessions[0]
    now = when or first.starts_at
    with pytest.raises(BookingRefused) as refused:
        book([], run.sessions, LEARNERS, who, first.session_id, now)
    assert refused.value.field == field and not refused.value.full


def test_the_booker_alone_is_invited_to_their_training_and_the_offer_counts_places(
    run: CohortRun, template: ProgrammeTemplate
) -> None:
    first = run.sessions[0]
    taken = book([], run.sessions, LEARNERS, "p1", first.session_id, T0) or []
    after, events = refresh_attendees(run.model_copy(update={"bookings": taken}), template, T0)
    [changed] = [e for e in events if isinstance(e, SessionAttendeesChanged)]
    assert changed.session.session_id == first.session_id
    assert [a.person_id for a in changed.added] == [participant_id("p1")]
    roles = [a.role for a in changed.session.attendees]
    assert roles == [AttendeeRole.TRAINER, AttendeeRole.PARTICIPANT]
    offer = announced(after, template, T0).offered_sessions
    assert (offer[0].booked, offer[0].free, offer[1].free) == (1, 1, 2)
