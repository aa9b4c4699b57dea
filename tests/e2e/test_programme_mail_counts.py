"""The closing note's figures: mails per role over a whole leercase round and a leergang of 24.

A measurement, not part of CI (about a minute each): `SAMENSPEL_MEASURE_MAILS=1
.venv/bin/python -m pytest tests/e2e/test_programme_mail_counts.py -s -q`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from aio_pika.abc import AbstractRobustConnection

from shared.messaging.topology import Topology
from tests.e2e.processes import ServiceProcesses
from tests.e2e.programme import Programme
from tests.e2e.runs import leercase_round, leergang_run
from tests.support.mail import SmtpServer

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not os.environ.get("SAMENSPEL_MEASURE_MAILS"), reason="a measurement: run it on purpose"
    ),
]


@pytest.fixture
def programme(
    processes: ServiceProcesses,
    smtp: SmtpServer,
    amqp: AbstractRobustConnection,
    topology: Topology,
    tmp_path: Path,
) -> Programme:
    """The run's services and its clock, not started yet."""
    return Programme(processes, smtp, amqp, topology, tmp_path)


def _print(programme: Programme, title: str, roles: dict[str, str]) -> None:
    counts = programme.book.count_by_role(roles)
    people = {role: sum(1 for r in roles.values() if r == role) for role in counts}
    print(f"\n{title}: mails per role over the whole programme")
    for role, kinds in sorted(counts.items()):
        total, detail = sum(kinds.values()), dict(sorted(kinds.items()))
        print(f"  {role:15} ({people[role]:2} people) {total:4}  {detail}")
    print(f"  total {len(programme.book.mails)}")


async def test_a_leercase_round_of_24_learners_over_4_cases(programme: Programme) -> None:
    roles = await leercase_round(programme, cases=4, learners=24)
    _print(programme, "leercase, 4 cases, 24 learners", roles)


async def test_a_leergang_of_24(programme: Programme) -> None:
    roles = await leergang_run(programme, learners=24)
    _print(programme, "leergang, 24 learners", roles)
