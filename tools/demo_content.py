"""What the demo fills in: cases as owners write them and two participation approaches."""

from __future__ import annotations

from typing import Any

CONDITIONS = {
    "societal_and_concrete": True,
    "no_time_pressure": True,
    "owner_is_content_expert": True,
    "can_attend_all_sessions": True,
    "consent_to_share": True,
}

# Each case: what happens to it in the demo (`fate`), its format, owner (name, organisation,
# email) and what the owner writes on the form.
CASES: list[dict[str, Any]] = [
    {
        "key": "zonneweide",
        "fate": "final",
        "format": "leercase",
        "owner": ("Fatima el Amrani", "Gemeente Utrecht", "f.elamrani@utrecht.example"),
        "case": {
            "title": "Zonneweide Molenweg",
            "municipality": "Utrecht",
            "societal_issue": "Energietransitie in het buitengebied",
            "description": "Aan de Molenweg komt een zonneweide van twaalf hectare. Wij willen"
            " met de veertig omliggende huishoudens en de energiecoöperatie bepalen hoe de weide"
            " wordt ingericht en hoe de buurt meeprofiteert.",
        },
    },
    {
        "key": "speelplek",
        "fate": "draft",
        "format": "leercase",
        "owner": ("Ruud Hendriks", "Gemeente Zwolle", "r.hendriks@zwolle.example"),
        "case": {
            "title": "Speelplek De Esch opnieuw ingericht",
            "municipality": "Zwolle",
            "societal_issue": "Spelen en ontmoeten in de wijk",
            "description": "De speelplek in De Esch is versleten. Wij willen samen met kinderen,"
            " ouders en oudere buurtbewoners een nieuw ontwerp maken dat voor alle leeftijden"
            " werkt, binnen het budget dat de raad heeft vrijgemaakt.",
        },
    },
    {
        "key": "marktplein",
        "fate": "accepted",
        "format": "leercase",
        "owner": ("Esther Visser", "Gemeente Deventer", "e.visser@deventer.example"),
        "case": {
            "title": "Autoluw marktplein",
            "municipality": "Deventer",
            "societal_issue": "Verkeer en verblijfskwaliteit in de binnenstad",
            "description": "De gemeente onderzoekt of het marktplein autoluw kan worden. Wij"
            " willen ondernemers, marktkooplieden en bewoners betrekken voordat er een besluit"
            " ligt, en duidelijk maken waarover zij kunnen meebeslissen.",
        },
    },
    {
        "key": "buurthuis",
        "fate": "screened",
        "format": "leercase",
        "owner": ("Johan de Boer", "Stichting Buurtkracht Noord", "johan@buurtkracht.example"),
        "case": {
            "title": "Toekomst van buurthuis De Horst",
            "municipality": "Groningen",
            "societal_issue": "Leegstand van maatschappelijk vastgoed",
            "description": "Buurthuis De Horst staat grotendeels leeg. Bewoners hebben ideeën"
            " voor een nieuwe invulling; wij willen met hen, de gemeente en de"
            " woningcorporatie een plan maken dat de buurt zelf kan dragen.",
        },
    },
    {
        "key": "windpark",
        "fate": "rejected",
        "format": "leercase",
        "conditions": {"no_time_pressure": False},
        "owner": ("Karin Mulder", "Gemeente Emmen", "k.mulder@emmen.example"),
        "case": {
            "title": "Windpark Oosterveld",
            "municipality": "Emmen",
            "societal_issue": "Draagvlak voor windenergie",
            "description": "Het college neemt over zes weken een besluit over het windpark."
            " Vooraf willen wij de mening van inwoners ophalen.",
        },
    },
    {
        "key": "dorpsvisie",
        "fate": "screened",
        "format": "leercase",
        "owner": ("Anouk Smit", "Gemeente Bronckhorst", "a.smit@bronckhorst.example"),
        "case": {
            "title": "Dorpsvisie Hengelo Gelderland",
            "municipality": "Bronckhorst",
            "societal_issue": "Leefbaarheid in kleine kernen",
            "description": "Het dorp maakt een eigen visie op wonen, voorzieningen en groen."
            " De gemeente wil leren hoe zij die visie samen met de dorpsraad opstelt.",
        },
    },
]

