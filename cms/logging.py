"""Structured (JSON) log lines, with personal data redacted before they leave the process."""

import json
import logging
from datetime import UTC, datetime

from .personal_data import redact

__all__ = ["JsonFormatter", "RedactPersonalDataFilter", "redact"]


class RedactPersonalDataFilter(logging.Filter):
    """Rewrites each record's message so no CPR number or e-mail address is ever logged."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


_STANDARD_ATTRS = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, and any `extra=` fields."""

    def format(self, record: logging.LogRecord) -> str:
        payload = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRS and not key.startswith("_"):
                # An extra may carry the request ("<WSGIRequest: GET '/soeg/?q=...'>"): redacted like the message.
                payload[key] = value if isinstance(value, (int, float, bool, type(None))) else redact(str(value))
        if record.exc_info:
            payload["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(payload, ensure_ascii=False)
