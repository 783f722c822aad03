"""Configuration, /healthz and the foundation's CLI commands."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from hotline.config import DEVELOPMENT_AUTH_TOKEN, ConfigError, load_settings


def test_development_needs_nothing_set(tmp_path, monkeypatch):
    monkeypatch.setenv("HOTLINE_INSTANCE_DIR", str(tmp_path))
    settings = load_settings({})
    assert settings.database_url.startswith("sqlite:///")
    assert settings.redis_url is None
    assert settings.twilio_auth_token == DEVELOPMENT_AUTH_TOKEN
    assert settings.sms_provider == "console"
    assert settings.alert_ack_seconds == 300 and settings.timezone == "Asia/Bishkek"
    assert len(settings.secret_key) >= 32
    assert load_settings({}).secret_key == settings.secret_key  # kept under instance/


def test_production_refuses_to_start_without_its_secrets(tmp_path, monkeypatch):
    monkeypatch.setenv("HOTLINE_INSTANCE_DIR", str(tmp_path))
    with pytest.raises(ConfigError) as error:
        load_settings({"HOTLINE_ENV": "production", "HOTLINE_DATABASE_URL": "postgresql://x/y"})
    assert "TWILIO_AUTH_TOKEN" in str(error.value) and "HOTLINE_SECRET_KEY" in str(error.value)


PRODUCTION = {"HOTLINE_ENV": "production", "HOTLINE_DATABASE_URL": "postgresql://x/y",
              "HOTLINE_REDIS_URL": "redis://127.0.0.1:6379/0", "HOTLINE_SECRET_KEY": "s" * 40,
              "TWILIO_ACCOUNT_SID": "AC" + "1" * 32, "TWILIO_AUTH_TOKEN": "0123456789abcdef" * 2,
              "HOTLINE_SMS_NUMBER": "+996312900900"}


def test_production_starts_without_a_public_url(tmp_path, monkeypatch):
    """CONTRACT.md gives HOTLINE_PUBLIC_URL a default: the request's own URL."""
    monkeypatch.setenv("HOTLINE_INSTANCE_DIR", str(tmp_path))
    settings = load_settings(PRODUCTION)
    assert settings.is_production and settings.public_url is None


@pytest.mark.parametrize("name, value, said", [
    ("TWILIO_AUTH_TOKEN", DEVELOPMENT_AUTH_TOKEN, "TWILIO_AUTH_TOKEN is the published development token"),
    ("HOTLINE_SECRET_KEY", "   ", "production needs these settings: HOTLINE_SECRET_KEY"),
    ("HOTLINE_SMS_NUMBER", "", "production needs these settings: HOTLINE_SMS_NUMBER"),
    ("HOTLINE_SECRET_KEY", "x", "HOTLINE_SECRET_KEY must have at least 32 characters"),
    ("HOTLINE_SECRET_KEY", "s" * 31, "HOTLINE_SECRET_KEY must have at least 32 characters"),
    ("TWILIO_AUTH_TOKEN", "a", "TWILIO_AUTH_TOKEN is not a Twilio auth token"),
    ("TWILIO_AUTH_TOKEN", "0123456789abcdef" * 2 + "0", "TWILIO_AUTH_TOKEN is not a Twilio auth token"),
    ("TWILIO_AUTH_TOKEN", "0123456789abcdeg" * 2, "TWILIO_AUTH_TOKEN is not a Twilio auth token"),
    ("HOTLINE_SMS_PROVIDER", "console", "HOTLINE_SMS_PROVIDER must be twilio in production"),
    ("HOTLINE_PUBLIC_URL", "http://hotline.example.org", "HOTLINE_PUBLIC_URL must start with https://"),
    ("HOTLINE_SIMULATOR", "on", "HOTLINE_SIMULATOR=on in production needs HOTLINE_SIMULATOR_NUMBERS"),
])
def test_production_refuses_published_blank_weak_or_unsafe_settings(tmp_path, monkeypatch, name, value, said):
    monkeypatch.setenv("HOTLINE_INSTANCE_DIR", str(tmp_path))
    with pytest.raises(ConfigError) as error:
        load_settings({**PRODUCTION, name: value})
    assert str(error.value).startswith(said) and "\n" not in str(error.value)  # one clear line


