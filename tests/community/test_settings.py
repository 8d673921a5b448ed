"""Production settings: `check --deploy` is clean, and an unsafe default refuses to run."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "SECRET_KEY": "x7Gq2vN9pL4mR8sT1wY6zB3cF5hJ0kD2aE9uI7oP4lK8jH6gF1dS3aZ5xC7vB9nM",
    "HTTPS": "1",
    "ALLOWED_HOSTS": "kring.example.nl",
    "CSRF_TRUSTED_ORIGINS": "https://kring.example.nl",
    "DATABASE_URL": "postgres://kring:secret@db.example.nl:5432/kring",
    "REDIS_URL": "redis://redis.example.nl:6379/0",
    "EMAIL_HOST": "smtp.example.nl",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    # The browser tests' conftest sets DJANGO_ALLOW_ASYNC_UNSAFE in this process; a
    # production environment has none of these.
    unwanted = {*PRODUCTION_ENV, "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in unwanted}
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_with_production_variables_check_deploy_reports_no_warnings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_without_production_variables_check_deploy_warns():
    """The check above could not fail if `check --deploy` never warned at all."""
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env={})

    assert result.returncode != 0
    assert "security.W009" in result.stderr + result.stdout  # the development SECRET_KEY


def test_https_without_a_secret_key_refuses_to_start():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}

    result = _manage("check", env=env)

    assert result.returncode != 0
    assert "needs a SECRET_KEY" in result.stderr


def test_debug_is_off_unless_asked_for():
    from django.conf import settings

    assert settings.DEBUG is False


def test_procfile_runs_daphne_on_port_without_access_log_and_migrates_on_release():
    lines = dict(
        line.split(":", 1) for line in (ROOT / "Procfile").read_text().splitlines() if line
    )

    assert lines["release"].strip() == "python manage.py migrate --noinput"
    web = lines["web"].split()
    assert web[0] == "daphne"
    assert web[web.index("--port") + 1] == "$PORT"
    assert web[web.index("--access-log") + 1] == "/dev/null"  # no client addresses logged
    assert web[-1] == "config.asgi:application"


# daphne's own access log is no logger: tests/community/test_server_access_log.py.
@pytest.mark.parametrize("logger", ["django.server", "django.channels.server"])
def test_request_line_loggers_are_silenced(logger):
    """Their request lines carry the client's address."""
    from django.conf import settings

    config = settings.LOGGING["loggers"][logger]
    assert config["handlers"] == []
    assert config["propagate"] is False
