"""Login throttling (django-axes, visible in admin) and `check --deploy` with the environment
docker-compose.yml gives the app."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import User

PASSWORD = "the right password, long enough"


@pytest.mark.django_db
def test_it_locks_out_a_login_after_five_wrong_passwords_and_shows_it_in_admin(client):
    User.objects.create_superuser("boss", "boss@example.org", PASSWORD)
    statuses = [
        client.post("/admin/login/", {"username": "boss", "password": "guess"}).status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    # The form again with its error, until the last allowed failure locks the pair out.
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    locked = client.post("/admin/login/", {"username": "boss", "password": PASSWORD})
    assert locked.status_code == 429
    assert not locked.wsgi_request.user.is_authenticated
    attempt = AccessAttempt.objects.get(username="boss")
    # The right password during the lockout counts as one more failed attempt.
    assert attempt.failures_since_start == settings.AXES_FAILURE_LIMIT + 1

    # Another address is not locked out: the lockout is per username and address.
    other = client.post(
        "/admin/login/", {"username": "boss", "password": PASSWORD}, REMOTE_ADDR="10.0.0.9"
    )
    assert other.status_code == 302
    listing = client.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200
    assert b"boss" in listing.content and b"127.0.0.1" in listing.content


def compose_environment() -> dict[str, str]:
    """The web service's environment as compose would set it, given a SECRET_KEY and no
    overrides: `${NAME:-default}` takes the default, `${NAME:?message}` the given value."""
    document = yaml.safe_load((Path(settings.BASE_DIR) / "docker-compose.yml").read_text())
    given = {"SECRET_KEY": "k" * 20 + "-compose-test-only-" + "0123456789abcdefghij"}

    def interpolate(value: object) -> str:
        def one(match: re.Match[str]) -> str:
            name, operator, rest = match.group(1), match.group(2), match.group(3)
            return given[name] if operator == ":?" else given.get(name, rest)

        return re.sub(r"\$\{(\w+)(:-|:\?)([^}]*)\}", one, str(value))

    service = document["services"]["web"]
    return {name: interpolate(value) for name, value in service["environment"].items()}


def test_check_deploy_is_clean_with_the_compose_environment():
    compose = compose_environment()
    assert compose["DEBUG"] == "0" and compose["SECURE_SSL_REDIRECT"] == "1"
    keep = ("PATH", "HOME", "LANG", "PYTHONPATH")
    env = {**{k: v for k, v in os.environ.items() if k in keep}, **compose}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
