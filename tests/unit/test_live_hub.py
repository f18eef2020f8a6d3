"""The live hub, its inboxes and presence: plain Python, no Flask (Redis pub/sub plugs in here)."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

from sandbox.live import topics
from sandbox.live.hub import Inbox, LocalHub, PageOpen, Presence


def test_the_hub_and_the_vocabulary_import_no_flask():
    code = "import sys, sandbox.live.hub, sandbox.live.topics; print('flask' in sys.modules)"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "False"


def test_a_message_goes_to_every_inbox_of_its_topic_and_to_no_other():
    hub = LocalHub()
    first, second = hub.subscribe(topics.learner(1)), hub.subscribe(topics.learner(1))
    other = hub.subscribe(topics.learner(2))
    hub.publish(topics.learner(1), {"type": topics.NOTE})
    assert first.take(0.1) == [{"type": "note"}] and second.take(0.1) == [{"type": "note"}]
    assert other.take(0.05) == []


def test_one_inbox_hears_several_topics_and_a_full_inbox_never_blocks_the_publisher():
    hub = LocalHub()
    inbox = Inbox(maxsize=2)
    hub.subscribe("a", inbox)
    hub.subscribe("b", inbox)
    hub.publish("a", {"n": 1})
    hub.publish("b", {"n": 2})
    hub.publish("a", {"n": 3})  # dropped: the client re-syncs
    assert inbox.take(0.1) == [{"n": 1}, {"n": 2}] and inbox.overflowed
    hub.unsubscribe("a", inbox)
    hub.publish("a", {"n": 4})
    assert inbox.take(0.05) == []
    assert hub.listening("b") and not hub.listening("a")


def test_publishing_to_a_topic_nobody_hears_is_a_no_op():
    hub = LocalHub()
    hub.publish(topics.watch(7), {"type": topics.FILES})
    assert not hub.listening(topics.watch(7))


def test_a_wake_up_ends_the_wait_at_once():
    inbox = Inbox()
    threading.Timer(0.05, inbox.wake).start()
    started = time.monotonic()
    assert inbox.take(5) == []
    assert time.monotonic() - started < 1


def test_a_learner_is_online_until_their_last_page_closes_and_shows_where_the_newest_is():
    presence = Presence()
    lesson = PageOpen(1, 10, {"exercise": "hello", "step": "heading"})
    index = PageOpen(1, 10, None)
    presence.join(lesson)
    presence.join(index)
    assert presence.online() == {1: None}
    assert presence.leave(index) is False
    assert presence.online() == {1: {"exercise": "hello", "step": "heading"}}
    assert presence.leave(lesson) is True
    assert presence.online() == {}


def test_every_topic_is_spelled_with_its_kind_and_id():
    assert [
        topics.learner(3),
        topics.classroom(4),
        topics.trainer(4),
        topics.watch(3),
        topics.phone_link(9),
    ] == [
        "learner:3",
        "class:4",
        "trainer:4",
        "watch:3",
        "phone-link:9",
    ]
