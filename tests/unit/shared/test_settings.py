"""Settings come from the environment, and only the test harness may run on a placeholder secret."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from services.documents.settings import DocumentsSettings
from services.intake.settings import IntakeSettings
from shared.settings import PLACEHOLDER_SECRET, ServiceSettings

pytestmark = pytest.mark.unit

REAL = {"secret_key": "k7Qx2-generated-by-samenspel-init-Vb9", "scheduling_token": "t0k3n-Zr8w"}
PLACEHOLDER_TOKENS = json.dumps(
    {"replace-with-a-long-random-token": {"name": "Programmabureau", "role": "decider"}}
)


def test_environment_variables_configure_the_service(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RABBITMQ_URL", "amqp://u:p@broker:5672/")
    monkeypatch.setenv("MONGODB_URL", "mongodb://db:27017")
    monkeypatch.setenv("SAMENSPEL_NAMESPACE", "ci_")
    monkeypatch.setenv("SECRET_KEY", REAL["secret_key"])
    settings = ServiceSettings()
    assert settings.rabbitmq_url.get_secret_value() == "amqp://u:p@broker:5672/"
    assert settings.database_name("intake") == "ci_samenspel_intake"


def test_an_empty_variable_means_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """Compose passes every setting as `${NAME:-}`: an unset one must not become ""."""
    monkeypatch.setenv("SECRET_KEY", REAL["secret_key"])
    for name in ("DELIVERY_LIMIT", "PUBLIC_BASE_URL", "OUTBOX_RELAY_ENABLED"):
        monkeypatch.setenv(name, "")
    settings = ServiceSettings()
    assert (settings.delivery_limit, settings.public_base_url) == (3, "")
    assert settings.outbox_relay_enabled


@pytest.mark.parametrize("environment", ["local", "production"])
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("secret_key", PLACEHOLDER_SECRET),
        ("secret_key", ""),
        ("secret_key", "change-me-too"),
        ("scheduling_token", ""),
        ("scheduling_token", "change-me"),
        ("staff_tokens", PLACEHOLDER_TOKENS),
        ("rabbitmq_url", "amqp://samenspel:change-me-too@rabbitmq:5672/"),
    ],
)
def test_every_environment_but_the_tests_refuses_a_placeholder(
    environment: str, field: str, value: str
) -> None:
    with pytest.raises(ValidationError, match=field.upper()):
        IntakeSettings.model_validate({**REAL, "environment": environment, field: value})


def test_the_default_secret_key_is_refused_when_nothing_is_configured(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What `python -m services.intake` on a bare machine does: it refuses to start."""
    for name in ("ENVIRONMENT", "SECRET_KEY", "SCHEDULING_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ValidationError, match="SECRET_KEY"):
        IntakeSettings()
    monkeypatch.setenv("ENVIRONMENT", "test")
    assert IntakeSettings().secret_key.get_secret_value() == PLACEHOLDER_SECRET, "tests only"


def test_a_placeholder_contributor_token_is_refused() -> None:
    with pytest.raises(ValidationError, match="CONTRIBUTOR_TOKENS"):
        DocumentsSettings.model_validate(
            {**REAL, "contributor_tokens": {"Coach Anna": "replace-with-a-token"}}
        )
    assert DocumentsSettings.model_validate({**REAL, "contributor_tokens": {"Coach": "x9Yq"}})


def test_a_namespace_with_odd_characters_is_refused() -> None:
    with pytest.raises(ValidationError, match="SAMENSPEL_NAMESPACE"):
        ServiceSettings(environment="test", samenspel_namespace="bad name!")
