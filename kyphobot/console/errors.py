"""The console's one error handler: a plain HTML page that reveals nothing.

4xx pages say what went wrong in words staff understand; 5xx pages say only
that something failed (details go to the log, with phone numbers masked).
"""

import logging

from sanic import response
from sanic.exceptions import SanicException
from sanic.handlers import ErrorHandler
from sanic.request import Request
from sanic.response import HTTPResponse

from kyphobot.console.render import render

logger = logging.getLogger(__name__)

TITLES = {
    400: "That request was not understood",
    401: "Please sign in",
    403: "Not allowed",
    404: "Page not found",
    405: "Not allowed",
    413: "Too much data",
    429: "Too many attempts",
}


class HtmlErrorHandler(ErrorHandler):
    """Renders every error as the console's error page."""

    def default(self, request: Request, exception: Exception) -> HTTPResponse:
        """Render the error page for ``exception`` (any type)."""
        status = exception.status_code if isinstance(exception, SanicException) else 500
        if status >= 500:
            logger.error(
                "Error on %s %s: %s",
                request.method,
                request.path,
                exception.__class__.__name__,
                exc_info=exception,
            )
            title, message = (
                "Something went wrong",
                (
                    "The console could not show this page. Try again in a moment; if "
                    "it keeps happening, tell the person who runs the console."
                ),
            )
        elif status == 404:
            title, message = TITLES[404], "There is nothing at this address."
        else:
            title, message = TITLES.get(status, "Request refused"), str(exception)
        try:
            return render(
                request, "error.html", status=status, title=title, message=message
            )
        except Exception:  # noqa: BLE001 - the error page itself must never fail
            logger.exception("Could not render the error page")
            return response.text(title, status=status)
