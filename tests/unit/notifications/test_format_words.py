"""Every format's own words (seeds 001-004) in invites, reminders and enrolment mails."""

from __future__ import annotations

import datetime as dt

import pytest

from services.notifications.adapters.repositories import Moment
from services.notifications.adapters.trainings import InMemoryTrainingOffer, Training
from services.notifications.service_layer.cohort_samples import ATELIER, ATELIER_TITLE, LEARNER
from services.notifications.service_layer.samples import SAMPLE_ROUTING_KEYS, sample_event
from shared.contracts.base import ProgrammeFormat
from shared.contracts.intake import ParticipantAssigned, ParticipantEnrolled
from tests.unit.notifications.composed import NOW, UUID, as_event, mails_for
from tests.unit.notifications.programmes import (
    AMS,
    atelier,
    course_day,
    network_meeting,
    reminder,
    training,
)

pytestmark = pytest.mark.unit


async def _learner_mail(data: object) -> str:
    mails = await mails_for(as_event(data))  # type: ignore[arg-type]
    (mail,) = [m for m in mails if m.planned.recipient.address == LEARNER.email]
    return f"{mail.message['Subject']}\n{mail.text}"


async def test_a_leeratelier_round_brings_its_homework_and_guide_steps() -> None:
    round_two = atelier()
    for data in (
        round_two,
        reminder(ProgrammeFormat.LEERATELIER, ATELIER_TITLE, round_two.session),
    ):
        text = await _learner_mail(data)
        assert "Ronde 2: Beleid en instrumenten" in text
        assert f'het leeratelier "{ATELIER_TITLE}"' in text
        assert "donderdag 16 april 2026 om 12:00 tot 17:00" in text
        assert "Uit de handreiking: stap 4 en 5" in text
        assert "Huiswerk voor deze ronde:\nNeem de huidige participatieverordening" in text
        assert "U levert uw huiswerk in op uw eigen pagina, tot het begin van de ronde." in text
        assert "sessie" not in text.lower() and "stap 2" not in text  # no leercase words


async def test_a_leeratelier_enrolment_shows_the_fee_with_and_without_btw_and_the_rounds() -> None:
    enrolled = ParticipantEnrolled(
        cohort_id=ATELIER.cohort_id,
        cohort_title=ATELIER_TITLE,
        participant=LEARNER,
        enrolled_at=dt.datetime(2026, 3, 2, 9, 0, tzinfo=AMS),
        cohort=ATELIER,
    )
    text = await _learner_mail(enrolled)
    assert "€ 2.700,00 excl. btw (€ 3.267,00 incl. 21% btw)" in text
    assert "tot en met donderdag 12 maart 2026" in text
    assert "- donderdag 26 maart 2026\n- donderdag 16 april 2026" in text
    assert "Utrecht, Catharijnesingel 47" in text
    assert "U ontvangt voor elke ronde een uitnodiging" in text
    assert ATELIER.cohort_id not in text


async def test_an_e_learning_enrolment_tells_which_live_trainings_are_on_offer() -> None:
    cohort = ATELIER.model_copy(
        update={
            "format": ProgrammeFormat.E_LEARNING,
            "title": "E-learning 2026",
            "fee_eur_cents": None,
        }
    )
    enrolled = ParticipantEnrolled(
        cohort_id="el-1", participant=LEARNER, enrolled_at=NOW, cohort=cohort
    )
    coming = [
        dt.datetime(2026, 4, 14, 19, 0, tzinfo=AMS),
        dt.datetime(2026, 2, 10, 19, 0, tzinfo=AMS),  # already past: not on offer
        dt.datetime(2026, 5, 26, 19, 0, tzinfo=AMS),
    ]
    offer = InMemoryTrainingOffer(
        [
            Training(
                session_id=s.session_id,
                cohort_id="el-1",
                name=s.name,
                starts=Moment(at=s.starts_at),
                ends=Moment(at=s.ends_at),
                capacity=s.capacity,
            )
            for s in map(training, coming)
        ]
    )
    (mail,) = await mails_for(as_event(enrolled), offer)
    assert 'U bent ingeschreven voor de e-learning met live training "E-learning 2026"' in mail.text
    assert "dinsdag 14 april 2026 om 19:00 tot 21:00 (12 plaatsen)" in mail.text
    assert "dinsdag 26 mei 2026 om 19:00" in mail.text
    assert "februari" not in mail.text
    assert mail.text.index("14 april") < mail.text.index("26 mei")
    (nothing_yet,) = await mails_for(as_event(enrolled))
    assert "De data van de eerstvolgende trainingen volgen" in nothing_yet.text