# Learners of the other formats, each with the cohort they register for.
PARTICIPANTS = [
    ("Lotte Vermeulen", "Gemeente Apeldoorn", "l.vermeulen@apeldoorn.example", "leergang"),
    ("Mehmet Yilmaz", "Gemeente Tilburg", "m.yilmaz@tilburg.example", "leeratelier"),
    ("Sofie Peeters", "Stad Gent", "sofie.peeters@gent.example", "lerend-netwerk"),
    ("Daan Meijer", "Gemeente Amersfoort", "d.meijer@amersfoort.example", "e-learning"),
]

# Two coaches guide each case, and nobody is in two sessions at once: three cases, six coaches.
COACHES = [
    {"name": "Anke Jansen", "email": "anke.jansen@samenspel.example"},
    {"name": "Pieter Smit", "email": "pieter.smit@samenspel.example"},
    {"name": "Marloes de Wit", "email": "marloes.dewit@samenspel.example"},
    {"name": "Hasan Demir", "email": "hasan.demir@samenspel.example"},
    {"name": "Ilse van Dam", "email": "ilse.vandam@samenspel.example"},
    {"name": "Bram Willems", "email": "bram.willems@samenspel.example"},
]

ZONNEWEIDE: list[dict[str, Any]] = [
    {
        "kind": "participation_question",
        "question": "Hoe richten we de zonneweide aan de Molenweg zo in dat omwonenden er ook"
        " van profiteren?",
        "issue": "De gemeente wil in 2030 energieneutraal zijn; de weide raakt het uitzicht van"
        " veertig huishoudens.",
        "goal": "Een gedragen inrichtingsplan voor de zomer.",
    },
    {
        "kind": "stakeholders",
        "items": [
            {
                "name": "Omwonenden Molenweg",
                "public_group": True,
                "influence": "co-produce",
                "reach": "Huis-aan-huisbrief en een keukentafelgesprek",
                "interest": "Uitzicht en geluid",
            },
            {
                "name": "Energiecoöperatie De Wieken",
                "influence": "co-decide",
                "reach": "Via het bestuur",
            },
            {
                "name": "Inwoners van de gemeente",
                "public_group": True,
                "influence": "inform",
                "reach": "Gemeentepagina en sociale media",
            },
        ],
    },
    {
        "kind": "conversations",
        "items": [
            {
                "title": "Buurtavond in het dorpshuis",
                "programme": "19.30 uur ontvangst, 19.45 uur toelichting,"
                " 20.00 uur tafelgesprekken",
                "talking_piece": "Drie inrichtingsschetsen op A1",
                "working_form": "Tafelgesprekken met een gespreksleider per tafel",
                "division_of_tasks": "De projectleider leidt, twee collega's maken verslag",
            }
        ],
    },
    {
        "kind": "planning",
        "items": [
            {"period": "april", "activity": "Uitnodigingen versturen"},
            {"period": "mei", "activity": "Buurtavond"},
            {"period": "juni", "activity": "Terugkoppeling aan de buurt"},
        ],
    },
    {
        "kind": "time_and_money",
        "time_needed": "Ongeveer 120 uur voor projectleider en communicatie",
        "budget": [
            {"item": "Zaalhuur en catering", "amount_eur_cents": 85_000},
            {"item": "Drukwerk", "amount_eur_cents": 42_050},
        ],
        "approved_by": "Wethouder duurzaamheid",
    },
    {
        "kind": "roles",
        "content_owner": {"name": "Fatima el Amrani", "task": "beleidsadviseur"},
        "process_owner": {"name": "Joost de Vries", "task": "participatieadviseur"},
        "others": [{"name": "Sanne Bakker", "task": "communicatie"}],
    },
    {
        "kind": "interpretation",
        "interpretation": "De projectgroep weegt de opbrengst af tegen de participatievraag",
        "feedback_to_participants": "Binnen vier weken een brief met wat we wel en niet"
        " overnemen, en waarom",
    },
    {"kind": "execution_steps", "notes": [{"step": 4, "note": "Uitnodiging via de dorpsraad"}]},
]

