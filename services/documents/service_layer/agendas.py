"""What happens in each session, as agenda data: the Leercase's six steps (seed 000) and one
session of every other format (seeds 001-004), in that format's own words."""

from __future__ import annotations

from typing import NamedTuple

from shared.contracts.base import ProgrammeFormat


class StepAgenda(NamedTuple):
    step: int
    name: str
    purpose: str
    items: tuple[str, ...]


STEP_AGENDAS: dict[int, StepAgenda] = {
    a.step: a
    for a in (
        StepAgenda(
            1,
            "Startsessie",
            "Kennismaking van de deelnemers en de case-eigenaar.",
            (
                "Welkom en kennismaking",
                "Toelichting op de Leercase Challenge en de zes stappen",
                "De case-eigenaar vertelt over de case en de participatievraag",
                "Afspraken over de werkwijze en de volgende sessies",
                "Uitleg: het invullen van de sleutels van het Relevant Gesprek®",
            ),
        ),
        StepAgenda(
            2,
            "Verhelderingssessie",
            "De deelnemers stellen hun vragen aan de case-eigenaar.",
            (
                "Welkom",
                "Vragen van de deelnemers aan de case-eigenaar",
                "Wat nemen we mee naar de Relevant Gesprek®-sessie?",
                "Afsluiting en vooruitblik",
            ),
        ),
        StepAgenda(
            3,
            "Relevant Gesprek®-sessie",
            "Samen met de case-eigenaar en betrokkenen de keuzes in de aanpak maken.",
            (
                "Welkom",
                "Terugblik op de voorbereiding van de deelnemers",
                "Keuzes: participatievraag, publieksgroepen en de mate van invloed",
                "Keuzes: de gesprekken, het praatstuk en de werkvorm",
                "Taakverdeling voor het schrijven van de participatieaanpak",
            ),
        ),
        StepAgenda(
            4,
            "Aanleveren concept participatieaanpak",
            "De case-eigenaar ontvangt het concept, leest het en noteert vragen en opmerkingen.",
            (
                "Toezending van het concept aan de case-eigenaar",
                "De case-eigenaar leest het concept en noteert vragen en opmerkingen",
                "Feedback per onderdeel doorgeven vóór de feedbacksessie",
            ),
        ),
        StepAgenda(
            5,
            "Feedbacksessie",
            "De case-eigenaar geeft feedback; de laatste puntjes worden op de i gezet.",
            (
                "Welkom",
                "Feedback van de case-eigenaar, onderdeel voor onderdeel",
                "De laatste puntjes op de i",
                "Afspraken over de definitieve participatieaanpak",
            ),
        ),
        StepAgenda(
            6,
            "Aanleveren definitieve participatieaanpak",
            "Het eindresultaat: een participatieaanpak waarmee u verder kunt.",
            (
                "Toezending van de definitieve participatieaanpak",
                "Overzicht van wat er is veranderd sinds het concept",
                "Vervolg: de 10 uitvoeringsstappen van een participatieproces",
            ),
        ),
    )
}


class FormatAgenda(NamedTuple):
    """The course of one session of a cohort format; `{theme}` is the session's own theme."""

    purpose: str
    items: tuple[str, ...]


FORMAT_AGENDAS: dict[ProgrammeFormat, FormatAgenda] = {
    ProgrammeFormat.LEERGANG: FormatAgenda(
        "Praktijkervaring en kennis: in teams aan de slag met een bewonersinitiatief.",
        (
            "Welkom en terugblik op de periode sinds de vorige lesdag",
            "Het thema van vandaag",
            "In teams aan de slag met het bewonersinitiatief, met de mentor",
            "Reflectie op het eigen leerproces en de persoonlijke leervragen",
            "Afsluiting en vooruitblik op de volgende lesdag",
        ),
    ),
    ProgrammeFormat.LEERATELIER: FormatAgenda(
        "Samen werken aan het verbeteren van participatie en de verordening.",
        (
            "Welkom en bespreking van het huiswerk",
            "De stappen uit de handreiking van deze ronde",
            "Good practices en het goede gesprek over deze stappen",
            "Werken aan de eigen verordening",
            "Huiswerk voor de volgende ronde",
        ),
    ),
    ProgrammeFormat.LEREND_NETWERK: FormatAgenda(
        "Praktijkervaring bundelen, delen en verdiepen.",
        (
            "Welkom",
            "Het thema van deze bijeenkomst",
            "Uitwisseling: ervaringen uit de eigen praktijk",
            "Verdieping in kleine groepen",
            "Afspraken voor de volgende bijeenkomst",
        ),
    ),
    ProgrammeFormat.E_LEARNING: FormatAgenda(
        "Live oefenen met wat u in de e-learning hebt geleerd.",
        (
            "Welkom en kennismaking",
            "Uw vragen over de e-learning",
            "Oefenen met de 10 uitvoeringsstappen",
            "Afsluiting: hoe verder in uw eigen participatieproces",
        ),
    ),
}
