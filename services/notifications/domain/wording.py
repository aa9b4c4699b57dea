"""Every format's own words (seeds 000-004): what its sessions are called, how it is named."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shared.contracts.base import ProgrammeFormat
from shared.dutch import SESSION_NOUNS as SESSION_NOUNS  # one list for every service
from shared.dutch import guide_steps_text as guide_steps_text

# How a numbered format numbers its sessions ("Dag 2", "Ronde 3", "Bijeenkomst 4").
NUMBER_PREFIX = {
    ProgrammeFormat.LEERGANG: "dag",
    ProgrammeFormat.LEREND_NETWERK: "bijeenkomst",
    ProgrammeFormat.LEERATELIER: "ronde",
}
# The programme with its article, for "U bent ingeschreven voor het leeratelier ...".
PROGRAMME_NOUNS = {
    ProgrammeFormat.LEERCASE: "de leercase",
    ProgrammeFormat.LEERGANG: "de leergang",
    ProgrammeFormat.LEREND_NETWERK: "het lerend netwerk",
    ProgrammeFormat.LEERATELIER: "het leeratelier",
    ProgrammeFormat.E_LEARNING: "de e-learning met live training",
}
SESSION_NOUNS_PLURAL = {
    "sessie": "sessies",
    "lesdag": "lesdagen",
    "bijeenkomst": "bijeenkomsten",
    "ronde": "rondes",
    "online training": "online trainingen",
}


@dataclass(frozen=True)
class About:
    """What a mail is about, in words: the programme, its title, what a session is called."""

    format: ProgrammeFormat | None  # None: the event does not say (the words stay neutral)
    title: str  # the case's title for a leercase session, else the cohort's
    programme: str  # 'het leeratelier "Participatie verankeren"' or just 'het leeratelier'
    session_noun: str
    session_label: str  # 'Startsessie (stap 1)', 'Ronde 2: Beleid en instrumenten'

    @property
    def sessions_noun(self) -> str:
        """The plural: 'rondes', 'bijeenkomsten'."""
        return SESSION_NOUNS_PLURAL[self.session_noun]

    @property
    def programme_capitalised(self) -> str:
        """The programme at the start of a sentence."""
        return self.programme[:1].upper() + self.programme[1:]


def _format_of(data: Any) -> ProgrammeFormat | None:
    for source in (data, getattr(data, "cohort", None)):
        value = getattr(source, "format", None)
        if isinstance(value, ProgrammeFormat):
            return value
    return None


def _title_of(data: Any, fmt: ProgrammeFormat | None) -> str:
    cohort = getattr(data, "cohort", None)
    candidates = [
        getattr(data, "case_title", "") if fmt is ProgrammeFormat.LEERCASE else "",
        getattr(data, "cohort_title", ""),
        getattr(cohort, "title", "") if cohort is not None else "",
    ]
    return next((str(t).strip() for t in candidates if isinstance(t, str) and t.strip()), "")


def session_label(session: Any, fmt: ProgrammeFormat | None) -> str:
    """The session's name as the format numbers it; never the leercase's steps elsewhere."""
    name = str(session.name).strip()
    if fmt is ProgrammeFormat.LEERCASE:
        return f"{name} (stap {session.step})"
    prefix = NUMBER_PREFIX.get(fmt) if fmt is not None else None
    if prefix is None or name.lower().startswith(prefix):
        return name
    return f"{prefix.capitalize()} {session.step}: {name}"


def describe(data: Any) -> About:
    """The words for one event's payload (a session event, an enrolment, an assignment...)."""
    fmt = _format_of(data)
    title = _title_of(data, fmt)
    quoted = f'"{title}"' if title else ""
    if fmt is None:  # e.g. a withdrawal, which names only the cohort: no format's words
        programme = quoted or "het programma"
    else:
        programme = f"{PROGRAMME_NOUNS[fmt]} {quoted}".strip()
    session = getattr(data, "session", None)
    label = session_label(session, fmt) if session is not None else ""
    noun = SESSION_NOUNS[fmt] if fmt is not None else "sessie"
    return About(fmt, title, programme, noun, label)