SPEELPLEK: list[dict[str, Any]] = [
    {
        "kind": "participation_question",
        "question": "Hoe ontwerpen we met de buurt een speelplek in De Esch waar jong en oud"
        " graag komen?",
        "issue": "De speelplek is versleten en wordt nu vooral gemeden door oudere bewoners.",
        "goal": "Een ontwerp dat kinderen, ouders en ouderen samen hebben gekozen, voor de"
        " herfst klaar.",
    },
    {
        "kind": "stakeholders",
        "items": [
            {
                "name": "Kinderen van basisschool De Esch",
                "public_group": True,
                "influence": "advise",
                "reach": "Een ontwerpmiddag op school",
                "interest": "Klimmen, verstoppen en voetballen",
            },
            {
                "name": "Ouders en oudere buurtbewoners",
                "public_group": True,
                "influence": "co-produce",
                "reach": "Een inloopmiddag op de speelplek zelf",
                "interest": "Veiligheid, bankjes en schaduw",
            },
            {"name": "Wijkteam De Esch", "influence": "co-decide", "reach": "Via de wijkmanager"},
        ],
    },
    {
        "kind": "conversations",
        "items": [
            {
                "title": "Ontwerpmiddag met kinderen",
                "programme": "Rondgang over de speelplek, tekenen in groepjes,"
                " stemmen met stickers",
                "talking_piece": "Foto's van speelplekken elders en een plattegrond",
                "working_form": "Groepjes van vijf kinderen met een begeleider",
                "division_of_tasks": "De leerkracht begeleidt, de ontwerper vat samen",
            }
        ],
    },
    {
        "kind": "planning",
        "items": [
            {"period": "maart", "activity": "Ontwerpmiddag op school"},
            {"period": "april", "activity": "Inloopmiddag met twee schetsen"},
            {"period": "mei", "activity": "Keuze van het ontwerp en terugkoppeling"},
        ],
    },
    {
        "kind": "time_and_money",
        "time_needed": "Ongeveer 80 uur voor wijkmanager en ontwerper",
        "budget": [
            {"item": "Materiaal voor de ontwerpmiddag", "amount_eur_cents": 25_000},
            {"item": "Koffie en limonade bij de inloop", "amount_eur_cents": 15_000},
        ],
        "approved_by": "Wethouder wijkzaken",
    },
    {
        "kind": "roles",
        "content_owner": {"name": "Ruud Hendriks", "task": "projectleider openbare ruimte"},
        "process_owner": {"name": "Yara Bos", "task": "wijkmanager"},
        "others": [{"name": "Tim Koster", "task": "landschapsontwerper"}],
    },
    {
        "kind": "interpretation",
        "interpretation": "Het wijkteam legt de keuzes naast het budget en de veiligheidseisen",
        "feedback_to_participants": "Een poster bij de speelplek en een brief aan de school",
    },
    {
        "kind": "execution_steps",
        "notes": [{"step": 2, "note": "Toestemming van de school vragen"}],
    },
]

APPROACHES = {"zonneweide": ZONNEWEIDE, "speelplek": SPEELPLEK}
FEEDBACK = {
    "sectie_planning": "Kan de buurtavond ook op een zaterdagochtend? Dan komen er meer gezinnen.",
    "algemeen": "Een heldere aanpak; wij gaan hiermee verder.",
}
