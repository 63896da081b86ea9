"""`RedisPacer`: send slots in Redis (`CAMAU_REDIS_URL`), shared by every replica.

The same rule as `camau.bot.pacing.take_slots`, run atomically as one Lua script for a batch of
slots: a sorted set of slot times per tenant and per conversation, and a back-off key per tenant. Redis's own clock
(`TIME`) times the slots, so the replicas' clocks do not matter.

A kept rate-limiting library fits one key at a time; a slot here must satisfy the tenant and
the conversation together, or take nothing, which is why this is a short script of our own.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from redis.asyncio import Redis

from camau.bot.pacing import REFILL, Grant, Limits, ServerClock, Slot

_SCRIPT = """
local tenant, backoff = KEYS[1], KEYS[2]
local tenant_limit, tenant_seconds = tonumber(ARGV[1]), tonumber(ARGV[2])
local margin, history = tonumber(ARGV[3]), tonumber(ARGV[4])
local horizon, refill, member = tonumber(ARGV[5]), tonumber(ARGV[6]), ARGV[7]
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
local windows = {}
for i = 8, #ARGV, 2 do windows[#windows + 1] = {tonumber(ARGV[i]), tonumber(ARGV[i + 1])} end
local longest = 0
for _, w in ipairs(windows) do if w[1] > longest then longest = w[1] end end
local tenant_times = newest(tenant, tenant_limit)
local paused = tonumber(redis.call('GET', backoff) or '0')
local out = {tostring(now)}
local full = nil
local histories = {}
for k = 3, #KEYS do
  local conversation = KEYS[k]
  if histories[conversation] == nil then
    redis.call('ZREMRANGEBYSCORE', conversation, '-inf', now - history)
    histories[conversation] = newest(conversation, longest)
  end
  local conversation_times = histories[conversation]
  local slot = now
  if paused > slot then slot = paused end
  if #tenant_times > 0 and tenant_times[1] + spacing > slot then
    slot = tenant_times[1] + spacing
  end
  slot = bound(tenant_times, tenant_limit, tenant_seconds, slot)
  local ready = -1e18
  if #conversation_times > 0 then ready = conversation_times[1] end
  for _, w in ipairs(windows) do ready = bound(conversation_times, w[1], w[2], ready) end
  if ready <= slot and full == nil and horizon >= 0 and slot > now + horizon then
    full = slot - horizon * (1 - refill)
  end
  if full ~= nil then
    if ready > slot then
      out[#out + 1] = tostring(math.max(ready, full))
      out[#out + 1] = 0
    else
      out[#out + 1] = tostring(full)
      out[#out + 1] = 2
    end
  elseif ready > slot then
    out[#out + 1] = tostring(ready)
    out[#out + 1] = 0
  else
    table.insert(tenant_times, 1, slot)
    table.insert(conversation_times, 1, slot)
    redis.call('ZADD', tenant, slot, member .. k)
    redis.call('ZADD', conversation, slot, member .. k)
    redis.call('EXPIRE', conversation, math.ceil(slot - now + history + 60))
    out[#out + 1] = tostring(slot)
    out[#out + 1] = 1
  end
end
redis.call('ZREMRANGEBYRANK', tenant, 0, -(tenant_limit + 1))
redis.call('EXPIRE', tenant, math.ceil(tenant_seconds + 120))
return out
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
        return (await self.reserve_many(tenant, [conversation], None))[0]

    async def reserve_many(
        self, tenant: str, conversations: Sequence[str], horizon: float | None
    ) -> list[Grant]:
        limits = self._limits
        keys = [f"camau:pace:t:{tenant}", f"camau:pace:b:{tenant}"]
        keys += [f"camau:pace:c:{c}" for c in conversations]
        args: list[str | float | int] = [
            limits.tenant.limit,
            limits.tenant.seconds,
            limits.margin,
            limits.history,
            -1 if horizon is None else horizon,
            REFILL,
            uuid.uuid4().hex,
        ]
        for window in limits.conversation:
            args += [window.limit, window.seconds]
        out = await self._reserve(keys=keys, args=args)
        return [
            await self._clock.grant(
                Slot(float(out[i]), taken=int(out[i + 1]) == 1, held=int(out[i + 1]) == 2)
            )
            for i in range(1, len(out), 2)
        ]

    async def back_off(self, tenant: str, seconds: float) -> None:
        await self._back_off(keys=[f"camau:pace:b:{tenant}"], args=[seconds])

    async def close(self) -> None:
        await self._redis.aclose()
