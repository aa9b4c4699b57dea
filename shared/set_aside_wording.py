"""Why an event or a timer was set aside, in Dutch for staff: one wording per kind of reason.

The technical message (an exception's name and text) stays for operators (`samenspel poisoned
list`, the console's "Technische melding"); a page says what happened and what to do.
"""

from __future__ import annotations

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