def test_production_takes_real_shaped_settings(tmp_path, monkeypatch):
    monkeypatch.setenv("HOTLINE_INSTANCE_DIR", str(tmp_path))
    settings = load_settings({**PRODUCTION, "HOTLINE_PUBLIC_URL": "https://hotline.example.org/",
                              "HOTLINE_SMS_PROVIDER": "twilio", "TWILIO_AUTH_TOKEN": "0123456789ABCDEF" * 2})
    assert settings.public_url == "https://hotline.example.org" and settings.sms_provider == "twilio"
    assert not settings.simulator_on  # off in production unless turned on


def test_demo_refuses_a_production_configuration(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HOTLINE_", "TWILIO_"))}
    # Reachable database and broker, so only the demo refusal can stop it.
    env.update({**PRODUCTION, "HOTLINE_DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite'}",
                "HOTLINE_REDIS_URL": os.environ["HOTLINE_REDIS_URL"], "HOTLINE_INSTANCE_DIR": str(tmp_path)})
    result = subprocess.run([sys.executable, "-m", "hotline", "demo"], capture_output=True, text=True,
                            env=env, timeout=120)
    assert result.returncode == 1, result.stdout
    assert result.stderr.splitlines()[-1] == \
        "error: hotline demo is for development: HOTLINE_ENV=production refuses demo data"
    assert not (tmp_path / "prod.sqlite").exists() or "staff" not in _tables(tmp_path / "prod.sqlite")


def _tables(path) -> set[str]:
    import sqlite3

    with sqlite3.connect(path) as connection:
        return {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}


@pytest.mark.parametrize("command", ["web", "worker", "beat"])
def test_processes_in_production_without_secrets_say_so_in_one_line(tmp_path, command):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HOTLINE_", "TWILIO_"))}
    env.update(HOTLINE_ENV="production", HOTLINE_INSTANCE_DIR=str(tmp_path))
    result = subprocess.run([sys.executable, "-m", "hotline", command], capture_output=True, text=True,
                            env=env, timeout=60)
    assert result.returncode == 1
    assert result.stderr.startswith("error: production needs these settings")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("name, value", [("HOTLINE_ENV", "staging"), ("HOTLINE_ALERT_ACK_SECONDS", "soon"),
                                         ("HOTLINE_TIMEZONE", "Mars/Olympus"), ("HOTLINE_ALERT_REPLY", "loud"),
                                         ("HOTLINE_SMS_PROVIDER", "pigeon"), ("HOTLINE_PROXY_COUNT", "two"),
                                         ("HOTLINE_ADMIN_IDLE_HOURS", "long"), ("HOTLINE_SIMULATOR", "maybe"),
                                         ("HOTLINE_SIMULATOR_NUMBERS", "0700")])
def test_bad_settings_are_named(tmp_path, monkeypatch, name, value):
    monkeypatch.setenv("HOTLINE_INSTANCE_DIR", str(tmp_path))
    with pytest.raises(ConfigError) as error:
        load_settings({name: value})
    assert name in str(error.value)


def test_credentials_choose_the_twilio_provider(tmp_path, monkeypatch):
    monkeypatch.setenv("HOTLINE_INSTANCE_DIR", str(tmp_path))
    settings = load_settings({"TWILIO_ACCOUNT_SID": "AC1", "TWILIO_AUTH_TOKEN": "t",
                              "HOTLINE_ALERT_KEYWORDS": "chai, apple ,"})
    assert settings.sms_provider == "twilio"
    assert settings.alert_keywords == ("chai", "apple")


def test_healthz_reports_db_and_broker(app):
    from hotline.alerts import beat_watch

    with app.app_context():
        beat_watch.record_pass()  # an escalation pass just ran
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"db": "ok", "broker": "ok", "beat": "ok"}


def test_healthz_says_beat_stale_without_an_escalation_pass_but_stays_200(app):
    """The status follows db and broker only: a stalled beat must not drop a healthy web host."""
    response = app.test_client().get("/healthz")  # no pass since Redis was emptied
    assert response.status_code == 200
    assert response.get_json() == {"db": "ok", "broker": "ok", "beat": "stale"}


def test_healthz_is_503_when_the_broker_is_down(app):
    import dataclasses

    from hotline.app import create_app

    cut_off = create_app(dataclasses.replace(app.config["SETTINGS"], redis_url="redis://127.0.0.1:1/0"))
    response = cut_off.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"db": "ok", "broker": "down", "beat": "stale"}
    app.extensions["celery"].set_default()


