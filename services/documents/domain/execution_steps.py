"""The 10 execution steps that follow an approach (seed 003), as data.

Seed 003 names steps 1, 2, 5 and 6 only. The other titles are drafted from what the seed
says around them (invited public groups before step 5, results fed back after step 6) and
must be confirmed by the programme office before publication.
"""

from __future__ import annotations

from typing import NamedTuple


class ExecutionStep(NamedTuple):
    """One execution step; `from_seed` tells whether the title is the seed's own."""

    number: int
    title: str
    from_seed: bool


EXECUTION_STEPS: tuple[ExecutionStep, ...] = (
    ExecutionStep(1, "Goedkeuring tijd en geld", True),
    ExecutionStep(2, "Inrichten organisatiestructuur", True),
    ExecutionStep(3, "Communicatie voorbereiden", False),
    ExecutionStep(4, "Publieksgroepen uitnodigen", False),
    ExecutionStep(5, "Gesprekken organiseren", True),
    ExecutionStep(6, "Duiden resultaten", True),
    ExecutionStep(7, "Terugkoppelen resultaten", False),
    ExecutionStep(8, "Besluitvorming", False),
    ExecutionStep(9, "Evalueren", False),
    ExecutionStep(10, "Borgen en vervolg", False),
)
