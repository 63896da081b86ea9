"""`RedisPacer`: send slots in Redis (`CAMAU_REDIS_URL`), shared by every replica.

The same rule as `camau.bot.pacing.next_slot`, run atomically as one Lua script: a sorted set
of slot times per tenant and per conversation, and a back-off key per tenant. Redis's own clock
(`TIME`) times the slots, so the replicas' clocks do not matter.

A kept rate-limiting library fits one key at a time; a slot here must satisfy the tenant and
the conversation together, or take nothing, which is why this is a short script of our own.
"""

from __future__ import annotations

import uuid

from redis.asyncio import Redis

from camau.bot.pacing import Grant, Limits, ServerClock, Slot

_SCRIPT = """
local tenant, conversation, backoff = KEYS[1], KEYS[2], KEYS[3]
local tenant_limit, tenant_seconds = tonumber(ARGV[1]), tonumber(ARGV[2])
local margin, history = tonumber(ARGV[3]), tonumber(ARGV[4])
local member = ARGV[5]
local spacing = (tenant_seconds + margin) / tenant_limit
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local function newest(key, count)
  local out = {}
  local rows = redis.call('ZREVRANGE', key, 0, count - 1, 'WITHSCORES')
  for i = 2, #rows, 2 do out[#out + 1] = tonumber(rows[i]) end
  return out
end
local function bound(times, limit, seconds, earliest)
  if #times >= limit then
    local at = times[limit] + seconds + margin
    if at > earliest then return at end
  end
  return earliest
end
redis.call('ZREMRANGEBYSCORE', conversation, '-inf', now - history)
local tenant_times = newest(tenant, tenant_limit)
local slot = now
local paused = tonumber(redis.call('GET', backoff) or '0')
if paused > slot then slot = paused end
if #tenant_times > 0 and tenant_times[1] + spacing > slot then slot = tenant_times[1] + spacing end
slot = bound(tenant_times, tenant_limit, tenant_seconds, slot)
local windows = {}
for i = 6, #ARGV, 2 do windows[#windows + 1] = {tonumber(ARGV[i]), tonumber(ARGV[i + 1])} end
local longest = 0
for _, w in ipairs(windows) do if w[1] > longest then longest = w[1] end end
local conversation_times = newest(conversation, longest)
local ready = -1e18
if #conversation_times > 0 then ready = conversation_times[1] end
for _, w in ipairs(windows) do ready = bound(conversation_times, w[1], w[2], ready) end
if ready > slot then return {tostring(now), tostring(ready), 0} end
redis.call('ZADD', tenant, slot, member)
redis.call('ZADD', conversation, slot, member)
redis.call('ZREMRANGEBYRANK', tenant, 0, -(tenant_limit + 1))
redis.call('EXPIRE', tenant, math.ceil(slot - now + tenant_seconds + 60))
redis.call('EXPIRE', conversation, math.ceil(slot - now + history + 60))
return {tostring(now), tostring(slot), 1}
"""

_BACK_OFF = """
local clock = redis.call('TIME')
local paused = tonumber(clock[1]) + tonumber(clock[2]) / 1000000 + tonumber(ARGV[1])
local old = tonumber(redis.call('GET', KEYS[1]) or '0')
if paused > old then
  redis.call('SET', KEYS[1], tostring(paused), 'EX', math.ceil(tonumber(ARGV[1])) + 60)
end
return 1
"""


class RedisPacer:
    """Slots in Redis sorted sets under `camau:pace:`."""

    def __init__(self, url: str, limits: Limits | None = None) -> None:
        self._redis: Redis = Redis.from_url(url)
        self._limits = limits or Limits()
        self._reserve = self._redis.register_script(_SCRIPT)
        self._back_off = self._redis.register_script(_BACK_OFF)
        self._clock = ServerClock(self._now)

    async def _now(self) -> float:
        seconds, micros = await self._redis.time()
        return float(seconds) + float(micros) / 1e6

    async def reserve(self, tenant: str, conversation: str) -> Grant:
        limits = self._limits
        keys = [f"camau:pace:t:{tenant}", f"camau:pace:c:{conversation}", f"camau:pace:b:{tenant}"]
        args: list[str | float | int] = [
            limits.tenant.limit,
            limits.tenant.seconds,
            limits.margin,
            limits.history,
            uuid.uuid4().hex,
        ]
        for window in limits.conversation:
            args += [window.limit, window.seconds]
        _now, at, taken = await self._reserve(keys=keys, args=args)
        return await self._clock.grant(Slot(float(at), taken=int(taken) == 1))

    async def back_off(self, tenant: str, seconds: float) -> None:
        await self._back_off(keys=[f"camau:pace:b:{tenant}"], args=[seconds])

    async def close(self) -> None:
        await self._redis.aclose()
