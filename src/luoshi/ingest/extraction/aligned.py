"""A normal form of a text that keeps every character at its place.

Matching runs on half-width, Simplified text, but spans must point into the original. Both
conversions are character for character in practice; OpenCC's phrase tables could in
principle change a length, so any line whose conversion does, is converted character by
character, and any character whose conversion is not one character is kept as it is.
"""

from __future__ import annotations

import re

from luoshi.core.textnorm import to_halfwidth, to_simplified

_SURROGATES = re.compile("[\ud800-\udfff]")


def aligned_normal_form(text: str) -> str:
    """Half-width, Simplified ``text`` with ``len(result) == len(text)``, offsets unchanged."""
    # A lone surrogate (from JSON such as "\ud800") cannot be encoded for OpenCC.
    half = _SURROGATES.sub("\ufffd", to_halfwidth(text))
    simple = to_simplified(half)
    if len(simple) == len(half):
        return simple
    return "".join(_convert_line(line) for line in half.splitlines(keepends=True))


def _convert_line(line: str) -> str:
    converted = to_simplified(line)
    if len(converted) == len(line):
        return converted
    return "".join(_convert_char(char) for char in line)


def _convert_char(char: str) -> str:
    converted = to_simplified(char)
    return converted if len(converted) == 1 else char
