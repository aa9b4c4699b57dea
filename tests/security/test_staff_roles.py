"""Every staff route of every service's OpenAPI document, called with each role and with none."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from services.documents.bootstrap import build_app as build_documents
from services.documents.settings import DocumentsSettings
from services.intake.bootstrap import build_app as build_intake
from services.intake.settings import IntakeSettings
from services.notifications.bootstrap import build_app as build_notifications
from services.notifications.settings import NotificationsSettings
from services.scheduling.bootstrap import build_app as build_scheduling
from services.scheduling.settings import SchedulingSettings
from shared.staff_access import FORBIDDEN_REASON, UNAUTHORIZED_REASON
from tests.support.services import settings_for

pytestmark = pytest.mark.security

ROLES = ("reader", "decider", "registrar")
TOKENS = {f"{role}-token-0123456789": {"name": role.title(), "role": role} for role in ROLES}
CONTRIBUTOR = "contributor-token-0123456789"

# Routes that are not the staff bearer API: health, the public form and JSON submission, pages
# behind a capability link (owner, person, calendar file, unsubscribe, download, feedback) and
# the console, which signs staff in with a session cookie and checks the role per form.
NOT_STAFF_API = re.compile(
    r"^(/health/|/aanmelden|/eigenaar/|/mijn/|/medewerker|/afmelden/"
    r"|/documenten/|/api/cases/\{case_id\}/feedback$|/calendar/)"
)
PUBLIC_SUBMISSION = ("intake", "POST", "/api/cases")
# A write that needs only `read`: a reader asks for a one-time console sign-in link for themselves.
READ_WRITES = {("intake", "POST", "/api/sign-in-links")}
# What the registrar role (other systems registering participants) may do; nothing else.
REGISTRAR_ROUTES = {
    ("intake", "POST", "/api/cohorts/{cohort_id}/registrations"),
    ("intake", "POST", "/api/cohorts/{cohort_id}/withdrawals"),
}


def _settings(cls: type[Any], **extra: Any) -> Any:
    return settings_for(
        cls,
        "",
        "amqp://nobody:nobody@127.0.0.1:1/",
        "mongodb://127.0.0.1:1",
        staff_tokens=json.dumps(TOKENS),
        secret_key="roles-test-secret-key-0123456789abcdef",
        mongodb_timeout_ms=50,
        mongodb_operation_timeout_ms=50,  # timeoutMS bounds server selection too: 10 s otherwise
        **extra,
    )


def _apps() -> dict[str, FastAPI]:
    """Built, never started: a refusal comes from the staff dependency before any IO."""
    return {
        "intake": build_intake(_settings(IntakeSettings)),
        "scheduling": build_scheduling(_settings(SchedulingSettings, timer_poller_enabled=False)),
        "documents": build_documents(
            _settings(DocumentsSettings, contributor_tokens={"Coach": CONTRIBUTOR})
        ),
        "notifications": build_notifications(_settings(NotificationsSettings)),
    }


APPS = _apps()


def _operations() -> list[tuple[str, str, str]]:
    found = []
    for service, app in APPS.items():
        for path, operations in app.openapi()["paths"].items():
            for method in operations:
                found.append((service, method.upper(), path))
    return found


def _staff_operations() -> list[tuple[str, str, str]]:
    return [
        op for op in _operations() if not NOT_STAFF_API.match(op[2]) and op != PUBLIC_SUBMISSION
    ]


CLIENTS = {service: TestClient(app, raise_server_exceptions=False) for service, app in APPS.items()}


def _call(service: str, method: str, path: str, token: str | None) -> Any:
    """The route with placeholder path values and no body: a refusal must come before both."""
    url = path.replace("{email}", "anna@example.org").replace("{step}", "1")
    url = re.sub(r"\{[a-z_]+\}", "x1", url)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return CLIENTS[service].request(method, url, headers=headers)


def _token(role: str) -> str:
    return next(token for token, member in TOKENS.items() if member["role"] == role)


def _may(role: str, operation: tuple[str, str, str]) -> bool:
    """The permission table of the README, written out independently of the code."""
    if role == "decider":
        return True
    if role == "registrar":
        return operation in REGISTRAR_ROUTES
    return operation[1] == "GET" or operation in READ_WRITES  # a reader changes nothing


def test_the_walk_covers_every_service_and_every_write() -> None:
    services = {op[0] for op in _staff_operations()}
    writes = [op for op in _staff_operations() if op[1] != "GET"]

    assert services == {"intake", "scheduling", "documents", "notifications"}
    assert len(writes) >= 20


@pytest.mark.parametrize("operation", _staff_operations(), ids="-".join)
def test_without_a_token_every_staff_route_answers_401_in_one_shape(
    operation: tuple[str, str, str],
) -> None:
    response = _call(*operation, token=None)

    assert response.status_code == 401
    assert response.json() == {
        "detail": [{"field": "Authorization", "reason": UNAUTHORIZED_REASON}]
    }
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", _staff_operations(), ids="-".join)
def test_each_role_is_refused_exactly_what_it_may_not_do(
    operation: tuple[str, str, str], role: str
) -> None:
    response = _call(*operation, token=_token(role))

    if _may(role, operation):
        assert response.status_code not in (401, 403), response.text
    else:
        assert response.status_code == 403, response.text
        assert response.json() == {
            "detail": [{"field": "Authorization", "reason": FORBIDDEN_REASON}]
        }


def test_a_contributor_writes_the_approach_where_a_reader_may_not() -> None:
    path = "/api/cases/{case_id}/agendas/{step}"

    assert _call("documents", "POST", path, token=_token("reader")).status_code == 403
    assert _call("documents", "POST", path, token=CONTRIBUTOR).status_code not in (401, 403)
