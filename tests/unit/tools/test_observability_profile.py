"""Compose's `observability` profile: Prometheus scrapes every service, the dashboard's queries
name metrics the services (or RabbitMQ's plugin) really export, and every mounted file exists."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml  # type: ignore[import-untyped]

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[3]
SERVICES = ("intake", "scheduling", "documents", "notifications")
DASHBOARD = ROOT / "deploy/observability/grafana/dashboards/samenspel.json"
METRIC = re.compile(r"\b((?:samenspel|faststream|rabbitmq)_[a-z_]+)")
FASTSTREAM_HISTOGRAM_SUFFIXES = ("_bucket", "_sum", "_count")


def _compose() -> dict[str, Any]:
    parsed: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return parsed


def test_prometheus_scrapes_every_service_on_its_port_and_rabbitmq_per_queue() -> None:
    compose = _compose()["services"]
    config = yaml.safe_load((ROOT / "deploy/observability/prometheus.yml").read_text())
    jobs = {job["job_name"]: job for job in config["scrape_configs"]}
    targets = set(jobs["samenspel"]["static_configs"][0]["targets"])
    expected = {f"{s}:{compose[s]['ports'][0].split(':')[1]}" for s in SERVICES}
    assert targets == expected
    assert jobs["rabbitmq"]["metrics_path"] == "/metrics/per-object"


def test_every_dashboard_query_names_a_metric_that_is_exported() -> None:
    sources = "".join(
        p.read_text() for p in [*ROOT.glob("shared/*.py"), *ROOT.glob("services/*/bootstrap.py")]
    )
    dashboard = json.loads(DASHBOARD.read_text())
    wanted = {"DLQ", "Outbox", "Timer", "Mails", "p99", "Wachtrijen"}
    titles = " ".join(panel["title"] for panel in dashboard["panels"])
    assert all(word in titles for word in wanted), titles
    for panel in dashboard["panels"]:
        assert panel["datasource"]["uid"] == "samenspel-prometheus"
        for target in panel["targets"]:
            for name in METRIC.findall(target["expr"]):
                if name.startswith("samenspel_"):
                    assert f'"{name}"' in sources, (
                        f"{panel['title']}: {name} is exported by nothing"
                    )
                elif name.startswith("faststream_"):
                    base = name.removeprefix("faststream_")
                    for suffix in FASTSTREAM_HISTOGRAM_SUFFIXES:
                        base = base.removesuffix(suffix)
                    assert base.startswith("received_processed_messages"), name


def test_the_profile_mounts_files_that_exist_and_stays_out_of_a_plain_up() -> None:
    compose = _compose()["services"]
    for name in ("prometheus", "grafana", "jaeger"):
        assert compose[name]["profiles"] == ["observability"], name
        for volume in compose[name].get("volumes", []):
            source = volume.split(":")[0]
            assert (ROOT / source).exists(), f"{name} mounts {source}, which is missing"
    datasources = ROOT / "deploy/observability/grafana/provisioning/datasources/prometheus.yml"
    [source] = yaml.safe_load(datasources.read_text())["datasources"]
    assert source["uid"] == "samenspel-prometheus" and source["url"] == "http://prometheus:9090"
