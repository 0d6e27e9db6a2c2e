"""Tools for an annotated English-Dutch news corpus.

Data flows one way: model -> io -> checks -> (translate) -> (export) -> cli.
"""

__version__ = "0.1.0"
SCHEMA_VERSION = "1.0"
