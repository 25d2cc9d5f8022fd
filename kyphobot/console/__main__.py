"""``python -m kyphobot.console`` starts the staff console."""

import sys

from kyphobot.console.server import main

if __name__ == "__main__":
    sys.exit(main())
