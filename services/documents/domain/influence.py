"""The participation ladder: the level of influence an approach offers each group."""

from __future__ import annotations

from enum import StrEnum


class InfluenceLevel(StrEnum):
    """From least to most influence; the order matters for reading an approach."""

    INFORM = "inform"
    CONSULT = "consult"
    ADVISE = "advise"
    CO_PRODUCE = "co-produce"
    CO_DECIDE = "co-decide"

    @property
    def label(self) -> str:
        """The Dutch name used in every document."""
        return _LABELS[self]


_LABELS: dict[InfluenceLevel, str] = {
    InfluenceLevel.INFORM: "informeren",
    InfluenceLevel.CONSULT: "raadplegen",
    InfluenceLevel.ADVISE: "adviseren",
    InfluenceLevel.CO_PRODUCE: "coproduceren",
    InfluenceLevel.CO_DECIDE: "meebeslissen",
}
