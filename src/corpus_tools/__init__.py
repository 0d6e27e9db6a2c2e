"""Tools for an annotated English-Dutch news corpus.

Data flows one way: model -> io -> checks -> (translate) -> (export) -> cli.
"""

__version__ = "0.1.0"
#: The schema version the dataset build records in its signature; span files may be newer
#: (corpus_tools.schema.SCHEMA_VERSIONS) and the build moves with the export.
SCHEMA_VERSION = "1.0"
