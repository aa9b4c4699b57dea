"""Sample events for every routed event, so any template can be previewed without real data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

import icalendar

from services.notifications.service_layer import cohort_samples
from shared.contracts import documents, intake, notifications, scheduling
from shared.contracts.base import Contact, EventData, ProgrammeFormat
from shared.contracts.envelope import CloudEvent
from shared.people import coach_id, owner_id, participant_id

AMS = ZoneInfo("Europe/Amsterdam")
NOW = dt.datetime(2026, 3, 2, 9, 15, tzinfo=AMS)
OWNER = Contact(name="Marieke de Vries", email="m.devries@example.org")
COACHES = [
    Contact(name="Jan Bakker", email="jan.bakker@example.org"),
    Contact(name="Fatima El Amrani", email="f.elamrani@example.org"),
]
PARTICIPANT = cohort_samples.LEARNER
TITLE = "Zonneweide Hoge Veld"
TEAM = [
    scheduling.Attendee(
        person_id=participant_id(PARTICIPANT.participant_id),
        name=PARTICIPANT.name,
        email=PARTICIPANT.email,
        role=scheduling.AttendeeRole.PARTICIPANT,
    )
]


def session_ics(session: scheduling.SessionInfo, method: str) -> str:
    """A calendar object as scheduling would publish it, with its VTIMEZONE."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//samenspel//scheduling//NL")
    cal.add("version", "2.0")
    cal.add("method", method)
    event = icalendar.Event()
    event.add("uid", f"{session.session_id}@samenspel")
    event.add("sequence", session.sequence)
    event.add("summary", session.name)
    event.add("dtstamp", NOW.astimezone(dt.UTC))
    event.add("dtstart", session.starts_at.astimezone(ZoneInfo(session.timezone)))
    event.add("dtend", session.ends_at.astimezone(ZoneInfo(session.timezone)))
    if method == "CANCEL":
        event.add("status", "CANCELLED")
    cal.add_component(event)
    cal.add_missing_timezones()
    ical: bytes = cal.to_ical()
    return ical.decode()


def sample_session(method: str = "REQUEST", sequence: int = 0) -> scheduling.SessionInfo:
    """The kick-off of the sample case: Monday 9 March 2026, 14:00-16:00 Amsterdam time."""
    base = scheduling.SessionInfo(
        session_id="s-case-42-1",
        step=1,
        name="Startsessie",
        starts_at=dt.datetime(2026, 3, 9, 14, 0, tzinfo=AMS),
        ends_at=dt.datetime(2026, 3, 9, 16, 0, tzinfo=AMS),
        timezone="Europe/Amsterdam",
        meeting_url="https://teams.example.org/meet/startsessie",
        sequence=sequence,
        attendees=[
            scheduling.Attendee(
                person_id=owner_id("case-42"), name=OWNER.name, email=OWNER.email, role="owner"
            ),
            scheduling.Attendee(
                person_id=coach_id(COACHES[0].email),
                name=COACHES[0].name,
                email=COACHES[0].email,
                role="coach",
            ),
            cohort_samples.attendee(PARTICIPANT),
        ],
    )
    return base.model_copy(update={"ics": session_ics(base, method)})


def _downloads(kind: str) -> list[documents.DocumentLink]:
    stem = f"participatieaanpak-{kind}-zonneweide"
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return [
        documents.DocumentLink(
            format="docx",
            url=f"https://docs.example.org/{stem}.docx",
            filename=f"{stem}.docx",
            content_type=docx,
        ),
        documents.DocumentLink(
            format="pdf",
            url=f"https://docs.example.org/{stem}.pdf",
            filename=f"{stem}.pdf",
            content_type="application/pdf",
        ),
    ]


def _payloads() -> dict[str, Callable[[], EventData]]:
    return {**_case_payloads(), **cohort_samples.cohort_payloads()}


