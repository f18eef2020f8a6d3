"""Live co-editing of group projects: a Yjs document per project (a Y.Text per file), on pycrdt.

`document.py` turns files into a document and back and checks what clients send; `awareness.py`
reads and writes the y-protocols awareness messages (the members' cursors); `documents.py` keeps
each project's document in memory, in step with what the database stores. No Flask here
(docs/projects.md, "Building together, live").
"""

from .awareness import AwarenessError, forget, read_awareness, write_awareness
from .document import BadUpdate, Document
from .documents import ProjectDocuments

__all__ = [
    "AwarenessError",
    "BadUpdate",
    "Document",
    "ProjectDocuments",
    "forget",
    "read_awareness",
    "write_awareness",
]
