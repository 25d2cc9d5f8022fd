"""Sliding-window limits and which address is limited."""

from kyphobot.channels.rate_limit import ChannelLimits, SlidingWindowLimiter, client_ip


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_window_slides_instead_of_resetting() -> None:
    clock = FakeClock()
    limiter = SlidingWindowLimiter(2, window=60, clock=clock)
    assert limiter.allow("a") and limiter.allow("a")
    assert not limiter.allow("a")
    clock.now = 59.9
    assert not limiter.allow("a")
    clock.now = 60.0
    assert limiter.allow("a")
    assert limiter.allow("b")


def test_zero_means_no_limit() -> None:
    limiter = SlidingWindowLimiter(0)
    assert all(limiter.allow("a") for _ in range(1000))


def test_idle_keys_are_forgotten_so_memory_stays_bounded() -> None:
    clock = FakeClock()
    limiter = SlidingWindowLimiter(5, window=10, clock=clock, max_keys=100)
    for i in range(100):
        limiter.allow(f"sender-{i}")
    clock.now = 20
    limiter.allow("late")
    limiter.allow("later")
    assert len(limiter._events) <= 3


def test_ip_limit_counts_across_senders() -> None:
    limits = ChannelLimits(per_sender=100, per_ip=2)
    assert limits.check("a", "203.0.113.9") and limits.check("b", "203.0.113.9")
    assert not limits.check("c", "203.0.113.9")
    assert limits.check("c", "198.51.100.7")


def test_forwarded_client_wins_and_local_peers_are_not_ip_limited() -> None:
    assert client_ip("203.0.113.9", "127.0.0.1") == "203.0.113.9"
    assert client_ip("", "198.51.100.7") == "198.51.100.7"
    assert client_ip("", "127.0.0.1") is None
    assert client_ip(None, "::1") is None