def _case_payloads() -> dict[str, Callable[[], EventData]]:
    deliverable = scheduling.DeliverableInfo(
        kind=scheduling.DeliverableKind.DRAFT, opens_at=NOW, due_at=NOW + dt.timedelta(days=28)
    )
    return {
        "case.submitted": lambda: intake.CaseSubmitted(
            case_id="case-42",
            submitted_at=NOW,
            owner=intake.Owner(
                name=OWNER.name,
                role="beleidsadviseur",
                organisation="Gemeente Hoge Veld",
                email=OWNER.email,
            ),
            case=intake.CaseDescription(
                title=TITLE,
                description="De gemeente wil met inwoners praten over een zonneweide.",
                societal_issue="Energietransitie en ruimtegebruik",
                municipality="Hoge Veld",
            ),
            conditions=intake.ConditionAnswers(
                societal_and_concrete=True,
                no_time_pressure=True,
                owner_is_content_expert=True,
                can_attend_all_sessions=True,
                consent_to_share=True,
            ),
        ),
        "case.screened": lambda: intake.CaseScreened(
            case_id="case-42",
            case_title=TITLE,
            screened_at=NOW,
            overall=intake.Verdict.FLAG,
            decision_due=dt.date(2026, 3, 9),
            results=[
                intake.ConditionResult(
                    condition=intake.ConditionKey.NO_TIME_PRESSURE,
                    verdict=intake.Verdict.FLAG,
                    reason="De gewenste start ligt binnen 8 weken.",
                )
            ],
        ),
        "case.accepted": lambda: intake.CaseAccepted(
            case_id="case-42",
            case_title=TITLE,
            cohort_id="lc-2026-1",
            format=ProgrammeFormat.LEERCASE,
            owner=OWNER,
            consent_to_share=True,
            decided_by="staff-1",
            decided_at=NOW,
        ),
        "trajectory.scheduled": lambda: scheduling.TrajectoryScheduled(
            case_id="case-42",
            cohort_id="lc-2026-1",
            format=ProgrammeFormat.LEERCASE,
            timezone="Europe/Amsterdam",
            owner=OWNER,
            coaches=COACHES,
            sessions=[sample_session()],
            deliverables=[deliverable],
        ),
        "case.rejected": lambda: intake.CaseRejected(
            case_id="case-42",
            case_title=TITLE,
            owner=OWNER,
            decided_by="staff-1",
            decided_at=NOW,
            reason="Het besluit over de zonneweide moet al over vier weken vallen.",
            alternatives=[
                intake.Alternative(
                    code="e-learning",
                    title="E-learning met live training",
                    description="Werk in uw eigen tempo aan de 10 uitvoeringsstappen.",
                    url="https://academie.example.org/e-learning",
                )
            ],
        ),
        "case.decision_overdue": lambda: scheduling.DecisionOverdue(
            case_id="case-42", case_title=TITLE, decision_due=dt.date(2026, 3, 9), overdue_since=NOW
        ),
        "deliverable.overdue": lambda: scheduling.DeliverableOverdue(
            case_id="case-42", cohort_id="lc-2026-1", deliverable=deliverable
        ),
        "trajectory.planning_failed": lambda: scheduling.TrajectoryPlanningFailed(
            case_id="case-42",
            case_title=TITLE,
            cohort_id="lc-2026-1",
            reason="Geen twee coaches vrij op de sessiedata: Anna de Boer heeft al een sessie.",
            failed_at=NOW,
        ),
        "deliverable.refused": lambda: documents.DeliverableRefused(
            case_id="case-42",
            case_title=TITLE,
            kind=scheduling.DeliverableKind.DRAFT,
            missing=["Publieksgroepen en belanghebbenden", "Planning"],
            refused_at=NOW,
        ),
        "deliverable.opened": lambda: documents.DeliverableOpened(
            case_id="case-42",
            case_title=TITLE,
            cohort_id="lc-2026-1",
            kind=scheduling.DeliverableKind.DRAFT,
            due_at=deliverable.due_at,
            coaches=COACHES,
            team=TEAM,
            missing=["Planning: nog leeg"],
        ),
        "preparation.reminder_due": lambda: documents.PreparationReminderDue(
            case_id="case-42",
            case_title=TITLE,
            cohort_id="lc-2026-1",
            session_name="Verhelderingssessie (stap 2)",
            starts_at=NOW + dt.timedelta(days=2),
            team=TEAM,
        ),
        "participant.enrolled": lambda: intake.ParticipantEnrolled(
            cohort_id=cohort_samples.ATELIER.cohort_id,
            cohort_title=cohort_samples.ATELIER_TITLE,
            participant=PARTICIPANT,
            enrolled_at=NOW,
            cohort=cohort_samples.ATELIER,
        ),
        "participant.waitlisted": lambda: intake.ParticipantWaitlisted(
            cohort_id="lc-2026-1", participant=PARTICIPANT, position=3, waitlisted_at=NOW
        ),
        "participant.refused": lambda: intake.ParticipantRefused(
            cohort_id="lc-2026-1",
            participant=PARTICIPANT,
            refused_at=NOW,
            reason="De inschrijftermijn is verlopen.",
        ),
        "session.scheduled": lambda: scheduling.SessionScheduled(
            case_id="case-42", case_title=TITLE, cohort_id="lc-2026-1", session=sample_session()
        ),
        "session.rescheduled": lambda: scheduling.SessionRescheduled(
            case_id="case-42",
            case_title=TITLE,
            cohort_id="lc-2026-1",
            session=sample_session(sequence=1),
            previous_starts_at=dt.datetime(2026, 3, 6, 10, 0, tzinfo=AMS),
            reason="De zaal is niet beschikbaar.",
        ),
        "session.cancelled": lambda: scheduling.SessionCancelled(
            case_id="case-42",
            case_title=TITLE,
            cohort_id="lc-2026-1",
            session=sample_session("CANCEL", 2),
            reason="De casus is teruggetrokken.",
        ),
        "session.reminder_due": lambda: scheduling.SessionReminderDue(
            case_id="case-42", case_title=TITLE, cohort_id="lc-2026-1", session=sample_session()
        ),
        "draft.delivered": lambda: documents.DraftDelivered(
            case_id="case-42",
            case_title=TITLE,
            version=1,
            delivered_at=NOW,
            owner=OWNER,
            downloads=_downloads("concept"),
            coaches=COACHES,
            team=TEAM,
            released_by=COACHES[0].name,
        ),
        "feedback.submitted": lambda: documents.FeedbackSubmitted(
            case_id="case-42",
            case_title=TITLE,
            on_version=1,
            submitted_at=NOW,
            items=[
                documents.SectionFeedback(
                    section="stakeholders", comment="Vergeet de basisschool niet."
                ),
                documents.SectionFeedback(section="planning", comment="Liever na de zomer."),
            ],
            general_comment="Mooi concept, dank u wel.",
            coaches=COACHES,
        ),
        "final.delivered": lambda: documents.FinalDelivered(
            case_id="case-42",
            version=2,
            delivered_at=NOW,
            owner=OWNER,
            downloads=_downloads("definitief"),
            coaches=COACHES,
            team=TEAM,
            released_by=COACHES[1].name,
        ),
        "notification.failed": lambda: notifications.NotificationFailed(
            notification_id="n-1",
            case_id="case-42",
            source_event_id="e-1",
            source_event_type="nl.samenspel.session.scheduled.v1",
            template="session_scheduled",
            channel="email",
            recipient_role="owner",
            recipient="m.devries@example.org",
            error="550 mailbox unavailable",
            permanent=True,
            failed_at=NOW,
            attempts=1,
        ),
    }


SAMPLE_ROUTING_KEYS = frozenset(_payloads())


def sample_event(routing_key: str) -> CloudEvent[EventData]:
    """A realistic event for one routing key, with a stable id."""
    data = _payloads()[routing_key]()
    return CloudEvent[EventData](
        id=f"sample-{routing_key}",
        source="/samenspel/sample",
        type=data.event_type(),
        time=NOW.astimezone(dt.UTC),
        subject=getattr(data, "case_id", None),
        data=data,
    )
