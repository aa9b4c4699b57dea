"""What the console's pages show, computed from cases, cohorts and timelines (no markup here)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from services.intake.domain.case import Case
from services.intake.domain.enrolment import Enrolment
from services.intake.domain.lifecycle import STATUS_LABELS, CaseStatus
from services.intake.domain.localtime import local_date_in
from services.intake.domain.programmes import PROGRAMME_NAMES, programme_heading
from services.intake.domain.timeline import CaseTimeline
from services.intake.presentation.gantt import gantt_svg
from services.intake.presentation.projection import ROLE_NOUNS
from services.intake.web.team_pages import console_teams
from services.intake.web.training_pages import when_text
from shared.calendar import WorkingDayCalendar
from shared.contracts.base import ProgrammeFormat
from shared.contracts.intake import Verdict
from shared.contracts.scheduling import CohortInfo
from shared.download_links import LinkFor
from shared.dutch import fee_text, long_date

CONDITIONS = {
    "societal_and_concrete": "Maatschappelijk en concreet",
    "no_time_pressure": "Geen tijdsdruk",
    "expertise_assured": "Inhoudelijke kennis geborgd",
    "attendance": "Bij alle sessies aanwezig",
    "consent": "Toestemming om te delen",
}
VERDICT_TEXT = {Verdict.PASS: "voldoet", Verdict.FLAG: "let op", Verdict.FAIL: "voldoet niet"}


@dataclass(frozen=True)
class InboxRow:
    """One submission waiting for a decision."""

    case_id: str
    title: str
    organisation: str
    submitted_on: dt.date
    verdict: str
    flags: list[str]
    decision_due: dt.date | None
    days_left: int | None


def flags_of(case: Case) -> list[str]:
    """The screening's findings that are not a plain pass, said for a person."""
    duplicate = duplicate_flag(case)
    if case.screening is None:
        return [*duplicate, "nog niet beoordeeld"]
    return duplicate + [
        f"{CONDITIONS.get(r.condition.value, r.condition.value)}: {r.reason}"
        for r in case.screening.results
        if r.verdict is not Verdict.PASS
    ]


def duplicate_flag(case: Case) -> list[str]:
    """'Mogelijk dubbel' when the same owner sent the same title within a day before."""
    hint = case.possible_duplicate
    if hint is None:
        return []
    at = hint.submitted_at.astimezone(ZoneInfo("Europe/Amsterdam"))
    return [
        "Mogelijk dubbel: dezelfde titel en hetzelfde e-mailadres als een aanmelding van "
        f"{long_date(at.date(), weekday=False)} om {at:%H:%M}"
    ]


def inbox_row(case: Case, now: dt.datetime, calendar: WorkingDayCalendar) -> InboxRow:
    """Working days left are counted on the case's own country's calendar (negative: overdue)."""
    today = local_date_in(now, case.description.country)
    due = case.decision_due
    return InboxRow(
        case_id=case.case_id,
        title=case.description.title,
        organisation=case.owner.organisation,
        submitted_on=local_date_in(case.submitted_at, case.description.country),
        verdict=VERDICT_TEXT[case.verdict] if case.verdict else "nog niet beoordeeld",
        flags=flags_of(case),
        decision_due=due,
        days_left=None if due is None else calendar.working_days_between(today, due),
    )


