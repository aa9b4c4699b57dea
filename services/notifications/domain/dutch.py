"""Dutch wording of dates and labels, so every mail reads naturally in the recipient's zone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from shared.dutch import long_date

FORMAT_LABELS = {
    "leercase": "Leercase",
    "leergang": "Leergang",
    "lerend-netwerk": "Lerend netwerk",
    "leeratelier": "Leeratelier",
    "e-learning": "E-learning met live training",
}


def date_nl(value: dt.date, timezone: str | None = None) -> str:
    """'maandag 9 maart 2026'; a moment is first put in the given zone."""
    if isinstance(value, dt.datetime):
        value = (local_time(value, timezone) if timezone else value).date()
    return long_date(value)


def local_time(value: dt.datetime, timezone: str) -> dt.datetime:
    """The moment as the recipient's wall clock shows it."""
    if value.tzinfo is None:
        raise ValueError("a naive datetime has no place in a mail: pass an aware one")
    return value.astimezone(ZoneInfo(timezone))


def datetime_nl(value: dt.datetime, timezone: str) -> str:
    """'maandag 9 maart 2026 om 14:00' in the given zone."""
    local = local_time(value, timezone)
    return f"{date_nl(local.date())} om {local:%H:%M}"


def time_nl(value: dt.datetime, timezone: str) -> str:
    """'14:00' in the given zone."""
    return f"{local_time(value, timezone):%H:%M}"


def format_label(value: str) -> str:
    """The Dutch name of a programme format."""
    return FORMAT_LABELS.get(str(value), str(value))


def yes_no(value: bool) -> str:
    """'ja' or 'nee'."""
    return "ja" if value else "nee"


VERDICT_LABELS = {"pass": "voldoet", "flag": "aandachtspunt", "fail": "voldoet niet"}
CONDITION_LABELS = {
    "societal_and_concrete": "maatschappelijk vraagstuk en concreet",
    "no_time_pressure": "geen tijdsdruk",
    "expertise_assured": "inhoudelijke expertise geborgd",
    "attendance": "aanwezig bij alle sessies",
    "consent": "toestemming om te delen",
}
DELIVERABLE_LABELS = {
    "draft": "concept participatieaanpak",
    "final": "definitieve participatieaanpak",
}


def verdict_label(value: str) -> str:
    """The Dutch word for a screening verdict."""
    return VERDICT_LABELS.get(str(value), str(value))


def condition_label(value: str) -> str:
    """The Dutch name of a suitability condition."""
    return CONDITION_LABELS.get(str(value), str(value))


def deliverable_label(value: str) -> str:
    """The Dutch name of a deliverable."""
    return DELIVERABLE_LABELS.get(str(value), str(value))


DOCUMENT_LABELS = {
    "acceptance_letter": "Toelatingsbrief",
    "rejection_letter": "Reactie op uw aanmelding",
    "planning": "Planning",
    "agenda": "Agenda",
    "briefing": "Briefing voor de coaches",
}
ROLE_LABELS = {
    "owner": "case-eigenaar",
    "staff": "programmabureau",
    "coach": "coach",
    "participant": "deelnemer",
    "content_expert": "inhoudelijk verantwoordelijke",
    "trainer": "trainer",
    "mentor": "mentor",
    "guest": "gast",
}
CHANNEL_LABELS = {"email": "e-mail", "chat": "chatbericht"}
# What each mail is, for staff who read that one could not be delivered.
MESSAGE_LABELS = {
    "case_submitted_owner": "de ontvangstbevestiging van een aanmelding",
    "case_submitted_staff": "de melding van een nieuwe aanmelding",
    "case_screened_staff": "de uitkomst van de screening",
    "case_accepted_owner": "het besluit: de case is geselecteerd",
    "case_rejected_owner": "het besluit: de case is niet geselecteerd, met alternatieven",
    "decision_overdue_staff": "de waarschuwing dat een besluit te laat is",
    "deliverable_overdue_staff": "de waarschuwing dat een levering te laat is",
    "deliverable_refused_staff": "de melding dat een levering niet is verstuurd",
    "deliverable_opened_team": "het bericht dat een versie vrijgegeven kan worden",
    "preparation_reminder_team": "de herinnering om de voorbereiding in te vullen",
    "approach_released_team": "het bericht dat de participatieaanpak naar de case-eigenaar is",
    "approach_released_staff": "de melding dat de participatieaanpak naar de case-eigenaar is",
    "planning_failed_staff": "de melding dat een planning mislukte",
    "draft_delivered_owner": "het concept van de participatieaanpak",
    "final_delivered_owner": "de definitieve participatieaanpak",
    "notification_failed_staff": "een melding dat een bericht niet is bezorgd",
    "participant_enrolled": "de bevestiging van een inschrijving",
    "participant_waitlisted": "het bericht over de wachtlijst",
    "participant_refused": "het bericht dat er geen plaats is",
    "participant_left": "de bevestiging van een afmelding",
    "participant_assigned": "het bericht aan welke case een deelnemer werkt",
    "session_scheduled": "de uitnodiging voor een bijeenkomst",
    "session_rescheduled": "de wijziging van een bijeenkomst",
    "session_cancelled": "de afzegging van een bijeenkomst",
    "session_reminder": "de herinnering aan een bijeenkomst",
    "session_uninvited": "het bericht dat iemand niet meer is uitgenodigd",
    "staff_digest": "het dagoverzicht",
    "trajectory_scheduled": "de planning van een traject",
}


def document_label(kind: str) -> str:
    """The Dutch name of a document kind a mail carries."""
    return DOCUMENT_LABELS.get(str(kind), "Document")


def role_label(value: str) -> str:
    """The Dutch name of a recipient's role."""
    return ROLE_LABELS.get(str(value), "ontvanger")


def channel_label(value: str) -> str:
    """'e-mail' or 'chatbericht'."""
    return CHANNEL_LABELS.get(str(value), "bericht")


def message_label(template: str) -> str:
    """What a mail is, in words, never its template's name."""
    return MESSAGE_LABELS.get(str(template), "een bericht")


def failure_text(error: str, permanent: bool) -> str:
    """Why a mail did not arrive, in words staff can act on (the server's own text may be
    English and may name the recipient: it stays in the delivery log)."""
    if error.startswith("cannot compose"):
        return "Het bericht kon niet worden opgemaakt (een fout in de gegevens of het sjabloon)."
    if "attachment" in error or error.startswith("document"):
        return "Een bijlage kon niet worden opgehaald bij de documentendienst."
    if error.startswith("no sender"):
        return "Er is geen verzendkanaal ingesteld voor dit bericht."
    if permanent:
        return "De mailserver weigert het bericht, bijvoorbeeld omdat het adres niet bestaat."
    return "De mailserver was ook na herhaalde pogingen niet bereikbaar."
