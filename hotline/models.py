"""Imports every model so Alembic and the tests see the whole schema."""
from hotline.core.optional import import_optional
from hotline.db import Base

MODEL_MODULES = (
    "hotline.core.versions",
    "hotline.residents.models",
    "hotline.staff.models",
    "hotline.messaging.models",
    "hotline.messaging.receipts",
    "ivr_flows.sessions",
    "hotline.schedule.models",
    "hotline.callbacks.models",
    "hotline.alerts.models",
    "hotline.live.models",
    "hotline.admin.models",
    "hotline.texts.models",
    "hotline.prompts.models",
)


def load_models():
    for name in MODEL_MODULES:
        import_optional(name)
    return Base.metadata


metadata = load_models()
