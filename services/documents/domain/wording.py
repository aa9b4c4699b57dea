"""Every format's own words in documents (seeds 000-004): the programme, its sessions' names."""

from __future__ import annotations

from shared.contracts.base import ProgrammeFormat
from shared.contracts.scheduling import SessionInfo
from shared.dutch import SESSION_NOUNS as SESSION_NOUNS  # one list for every service
from shared.dutch import guide_steps_text as guide_steps_text

# The programme as a letter names it ("geselecteerd voor de Leercase Challenge").
PROGRAMME_NAMES = {
    ProgrammeFormat.LEERCASE: "de Leercase Challenge",
    ProgrammeFormat.LEERGANG: "de leergang",
    ProgrammeFormat.LEREND_NETWERK: "het Lerend Netwerk Participatie",
    ProgrammeFormat.LEERATELIER: "het leeratelier",
    ProgrammeFormat.E_LEARNING: "de e-learning met live training",
}
# How a format numbers its sessions ("Dag 2", "Ronde 3", "Bijeenkomst 4").
NUMBER_PREFIX = {
    ProgrammeFormat.LEERGANG: "Dag",
    ProgrammeFormat.LEREND_NETWERK: "Bijeenkomst",
    ProgrammeFormat.LEERATELIER: "Ronde",
}


def programme_name(fmt: ProgrammeFormat | None) -> str:
    """The programme with its article; the leercase's name when the event names no format."""
    return PROGRAMME_NAMES[fmt or ProgrammeFormat.LEERCASE]


def session_label(session: SessionInfo, fmt: ProgrammeFormat) -> str:
    """'Dag 2: Samenwerken met initiatieven', 'Online training: ...', 'Stap 3: ...'."""
    name = session.name.strip()
    if fmt is ProgrammeFormat.LEERCASE:
        return f"Stap {session.step}: {name}"
    if fmt is ProgrammeFormat.E_LEARNING:
        return name if name.lower().startswith("online training") else f"Online training: {name}"
    prefix = NUMBER_PREFIX[fmt]
    if name.lower().startswith(prefix.lower()):
        return name
    return f"{prefix} {session.step}: {name}"
