"""Custom actions for the kyphoplasty assistant, served by ``rasa run actions``."""
