"""Logs for a deployment (SANDBOX_LOG_FORMAT=json): one JSON object a line, each carrying the id of
the request it was written in, so that every line of one request (and the proxy's line for it, when
the proxy sends X-Request-Id) can be found together. The ids themselves are given and sent back by
app.py's hooks; on a laptop logs stay plain text.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import uuid
from datetime import UTC, datetime

from flask import g, has_request_context

HEADER = "X-Request-Id"
# An id from the proxy is kept only if it is short and plain: it is written into every log line.
_GIVEN_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
# The attributes every LogRecord has; anything else on a record came from `extra=` and is logged.
_RECORD_FIELDS = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}


def request_id(given: str | None) -> str:
    """The id of a request: the one the proxy gave in X-Request-Id when it is plain, else a new one."""
    if given and _GIVEN_ID.fullmatch(given):
        return given
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Put the request id (or None outside requests: the grading threads, start-up) on every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = g.get("request_id") if has_request_context() else None
        return True


class JsonFormatter(logging.Formatter):
    """A record as one line of JSON: time, level, logger, message, request_id, any extras, the traceback."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        line.update({k: v for k, v in vars(record).items() if k not in _RECORD_FIELDS})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def json_handler(stream=None) -> logging.Handler:
    """A handler writing JSON lines with request ids (to stderr unless given a stream)."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    handler.sandbox_json = True  # so that configuring again replaces it rather than adding another
    return handler


def log_as_json(level: int = logging.INFO) -> logging.Handler:
    """Send every log line of this process, as JSON, to stderr; return the handler."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "sandbox_json", False):
            root.removeHandler(handler)
    handler = json_handler()
    root.addHandler(handler)
    if root.level > level or root.level == logging.NOTSET:
        root.setLevel(level)
    return handler
