"""One blueprint per area of the console."""

from kyphobot.console.blueprints import (
    accounts,
    audit_log,
    conversations,
    exports,
    health,
    queue,
    signin,
    unanswered,
)

ALL_BLUEPRINTS = (
    health.bp,
    signin.bp,
    queue.bp,
    conversations.bp,
    unanswered.bp,
    exports.bp,
    accounts.bp,
    audit_log.bp,
)
