"""The Redis hub and presence, two of each in this process standing for two web processes."""

from __future__ import annotations

import queue
import threading
import time

import pytest
import redis

from sandbox.live.hub import PageOpen
from sandbox.live.redis_hub import RedisHub, RedisPresence


@pytest.fixture
def client(redis_url):
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    yield client
    client.close()


@pytest.fixture
def hubs(client, namespace):
    made = [RedisHub(client, namespace), RedisHub(client, namespace)]
    yield made
    for hub in made:
        hub.close()


def test_a_message_published_in_one_process_reaches_inboxes_in_both_once(hubs):
    one, other = hubs
    here, there = one.subscribe("learner:7"), other.subscribe("learner:7")
    time.sleep(0.2)  # the listener's subscription is in place
    one.publish("learner:7", {"type": "push", "n": 1})
    assert here.get(timeout=1) == {"type": "push", "n": 1}
    assert there.get(timeout=2) == {"type": "push", "n": 1}
    with pytest.raises(queue.Empty):
        here.get(timeout=0.5)  # not a second time, back through Redis


def test_a_topic_is_listened_to_while_any_process_has_a_subscriber(hubs):
    one, other = hubs
    assert not one.listening("watch:3")
    inbox = other.subscribe("watch:3")
    assert one.listening("watch:3")
    other.unsubscribe("watch:3", inbox)
    assert not one.listening("watch:3")


def test_presence_counts_pages_open_in_any_process_until_that_process_stops_renewing(client, namespace):
    one, other = RedisPresence(client, namespace, ttl_s=1), RedisPresence(client, namespace, ttl_s=1)
    other.join(PageOpen(5, 1, {"exercise": "hello", "step": "heading"}))
    assert one.online() == {5: {"exercise": "hello", "step": "heading"}}
    other.close()  # as if its process died: nobody renews
    time.sleep(1.5)
    assert one.online() == {}
    one.close()


def test_a_class_of_sockets_opening_and_closing_at_once_all_get_a_redis_connection(
    make_app, redis_url, namespace
):
    """250 pages of a class open their sockets at the same moment (a push, a reload), each thread
    of the web process subscribing through the one Redis client; redis-py's default pool refused
    every command past its 100th connection, and those sockets failed."""
    hub = make_app(REDIS_URL=redis_url, REDIS_NAMESPACE=namespace).extensions["sandbox"].hub
    together = threading.Barrier(250)
    failed = []

    def page(number: int) -> None:
        try:
            together.wait(10)
            inbox = hub.subscribe(f"learner:{number}")
            hub.unsubscribe(f"learner:{number}", inbox)
        except Exception as error:
            failed.append(repr(error))

    threads = [threading.Thread(target=page, args=(n,)) for n in range(250)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert failed == []
