"""Requests to a real server with a test client's session cookie (made by an app with the same key)."""

from __future__ import annotations

import http.client
import json

from tests.support.web import TOKEN


def call(host: str, method: str, path: str, client, body: dict | None = None) -> tuple[int, dict]:
    """Send `body` as JSON with the client's session cookie and CSRF token; return status and JSON."""
    headers = {
        "Cookie": f"sandbox_session={client.get_cookie('sandbox_session').value}",
        "X-CSRF-Token": TOKEN,
        "Content-Type": "application/json",
    }
    connection = http.client.HTTPConnection(host, timeout=10)
    try:
        connection.request(method, path, body=json.dumps(body or {}), headers=headers)
        response = connection.getresponse()
        raw = response.read()
        return response.status, json.loads(raw) if raw else {}
    finally:
        connection.close()
