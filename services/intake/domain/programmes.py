"""Each programme format's own name, as the seeds give it (never the leercase's on another)."""

from __future__ import annotations

from shared.contracts.base import ProgrammeFormat

PROGRAMME_NAMES: dict[ProgrammeFormat, str] = {
    ProgrammeFormat.LEERCASE: "Leercase Challenge",
    ProgrammeFormat.LEERGANG: "Vierdaagse leergang",
    ProgrammeFormat.LEREND_NETWERK: "Lerend netwerk",
    ProgrammeFormat.LEERATELIER: "Leeratelier",
    ProgrammeFormat.E_LEARNING: "E-learning met live training",
}


def programme_heading(programme_format: ProgrammeFormat, title: str) -> str:
    """'Leeratelier: Voorjaar 2026', or just the title when it already names the programme."""
    name = PROGRAMME_NAMES[programme_format]
    if not title or title.lower().startswith(name.lower()):
        return title or name
    return f"{name}: {title}"
