"""Per-sender and per-IP message limits for the public channels.

A patient typing fast is never near the limits; a script hammering the public
webhook is stopped before it reaches the bot. Limits are per process: behind
a load balancer each replica counts its own share, and nginx's ``limit_req``
guards the front door per IP (see deploy/nginx.conf).
"""

import time
from collections import defaultdict, deque
from typing import Callable, Deque, Dict, Optional

from kyphobot.clinic import get_clinic


class SlidingWindowLimiter:
    """At most ``limit`` events per key in any ``window`` seconds."""

    def __init__(
        self,
        limit: int,
        window: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 100_000,
    ) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._max_keys = max_keys
        self._events: Dict[str, Deque[float]] = defaultdict(deque)

    def allow(self, key: str) -> bool:
        """Count one event for ``key``; False if that would exceed the limit."""
        if self.limit <= 0:
            return True
        now = self._clock()
        events = self._events[key]
        while events and now - events[0] >= self.window:
            events.popleft()
        if len(events) >= self.limit:
            return False
        events.append(now)
        if len(self._events) > self._max_keys:
            self._forget_idle(now)
        return True

    def _forget_idle(self, now: float) -> None:
        idle = [
            k for k, e in self._events.items() if not e or now - e[-1] >= self.window
        ]
        for key in idle:
            del self._events[key]


class ChannelLimits:
    """The two limits a public channel applies to every message."""

    def __init__(self, per_sender: int = 20, per_ip: int = 60) -> None:
        self.per_sender = SlidingWindowLimiter(per_sender)
        self.per_ip = SlidingWindowLimiter(per_ip)

    def check(self, sender: str, ip: Optional[str]) -> bool:
        """True if the message may go to the bot (``ip`` None: not IP-limited)."""
        ip_ok = ip is None or self.per_ip.allow(ip)
        return self.per_sender.allow(sender) and ip_ok


_LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})


def client_ip(remote_addr: Optional[str], peer_ip: Optional[str]) -> Optional[str]:
    """The address to limit: the proxy-forwarded client, else a non-local peer.

    ``remote_addr`` is Sanic's forwarded client address (set only when Sanic is
    told to trust a proxy: ``SANIC_PROXIES_COUNT`` / ``SANIC_REAL_IP_HEADER``).
    A loopback peer without it is this machine's own proxy or tooling.
    """
    if remote_addr:
        return remote_addr
    if peer_ip and peer_ip not in _LOOPBACK:
        return peer_ip
    return None


def too_many_messages_reply() -> str:
    """What a patient reads when they hit the limit."""
    clinic = get_clinic()
    return (
        "You're sending messages faster than I can answer. Please wait a minute "
        f"and try again. In an emergency, call {clinic.emergency_number}."
    )
