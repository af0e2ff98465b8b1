"""Production settings: `check --deploy` is clean, and misconfiguration fails loudly at start-up.

Each case runs Django in a subprocess so it sees exactly the environment a server would,
not the test settings pytest-env has already loaded into this process.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from scheduler.platform.dev_keys import DEV_FIELD_KEY, DEV_LOOKUP_KEY

REPO_ROOT = Path(__file__).resolve().parent.parent

# Every variable scheduler/settings.py reads: cleared so the host's environment cannot leak in.
SETTINGS_VARS = (
    "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "PUBLIC_BASE_URL",
    "DATABASE_URL", "DB_CONN_MAX_AGE", "DB_PREPARED_STATEMENTS", "SESSION_COOKIE_AGE",
    "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_PRELOAD", "Q_WORKERS", "Q_SYNC", "SMS_BACKEND", "TWILIO_ACCOUNT_SID",
    "TWILIO_AUTH_TOKEN", "TWILIO_FROM", "TWILIO_API_BASE", "TWILIO_TIMEOUT_SECONDS",
    "SMS_ORGANISATION_NAME", "SMS_BANNED_WORDS", "SMS_CONSENT_RECONFIRM_DAYS",
    "SMALL_CELL_THRESHOLD", "REGISTER_LOCK_DAYS", "LOG_LEVEL", "DJANGO_SETTINGS_MODULE",
    "LOGIN_FAILURE_LIMIT", "LOGIN_COOLOFF_MINUTES", "TRUSTED_PROXY_COUNT", "MFA_REQUIRED_ROLES",
    "ACCESS_LOG_RETENTION_DAYS", "PARTICIPANT_RETENTION_DAYS", "MESSAGE_BODY_RETENTION_DAYS",
    "INBOUND_RETENTION_DAYS", "PROVIDER_NAME", "GROUPWORK_FIELD_KEYS", "GROUPWORK_LOOKUP_KEY",
)


def production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARS}
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="groupwork.example.org",
        SMS_BACKEND="console",
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        GROUPWORK_FIELD_KEYS=f"{Fernet.generate_key().decode()},{Fernet.generate_key().decode()}",
        GROUPWORK_LOOKUP_KEY=secrets.token_urlsafe(48),
    )
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )


def test_check_deploy_is_clean_with_production_env(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output and "?: (" not in output
    assert "System check identified no issues" in output


def test_check_deploy_is_clean_with_twilio_backend(tmp_path):
    env = production_env(
        tmp_path, SMS_BACKEND="twilio", TWILIO_ACCOUNT_SID="AC" + "0" * 32,
        TWILIO_AUTH_TOKEN="dummy-token", TWILIO_FROM="+15005550006",
        PUBLIC_BASE_URL="https://groupwork.example.org",
    )

    result = manage(env, "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr


def test_production_without_secret_key_refuses_to_start(tmp_path):
    env = production_env(tmp_path)
    del env["SECRET_KEY"]

    result = manage(env, "check")

    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is required when DEBUG is off" in result.stderr


@pytest.mark.parametrize("missing", ["GROUPWORK_FIELD_KEYS", "GROUPWORK_LOOKUP_KEY"])
def test_production_without_field_keys_refuses_to_start(tmp_path, missing):
    env = production_env(tmp_path)
    del env[missing]

    result = manage(env, "check")

    assert result.returncode != 0
    assert ("ImproperlyConfigured: GROUPWORK_FIELD_KEYS and GROUPWORK_LOOKUP_KEY are required "
            "when DEBUG is off") in result.stderr


def test_check_deploy_refuses_the_development_field_keys(tmp_path):
    env = production_env(tmp_path, GROUPWORK_FIELD_KEYS=DEV_FIELD_KEY,
                         GROUPWORK_LOOKUP_KEY=DEV_LOOKUP_KEY)

    result = manage(env, "check", "--deploy")

    assert result.returncode != 0
    assert "platform.E105" in result.stderr


def test_a_malformed_field_key_refuses_to_start(tmp_path):
    result = manage(production_env(tmp_path, GROUPWORK_FIELD_KEYS="not-a-key"), "check")

    assert result.returncode != 0
    assert "platform.E102" in result.stderr


def test_bad_boolean_value_refuses_to_start(tmp_path):
    result = manage(production_env(tmp_path, DEBUG="maybe"), "check")

    assert result.returncode != 0
    assert "ImproperlyConfigured: DEBUG must be a boolean" in result.stderr
    assert "'maybe'" in result.stderr


def test_twilio_backend_without_credentials_refuses_to_start(tmp_path):
    result = manage(production_env(tmp_path, SMS_BACKEND="twilio"), "check")

    assert result.returncode != 0
    assert "SMS_BACKEND=twilio needs TWILIO_ACCOUNT_SID" in result.stderr


def test_unknown_sms_backend_refuses_to_start(tmp_path):
    result = manage(production_env(tmp_path, SMS_BACKEND="carrier-pigeon"), "check")

    assert result.returncode != 0
    assert "SMS_BACKEND must be one of" in result.stderr


PROBE_SQLITE = """
import json
import django
django.setup()
from django.db import connection
with connection.cursor() as cursor:
    journal = cursor.execute("PRAGMA journal_mode").fetchone()[0]
    busy_ms = cursor.execute("PRAGMA busy_timeout").fetchone()[0]
