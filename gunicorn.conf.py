"""gunicorn's settings for a sandbox web process (docs/deploy.md "Serving").

    .venv/bin/gunicorn                     # in this folder: gunicorn reads ./gunicorn.conf.py itself
    .venv/bin/gunicorn -c /srv/sandbox/gunicorn.conf.py --chdir /srv/sandbox

Each is read from the environment, like the app's own settings (sandbox/config.py):

  SANDBOX_HOST, SANDBOX_PORT  where to listen (127.0.0.1:5000, as `sandbox run`; 0.0.0.0 behind a proxy)
  SANDBOX_WEB_PROCESSES       gunicorn workers: 1 without SANDBOX_REDIS_URL (live events stay in the
                              process that published them, so one process only), else one per core
  SANDBOX_WEB_THREADS         threads per process (200): see below

A websocket holds one of its process's threads for as long as it is open (flask-sock runs the socket
inside its request; simple-websocket adds a reader thread of its own outside the pool). Every learner
with an exercise open holds one, a phone showing their app another, a trainer's dashboard or
projector one each. So: threads = the sockets one process holds at the busiest time + about 20 for
ordinary requests. 500 learners across 2 processes, with a few phones and trainers: 250 + 30 + 20,
round up to 300. A thread that waits on a socket costs little (its stack is mostly untouched memory);
too few threads and the next page load waits until a socket closes.

Command-line options win over this file (`--bind 0.0.0.0:8000 --threads 400`).
"""

import multiprocessing
import os

from sandbox.serving import raise_open_files_limit

# Each websocket holds file descriptors: a soft limit of 1,024 fails at about 480 sockets. The worker
# processes inherit the raised limit from the master.
raise_open_files_limit()

# wsgi.py makes the app and starts what a web process runs beside requests: without Redis the
# grading consumer, with Redis nothing (`sandbox worker` grades).
wsgi_app = "wsgi:app"
worker_class = "gthread"

bind = [f"{os.environ.get('SANDBOX_HOST', '127.0.0.1')}:{os.environ.get('SANDBOX_PORT', '5000')}"]
_scaled_out = bool(os.environ.get("SANDBOX_REDIS_URL"))
workers = int(os.environ.get("SANDBOX_WEB_PROCESSES") or (multiprocessing.cpu_count() if _scaled_out else 1))
threads = int(os.environ.get("SANDBOX_WEB_THREADS") or 200)
# gthread also caps the connections a process keeps (sockets, keep-alive ones waiting): never below
# its threads, or sockets would be refused while threads sit idle.
worker_connections = max(1000, 2 * threads)

# Not preloaded: each worker process imports wsgi.py itself, so the threads it starts (the grading
# consumer, the Redis hub's listener) run in the process that serves, not in a master they would
# not survive the fork from.
preload_app = False
# A web process is never recycled (max_requests): that would cut every socket it holds.
max_requests = 0
# On SIGTERM open websockets never end by themselves: give ordinary requests 10 s, then close them
# (the pages reconnect to another process, with backoff).
graceful_timeout = 10

# https and the client's address come from the proxy through ProxyFix, opt-in by SANDBOX_PROXY_HOPS
# (docs/deploy.md): gunicorn itself must not read X-Forwarded-Proto from a neighbour on 127.0.0.1.
secure_scheme_headers: dict[str, str] = {}

# gunicorn 27 opens a control socket at one path per user: two servers on one machine (this and the
# publish origin) would share it, and nothing here uses it. (A version without it skips the name.)
control_socket_disable = True

# gunicorn's own lines (start, workers booted, timeouts) to stderr; each request is logged by the
# app (sandbox.requests, with its request id), so no access log here.
errorlog = "-"
accesslog = None
if os.environ.get("SANDBOX_LOG_FORMAT") == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "sandbox.request_log.JsonFormatter"}},
        "handlers": {
            "stderr": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
        },
        # The root's handler is the app's own (request_log.log_as_json), added when the app is made.
        "root": {"level": "INFO", "handlers": []},
        "loggers": {"gunicorn.error": {"handlers": ["stderr"], "level": "INFO", "propagate": False}},
    }
