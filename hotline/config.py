"""Settings read from the environment (CONTRACT.md), checked at start-up.

Development needs nothing set: SQLite under instance/, an embedded Redis, a
generated secret key and a local Twilio token the built-in simulator signs with.
Production refuses to start while a secret is missing.
"""
from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

# Signs and checks webhooks in development only; never accepted in production.
DEVELOPMENT_AUTH_TOKEN = "hotline-development-token-not-secret"
DEVELOPMENT_ACCOUNT_SID = "AC" + "0" * 32


class ConfigError(RuntimeError):
    """A setting is missing or wrong; the message says which."""


def _csv(value: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (value or "").split(",") if part.strip())


def _int(env: dict, name: str, default: int) -> int:
    raw = env.get(name)
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from None


def _float(env: dict, name: str, default: float) -> float:
    raw = env.get(name)
    if raw in (None, ""):
        return default
    try:
        return float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, got {raw!r}") from None


def _holidays(value: str | None) -> tuple[str, ...]:
    days = _csv(value)
    for day in days:
        if not re.fullmatch(r"(\d{4}-)?\d{2}-\d{2}", day):
            raise ConfigError(f"HOTLINE_HOLIDAYS takes MM-DD or YYYY-MM-DD, comma-separated; got {day!r}")
    return days


def _flag(env: dict, name: str, default: bool) -> bool:
    raw = (env.get(name) or "").strip().lower()
    if raw == "":
        return default
    if raw not in ("on", "off", "1", "0", "true", "false", "yes", "no"):
        raise ConfigError(f"{name} must be on or off, got {raw!r}")
    return raw in ("on", "1", "true", "yes")


def _refuse_unsafe_production(env: dict) -> None:
    """Values that start but leave the service open: refused, one line each."""
    token = env["TWILIO_AUTH_TOKEN"].strip()
    if token == DEVELOPMENT_AUTH_TOKEN:
        raise ConfigError("TWILIO_AUTH_TOKEN is the published development token: set the real one")
    if not re.fullmatch(r"[0-9a-fA-F]{32}", token):
        raise ConfigError("TWILIO_AUTH_TOKEN is not a Twilio auth token (32 hex characters)")
    if len(env["HOTLINE_SECRET_KEY"].strip()) < 32:
        raise ConfigError("HOTLINE_SECRET_KEY must have at least 32 characters (e.g. `openssl rand -hex 32`)")
    if (env.get("HOTLINE_SMS_PROVIDER") or "twilio") != "twilio":
        raise ConfigError("HOTLINE_SMS_PROVIDER must be twilio in production (console sends nothing)")
    public_url = (env.get("HOTLINE_PUBLIC_URL") or "").strip()
    if public_url and not public_url.lower().startswith("https://"):
        raise ConfigError(f"HOTLINE_PUBLIC_URL must start with https:// in production, got {public_url!r}")


def instance_dir() -> Path:
    path = Path(os.environ.get("HOTLINE_INSTANCE_DIR") or Path.cwd() / "instance")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _development_secret_key(folder: Path) -> str:
    key_file = folder / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


@dataclass(frozen=True)
class Settings:
    env: str
    database_url: str
    redis_url: str | None  # None: the embedded Redis is started on demand
    secret_key: str
    public_url: str | None
    twilio_account_sid: str
    twilio_auth_token: str
    sms_number: str | None
    twilio_api_url: str
    sms_provider: str
    alert_ack_seconds: int
    alert_keywords: tuple[str, ...]
    timezone: str
    alert_reply: str
    missed_call_numbers: tuple[str, ...]
    send_rate_per_second: float
    sms_session_minutes: int
    retention_days: int
    holidays: tuple[str, ...]  # "MM-DD" every year, or "YYYY-MM-DD" once: no callbacks then
    proxy_count: int  # proxies in front of us that add X-Forwarded-For (0: none, trust no header)
    admin_idle_hours: float
    admin_session_days: float
    simulator_on: bool
    simulator_numbers: tuple[str, ...]  # E.164 prefixes the simulator may play in production
    instance_path: Path = field(repr=False)
    beat_alarm_seconds: int = 60  # escalation stale this long: the coordinators get an SMS

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def is_production(self) -> bool:
        return self.env == "production"


def _check_redis_url(url: str | None) -> None:
    from hotline.core.redis_client import is_sentinel, parse_sentinel

    if is_sentinel(url):
        try:
            parse_sentinel(url)
        except ValueError as error:
            raise ConfigError(f"HOTLINE_REDIS_URL: {error}") from None


