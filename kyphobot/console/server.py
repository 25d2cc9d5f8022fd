"""Run the staff console: ``python -m kyphobot.console [--host H] [--port P]``."""

import argparse
import logging
import sys
from typing import List, Optional

from kyphobot.console.app import create_app
from kyphobot.console.settings import ConsoleSettings, SettingsError
from kyphobot.privacy import install_redacting_record_factory


def main(argv: Optional[List[str]] = None) -> int:
    """Start one console process in the foreground."""
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    install_redacting_record_factory()
    try:
        settings = ConsoleSettings.from_env()
    except SettingsError as problem:
        print(f"console: {problem}", file=sys.stderr)
        return 2
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default=settings.host)
    parser.add_argument("--port", type=int, default=settings.port)
    arguments = parser.parse_args(argv)
    settings.warn_if_insecure()
    app = create_app(settings)
    # Sanic's access log would write every URL (search terms are patient
    # words) to the log; errors are still logged, redacted.
    app.run(
        host=arguments.host,
        port=arguments.port,
        workers=1,
        access_log=False,
        motd=False,
    )
    return 0
