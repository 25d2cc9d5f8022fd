"""How ``make run`` starts the web chat demo server next to the Rasa server.

:func:`kyphobot.launcher.product_services` imports this module and calls
:func:`service`; the launcher then prints the demo page's address.
"""

import os
import sys

from kyphobot.launcher import Service, StackConfig

_ANY_INTERFACE = ("", "0.0.0.0", "::")  # noqa: S104 - only compared, never bound


def service(config: StackConfig) -> Service:
    """The demo page server on ``WEBCHAT_PORT`` (8080), pointed at this Rasa."""
    port = int(os.environ.get("WEBCHAT_PORT", "8080"))
    host = os.environ.get("WEBCHAT_HOST", "127.0.0.1")
    rasa_url = os.environ.get("KYPHOBOT_RASA_URL") or (
        f"http://localhost:{config.rasa_port}"
    )
    local = host in (*_ANY_INTERFACE, "127.0.0.1", "localhost")
    probe_host = "127.0.0.1" if local else host
    public_host = "localhost" if local else host
    return Service(
        name="web chat demo",
        command=[
            sys.executable,
            "-m",
            "kyphobot.webchat",
            "--host",
            host,
            "--port",
            str(port),
            "--rasa-url",
            rasa_url,
        ],
        health_url=f"http://{probe_host}:{port}/health",
        public_url=f"http://{public_host}:{port}/",
        log_path=config.log_dir / "webchat.log" if config.log_dir else None,
    )
