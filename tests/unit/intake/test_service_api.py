"""Intake's clients to scheduling and documents read every refusal alike, whatever its body."""

import datetime as dt
import functools
from collections.abc import Callable

import httpx
import pytest

from services.intake.adapters.approach_client import ApproachRefused, HttpApproachClient
from services.intake.adapters.homework_client import HomeworkRefused, HttpHomeworkClient, RoundInfo
from services.intake.adapters.preparation_client import HttpPreparationClient, PreparationRefused
from services.intake.adapters.scheduling_client import BookingRefused, HttpSchedulingClient
from services.intake.adapters.service_api import reasons_of

pytestmark = pytest.mark.unit
Handler = Callable[[httpx.Request], httpx.Response]


def _through(monkeypatch: pytest.MonkeyPatch, handler: Handler) -> None:
    real = httpx.AsyncClient
    transport = httpx.MockTransport(handler)
    monkeypatch.setattr(httpx, "AsyncClient", functools.partial(real, transport=transport))


def _answer(response: httpx.Response) -> Handler:
    return lambda _: response


def test_reasons_come_per_field_or_as_one_line_naming_the_status() -> None:
    per_field = httpx.Response(422, json={"detail": [{"field": "a", "reason": "Te lang."}]})
    assert reasons_of(per_field, "De documentenservice") == ["Te lang."]
    for body in (
        httpx.Response(502, text="<html>Bad gateway</html>"),
        httpx.Response(500, json=[1]),
    ):
        assert reasons_of(body, "De documentenservice") == [
            f"De documentenservice antwoordde met status {body.status_code}."
        ]


async def test_a_refusal_whose_body_is_a_json_list_is_still_a_dutch_refusal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Once an AttributeError (a 500 on the coach's page); now the status in Dutch."""
    _through(monkeypatch, _answer(httpx.Response(500, json=["oops"])))
    client = HttpApproachClient("http://documents.test/", "t")
    with pytest.raises(ApproachRefused) as refused:
        await client.release("c1", "draft")
    assert refused.value.reasons == ["De documentenservice antwoordde met status 500."]


async def test_a_409_with_field_reasons_is_a_conflict_with_those_reasons(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    body = {"detail": [{"field": "version", "reason": "Iemand anders was u voor."}]}
    _through(monkeypatch, _answer(httpx.Response(409, json=body)))
    with pytest.raises(ApproachRefused) as refused:
        await HttpApproachClient("http://documents.test", "t").save("c1", "roles", {}, 3)
    assert (refused.value.reasons, refused.value.conflict) == (["Iemand anders was u voor."], True)


async def test_a_service_that_does_not_answer_is_the_unreachable_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def timeout(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("too slow", request=request)

    _through(monkeypatch, timeout)
    with pytest.raises(PreparationRefused, match="niet bereikbaar"):
        await HttpPreparationClient("http://documents.test", "t").ask("c1", "p1", "An", "Vraag?")
    with pytest.raises(BookingRefused, match="niet bereikbaar"):
        await HttpSchedulingClient("http://scheduling.test", "t").book("e1", "p1", "s1")


async def test_a_hand_in_refused_without_field_reasons_says_documents_is_away(
    monkeypatch: pytest.MonkeyPatch,
) -> None:

    _through(monkeypatch, _answer(httpx.Response(500, text="kapot")))
    meeting = RoundInfo("s1", "e1", "Ronde 1", dt.datetime(2027, 1, 1, tzinfo=dt.UTC))
    with pytest.raises(HomeworkRefused) as refused:
        await HttpHomeworkClient("http://documents.test", "t").hand_in(
            meeting, ("p1", "An"), "x", None
        )
    assert (refused.value.field, refused.value.closed) == ("", False)
    assert "niet bereikbaar" in refused.value.reason


async def test_a_full_training_names_the_next_one_with_places(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    body = {"detail": "Deze training is vol.", "next_session_id": "s2"}
    _through(monkeypatch, _answer(httpx.Response(409, json=body)))
    with pytest.raises(BookingRefused) as refused:
        await HttpSchedulingClient("http://scheduling.test", "t").book("e1", "p1", "s1")
    assert (refused.value.message, refused.value.next_session_id) == ("Deze training is vol.", "s2")
