"""How ``make run`` starts the staff console next to the bot (see the launcher)."""

import os
import sys

from kyphobot.console.settings import DEFAULT_PORT
from kyphobot.launcher import Service, StackConfig

PORT_ENV = "CONSOLE_PORT"


def service(config: StackConfig) -> Service:
    """Describe the console process on ``CONSOLE_PORT`` (default 8081)."""
    port = int(
        config.extra_env.get(PORT_ENV) or os.environ.get(PORT_ENV) or DEFAULT_PORT
    )
    return Service(
        name="staff console",
        command=[sys.executable, "-m", "kyphobot.console", "--port", str(port)],
        health_url=f"http://127.0.0.1:{port}/health",
        public_url=f"http://localhost:{port}/",
        log_path=config.log_dir / "console.log" if config.log_dir else None,
    )
