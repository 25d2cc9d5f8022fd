"""Servers the web chat tests and the screenshot script start.

The demo server runs as its own process, exactly as ``make run`` starts it;
only its port and the Rasa URL differ.
"""

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, List, Optional

from kyphobot.launcher import Service, Stack, free_port


@contextmanager
def running(service: Service, timeout: float = 60) -> Iterator[Service]:
    """Start one service, wait for its health URL, stop it afterwards."""
    stack = Stack([service])
    stack.start(timeout=timeout)
    try:
        yield service
    finally:
        stack.stop()


def demo_service(
    rasa_url: str, log_dir: Optional[Path] = None, port: Optional[int] = None
) -> Service:
    """``python -m kyphobot.webchat`` on a free port, talking to ``rasa_url``."""
    port = port or free_port()
    return Service(
        name="web chat demo",
        command=[
            sys.executable,
            "-m",
            "kyphobot.webchat",
            "--port",
            str(port),
            "--rasa-url",
            rasa_url,
        ],
        health_url=f"http://127.0.0.1:{port}/health",
        public_url=f"http://127.0.0.1:{port}/",
        log_path=log_dir / f"webchat-{port}.log" if log_dir else None,
    )


def cors_rasa_service(
    origins: List[str], port: int, log_dir: Optional[Path] = None
) -> Service:
    """Rasa's own server app with our REST channel and ``--cors`` origins, no model.

    Built by ``rasa.core.run.configure_app``, the function ``rasa run`` uses,
    so the CORS handling is Rasa's own; without a model every message gets the
    channel's safe fallback reply. Starts in seconds instead of a minute.
    """
    command = [sys.executable, "-m", "tests.webchat.cors_rasa", "--port", str(port)]
    for origin in origins:
        command += ["--cors", origin]
    return Service(
        name="Rasa (CORS check)",
        command=command,
        health_url=f"http://127.0.0.1:{port}/webhooks/rest/",
        public_url=f"http://127.0.0.1:{port}",
        log_path=log_dir / f"cors-rasa-{port}.log" if log_dir else None,
    )