async def test_a_lerend_netwerk_meeting_names_its_host_when_it_has_one() -> None:
    hosted = await _learner_mail(network_meeting("Buurtcentrum De Brug, Gent"))
    assert "Te gast bij: Buurtcentrum De Brug, Gent" in hosted
    assert "Bijeenkomst 3: Intervisie en casusbezoek" in hosted
    assert "donderdag 11 juni 2026 om 09:30 tot 16:30" in hosted  # Brussels time
    assert 'het lerend netwerk "Jaargang 2026"' in hosted
    assert "Te gast bij" not in await _learner_mail(network_meeting(None))


async def test_a_leergang_day_is_a_day_with_its_theme() -> None:
    text = await _learner_mail(course_day())
    assert "Dag 2: Jouw eigen leervraag centraal" in text
    assert "volgende lesdag van de leergang" in text
    assert "Thema: Uw persoonlijke leervraag" in text
    assert "sessie" not in text.lower()


async def test_a_withdrawal_is_confirmed_and_an_assignment_names_the_case() -> None:
    (left,) = await mails_for(sample_event("participant.left"))
    assert str(left.message["Subject"]).startswith("Uitschrijving bevestigd")
    assert "annulering" in left.text
    (assigned,) = await mails_for(sample_event("participant.assigned"))
    assert assigned.message["Subject"] == 'U werkt aan de case "Zonneweide Hoge Veld"'
    nowhere = ParticipantAssigned(
        cohort_id="lc-1", cohort_title="Leercase Challenge", participant=LEARNER,
        revision=2, assigned_at=NOW,
    )  # fmt: skip
    (unassigned,) = await mails_for(as_event(nowhere))
    assert "op dit moment niet aan een case" in unassigned.text


async def test_a_team_assignment_names_the_team_and_a_removal_the_team_left() -> None:
    joined = ParticipantAssigned(
        cohort_id="lg-1", cohort_title="Leergang Samenspel", participant=LEARNER,
        team_id="team-1", team_name="Team Noord", revision=1, assigned_at=NOW,
    )  # fmt: skip
    (mail,) = await mails_for(as_event(joined))
    assert mail.message["Subject"] == 'Uw team in "Leergang Samenspel": Team Noord'
    assert "mentor" in mail.text and "leervraag" in mail.text and "team-1" not in mail.words()
    left = joined.model_copy(update={"team_id": None, "revision": 2})
    (mail,) = await mails_for(as_event(left))
    assert mail.message["Subject"] == "U zit niet meer in het team Team Noord"
    assert "case" not in mail.text


ENGLISH = ("owner", "staff", "participant", "session", "attendee", "cohort", "trainer ")
IDS = ("case-42", "lc-2026-1", "la-2026-1", "p-17", "p-9", "p-23", "s-case-42-1", "s-la-2026-1")


@pytest.mark.parametrize("routing_key", sorted(SAMPLE_ROUTING_KEYS))
async def test_no_mail_to_a_person_shows_an_id_a_template_key_or_an_english_word(
    routing_key: str,
) -> None:
    mails = [m for m in await mails_for(sample_event(routing_key)) if m.planned.recipient.person_id]
    for mail in mails:
        words = mail.words()
        assert not UUID.search(words)
        assert mail.planned.template not in words
        assert not [i for i in IDS if i in words], words
        assert not [w for w in ENGLISH if w in words.lower()], words
