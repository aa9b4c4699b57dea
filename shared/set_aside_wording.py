"""Why an event or a timer was set aside, in Dutch for staff: one wording per kind of reason.

The technical message (an exception's name and text) stays for operators (`samenspel poisoned
list`, the console's "Technische melding"); a page says what happened and what to do.
"""

from __future__ import annotations

from enum import StrEnum

ENTRY_FAULTS = ("KeyError", "TypeError", "ValueError", "AttributeError")
REFUSED = (
    "De berichtenbus weigert dit bericht: deze dienst heeft geen toestemming om berichten met"
    " deze sleutel te versturen. De beheerder past de rechten aan; probeer het daarna opnieuw."
)
PRECONDITION = (
    "De berichtenbus weigert dit bericht, omdat het niet past bij haar instellingen. De beheerder"
    " controleert die instellingen; probeer het daarna opnieuw."
)
UNROUTABLE = (
    "Geen enkele wachtrij neemt dit bericht aan: er draait (nog) geen dienst die het verwacht."
    " Start die dienst en probeer het daarna opnieuw."
)
DAMAGED = (
    "Het bericht is onvolledig of beschadigd opgeslagen en kan zo niet verstuurd worden. Laat de"
    " ontwikkelaars het herstellen voordat u het opnieuw probeert."
)
EVENT_OTHER = (
    "De berichtenbus weigerde dit bericht steeds. De beheerder zoekt de oorzaak op in de"
    " technische melding; probeer het daarna opnieuw."
)
TIMER_DATA = (
    "Deze geplande actie mislukte {failures} keer achter elkaar, omdat gegevens ontbreken of niet"
    " kloppen. Laat de ontwikkelaars de oorzaak herstellen en probeer het daarna opnieuw."
)
TIMER_OTHER = (
    "Deze geplande actie mislukte {failures} keer achter elkaar. De beheerder zoekt de oorzaak op"
    " in de technische melding; probeer het daarna opnieuw."
)


def explanation(kind: str, reason: str, failures: int) -> str:
    """The Dutch wording for a set-aside event (by the broker's refusal) or timer."""
    if kind == "timer":
        wording = TIMER_DATA if reason.startswith(ENTRY_FAULTS) else TIMER_OTHER
        return wording.format(failures=failures)
    if "ACCESS_REFUSED" in reason:
        return REFUSED
    if "PRECONDITION_FAILED" in reason:
        return PRECONDITION
    if reason.startswith("Unroutable"):
        return UNROUTABLE
    if reason.startswith(ENTRY_FAULTS):
        return DAMAGED
    return EVENT_OTHER


class ReplayOutcome(StrEnum):
    """What a replay did; the staff API names the refusals by these values (`code`)."""

    DONE = "done"
    NOT_SET_ASIDE = "not_set_aside"
    BUSY = "busy"  # another replay holds the claim: the event is owed once, by that one
    AGGREGATE_GONE = "aggregate_gone"  # nothing left to owe the event on


NOT_SET_ASIDE = "Dit staat niet (meer) apart."
REPLAY_BUSY = (
    "Dit bericht wordt op dit moment al opnieuw geprobeerd, door u of door een collega. Het wordt"
    " één keer opnieuw verstuurd; u hoeft niets te doen. Staat het over een minuut nog apart,"
    " probeer het dan opnieuw."
)
AGGREGATE_GONE = (
    "Dit bericht kan niet opnieuw verstuurd worden: de gegevens waar het bij hoort, bestaan niet"
    " meer bij deze dienst. Opnieuw proberen helpt daarom niet. Gaat u na of iemand het bericht"
    " nog mist; daarna kan de beheerder het verwijderen."
)
REFUSALS = {
    ReplayOutcome.NOT_SET_ASIDE: NOT_SET_ASIDE,
    ReplayOutcome.BUSY: REPLAY_BUSY,
    ReplayOutcome.AGGREGATE_GONE: AGGREGATE_GONE,
}
