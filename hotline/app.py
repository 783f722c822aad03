"""The application factory: a list of steps, nothing done at import time."""
from __future__ import annotations

import os

from flask import Flask
from werkzeug.routing import IntegerConverter

from hotline import embedded_redis
from hotline.config import Settings, load_settings
from hotline.core import clock, logs
from hotline.core.optional import import_optional
from hotline.extensions import babel, csrf, db, login_manager

# Each domain package that has a `flows` module registers its nodes, keywords and
# staff commands there; each with `signals` subscribes to messaging events.
DOMAIN_MODULES = (
    "ivr_flows.menus",
    "hotline.schedule.flows",
    "hotline.callbacks.flows",
    "hotline.alerts.flows",
    "hotline.live.flows",
    "hotline.prompts.queue",
    "hotline.prompts.phone",
)
BLUEPRINTS = (
    "hotline.webhooks.routes:bp",
    "hotline.health:bp",
    "hotline.media:bp",
    "hotline.admin.routes:bp",
    "hotline.alerts.routes:bp",
)


def create_app(settings: Settings | None = None, *, web: bool = False) -> Flask:
    """`web`: the app gunicorn serves (hotline/wsgi.py): its statements wait on a lock for at
    most WEB_LOCK_TIMEOUT_MS (engine_options)."""
    settings = settings or load_settings()
    app = Flask(__name__, instance_path=str(settings.instance_path))
    configure(app, settings, web)
    trust_proxies(app, app.config["SETTINGS"].proxy_count)
    app.url_map.converters["int"] = DatabaseId  # before any route is added
    register_extensions(app)
    register_blueprints(app)
    load_domains()
    from tasks.celery_app import celery_init_app

    celery_init_app(app)
    return app


def configure(app: Flask, settings: Settings, web: bool = False) -> None:
    logs.configure()
    clock.start_test_clock()  # tests only: a worker or beat at the test's frozen moment
    if settings.redis_url is None:
        # No URL: start the embedded Redis here and hand it down to child processes.
        os.environ["HOTLINE_REDIS_URL"] = embedded_redis.start(settings.instance_path / "redis")
        settings = load_settings()
    app.config.update(
        SETTINGS=settings,
        SECRET_KEY=settings.secret_key,
        SQLALCHEMY_DATABASE_URI=settings.database_url,
        SQLALCHEMY_ENGINE_OPTIONS=engine_options(settings.database_url, web=web),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.is_production,
        REMEMBER_COOKIE_SECURE=settings.is_production,
        MAX_CONTENT_LENGTH=8 * 1024 * 1024,
        WTF_CSRF_TIME_LIMIT=None,
    )


class DatabaseId(IntegerConverter):
    """`<int:...>` in URLs: an id larger than the database's integer (PostgreSQL's is 32-bit)
    matches no route, so /admin/alerts/99999999999 is a 404 and never reaches the query."""

    def __init__(self, url_map, **kwargs):
        super().__init__(url_map, **{"max": 2**31 - 1, **kwargs})


def trust_proxies(app: Flask, count: int) -> None:
    """Behind HOTLINE_PROXY_COUNT proxies, take the client's address, scheme and host from
    the headers those proxies add (and no more: a client could forge further ones).
    Without it every user would share the proxy's address in the login rate limit."""
    if count > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)


# A web request waits at most this long on another's lock: PostgreSQL then cancels the
# statement and the webhook is spooled, answered at once and replayed (hotline/webhooks/routes.py),
# instead of being held past Twilio's 15 s by a turn that is stuck. Not for the worker, beat or
# the CLI: an escalation or a migration may rightly wait longer.
WEB_LOCK_TIMEOUT_MS = 5000


def engine_options(url: str, web: bool = False) -> dict:
    # hide_parameters: a database error must not carry a phone number or an SMS
    # body into the log through its "[parameters: ...]" part.
    if url.startswith("sqlite"):
        return {"hide_parameters": True, "connect_args": {"timeout": 15, "check_same_thread": False}}
    # Fail fast when PostgreSQL is down: a webhook must still answer within Twilio's 15 s.
    # READ COMMITTED (PostgreSQL's default) said, not assumed: a webhook's read runs before its
    # transaction (hotline/core/lone_statements.py), which sees the same only at this level.
    # No pool_pre_ping: hotline/core/pool_ping.py pings (a webhook's turn: only after idling).
    from hotline.core import pool_ping  # noqa: F401  (its pool events)

    connect_args = {"connect_timeout": 3}
    if web:
        connect_args["options"] = f"-c lock_timeout={WEB_LOCK_TIMEOUT_MS}"
    return {"hide_parameters": True, "isolation_level": "READ COMMITTED", "pool_size": 10, "max_overflow": 10,
            "pool_timeout": 3, "connect_args": connect_args}


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    login_manager.init_app(app)
    csrf.init_app(app)
    from hotline.admin import i18n

    babel.init_app(app, default_locale=i18n.DEFAULT, locale_selector=i18n.current_language,
                   default_timezone=app.config["SETTINGS"].tz.key)
    from hotline import security_headers
    from hotline.messaging import outbox

    security_headers.init_app(app)

    outbox.install_commit_hooks()
    with app.app_context():
        if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
            from hotline.sqlite import tune

            tune(db.engine)

    @app.teardown_request
    def publish_committed_outbox(error=None):
        if error is None:
            try:
                outbox.flush_pending()
            except Exception:  # the sweeper publishes what could not be published now
                pass


def register_blueprints(app: Flask) -> None:
    from hotline.webhooks.routes import bp as twilio_bp

    for spec in BLUEPRINTS:
        module_name, _, attr = spec.partition(":")
        module = import_optional(module_name)
        if module is not None:  # None: a domain not built yet
            app.register_blueprint(getattr(module, attr))
    csrf.exempt(twilio_bp)  # Twilio signs its posts instead


def load_domains() -> None:
    for module_name in DOMAIN_MODULES:
        import_optional(module_name)
