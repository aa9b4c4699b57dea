"""What happens in each of the six steps of a Leercase (seed 000), as agenda data."""

from __future__ import annotations

from typing import NamedTuple


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