def download_url(documents_public_url: str, url: str) -> str:
    """A documents download as the public sees it: its path under DOCUMENTS_PUBLIC_URL."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return f"{documents_public_url.rstrip('/')}{path}"


def documents_view(timeline: CaseTimeline, public_url: str | LinkFor) -> list[dict[str, Any]]:
    """Every delivered version, newest first, then the letters and planning, with links.

    Staff get the documents URL itself; a person's page passes its own signed links.
    """
    link_for: LinkFor = public_url if callable(public_url) else partial(download_url, public_url)
    return [
        {
            "title": "Concept" if doc.kind == "draft" else "Definitieve participatieaanpak",
            "version": doc.version,
            "delivered_at": doc.delivered_at,
            "downloads": [
                {"format": link.format.upper(), "url": link_for(link.url)} for link in doc.downloads
            ],
        }
        for doc in sorted(timeline.documents, key=lambda d: d.version, reverse=True)
    ] + [
        {
            "title": letter.title,
            "version": letter.version,
            "delivered_at": letter.made_at,
            "downloads": [
                {"format": link.format.upper(), "url": link_for(link.url)}
                for link in letter.downloads
            ],
        }
        for letter in sorted(timeline.letters, key=lambda d: d.made_at, reverse=True)
    ]


def case_page(
    case: Case,
    timeline: CaseTimeline,
    cohorts: list[CohortInfo],
    now: dt.datetime,
    calendar: WorkingDayCalendar,
    documents_public_url: str | LinkFor,
) -> dict[str, Any]:
    """The case page's context: facts, flags, Gantt, timeline, mails, forms' choices."""
    undecided = case.status in (CaseStatus.SUBMITTED, CaseStatus.SCREENED)
    return {
        "case": case,
        "status": STATUS_LABELS[case.status],
        "row": inbox_row(case, now, calendar),
        "undecided": undecided,
        "gantt": gantt_svg(
            timeline.sessions, timeline.deliverables, timeline.delivered_kinds(), now
        ),
        "entries": list(reversed(timeline.ordered())),
        "sessions": timeline.sessions,
        "future_sessions": timeline.upcoming_sessions(now),
        "mails": sorted(timeline.mails, key=lambda m: m.at, reverse=True),
        "documents": documents_view(timeline, documents_public_url),
        "feedback": sorted(timeline.feedback, key=lambda f: f.at, reverse=True),
        "mail_roles": ROLE_NOUNS,
        "cohorts": cohorts,
    }


def cohort_rows(cohorts: list[Enrolment]) -> list[dict[str, Any]]:
    """Capacity, places taken and the waitlist per cohort."""
    return [
        {
            "cohort": e.cohort,
            "programme": PROGRAMME_NAMES[e.cohort.format],
            "enrolled": len(e.enrolled),
            "free": max(e.cohort.capacity - len(e.enrolled), 0),
            "waitlist": [p.name for p in e.waitlist],
        }
        for e in cohorts
    ]


def cohort_page(enrolment: Enrolment) -> dict[str, Any]:
    """One cohort: its facts, learners (with case and invoice), waitlist and cases."""
    cohort = enrolment.cohort
    rows = []
    for learner in enrolment.enrolled:
        assignment = enrolment.assignment_of(learner.participant_id)
        rows.append(
            {
                "participant_id": learner.participant_id,
                "name": learner.name,
                "email": learner.email,
                "organisation": learner.organisation,
                "invoice": enrolment.invoice_of(learner.participant_id),
                "case_id": assignment.case_id if assignment else None,
                "by_staff": bool(assignment and assignment.by_staff),
                "team_name": team.name
                if (team := enrolment.team_of(learner.participant_id))
                else "",
            }
        )
    counts = {c.case_id: sum(1 for r in rows if r["case_id"] == c.case_id) for c in enrolment.cases}
    return {
        "cohort": cohort,
        "heading": programme_heading(cohort.format, cohort.title),
        "fee": fee_text(cohort.fee_eur_cents) if cohort.fee_eur_cents else "",
        "invoices": bool(cohort.fee_eur_cents) or any(r["invoice"] for r in rows),
        "assignable": cohort.format is ProgrammeFormat.LEERCASE and bool(enrolment.cases),
        "cases": [
            {"case_id": c.case_id, "title": c.title, "count": counts[c.case_id]}
            for c in enrolment.cases
        ],
        "enrolled": rows,
        "waitlist": enrolment.waitlist,
        "trainings": [
            {"when": when_text(o), "booked": o.booked, "capacity": o.capacity}
            for o in cohort.offered_sessions
        ],
        "teamable": cohort.format is ProgrammeFormat.LEERGANG,
        "teams": console_teams(enrolment),
    }
