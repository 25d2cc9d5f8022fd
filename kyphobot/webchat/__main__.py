"""Run the web chat demo server: ``python -m kyphobot.webchat``.

``make run`` starts this through :mod:`kyphobot.webchat.service`; tests start
it on a free port with ``--port`` and ``--rasa-url``.
"""

import argparse
from typing import List, Optional

from kyphobot.webchat.app import create_app
from kyphobot.webchat.config import WebchatConfig


def main(argv: Optional[List[str]] = None) -> int:
    """Serve the demo page until SIGINT/SIGTERM."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", help="interface (env WEBCHAT_HOST, 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port (env WEBCHAT_PORT, 8080)")
    parser.add_argument("--rasa-url", help="Rasa URL the browser uses")
    arguments = parser.parse_args(argv)
    config = WebchatConfig.from_env(
        rasa_url=arguments.rasa_url, host=arguments.host, port=arguments.port
    )
    app = create_app(config)
    app.run(
        host=config.host,
        port=config.port,
        access_log=False,
        motd=False,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
