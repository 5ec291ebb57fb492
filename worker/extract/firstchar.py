"""The characters a line rule's match can begin with, to skip the rule without running it.

Line rules are regexes anchored at the start of a paragraph (`^Baca juga`, `^Sumber :`);
a long article has hundreds of paragraphs and each goes through every rule. A set test on
the paragraph's first character costs a fraction of a regex call, and rejects almost all
of them. The set is read from the pattern's parse tree once, when the rules are compiled;
whenever the pattern is not simple enough to be sure of (unanchored, may match an empty
string, a character class with categories), there is no set and the rule is always run.
"""

from __future__ import annotations

import functools
import importlib
import re
from typing import Any

_parser: Any
_constants: Any
_casefix: Any
_sre: Any
try:  # the regex engine's own parser and case tables (private, hence looked up by name)
    _parser = importlib.import_module("re._parser")
    _constants = importlib.import_module("re._constants")
    _casefix = importlib.import_module("re._casefix")
    _sre = importlib.import_module("_sre")
except ImportError:  # pragma: no cover - another Python: no sets, the rules always run
    _parser = None

__all__ = ["first_chars"]

_MAX_SET = 512


def first_chars(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """The characters a match of `pattern` starts with, when it matches only at the start
    of the text (`^...`); None when that is not certain."""
    if _parser is None:
        return None
    try:
        items = list(_parser.parse(pattern.pattern, pattern.flags))
    except Exception:  # noqa: BLE001 - any surprise: no set
        return None
    if not items or items[0][0] is not _constants.AT:
        return None
    if items[0][1] not in (_constants.AT_BEGINNING, _constants.AT_BEGINNING_STRING):
        return None
    if pattern.flags & re.MULTILINE and items[0][1] is _constants.AT_BEGINNING:
        return None  # ^ after every line break too
    found = _first(items[1:], bool(pattern.flags & re.IGNORECASE))
    if found is None or len(found) > _MAX_SET:
        return None
    return frozenset(found)


def _first(items: list[Any], ignore: bool) -> set[str] | None:
    c = _constants
    for op, av in items:
        if op in (c.ASSERT, c.ASSERT_NOT) or op is c.AT:
            continue  # consumes nothing: the next item gives the first character
        if op is c.LITERAL:
            return _cased({chr(av)}, ignore)
        if op is c.IN:
            return _in(av, ignore)
        if op is c.BRANCH:
            chars: set[str] = set()
            for branch in av[1]:
                found = _first(list(branch), ignore)
                if found is None:
                    return None
                chars |= found
            return chars
        if op is c.SUBPATTERN:
            _, add, remove, sub = av
            scoped = (ignore or bool(add & re.IGNORECASE)) and not remove & re.IGNORECASE
            return _first(list(sub), scoped)
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1:
            return _first(list(av[2]), ignore)
        return None
    return None  # may match the empty string


def _in(items: list[Any], ignore: bool) -> set[str] | None:
    c = _constants
    chars: set[str] = set()
    for op, av in items:
        if op is c.LITERAL:
            chars.add(chr(av))
        elif op is c.RANGE:
            low, high = av
            if high - low > _MAX_SET:
                return None
            chars.update(chr(code) for code in range(low, high + 1))
        else:  # NEGATE, CATEGORY (\s, \w), ...: not a small known set
            return None
    return _cased(chars, ignore)


def _cased(chars: set[str], ignore: bool) -> set[str]:
    """`chars` and every character that matches one of them without regard to case, as
    the regex engine decides it: by its simple lower case (İ and i), and the few extra
    equivalences it knows (ſ and s)."""
    if not ignore:
        return chars
    lowers = {_sre.unicode_tolower(ord(c)) for c in chars}
    for low in list(lowers):
        lowers.update(_casefix._EXTRA_CASES.get(low, ()))
    cased = set(chars)
    for low in lowers:
        cased.add(chr(low))
        cased.update(chr(c) for c in _lowered_from().get(low, ()))
    return cased


@functools.cache
def _lowered_from() -> dict[int, tuple[int, ...]]:
    """Code points by their simple lower case (for those that have one); built once, on
    first use (a tenth of a second)."""
    found: dict[int, list[int]] = {}
    for code in range(0x110000):
        low = _sre.unicode_tolower(code)
        if low != code:
            found.setdefault(low, []).append(code)
    return {low: tuple(codes) for low, codes in found.items()}
