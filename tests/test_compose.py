"""docker-compose.yml cannot run here (no Docker engine): check that it parses and that every
service, volume, file and variable it names is consistent with the code."""

from __future__ import annotations

import itertools
import re
import subprocess

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
    assert scheduler["AIRFLOW__CORE__EXECUTOR"] == "${AIRFLOW_EXECUTOR:-LocalExecutor}"
    assert scheduler["AIRFLOW__CORE__DAGS_FOLDER"] == "/opt/newsarchive/dags"
    assert "./dags:/opt/newsarchive/dags:ro" in services["airflow-scheduler"]["volumes"]


def test_scale_profile_runs_the_dags_on_celery_workers_sharing_redis() -> None:
    services = _compose()["services"]
    scale = {name for name, service in services.items() if "scale" in service.get("profiles", [])}
    workers = sorted(name for name in scale if name.startswith("airflow-worker-"))
    assert "redis" in scale and len(workers) >= 2, scale
    assert not {"es01", "postgres", "airflow-scheduler"} & scale  # shared with the default
    hostnames = set()
    for name in workers:
        worker = services[name]
        env = worker["environment"]
        command = " ".join(worker["command"])
        # The executor the scheduler uses is the one the worker insists on, and it is the
        # provider the project depends on (so the image has it).
        assert re.search(r'"\$\$AIRFLOW__CORE__EXECUTOR" = CeleryExecutor\b', command), command
        assert "exec airflow celery worker --queues default" in command
        assert (
            env["AIRFLOW__CORE__EXECUTOR"]
            == services["airflow-scheduler"]["environment"]["AIRFLOW__CORE__EXECUTOR"]
        )
        assert env["AIRFLOW__CORE__DAGS_FOLDER"] == "/opt/newsarchive/dags"
        assert "./dags:/opt/newsarchive/dags:ro" in worker["volumes"]
        # Broker and host slots on the profile's Redis; the metadata database is Postgres.
        assert env["AIRFLOW__CELERY__BROKER_URL"].startswith("redis://redis:")
        assert env["NEWSARCHIVE_HOST_SLOTS"].startswith("redis://redis:")
        assert env["NEWSARCHIVE_HOST_SLOTS"] != env["AIRFLOW__CELERY__BROKER_URL"]
        database = env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"]
        assert database.startswith("postgresql+psycopg2://") and "@postgres/" in database
        assert env["AIRFLOW__CELERY__RESULT_BACKEND"] == f"db+{database}"
        assert int(env["NEWSARCHIVE_WORKERS"]) >= 1
        assert {"redis", "airflow-init"} <= set(worker["depends_on"])
        assert "archive:/data/newsarchive" in worker["volumes"]  # the run folders, shared
        hostnames.add(worker["hostname"])
    assert len(hostnames) == len(workers)  # task logs are read from each worker by name
    # The default profile stays on LocalExecutor and the folder of host slots.
    assert "NEWSARCHIVE_HOST_SLOTS" not in services["airflow-scheduler"]["environment"]
    assert re.search(r"^AIRFLOW_EXECUTOR=LocalExecutor$", (REPO / ".env.example").read_text(), re.M)
    dependencies = (REPO / "pyproject.toml").read_text()
    for package in ("apache-airflow-providers-celery", "redis", "psycopg2-binary", "asyncpg"):
        assert f'"{package}' in dependencies, package


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


def _setup_script() -> str:
    command = _compose()["services"]["setup"]["command"]
    return command.split("'", 1)[1].rsplit("'", 1)[0].replace("$$", "$")


def test_setup_script_is_one_valid_shell_script() -> None:
    """The folded YAML keeps its lines apart: an option on a line of its own is a new command
    (and `set -e` stops the setup there) unless the line before ends in a backslash."""
    script = _setup_script()
    assert subprocess.run(["bash", "-n", "-c", script], check=False).returncode == 0
    lines = [line.strip() for line in script.splitlines()]
    for before, line in itertools.pairwise(lines):
        if line.startswith("-"):
            assert before.endswith("\\"), f"{line!r} would run as a command of its own"


def test_scale_profile_has_a_three_node_elasticsearch_cluster() -> None:
    services = _compose()["services"]
    nodes = sorted(name for name in services if re.fullmatch(r"es\d\d", name))
    assert nodes == ["es01", "es02", "es03"]
    assert all("scale" in services[n].get("profiles", []) for n in nodes[1:])
    masters = set(services["es02"]["environment"]["cluster.initial_master_nodes"].split(","))
    assert masters == set(nodes)
    script = _setup_script()
    for name in nodes:
        env = services[name]["environment"]
        assert env["node.name"] == name
        assert set(env["discovery.seed_hosts"].split(",")) == set(nodes)
        assert name in script.split("for n in ", 1)[1].split(";", 1)[0]  # its certificate
        for key in ("http", "transport"):
            assert env[f"xpack.security.{key}.ssl.certificate"] == f"certs/{name}/{name}.crt"
        volumes = {v.split(":")[0] for v in services[name]["volumes"]}
        assert "certs" in volumes
    data = [next(v for v in services[n]["volumes"] if v.endswith("/data")) for n in nodes]
    assert len(set(data)) == len(nodes)  # each node its own data volume
    # One node by default; the .env of a scale deployment switches es01 to multi-node.
    assert services["es01"]["environment"]["discovery.type"] == "${ES_DISCOVERY_TYPE:-single-node}"
    airflow = services["airflow-scheduler"]["environment"]
    assert airflow["NEWSARCHIVE_INDEX_REPLICAS"] == "${NEWSARCHIVE_INDEX_REPLICAS:-0}"
