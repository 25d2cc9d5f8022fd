"""The launcher starts and stops real processes together."""

import sys

import pytest

from kyphobot.launcher import Service, Stack, free_port


def http_server(name: str, port: int) -> Service:
    return Service(
        name=name,
        command=[sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        health_url=f"http://127.0.0.1:{port}/",
        public_url=f"http://127.0.0.1:{port}/",
    )


def test_all_services_start_healthy_and_stop_together() -> None:
    services = [http_server("a", free_port()), http_server("b", free_port())]
    stack = Stack(services)
    stack.start(timeout=30)
    try:
        assert all(s.is_ready() for s in services)
    finally:
        stack.stop()
    assert all(s.process is not None and s.process.poll() is not None for s in services)
    assert not any(s.is_ready() for s in services)


def test_a_failed_start_leaves_no_process_behind() -> None:
    healthy = http_server("healthy", free_port())
    broken = Service(
        name="broken",
        command=[sys.executable, "-c", "raise SystemExit(3)"],
        health_url=f"http://127.0.0.1:{free_port()}/",
        public_url="",
    )
    with pytest.raises(RuntimeError, match="broken exited with code 3"):
        Stack([healthy, broken]).start(timeout=30)
    assert healthy.process is not None and healthy.process.poll() is not None
