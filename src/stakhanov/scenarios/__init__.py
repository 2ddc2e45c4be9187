"""A user's own assumptions: scenario overlays and workforce files, checked in full before
anything applies.

``overlay`` (read, check, apply a scenario; ``_checks`` holds its value checks), ``workforce``
(headcounts per group), ``starter`` (``scenario new``). Imports only ``stakhanov.data``.
"""
