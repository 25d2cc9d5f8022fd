"""The deployment files an operator uses: valid, healthy, no secrets inside."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "docker-compose.yml"
SECRETS = {
    "DB_PASSWORD": "db-secret",
    "REDIS_PASSWORD": "redis-secret",
    "RASA_AUTH_TOKEN": "api-token",
    "CONSOLE_SECRET_KEY": "console-key",
    "KYPHOBOT_CORS_ORIGINS": "https://clinic.example",
    "KYPHOBOT_PUBLIC_URL": "https://chat.clinic.example",
}


def compose_config(extra_env: dict) -> subprocess.CompletedProcess:
    executable = shutil.which("docker-compose")
    if executable is None:
        pytest.fail("docker-compose missing: `make system-deps` installs it")
    env = {k: v for k, v in os.environ.items() if k not in SECRETS}
    return subprocess.run(  # noqa: S603
        [executable, "-f", str(COMPOSE), "config"],
        env={**env, **extra_env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_compose_file_is_valid_and_every_service_has_a_health_check() -> None:
    result = compose_config(SECRETS)
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load(result.stdout)
    services = config["services"]
    assert {
        "nginx",
        "rasa-1",
        "rasa-2",
        "actions",
        "console",
        "postgres",
        "redis",
    } <= set(services)
    for name, service in services.items():
        assert "healthcheck" in service, name
    assert services["rasa-1"]["environment"]["REDIS_HOST"] == "redis"


def test_compose_refuses_to_start_without_its_secrets() -> None:
    missing = {k: v for k, v in SECRETS.items() if k != "DB_PASSWORD"}
    result = compose_config(missing)
    assert result.returncode != 0
    assert "DB_PASSWORD" in result.stderr


def test_no_secret_is_written_into_the_deployment_files() -> None:
    text = COMPOSE.read_text() + (ROOT / "endpoints.prod.yml").read_text()
    for line in text.splitlines():
        if re.search(r"(PASSWORD|TOKEN|SECRET|password|token)\s*:", line):
            value = line.split(":", 1)[1].strip()
            # Only interpolations from the environment, never a literal secret.
            literal = re.sub(r"\$\{[^}]*\}", "", value)
            assert value == "" or (
                "${" in value and not re.search(r":[^/@]+@", literal)
            ), line


def test_nginx_balances_both_replicas_and_hides_the_rasa_api() -> None:
    nginx = (ROOT / "deploy" / "nginx.conf").read_text()
    upstream = re.search(r"upstream rasa \{(.*?)\}", nginx, re.S)
    assert (
        upstream
        and "rasa-1:5005" in upstream.group(1)
        and "rasa-2:5005" in upstream.group(1)
    )
    assert "location /conversations/ { return 404; }" in nginx
    assert "limit_req " in nginx and "client_max_body_size" in nginx


@pytest.mark.parametrize("name", ["rasa", "actions", "console"])
def test_images_run_unprivileged_with_a_health_check_and_pinned_packages(
    name: str,
) -> None:
    dockerfile = (ROOT / "deploy" / f"{name}.Dockerfile").read_text()
    assert "HEALTHCHECK" in dockerfile
    assert re.search(r"^USER (?!root)\w+", dockerfile, re.M)
    assert "-c constraints.txt" in dockerfile


def test_only_the_chat_webhooks_reach_rasa_from_outside() -> None:
    # Rasa's own "/" and "/version" name its version; only /webhooks/ is routed
    # to Rasa, and the public health checks (/healthz, /webhooks/rest/) say "ok".
    nginx = (ROOT / "deploy" / "nginx.conf").read_text()
    locations = re.findall(r"location ([^{]+)\{(.*?)\}", nginx, re.S)
    to_rasa = [
        path.strip() for path, body in locations if "proxy_pass http://rasa" in body
    ]
    assert to_rasa == ["/webhooks/"]
