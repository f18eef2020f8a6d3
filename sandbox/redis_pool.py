"""How a process connects to Redis (SANDBOX_REDIS_URL): the live hub, presence and the grading queue."""

from __future__ import annotations

# Connections one process keeps to Redis, shared by all its threads. A web process has a thread per
# socket (300 for a class of 500 over two processes) and redis-py's default pool (100) refuses the
# 101st at once ("Too many connections": sockets failed when a class's pages opened or closed
# together). A command takes well under a millisecond: a thread waits for a free connection instead.
REDIS_CONNECTIONS = 64
REDIS_WAIT_S = 10


def connection_pool(url: str, **options):
    """A pool whose threads wait (up to REDIS_WAIT_S) for a free connection rather than fail."""
    import redis

    return redis.BlockingConnectionPool.from_url(
        url, max_connections=REDIS_CONNECTIONS, timeout=REDIS_WAIT_S, **options
    )
