"""Run a Rasa command with patients' contact details kept out of the logs.

``python -m kyphobot.serve run ...`` is ``rasa run ...`` (and ``... run
actions`` the action server) with :mod:`kyphobot.privacy`'s redaction
installed first, so no phone number or email address reaches a log line in
full, whichever library writes it.
"""

import sys

from kyphobot.privacy import install_redacting_record_factory


def main() -> None:
    """Install log redaction, then hand over to Rasa's own command line."""
    install_redacting_record_factory()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *sys.argv[1:]]
    rasa_main()


if __name__ == "__main__":
    main()
