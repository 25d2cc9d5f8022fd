"""The clinic web chat: an embeddable widget and a demo clinic page that shows it.

``app.create_app()`` builds the small Sanic server for the demo page and the
widget's static files; ``service.service()`` lets ``make run`` start it next to
the Rasa server. Importing this package imports nothing heavy on purpose: the
launcher imports ``service`` in its own process.
"""
