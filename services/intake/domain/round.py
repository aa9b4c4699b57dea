"""A leercase round's learners over its accepted cases: spread evenly until staff assign them."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict


class RoundCase(BaseModel):
    """A case accepted into the round, in the order it was accepted."""

    model_config = ConfigDict(frozen=True)

    case_id: str
    title: str = ""


class Assignment(BaseModel):
    """Where one learner works (case, team); `revision` rises with each change; `by_staff` pins."""

    model_config = ConfigDict(frozen=True)

    participant_id: str
    case_id: str | None = None
    team_id: str | None = None
    revision: int = 0
    by_staff: bool = False


def loads(
    cases: Sequence[RoundCase], enrolled: Sequence[str], placed: dict[str, str | None]
) -> dict[str, int]:
    """How many enrolled learners each case has now."""
    counts = {case.case_id: 0 for case in cases}
    for participant in enrolled:
        case_id = placed.get(participant)
        if case_id in counts:
            counts[case_id] += 1
    return counts


def least_loaded(cases: Sequence[RoundCase], counts: dict[str, int]) -> str | None:
    """The case with the fewest learners; on a tie the one accepted first."""
    if not cases:
        return None
    return min(cases, key=lambda case: counts[case.case_id]).case_id


def spread(
    cases: Sequence[RoundCase],
    enrolled: Sequence[str],
    placed: dict[str, str | None],
    pinned: frozenset[str],
    *,
    rebalance: bool = True,
) -> dict[str, str | None]:
    """Where every learner should be: pinned ones stay, the others even out over the cases.

    Moves as few learners as possible: the unplaced go to the least loaded case, then the
    latest-enrolled movable learner of the fullest case moves while two cases differ by more
    than one (counting pinned learners too, so the round ends up as even as staff allow).
    Without `rebalance` only the unplaced are placed and nobody moves.
    """
    target = dict(placed)
    known = {case.case_id for case in cases}
    for participant in enrolled:
        if participant not in pinned and target.get(participant) not in known:
            target[participant] = least_loaded(cases, loads(cases, enrolled, target))
    while cases and rebalance:
        counts = loads(cases, enrolled, target)
        movable = [p for p in enrolled if p not in pinned and target.get(p) in known]
        sources = [c for c in cases if any(target.get(p) == c.case_id for p in movable)]
        if not sources:
            break
        fullest = max(sources, key=lambda case: counts[case.case_id]).case_id
        emptiest = least_loaded(cases, counts)
        if emptiest is None or counts[fullest] - counts[emptiest] <= 1:
            break
        mover = [p for p in movable if target.get(p) == fullest][-1]
        target[mover] = emptiest
    return target
