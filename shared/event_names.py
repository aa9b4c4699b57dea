"""What an event or a timer is, in Dutch for staff pages (the console's queues): a key alone
is an English technical word; the page shows this name, and the key for the operator."""

from __future__ import annotations

EVENTS = {
    "capability.revoked": "persoonlijke links ingetrokken",
    "case.accepted": "casus toegelaten",
    "case.content_expert_named": "inhoudsdeskundige genoemd",
    "case.decision_overdue": "besluit over een casus te laat",
    "case.rejected": "casus afgewezen",
    "case.screened": "casus gescreend",
    "case.submitted": "casus aangemeld",
    "cohort.planned": "cohort gepland",
    "cohort.updated": "cohort gewijzigd",
    "deliverable.due": "opdracht in te leveren",
    "deliverable.opened": "opdracht opengezet",
    "deliverable.overdue": "opdracht te laat",
    "deliverable.refused": "inlevering geweigerd",
    "documents.ready": "documenten gemaakt",
    "draft.delivered": "concept-participatieaanpak ingeleverd",
    "feedback.submitted": "feedback gegeven",
    "final.delivered": "definitieve participatieaanpak ingeleverd",
    "guests.updated": "gasten gewijzigd",
    "notification.failed": "mail niet bezorgd",
    "notification.sent": "mail verstuurd",
    "participant.assigned": "deelnemer ingedeeld",
    "participant.enrolled": "deelnemer ingeschreven",
    "participant.left": "deelnemer vertrokken",
    "participant.refused": "aanmelding deelnemer geweigerd",
    "participant.registered": "deelnemer aangemeld",
    "participant.waitlisted": "deelnemer op de wachtlijst",
    "participant.withdrawn": "deelnemer afgemeld",
    "person.link_requested": "nieuwe persoonlijke link gevraagd",
    "preparation.reminder_due": "herinnering voorbereiding",
    "session.attendees_changed": "deelnemers aan een bijeenkomst gewijzigd",
    "session.cancelled": "bijeenkomst afgelast",
    "session.reminder_due": "herinnering bijeenkomst",
    "session.rescheduled": "bijeenkomst verplaatst",
    "session.scheduled": "bijeenkomst gepland",
    "team.updated": "team gewijzigd",
    "trajectory.planning_failed": "planning van een traject mislukt",
    "trajectory.scheduled": "traject gepland",
}
TIMERS = {
    "notification": "mail versturen of opnieuw proberen",
    "documents-wait": "mails die op hun documenten wachten",
    "staff_digest": "dagelijks overzicht voor medewerkers",
    "scheduling.plan_ahead": "bijeenkomsten verder vooruit plannen",
}
UNKNOWN = "onbekend soort"


def event_name_nl(key: str | None) -> str:
    """The Dutch name of an event's routing key or a timer's kind. A key this release does not
    know (an older or newer service's, a stray publisher's) is said to be unknown, with the key
    beside it: there is nothing else to go by."""
    if not key:
        return UNKNOWN
    return EVENTS.get(key) or TIMERS.get(key) or f"{UNKNOWN} ({key})"
