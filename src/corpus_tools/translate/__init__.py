"""Offline machine translation with argostranslate packages installed from local files.

Nothing here imports argostranslate (or torch, through it) at module import time; the
core package works without the ``translate`` extra.
"""
