"""Intervision groups: a member is in one group; forming another moves them; empty groups go."""

import pytest

from services.intake.domain.errors import DecisionRefused
from services.intake.domain.intervision import formed, group_of

pytestmark = pytest.mark.unit
ENROLLED = ["p-1", "p-2", "p-3", "p-4"]


def test_forming_a_group_moves_members_out_of_their_former_one() -> None:
    groups = formed([], "Groep Gent", ["p-1", "p-2"], ENROLLED)
    groups = formed(groups, "Groep Brugge", ["p-3", "p-4", "p-3"], ENROLLED)
    assert [(g.group_id, g.members) for g in groups] == [
        ("groep-1", ["p-1", "p-2"]),
        ("groep-2", ["p-3", "p-4"]),
    ]
    moved = formed(groups, "Groep Brugge", ["p-1", "p-2", "p-3"], ENROLLED, "groep-2")
    assert [g.name for g in moved] == ["Groep Brugge"]  # Gent lost its members and went
    group = group_of(moved, "p-1")
    assert group is not None and group.members == ["p-1", "p-2", "p-3"]
    assert group_of(moved, "p-4") is None


@pytest.mark.parametrize(
    ("name", "members", "field"),
    [
        ("", ["p-1", "p-2"], "naam"),
        ("Groep Gent", ["p-3", "p-4"], "naam"),
        ("Groep Luik", ["p-1"], "leden"),
        ("Groep Luik", ["p-1", "p-9"], "leden"),
    ],
)
def test_staff_are_told_what_is_wrong(name: str, members: list[str], field: str) -> None:
    groups = formed([], "Groep Gent", ["p-1", "p-2"], ENROLLED)
    with pytest.raises(DecisionRefused) as refused:
        formed(groups, name, members, ENROLLED)
    assert refused.value.field == field
