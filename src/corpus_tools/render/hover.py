"""Hover and focus highlighting in CSS alone, so the page runs no script.

Every element of a mark carries a key class, ``k-<page-unique key of its annotation item>``
(a class, not an attribute: browsers index rules by class name). The innermost element
around each piece of text also has the class ``inner``: the pointer is over exactly one
such element, so a hover means the innermost span under the pointer, not
every span containing it (which ``:hover`` on the ancestors would also match). A
HoverLink names the keys that light up while an element of its trigger key is hovered
(innermost part, or a table row) or focused; it becomes one rule
``<scope>:has(<trigger>) :is(<lit keys>) {...}`` (``:has()``: Chromium 105, Safari 15.4,
Firefox 121). The scope is an element holding the trigger and the lit marks: in a
side-by-side view the segment row when they all lie in one (the usual case: aligned items
lie in aligned segments), else the view; in the document text, the page. A hover change
then re-matches only the rules scoped to the elements around it, each over a small
subtree, instead of every rule over the whole page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_KEY = re.compile(r"^k-[A-Za-z0-9_-]+$")
_ELEMENT_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
TRIGGER_STATES = ":is(.inner:hover, tr:hover, tr:focus-within, :focus)"
#: What a lit element looks like: the values are custom properties set in style.css.
SELF_STYLE = "outline: var(--self-outline); outline-offset: 1px;"
#: No background: a lit entity keeps its label's colour, to compare with the hovered one.
COUNTERPART_STYLE = "outline: var(--counterpart-outline); outline-offset: 2px;"


@dataclass(frozen=True)
class HoverLink:
    trigger: str  # a key: hovering or focusing an element with this key ...
    lit: tuple[str, ...]  # ... lights every element with one of these keys
    scope: str | None = None  # the id of an element holding all of them (None: the page)


def _selector(key: str) -> str:
    if not _KEY.match(key):  # keys are built from schema-checked ids; never from free text
        raise ValueError(f"unsafe hover key {key!r}")
    return f".{key}"


def _scope(element_id: str | None) -> str:
    if element_id is None:
        return ":root"
    if not _ELEMENT_ID.match(element_id):
        raise ValueError(f"unsafe hover scope {element_id!r}")
    return f"#{element_id}"


def hover_css(links: Iterable[HoverLink], declarations: str) -> str:
    """One CSS rule per link that lights anything."""
    rules = []
    for link in links:
        if link.lit:
            lit = ", ".join(_selector(key) for key in link.lit)
            rules.append(f"{_scope(link.scope)}:has({_selector(link.trigger)}{TRIGGER_STATES}) "
                         f":is({lit}) {{ {declarations} }}")
    return "".join(rule + "\n" for rule in rules)
