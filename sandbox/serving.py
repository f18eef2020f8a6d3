"""How a web process listens: the listening queue and the open-files limit a class needs.

`sandbox run` serves with `classroom_server`; gunicorn (gunicorn.conf.py) has a queue of 2048 of its
own and calls `raise_open_files_limit` as it starts.
"""

from __future__ import annotations

# A class connects at once (200 learners opening the page when the trainer says so); Werkzeug's
# listening queue of 128 then overflows and the rest wait seconds for their SYN to be sent again.
ACCEPT_BACKLOG = 1024


def classroom_server(host: str, port: int, app):
    """Werkzeug's threaded server (what `run_simple` serves with), with a listening queue for a class."""
    from werkzeug.serving import ThreadedWSGIServer

    class ClassroomServer(ThreadedWSGIServer):
        request_queue_size = ACCEPT_BACKLOG

    return ClassroomServer(host, port, app)


def raise_open_files_limit() -> None:
    """Each websocket holds two file descriptors: a desktop's default soft limit of 1,024 open files
    fails at about 480 sockets (`Too many open files`). Raise the soft limit to the hard one."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        wanted = hard if hard != resource.RLIM_INFINITY else max(soft, 65536)
        if soft != resource.RLIM_INFINITY and soft < wanted:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    except (ImportError, ValueError, OSError):
        pass  # not on this system, or not allowed: the limit stays as it was
