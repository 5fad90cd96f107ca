"""gunicorn as `make demo` runs it: refuses the built-in key off loopback, serves compressed
fingerprinted static files with long lifetimes, and sends the security headers."""

import re
import subprocess
import sys

import pytest
from django.conf import settings

from tests.config.gunicorn_support import get, gunicorn_env, run_gunicorn, serving
from tests.conftest import database_url_for_subprocess


def test_it_refuses_the_builtin_secret_key_unless_loopback_only_is_declared(db):
    result = run_gunicorn(gunicorn_env(DATABASE_URL=database_url_for_subprocess()))
    assert result.returncode != 0
    assert "SECRET_KEY is not set: refusing to serve with the built-in key" in result.stderr


def test_it_refuses_the_builtin_secret_key_on_a_public_address(db):
    env = gunicorn_env(
        DATABASE_URL=database_url_for_subprocess(), LOOPBACK_ONLY="1", BIND="0.0.0.0:8123"
    )
    result = run_gunicorn(env)
    assert result.returncode != 0
    assert "LOOPBACK_ONLY=1 but gunicorn binds 0.0.0.0:8123" in result.stderr


def test_it_refuses_more_serving_threads_than_the_connection_budget(db):
    env = gunicorn_env(
        DATABASE_URL=database_url_for_subprocess(), SECRET_KEY="x" * 60,
        WEB_CONCURRENCY="8", GUNICORN_THREADS="4", DATABASE_MAX_CONNECTIONS="40",
    )  # fmt: skip
    result = run_gunicorn(env)
    assert result.returncode != 0
    assert "32 persistent database connections, over half of DATABASE_MAX_CONNECTIONS" in (
        result.stderr
    )


@pytest.mark.django_db(transaction=True)
def test_it_serves_compressed_fingerprinted_static_files_and_security_headers(tmp_path):
    static_root = tmp_path / "static"
    env = gunicorn_env(
        DATABASE_URL=database_url_for_subprocess(), LOOPBACK_ONLY="1",
        STATIC_ROOT=str(static_root), WEB_CONCURRENCY="1",
    )  # fmt: skip
    collected = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert collected.returncode == 0, collected.stderr
    assert (static_root / "staticfiles.json").exists()
    with serving(env) as base:
        status, headers, body = get(f"{base}/")
        assert status == 200
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "object-src 'none'" in csp
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["X-Content-Type-Options"] == "nosniff"
        # The page links the fingerprinted name (name.<12 hex>.js), never the plain one.
        scripts = re.findall(r'src="(/static/[^"]+\.js)"', body.decode())
        assert scripts and all(re.search(r"\.[0-9a-f]{12}\.js$", s) for s in scripts), scripts
        status, headers, _ = get(f"{base}{scripts[0]}", {"Accept-Encoding": "gzip"})
        assert status == 200
        assert headers.get("Content-Encoding") == "gzip"
        assert "immutable" in headers["Cache-Control"]
        assert "max-age=315360000" in headers["Cache-Control"]
