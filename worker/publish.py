"""Publication: an extracted article onto the items stream, once, in one atomic step.

The content seen-mark, the XADD to the items stream and the XACK/XDEL of the frontier entry
happen in one script: a crash before it leaves the URL pending (reclaimed and tried again),
a crash after it leaves nothing to redo. So an article is never lost and never published
twice, even when two workers fetched the same page.
"""

from __future__ import annotations

import redis.asyncio as aioredis

from worker.config import ItemsSettings
from worker.keys import FETCH_GROUP, Keys
from worker.models import FrontierEntry, Item

# KEYS: seen-content, items, frontier.  ARGV: ttl, maxlen, group, entry id, item id, outlet,
# item JSON.  Returns 1 if published, 0 if the same body was published before.
_PUBLISH = """
local published = 0
if redis.call('SET', KEYS[1], ARGV[5], 'NX', 'EX', ARGV[1]) then
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', 'id', ARGV[5], 'outlet', ARGV[6],
             'item', ARGV[7])
  published = 1
end
redis.call('XACK', KEYS[3], ARGV[3], ARGV[4])
redis.call('XDEL', KEYS[3], ARGV[4])
return published
"""


class Publisher:
    def __init__(self, redis: aioredis.Redis, keys: Keys, settings: ItemsSettings) -> None:
        self._keys = keys
        self._settings = settings
        self._publish = redis.register_script(_PUBLISH)

    async def publish(self, entry: FrontierEntry, item: Item) -> bool:
        """Publish `item` for `entry`; False when its body was already published."""
        keys = [self._keys.seen_content(item.content_hash), self._keys.items, self._keys.frontier]
        args: list[str | int] = [
            int(self._settings.content_ttl) or 1,
            self._settings.maxlen,
            FETCH_GROUP,
            entry.entry_id,
            item.id,
            item.outlet,
            item.to_json(),
        ]
        return bool(await self._publish(keys=keys, args=args))
