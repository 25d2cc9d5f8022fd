"""The clinic's staff console: review conversations, handle escalations.

A small Sanic application of ours (Rasa X is discontinued) that reads the
SQL tracker store and the escalation store the bot writes. Start it with
``python -m kyphobot.console`` (``make run`` does) and create staff accounts
with ``python -m kyphobot.console.cli create-user``.
"""
