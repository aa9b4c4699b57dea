"""The timeline projection: every service's events in one read model, each event once."""

from __future__ import annotations

import datetime as dt

import pytest

from services.intake.domain.timeline import MAIL_HISTORY, CaseTimeline
from services.intake.presentation.projection import case_of, project
from shared.contracts.base import EventData
from shared.contracts.documents import FeedbackSubmitted
from shared.contracts.notifications import NotificationFailed, NotificationSent
from shared.contracts.scheduling import DeliverableKind, SessionRescheduled, SessionScheduled
from tests.unit.intake.timeline_samples import (
    DELIVERABLES,
    SESSIONS,
    START,
    deliverable,
    draft,
    final,
    scheduled,
    session,
)

pytestmark = pytest.mark.unit
AT = START


def _run(*events: tuple[str, EventData]) -> CaseTimeline:
    timeline: CaseTimeline | None = None
    for event_id, data in events:
        timeline = project(timeline, "c1", event_id, AT, data) or timeline
    assert timeline is not None
    return timeline


def test_the_same_event_twice_is_projected_once() -> None:
    once = _run(("e1", scheduled()))
    assert project(once, "c1", "e1", AT, scheduled()) is None
    assert len(once.entries) == 1 and once.entries[0].text == "Traject gepland"
    assert [s.session_id for s in once.sessions] == ["s1", "s2", "s3", "s5"]
    assert once.deliverables == DELIVERABLES and once.cohort_id == "lc-1"


def test_a_rescheduled_session_replaces_the_planned_one() -> None:
    moved = session(2, 2, "Verhelderingssessie").model_copy(
        update={"starts_at": START + dt.timedelta(days=9), "sequence": 1}
    )
    change = SessionRescheduled(
        case_id="c1", cohort_id="lc-1", session=moved, previous_starts_at=SESSIONS[1].starts_at
    )
    timeline = _run(("e1", scheduled()), ("e2", change))
    [again] = [s for s in timeline.sessions if s.session_id == "s2"]
    assert again.sequence == 1 and len(timeline.sessions) == 4
    assert timeline.entries[-1].tone == "warning"
    assert "Van " in timeline.entries[-1].detail


def test_a_late_older_word_on_a_session_leaves_the_owner_seeing_the_newest_time() -> None:
    moved_to = START + dt.timedelta(days=9)
    moved = session(2, 2, "Verhelderingssessie").model_copy(
        update={"starts_at": moved_to, "sequence": 2}
    )
    change = SessionRescheduled(
        case_id="c1", cohort_id="lc-1", session=moved, previous_starts_at=SESSIONS[1].starts_at
    )
    late = SessionScheduled(case_id="c1", cohort_id="lc-1", session=SESSIONS[1])
    timeline = _run(("e1", scheduled()), ("e2", change), ("e3", late))
    [shown] = [s for s in timeline.sessions if s.session_id == "s2"]
    assert shown.starts_at == moved_to and shown.sequence == 2


def test_documents_feedback_and_final_drive_what_the_owner_may_still_do() -> None:
    timeline = _run(("e1", scheduled()), ("e2", draft()))
    assert timeline.latest_draft() is not None and timeline.latest_draft().version == 1  # type: ignore[union-attr]
    feedback = FeedbackSubmitted(
        case_id="c1", on_version=1, submitted_at=AT, general_comment="Goed"
    )
    timeline = _run(("e1", scheduled()), ("e2", draft()), ("e3", feedback), ("e4", final()))
    assert timeline.feedback_on == [1]
    assert timeline.latest_draft() is None
    assert timeline.delivered_kinds() == {"draft", "final"}
    assert [d.version for d in timeline.documents] == [1, 2]


def test_mails_sent_and_failed_are_listed_for_staff() -> None:
    sent = NotificationSent(
        notification_id="n1",
        case_id="c1",
        source_event_id="e2",
        source_event_type="nl.samenspel.draft.delivered.v1",
        template="draft_delivered",
        channel="email",
        recipient_role="owner",
        recipient="anne@example.nl",
        subject="Uw concept staat klaar",
        sent_at=AT,
    )
    failed = NotificationFailed(
        notification_id="n2",
        case_id="c1",
        source_event_id="e2",
        source_event_type="x",
        template="draft_delivered",
        channel="email",
        recipient_role="coach",
        recipient="coach@example.nl",
        error="550 mailbox unknown",
        permanent=True,
        failed_at=AT,
        attempts=1,
    )
    timeline = _run(("e1", sent), ("e2", failed))
    assert [(m.subject, m.failed) for m in timeline.mails] == [
        ("Uw concept staat klaar", False),
        ("Bericht", True),  # a failure carries no subject: never the template's key
    ]
    assert timeline.entries[-1].tone == "error"
    assert timeline.entries[-1].text == "Bericht niet bezorgd aan een coach"
    assert timeline.entries[0].text == "Bericht verstuurd aan de case-eigenaar"


def test_cohort_wide_session_events_belong_to_no_case() -> None:
    wide = SessionScheduled(cohort_id="lc-1", session=SESSIONS[0])
    assert case_of(wide, "lc-1") is None
    assert case_of(scheduled("c9"), "whatever") == "c9"
    assert case_of(draft("c7"), None) == "c7"


def test_upcoming_sessions_skip_past_and_cancelled_ones() -> None:
    cancelled = session(3, 3, "Hoofdsessie", cancelled=True)
    timeline = _run(("e1", scheduled()))
    timeline.sessions = [*timeline.sessions[:2], cancelled, timeline.sessions[3]]
    later = START + dt.timedelta(weeks=1, days=1)
    assert [s.step for s in timeline.upcoming_sessions(later)] == [5]
    assert deliverable(DeliverableKind.DRAFT, 5, 6).kind == "draft"


def test_a_case_with_years_of_mail_keeps_its_milestones_and_only_the_newest_mails() -> None:
    timeline = project(None, "c1", "plan", AT, scheduled())
    assert timeline is not None
    for n in range(MAIL_HISTORY + 50):
        sent = NotificationSent(
            notification_id=f"n{n}",
            case_id="c1",
            source_event_id=f"e{n}",
            source_event_type="nl.samenspel.session.reminder.v1",
            template="session_reminder",
            channel="email",
            recipient_role="owner",
            recipient="anne@example.nl",
            subject=f"Herinnering {n}",
            sent_at=AT,
        )
        at = AT + dt.timedelta(hours=n)
        timeline = project(timeline, "c1", f"mail-{n}", at, sent) or timeline
    assert len(timeline.mails) == MAIL_HISTORY and timeline.earlier_mails == 50
    assert timeline.mails[0].subject == "Herinnering 50", "the oldest mails went first"
    mail_entries = [e for e in timeline.entries if e.kind == "notification.sent"]
    assert len(mail_entries) == MAIL_HISTORY
    assert timeline.ordered()[0].text == "Traject gepland", "a milestone is never dropped"


def test_projecting_an_event_leaves_the_timeline_it_started_from_as_it_was() -> None:
    before = _run(("e1", scheduled()), ("e2", draft()))
    kept = before.model_dump()
    after = project(before, "c1", "e3", AT, final())
    assert after is not None and len(after.entries) == len(before.entries) + 1
    assert before.model_dump() == kept, "a repository retry projects again from the old state"
