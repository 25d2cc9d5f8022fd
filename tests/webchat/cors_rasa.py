"""Rasa's server app with only the guarded REST channel and ``--cors`` origins.

Run by tests/webchat/test_cors.py: ``python -m tests.webchat.cors_rasa``.
"""

import argparse
from typing import List, Optional

from rasa.core.run import configure_app

from kyphobot.channels.rest import GuardedRestInput


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--cors", action="append", default=[])
    arguments = parser.parse_args(argv)
    app = configure_app(
        input_channels=[GuardedRestInput()],
        cors=arguments.cors,
        enable_api=False,
        port=arguments.port,
    )
    app.run(host="127.0.0.1", port=arguments.port, access_log=False, motd=False)


if __name__ == "__main__":
    main()
