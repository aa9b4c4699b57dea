"""An event's mails to different people go out side by side; each person's in planned order."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from pymongo.errors import AutoReconnect

from services.notifications.domain.model import PlannedNotification
from services.notifications.service_layer import recording
from services.notifications.service_layer.side_by_side import MAILS_AT_ONCE
from tests.unit.notifications.test_notification import planned

pytestmark = pytest.mark.unit


def _mail(address: str, template: str) -> PlannedNotification:
    base = planned()
    recipient = base.recipient.model_copy(update={"address": address})
    return base.model_copy(
        update={"key": f"{address}:{template}", "recipient": recipient, "template": template}
    )


class Sends:
    """Stands in for record-and-send: notes each mail's start and end, fails where told."""

    def __init__(self, failing: str = "") -> None:
        self.log: list[tuple[str, str]] = []
        self.in_flight = self.most_in_flight = 0
        self.failing = failing

    async def __call__(self, mail: PlannedNotification, *_: Any) -> bool:
        self.log.append(("start", mail.key))
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        await asyncio.sleep(0.01)
        self.in_flight -= 1
        self.log.append(("end", mail.key))
        if mail.key == self.failing:
            raise AutoReconnect("the database went away")
        return False


async def test_mails_to_different_people_overlap_and_each_persons_keep_their_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sends = Sends()
    monkeypatch.setattr(recording, "record_and_send", sends)
    mails = [_mail(f"p{n}@example.org", "invite") for n in range(20)]
    mails.insert(3, _mail("P0@example.org", "reminder"))  # the same person, other case
    await recording._record_all(mails, "{}", None, {})  # type: ignore[arg-type]
    assert sends.most_in_flight == MAILS_AT_ONCE, "side by side, but bounded"
    keys = [key for what, key in sends.log if what == "start"]
    assert sorted(keys) == sorted(mail.key for mail in mails)
    first_end = sends.log.index(("end", "p0@example.org:invite"))
    assert sends.log.index(("start", "P0@example.org:reminder")) > first_end, "one at a time"


async def test_one_mail_failing_lets_the_others_finish_and_then_fails_the_event(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sends = Sends(failing="p1@example.org:invite")
    monkeypatch.setattr(recording, "record_and_send", sends)
    mails = [_mail(f"p{n}@example.org", "invite") for n in range(5)]
    with pytest.raises(AutoReconnect):
        await recording._record_all(mails, "{}", None, {})  # type: ignore[arg-type]
    ended = {key for what, key in sends.log if what == "end"}
    assert ended == {mail.key for mail in mails}, "none left half-way"
