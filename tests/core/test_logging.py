"""Logs are one JSON object per line and carry the request id."""

from __future__ import annotations

import json
import logging

from techmarket.core.logging import JSONFormatter
from techmarket.core.request_context import set_request_id


def test_log_line_is_json_with_request_id_and_extras() -> None:
    record = logging.LogRecord(
        "techmarket.access", logging.INFO, __file__, 1, "GET %s", ("/x",), None
    )
    record.status = 200
    set_request_id("req-7")
    try:
        line = JSONFormatter().format(record)
    finally:
        set_request_id(None)
    entry = json.loads(line)
    assert entry["message"] == "GET /x"
    assert entry["request_id"] == "req-7"
    assert entry["status"] == 200
    assert entry["level"] == "info"
    assert entry["time"].endswith("+00:00")
