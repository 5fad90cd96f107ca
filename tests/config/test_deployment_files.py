"""docker-compose.yml cannot run here (no Docker engine), but it must validate."""

import os
import shutil
import subprocess

import pytest
from django.conf import settings

from tests.conftest import require


def compose_command() -> list[str] | None:
    docker = shutil.which("docker")
    if (
        docker
        and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0
    ):
        return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    return [legacy] if legacy else None


def test_the_compose_file_validates_and_wires_every_service():
    command = compose_command()
    require(command is not None, "neither `docker compose` nor `docker-compose` is installed")
    assert command is not None
    result = subprocess.run(
        [*command, "config"],
        cwd=settings.BASE_DIR, capture_output=True, text=True,
        env={**os.environ, "SECRET_KEY": "test-only"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    for service in ("postgres:", "redis:", "web:", "worker:", "beat:"):
        assert service in result.stdout
    assert "postgres:16" in result.stdout and "redis:7" in result.stdout
    assert "DatabaseScheduler" in result.stdout
    assert result.stdout.count("healthcheck:") >= 4


def test_the_compose_file_refuses_to_start_without_a_secret_key():
    command = compose_command()
    require(command is not None, "neither `docker compose` nor `docker-compose` is installed")
    assert command is not None
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    result = subprocess.run([*command, "config"], cwd=settings.BASE_DIR, capture_output=True,
                            text=True, env=env)  # fmt: skip
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_healthz_answers(client):
    assert client.get("/healthz").content == b"ok"
