"""The errors of ``corpus-tools render``: one-line messages for the CLI."""

from __future__ import annotations


class RenderError(Exception):
    """A document, annotation set or output that cannot be rendered, with a one-line reason."""


class UnknownSelection(RenderError):
    """A document id or annotation set that does not exist: a usage error (CLI exit 2)."""
