"""Annotation tools' file formats: export span files for editing in brat, Label Studio or
INCEpTION, and import the edited annotations back as a new annotation set.

Adding a format means one module implementing :class:`base.Format` and one line in
:data:`FORMATS`.
"""

from __future__ import annotations

from corpus_tools.interchange.base import Format
from corpus_tools.interchange.brat import Brat
from corpus_tools.interchange.inception import Inception
from corpus_tools.interchange.labelstudio import LabelStudio

FORMATS: dict[str, Format] = {f.name: f for f in (Brat(), LabelStudio(), Inception())}