def hotline(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "hotline", *args], input=stdin, capture_output=True,
                          text=True, env=os.environ.copy(), timeout=120)


def test_cli_init_is_safe_to_repeat(app):
    assert hotline("init").returncode == 0
    assert hotline("init").returncode == 0


def test_cli_staff_and_shift(app, db):
    from hotline.staff.service import by_phone, on_duty
    from hotline.core.clock import local_to_utc
    from datetime import datetime

    added = hotline("staff", "add", "--name", "Айгүл", "--phone", "0555 123 456", "--role", "social_worker",
                    "--oblast", "osh", "--password-stdin", stdin="long-enough-password\n")
    assert added.returncode == 0, added.stderr
    assert hotline("shift", "add", "--phone", "0555123456", "--start", "2030-01-01 08:00",
                   "--end", "2030-01-01 20:00", "--backup").returncode == 0
    db.session.rollback()
    member = by_phone("+996555123456")
    assert member.password_hash and "long-enough" not in member.password_hash
    at = local_to_utc(datetime(2030, 1, 1, 12, 0))
    assert [m.id for m in on_duty(at, backup=True)] == [member.id]
    assert on_duty(at, backup=False) == []


@pytest.mark.parametrize("args, message", [
    (("staff", "add", "--name", "X", "--phone", "12", "--role", "lawyer"), "phone"),
    (("staff", "add", "--name", "X", "--phone", "0700123456", "--role", "pilot"), "role"),
    (("shift", "add", "--phone", "0700999999", "--start", "2030-01-01 08:00", "--end", "2030-01-01 09:00"),
     "no active staff"),
    (("shift", "add", "--phone", "0700999999", "--start", "tomorrow", "--end", "2030-01-01 09:00"), "--start"),
    (("staff", "add", "--name", "X", "--phone", "0700123456"), "--role"),  # a missing option
    (("staff", "add", "--name", "X", "--phone", "0700123456", "--role", "lawyer", "--oblast", "chui"),
     "--oblast"),
    (("schedule", "import"), "FILE"),
    (("fly",), "No such command"),
])
def test_cli_bad_input_exits_1_with_a_clear_message(app, args, message):
    """CONTRACT.md: bad input exits 1 (click alone would exit 2 on its usage errors)."""
    result = hotline(*args)
    assert result.returncode == 1, result.stderr
    assert message in (result.stderr + result.stdout)
    assert "Traceback" not in result.stderr


def test_cli_help_and_success_still_exit_0(app):
    assert hotline("--help").returncode == 0 and "staff" in hotline("--help").stdout
    assert hotline("prompts").returncode == 0


def test_cli_duplicate_staff_phone_is_refused(app):
    assert hotline("staff", "add", "--name", "A", "--phone", "0700123456", "--role", "lawyer").returncode == 0
    again = hotline("staff", "add", "--name", "B", "--phone", "+996700123456", "--role", "lawyer")
    assert again.returncode == 1 and "already exists" in again.stderr


def test_cli_prompts_lists_missing_recordings_and_generate_makes_them(app, db):
    from sqlalchemy import delete

    from hotline.prompts.models import Recording

    db.session.execute(delete(Recording))
    db.session.commit()
    result = hotline("prompts")
    assert result.returncode == 0
    assert "ky\tmissing\tvoice.main_menu" in result.stdout and "uz\tmissing\tvoice.main_menu" in result.stdout
    made = hotline("prompts", "--generate")
    assert made.returncode == 0, made.stderr
    assert "missing\tvoice." not in made.stdout
    assert "a typical call is 0% in a human voice" in made.stdout
    again = hotline("prompts", "--generate")
    assert "made 0 machine-voice recordings" in again.stderr  # only what changed is made again


def test_holidays_are_read_and_checked(tmp_path, monkeypatch):
    monkeypatch.setenv("HOTLINE_INSTANCE_DIR", str(tmp_path))
    assert load_settings({"HOTLINE_HOLIDAYS": "01-01, 03-21,2027-04-10"}).holidays == ("01-01", "03-21", "2027-04-10")
    with pytest.raises(ConfigError) as error:
        load_settings({"HOTLINE_HOLIDAYS": "21 March"})
    assert "HOTLINE_HOLIDAYS" in str(error.value)
