"""The leeratelier's homework: one hand-in per participant per round, replaced until it starts."""

from __future__ import annotations

import datetime as dt

import pytest

from services.documents.domain.homework import (
    MAX_FILE_BYTES,
    HandIn,
    HomeworkRefused,
    file_type,
    hand_in,
)
from services.documents.service_layer.homework import Round, Upload, hand_in_homework
from shared.clock import ManualClock
from tests.unit.documents.twin import documents_on_twin

pytestmark = pytest.mark.unit
ROUND_STARTS = dt.datetime(2027, 4, 18, 10, 0, tzinfo=dt.UTC)
BEFORE = ROUND_STARTS - dt.timedelta(days=2)
PDF = b"%PDF-1.7\n1 0 obj\n"


def anna(text: str = "Onze verordening", **extra: object) -> HandIn:
    return HandIn(person_id="participant-a", name="Anna", text=text, handed_in_at=BEFORE, **extra)


def test_a_hand_in_replaces_the_earlier_one_until_the_round_starts_and_not_after() -> None:
    first = hand_in([], anna(), ROUND_STARTS, BEFORE)
    bert = HandIn(person_id="participant-b", name="Bert", text="Ons plan", handed_in_at=BEFORE)
    both = hand_in(first, bert, ROUND_STARTS, BEFORE)
    again = hand_in(both, anna("  Herziene versie  "), ROUND_STARTS, ROUND_STARTS - dt.timedelta(1))
    assert [(h.name, h.text) for h in again] == [("Bert", "Ons plan"), ("Anna", "Herziene versie")]
    with pytest.raises(HomeworkRefused) as late:
        hand_in(again, anna("Te laat"), ROUND_STARTS, ROUND_STARTS)
    assert late.value.closed and "ronde is al begonnen" in late.value.reason
    with pytest.raises(HomeworkRefused) as empty:
        hand_in([], anna("   "), ROUND_STARTS, BEFORE)
    assert empty.value.field == "tekst" and not empty.value.closed
    with pytest.raises(HomeworkRefused, match="ten hoogste"):
        hand_in([], anna("x" * 10_001), ROUND_STARTS, BEFORE)


def test_only_files_of_an_allowed_kind_size_and_content_are_taken() -> None:
    assert file_type("Verordening.PDF", PDF) == "application/pdf"
    assert file_type("notities.txt", "Één idee".encode()) == "text/plain; charset=utf-8"
    refused = {
        "script.exe": b"MZ...",  # kind not allowed
        "leeg.pdf": b"",
        "groot.pdf": PDF + b"0" * MAX_FILE_BYTES,
        "vermomd.pdf": b"<html><script>",  # the name says PDF, the bytes do not
        "binair.txt": b"\xff\xfe\x00",
        "zonder-punt": PDF,
    }
    for name, content in refused.items():
        with pytest.raises(HomeworkRefused) as exc:
            file_type(name, content)
        assert exc.value.field == "bestand" and exc.value.reason.startswith("Bestand:"), name


async def test_a_replacing_file_discards_the_old_one_and_text_only_keeps_it() -> None:
    clock = ManualClock(BEFORE)
    docs = documents_on_twin(clock)
    meeting = Round("atelier-r2", "atelier-2027", "Ronde 2", ROUND_STARTS)
    person = ("participant-a", "Anna de Vries")
    first = await hand_in_homework(clock, meeting, person, "", Upload("plan.pdf", PDF), docs.deps)
    assert first.file is not None and first.file.content_type == "application/pdf"
    assert first.file.filename == "huiswerk-anna-de-vries-plan.pdf"
    kept = await hand_in_homework(clock, meeting, person, "Toelichting", None, docs.deps)
    assert kept.file == first.file and kept.text == "Toelichting"
    second = await hand_in_homework(
        clock, meeting, person, "", Upload("plan2.pdf", PDF + b"2"), docs.deps
    )
    assert second.file is not None and list(docs.store.files) == [second.file.id]
    assert await docs.producer.sessions.file_ids_of("atelier-r2") == {second.file.id}
    with pytest.raises(HomeworkRefused):
        await hand_in_homework(clock, meeting, person, "", Upload("x.exe", b"MZ"), docs.deps)
    clock.set(ROUND_STARTS)
    with pytest.raises(HomeworkRefused) as late:
        await hand_in_homework(clock, meeting, person, "", Upload("plan3.pdf", PDF), docs.deps)
    assert late.value.closed and list(docs.store.files) == [second.file.id]
