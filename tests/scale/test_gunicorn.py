"""The shipped gunicorn.conf.py starts the app as docs/deploy.md says: gthread, wsgi:app, the settings
read from SANDBOX_*; /healthz and /readyz answer through it, and its log is JSON with request ids."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.support import FIXTURE_EXERCISES, ROOT
from tests.support.browser import free_port


def _get(url: str, **headers) -> tuple[int, dict, dict]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, dict(response.headers), json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.loads(error.read())


def test_gunicorn_with_the_shipped_config_serves_the_probes_and_logs_json(tmp_path: Path):
    port = free_port()
    log = tmp_path / "gunicorn.log"
    env = {
        **os.environ,
        "SANDBOX_INSTANCE_PATH": str(tmp_path / "instance"),
        "SANDBOX_EXERCISES_DIR": str(FIXTURE_EXERCISES),
        "SANDBOX_PORT": str(port),
        "SANDBOX_WEB_THREADS": "8",
        "SANDBOX_GRADER_WORKERS": "1",
        "SANDBOX_LOG_FORMAT": "json",
    }
    env.pop("SANDBOX_REDIS_URL", None)  # the laptop's queue: one process, its own consumer
    with log.open("w") as output:
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn")], cwd=ROOT, env=env, stdout=output, stderr=output
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _headers, body = _get(f"http://127.0.0.1:{port}/healthz")
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, log.read_text()
                time.sleep(0.1)
        assert (status, body) == (200, {"status": "ok"})
        status, headers, body = _get(f"http://127.0.0.1:{port}/readyz", **{"X-Request-Id": "probe-1"})
        assert status == 200, body
        assert body["checks"]["grading"] == {"ok": True, "workers": 1}
        assert headers["X-Request-Id"] == "probe-1"
        assert _get(f"http://127.0.0.1:{port}/api/exercises", **{"X-Request-Id": "list-1"})[0] == 200
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    assert any(line["message"] == "Using worker: gthread" for line in lines), log.read_text()
    (listed,) = [line for line in lines if line.get("request_id") == "list-1"]
    assert listed["logger"] == "sandbox.requests" and listed["route"] == "/api/exercises"
