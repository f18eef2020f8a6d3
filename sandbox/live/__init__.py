"""Live events: the hub, its vocabulary, the events and what the pages are told, the websockets.

- topics.py      every topic and message type, the close codes and size limits (no Flask)
- hub.py         the Hub protocol, the in-process hub, inboxes, presence (no Flask)
- events.py      what the views and jobs publish (work_saved, submission_created, ...)
- viewmodels.py  what the pages are told (class_grid, watch_snapshot, learner_state, ...)
- sockets.py     the one loop every websocket runs (`serve`), and its connection
- handlers.py    one small handler per websocket
- routes.py      the table of websockets (who may open each, what it hears and may send)

This package's own import stays free of Flask, so the grading jobs can use the vocabulary.
"""

from .hub import Hub, Inbox, LocalHub
from .topics import CLOSE_REVOKED, MAX_PROJECTED, MAX_TYPING_BYTES

__all__ = ["CLOSE_REVOKED", "MAX_PROJECTED", "MAX_TYPING_BYTES", "Hub", "Inbox", "LocalHub"]
