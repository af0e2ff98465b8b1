"""Data protection across every app: subject access, erasure, retention, the access-log pages.

Part of the composition root (like scheduler.api and scheduler.urls): it reads and changes
records of every app, the crèche and notifications included, so nothing below imports it.
`services` is the one module the commands, pages, API and scheduled task call.
"""
