"""The OpenSearch engine and its index (see docs/architecture.md, "Search").

``OpenSearchEngine`` answers searches; ``index`` creates, updates and rebuilds the index
behind its alias; ``sink.handle`` is the event-log consumer that keeps it current.
"""

from .engine import OpenSearchEngine

__all__ = ["OpenSearchEngine"]