print(json.dumps({"vendor": connection.vendor, "journal_mode": journal, "busy_ms": busy_ms,
                  "transaction_mode": connection.transaction_mode,
                  "timeout": connection.get_connection_params().get("timeout")}))
"""


def test_sqlite_opens_with_wal_immediate_transactions_and_20s_timeout(tmp_path):
    env = production_env(tmp_path, DEBUG="1", DJANGO_SETTINGS_MODULE="scheduler.settings")

    result = subprocess.run(
        [sys.executable, "-c", PROBE_SQLITE], cwd=REPO_ROOT, env=env,
        capture_output=True, text=True, timeout=120, check=False,
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "vendor": "sqlite", "journal_mode": "wal", "busy_ms": 20000,
        "transaction_mode": "IMMEDIATE", "timeout": 20,
    }


PROBE_PREPARE = """
import django, json
django.setup()
from django.conf import settings
print(json.dumps(settings.DATABASES["default"]["OPTIONS"].get("prepare_threshold", "unset")))
"""


@pytest.mark.parametrize(("flag", "threshold"), [(None, 5), ("1", 5), ("0", None)])
def test_postgresql_prepares_the_hot_statements_unless_a_pooler_cannot(tmp_path, flag,
                                                                         threshold):
    env = production_env(tmp_path, DEBUG="1", DJANGO_SETTINGS_MODULE="scheduler.settings",
                         DATABASE_URL="postgres://groupwork@127.0.0.1:5432/groupwork")
    if flag is not None:
        env["DB_PREPARED_STATEMENTS"] = flag

    result = subprocess.run(
        [sys.executable, "-c", PROBE_PREPARE], cwd=REPO_ROOT, env=env,
        capture_output=True, text=True, timeout=120, check=False,
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == threshold


def test_test_database_uses_the_same_sqlite_options(settings):
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("SQLite only")

    options = settings.DATABASES["default"]["OPTIONS"]

    assert (options["transaction_mode"], options["timeout"]) == ("IMMEDIATE", 20)
    assert "journal_mode=WAL" in options["init_command"]


def settings_variables() -> set[str]:
    source = (REPO_ROOT / "scheduler" / "settings.py").read_text()
    return set(re.findall(r"env_\w+\(\s*\"([A-Z0-9_]+)\"", source))


def test_every_settings_variable_is_documented_in_the_readme():
    readme = (REPO_ROOT / "README.md").read_text()
    documented = set(re.findall(r"^\| `([A-Z0-9_]+)` \|", readme, flags=re.MULTILINE))

    assert settings_variables() - documented == set()


def test_every_settings_variable_is_isolated_from_the_host_in_these_tests():
    assert settings_variables() - set(SETTINGS_VARS) == set()
