"""Sample events of cohort programmes (leeratelier, e-learning), for previews and tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

from services.notifications.domain.model import Recipient
from shared.contracts import intake, scheduling
from shared.contracts.base import EventData, ProgrammeFormat
from shared.people import coach_id, participant_id

AMS = ZoneInfo("Europe/Amsterdam")
NOW = dt.datetime(2026, 3, 2, 9, 15, tzinfo=AMS)
LEARNER = intake.Participant(
    participant_id="p-17", name="Sanne Jansen", email="sanne.jansen@example.org"
)
LATECOMER = intake.Participant(
    participant_id="p-23", name="Youssef Amrani", email="y.amrani@example.org"
)
LEAVER = intake.Participant(participant_id="p-9", name="Eva Smit", email="eva.smit@example.org")
ATELIER_TITLE = "Participatie verankeren, voorjaar 2026"
ATELIER = scheduling.CohortInfo(
    cohort_id="la-2026-1",
    format=ProgrammeFormat.LEERATELIER,
    title=ATELIER_TITLE,
    start_date=dt.date(2026, 3, 26),
    fixed_dates=[dt.date(2026, 3, 26), dt.date(2026, 4, 16), dt.date(2026, 5, 21)],
    registration_deadline=dt.date(2026, 3, 12),
    fee_eur_cents=270_000,
    location="Utrecht, Catharijnesingel 47",
)


def attendee(person: intake.Participant) -> scheduling.Attendee:
    """A learner as scheduling names them in a session."""
    return scheduling.Attendee(
        person_id=participant_id(person.participant_id),
        name=person.name,
        email=person.email,
        role=scheduling.AttendeeRole.PARTICIPANT,
    )


def atelier_round() -> scheduling.SessionInfo:
    """Round 2 of the leeratelier: 12:00-17:00 in Utrecht, with homework and guide steps."""
    trainer = "Ineke Vos", "i.vos@example.org"
    return scheduling.SessionInfo(
        session_id="s-la-2026-1-2",
        step=2,
        name="Beleid en instrumenten",
        starts_at=dt.datetime(2026, 4, 16, 12, 0, tzinfo=AMS),
        ends_at=dt.datetime(2026, 4, 16, 17, 0, tzinfo=AMS),
        timezone="Europe/Amsterdam",
        online=False,
        location=ATELIER.location,
        homework="Neem de huidige participatieverordening van uw gemeente mee.",
        guide_steps=[4, 5],
        attendees=[
            attendee(LEARNER),
            attendee(LATECOMER),
            scheduling.Attendee(
                person_id=coach_id(trainer[1]),
                name=trainer[0],
                email=trainer[1],
                role=scheduling.AttendeeRole.TRAINER,
            ),
        ],
    )


def cohort_payloads() -> dict[str, Callable[[], EventData]]:
    """The cohort events' samples, by routing key."""
    return {
        "session.attendees_changed": lambda: scheduling.SessionAttendeesChanged(
            cohort_id=ATELIER.cohort_id,
            cohort_title=ATELIER_TITLE,
            format=ProgrammeFormat.LEERATELIER,
            session=atelier_round(),
            added=[attendee(LATECOMER)],
            removed=[attendee(LEAVER)],
        ),
        "participant.left": lambda: intake.ParticipantLeft(
            cohort_id=ATELIER.cohort_id, cohort_title=ATELIER_TITLE, participant=LEAVER, left_at=NOW
        ),
        "participant.assigned": lambda: intake.ParticipantAssigned(
            cohort_id="lc-2026-1",
            cohort_title="Leercase Challenge voorjaar 2026",
            participant=LEARNER,
            case_id="case-42",
            case_title="Zonneweide Hoge Veld",
            revision=1,
            assigned_at=NOW,
        ),
        "person.link_requested": lambda: intake.PersonLinkRequested(
            person_id=participant_id(LEARNER.participant_id), generation=1, requested_at=NOW
        ),
    }


def known_learner() -> Recipient:
    """The sample learner as the person directory knows them (for the fresh-link preview)."""
    return Recipient(
        address=LEARNER.email,
        name=LEARNER.name,
        role="participant",
        person_id=participant_id(LEARNER.participant_id),
    )
