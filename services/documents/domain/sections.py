"""The sections of an approach: their keys, Dutch titles, order and which are required."""

from __future__ import annotations

from enum import StrEnum


class SectionKey(StrEnum):
    """One key per section; it equals the `kind` of the section's content."""

    PARTICIPATION_QUESTION = "participation_question"
    STAKEHOLDERS = "stakeholders"
    CONVERSATIONS = "conversations"
    PLANNING = "planning"
    TIME_AND_MONEY = "time_and_money"
    ROLES = "roles"
    INTERPRETATION = "interpretation"
    EXECUTION_STEPS = "execution_steps"

    @property
    def heading(self) -> str:
        """The Dutch heading, also used in every message about the section."""
        return _TITLES[self]

    @property
    def required(self) -> bool:
        """The annex is filled in where known; every other section must be there."""
        return self is not SectionKey.EXECUTION_STEPS


_TITLES: dict[SectionKey, str] = {
    SectionKey.PARTICIPATION_QUESTION: "Participatievraag en vraagstuk",
    SectionKey.STAKEHOLDERS: "Betrokkenen en publieksgroepen",
    SectionKey.CONVERSATIONS: "De gesprekken",
    SectionKey.PLANNING: "Planning",
    SectionKey.TIME_AND_MONEY: "Tijd en geld",
    SectionKey.ROLES: "Rollen",
    SectionKey.INTERPRETATION: "Duiden en terugkoppelen",
    SectionKey.EXECUTION_STEPS: "Bijlage: de 10 uitvoeringsstappen",
}


def resolve_section(label: str) -> SectionKey | None:
    """Feedback from other systems may name a section by key or by its Dutch title."""
    wanted = " ".join(label.split()).casefold()
    for key in SectionKey:
        if wanted in (key.value.casefold(), key.heading.casefold()):
            return key
    return None
