"""Settings come from the environment, and production refuses placeholder secrets."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from shared.settings import ServiceSettings

pytestmark = pytest.mark.unit


def test_environment_variables_configure_the_service(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RABBITMQ_URL", "amqp://u:p@broker:5672/")
    monkeypatch.setenv("MONGODB_URL", "mongodb://db:27017")
    monkeypatch.setenv("SAMENSPEL_NAMESPACE", "ci_")
    settings = ServiceSettings()
    assert settings.rabbitmq_url.get_secret_value() == "amqp://u:p@broker:5672/"
    assert settings.database_name("intake") == "ci_samenspel_intake"


def test_production_refuses_the_placeholder_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENVIRONMENT", "production")
    with pytest.raises(ValidationError, match="SECRET_KEY"):
        ServiceSettings()
    monkeypatch.setenv("SECRET_KEY", "a-real-random-secret-of-some-length")
    assert ServiceSettings().environment == "production"


def test_a_namespace_with_odd_characters_is_refused() -> None:
    with pytest.raises(ValidationError, match="SAMENSPEL_NAMESPACE"):
        ServiceSettings(samenspel_namespace="bad name!")
