"""news worker: watches news outlets and publishes each new article once on a Redis stream."""

from __future__ import annotations

__version__ = "0.1.0"
