"""The trajectory owns its transitions: planned, failed, delivered, replanned, answered."""

import datetime as dt

import pytest

from services.scheduling.domain.session_guests import GuestList
from services.scheduling.domain.trajectories import Trajectory, TrajectoryStatus
from shared.contracts.base import Country
from shared.contracts.scheduling import DeliverableKind
from tests.unit.scheduling.twin import accepted

pytestmark = pytest.mark.unit

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _open() -> Trajectory:
    return Trajectory.accepted_as(accepted("case-1", "round-1", NOW), country=Country.BE)


def test_an_accepted_case_is_planned_in_its_cohort_and_may_not_be_planned_again() -> None:
    trajectory = _open()
    assert trajectory.status is TrajectoryStatus.PLANNED and trajectory.is_open
    assert (trajectory.case_id, trajectory.cohort_id, trajectory.country) == (
        "case-1",
        "round-1",
        Country.BE,
    )
    assert not trajectory.may_be_planned


def test_a_failed_planning_keeps_its_reason_and_may_be_planned_again() -> None:
    failed = Trajectory.planning_failed(accepted("case-1", "round-1", NOW), "geen coach vrij")
    assert failed.status is TrajectoryStatus.FAILED and failed.reason == "geen coach vrij"
    assert failed.may_be_planned and not failed.is_open


def test_the_final_closes_the_trajectory_and_a_repeated_delivery_changes_nothing() -> None:
    drafted = _open().record_delivery(DeliverableKind.DRAFT)
    assert drafted is not None and drafted.is_open
    assert drafted.record_delivery(DeliverableKind.DRAFT) is None
    closed = drafted.record_delivery(DeliverableKind.FINAL)
    assert closed is not None and closed.status is TrajectoryStatus.COMPLETED
    assert closed.delivered == [DeliverableKind.DRAFT, DeliverableKind.FINAL]


def test_an_older_guest_list_of_a_session_changes_nothing() -> None:
    newer = _open().with_guest_list(GuestList(session_id="s-1", guests=[], revision=2))
    assert newer is not None
    assert newer.with_guest_list(GuestList(session_id="s-1", guests=[], revision=1)) is None


def test_a_refresh_records_the_round_version_it_came_from() -> None:
    assert _open().refreshed_from(7).members_version == 7
