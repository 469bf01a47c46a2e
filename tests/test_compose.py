"""docker-compose.yml cannot run here (no Docker engine): check that it parses and that every
service, volume, file and variable it names is consistent with the code."""

from __future__ import annotations

import re

import yaml

from etl.cli import cli

from .conftest import REPO

COMPOSE = REPO / "docker-compose.yml"


def _compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())  # merge keys (<<) resolve here too


def test_services_and_their_references() -> None:
    compose = _compose()
    services = compose["services"]
    assert {
        "es01", "kibana", "setup", "newsarchive-setup", "postgres", "airflow-init",
        "airflow-api-server", "airflow-scheduler", "airflow-dag-processor", "airflow-triggerer",
    } <= set(services)  # fmt: skip
    declared_volumes = set(compose["volumes"])
    for name, service in services.items():
        for dependency in service.get("depends_on", {}):
            assert dependency in services, f"{name} depends on unknown {dependency}"
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("."):
                assert (REPO / source).exists(), f"{name} mounts missing {source}"
            else:
                assert source in declared_volumes, f"{name} uses undeclared volume {source}"
        build = service.get("build")
        if build:
            assert (REPO / build["context"] / build["dockerfile"]).exists()
    scheduler = services["airflow-scheduler"]["environment"]
    assert scheduler["AIRFLOW__CORE__EXECUTOR"] == "LocalExecutor"
    assert scheduler["AIRFLOW__CORE__DAGS_FOLDER"] == "/opt/newsarchive/dags"
    assert "./dags:/opt/newsarchive/dags:ro" in services["airflow-scheduler"]["volumes"]


def test_variables_are_known_to_the_code_and_documented() -> None:
    text = COMPOSE.read_text()
    example = (REPO / ".env.example").read_text()
    for name in set(re.findall(r"\$\{(\w+)(?::?[-?][^}]*)?\}", text)):
        assert re.search(rf"^{name}=", example, re.M), f"{name} missing from .env.example"
    code = "\n".join(p.read_text() for d in ("etl", "dags") for p in (REPO / d).rglob("*.py"))
    readme = (REPO / "README.md").read_text()
    for name in set(re.findall(r"\b(NEWSARCHIVE_\w+):", text)):
        assert name in code, f"{name} is set in compose but read nowhere in etl/ or dags/"
        assert name in readme, f"{name} is not documented in README.md"
    # The engine connection id the tasks look up is the one compose defines.
    assert "AIRFLOW_CONN_NEWSARCHIVE_ENGINE" in text
    assert 'engine_conn_id: str = "newsarchive_engine"' in code


def test_setup_service_runs_commands_that_exist() -> None:
    command = " ".join(_compose()["services"]["newsarchive-setup"]["command"])
    for invocation in re.findall(r"newsarchive ([a-z-]+) ([a-z-]+)", command):
        group = cli.commands[invocation[0]]
        assert invocation[1] in group.commands, f"no `newsarchive {' '.join(invocation)}`"