def load_settings(env: dict | None = None) -> Settings:
    env = dict(os.environ if env is None else env)
    mode = env.get("HOTLINE_ENV", "development")
    if mode not in ("development", "production"):
        raise ConfigError(f"HOTLINE_ENV must be development or production, got {mode!r}")
    production = mode == "production"
    folder = instance_dir()

    # HOTLINE_SMS_NUMBER is no secret, but without it no alert SMS could leave.
    # HOTLINE_PUBLIC_URL has a default (the request's own URL, CONTRACT.md).
    missing = [
        name
        for name in ("HOTLINE_DATABASE_URL", "HOTLINE_REDIS_URL", "HOTLINE_SECRET_KEY",
                     "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "HOTLINE_SMS_NUMBER")
        if production and not (env.get(name) or "").strip()
    ]
    if missing:
        raise ConfigError("production needs these settings: " + ", ".join(missing))
    if production:
        _refuse_unsafe_production(env)

    has_credentials = bool(env.get("TWILIO_ACCOUNT_SID") and env.get("TWILIO_AUTH_TOKEN"))
    provider = env.get("HOTLINE_SMS_PROVIDER") or ("twilio" if has_credentials else "console")
    if provider not in ("twilio", "console"):
        raise ConfigError(f"HOTLINE_SMS_PROVIDER must be twilio or console, got {provider!r}")
    alert_reply = env.get("HOTLINE_ALERT_REPLY", "neutral")
    if alert_reply not in ("neutral", "none"):
        raise ConfigError(f"HOTLINE_ALERT_REPLY must be neutral or none, got {alert_reply!r}")
    timezone = env.get("HOTLINE_TIMEZONE", "Asia/Bishkek")
    try:
        ZoneInfo(timezone)
    except Exception:
        raise ConfigError(f"HOTLINE_TIMEZONE is not a known time zone: {timezone!r}") from None

    simulator_numbers = _csv(env.get("HOTLINE_SIMULATOR_NUMBERS"))
    for prefix in simulator_numbers:
        if not re.fullmatch(r"\+\d{8,15}", prefix):
            raise ConfigError(f"HOTLINE_SIMULATOR_NUMBERS takes E.164 numbers or prefixes of at least "
                              f"8 digits (+99670000000), comma-separated; got {prefix!r}")
    simulator_on = _flag(env, "HOTLINE_SIMULATOR", default=not production)
    if production and simulator_on and not simulator_numbers:
        raise ConfigError("HOTLINE_SIMULATOR=on in production needs HOTLINE_SIMULATOR_NUMBERS (a test range)")

    _check_redis_url(env.get("HOTLINE_REDIS_URL"))
    return Settings(
        env=mode,
        database_url=env.get("HOTLINE_DATABASE_URL") or f"sqlite:///{folder / 'hotline.sqlite'}",
        redis_url=env.get("HOTLINE_REDIS_URL") or None,
        secret_key=env.get("HOTLINE_SECRET_KEY") or _development_secret_key(folder),
        public_url=(env.get("HOTLINE_PUBLIC_URL") or "").rstrip("/") or None,
        twilio_account_sid=env.get("TWILIO_ACCOUNT_SID") or DEVELOPMENT_ACCOUNT_SID,
        twilio_auth_token=env.get("TWILIO_AUTH_TOKEN") or DEVELOPMENT_AUTH_TOKEN,
        sms_number=env.get("HOTLINE_SMS_NUMBER") or None,
        twilio_api_url=(env.get("HOTLINE_TWILIO_API_URL") or "https://api.twilio.com").rstrip("/"),
        sms_provider=provider,
        alert_ack_seconds=_int(env, "HOTLINE_ALERT_ACK_SECONDS", 300),
        alert_keywords=_csv(env.get("HOTLINE_ALERT_KEYWORDS")),
        timezone=timezone,
        alert_reply=alert_reply,
        missed_call_numbers=_csv(env.get("HOTLINE_MISSED_CALL_NUMBERS")),
        send_rate_per_second=_float(env, "HOTLINE_SEND_RATE", 1.0),
        sms_session_minutes=_int(env, "HOTLINE_SMS_SESSION_MINUTES", 30),
        retention_days=_int(env, "HOTLINE_RETENTION_DAYS", 90),
        holidays=_holidays(env.get("HOTLINE_HOLIDAYS")),
        proxy_count=_int(env, "HOTLINE_PROXY_COUNT", 0),
        admin_idle_hours=_float(env, "HOTLINE_ADMIN_IDLE_HOURS", 12),
        admin_session_days=_float(env, "HOTLINE_ADMIN_SESSION_DAYS", 7),
        simulator_on=simulator_on,
        simulator_numbers=simulator_numbers,
        instance_path=folder,
        beat_alarm_seconds=_int(env, "HOTLINE_BEAT_ALARM_SECONDS", 60),
    )
