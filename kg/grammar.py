"""The grammar of the text, said once: where sentences and clauses end, which marks
quote a name, which words join a list, and how a rule table is read.

The stages read a "clause" differently on purpose (a figure's clause ends at 、, so that
「A、B分别为…」 pairs each name with its own figure; a relation's clause does not end at
。 because a relation never crosses its sentence anyway), so each reading is a named
set here rather than a literal in the stage that uses it. A stage that needs a new
reading adds it here, beside the others, where the difference shows.
"""

from __future__ import annotations

import hashlib
import marshal
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

import yaml

# ---------------------------------------------------------------------- sentences
SENTENCE_END = frozenset("。！？；!?;")
"""Where the view splits into sentences (with a newline): the evidence unit of every fact."""
SENTENCE_TRAILERS = frozenset("”’」』)）")
"""Closing quotes and brackets that stay with the sentence end they follow (…。」)."""
HARD_LINE_END = SENTENCE_END | {"：", ":"}
"""A line ending so is a whole sentence (or its lead-in): the line break after it is real."""
FULL_STOP = frozenset("。！？!?\n")
"""The sentence of a relation trigger: a semicolon does not end it (「A；B」 lists)."""
FIGURE_SENTENCE_END = frozenset("。！？；")
"""The sentence a figure's subject and clause are looked for in."""
SCOPE_END = frozenset("。！？")
"""Where a scope a sentence opens (「其中」, a table's topic) stops applying."""
SENTENCE_CUT_MARKS = frozenset("，、：；,:;")
"""Where a sentence over :data:`kg.limits.MAX_SENTENCE_CHARS` is cut without losing
anything: the clause ends of every reading below."""

# ---------------------------------------------------------------------- clauses
CLAUSE_END = frozenset("，。；：！？\n")
"""The clause of a name: where an entity pattern's left context stops."""
FIGURE_CLAUSE_END = CLAUSE_END | {"、"}
"""The clause of a figure: 、 ends it too, so each listed name keeps its own figure."""
PLAN_CLAUSE_END = frozenset("，；。！？")
"""The clause a plan marker (将, 计划…) qualifies."""
RELATION_CLAUSE_END = frozenset("，；：,;:")
"""The clause inside a relation's sentence (the sentence itself is bounded elsewhere)."""
EVIDENCE_CLAUSE_END = frozenset("，；：。！？,;:!?")
"""Where the context quoted for an end named in an earlier sentence stops."""
ITEM_OPENERS = frozenset("\n。；，：")
"""What may come right before an item marker (一是…) for it to open an item."""
CLOSING_TO_OPENING = {"）": "（", "”": "“", "」": "「", "』": "『"}
"""Brackets and quotes a clause scan jumps over: 「五通、四集、三云」 is one phrase."""

# ---------------------------------------------------------------------- quotes
QUOTE_PAIRS = {"「": "」", "“": "”", "『": "』", "《": "》", '"': '"', "‘": "’"}
"""The quotes that mark a name, opening -> closing."""
QUOTE_CLOSERS = frozenset(QUOTE_PAIRS.values())
QUOTE_CHARS = frozenset(QUOTE_PAIRS) | QUOTE_CLOSERS
NAME_QUOTES = "「」『』“”\"'‘’《》〈〉"
"""Every mark a name can be quoted with, as the characters of a regex class or a strip:
the quote pairs, the ASCII apostrophe and the angle quotes 〈〉."""
NAME_WRAPPERS = NAME_QUOTES + "()（）[]【】"
"""What is stripped from the edges of a name: quotes and brackets."""
LINE_QUOTE_PAIRS = (("“", "”"), ("「", "」"), ("『", "』"), ("《", "》"))
"""The quotes whose opening without its closing leaves a line unfinished."""
BLANKS = frozenset(" \u3000\t")
"""Blanks inside a line (not the line break)."""

# ---------------------------------------------------------------------- lists
LIST_JOINERS = ("", "、", "和", "与", "及", "以及", "或")
"""What may stand between two members of a list of names."""
CONJUNCTIONS = frozenset("和及与")
"""The one-character words that join two names (not 或: an alternative is not a list)."""
LIST_MARKS = CONJUNCTIONS | {"、"}
"""One list mark between two neighbouring names."""


def joined(between: str) -> bool:
    """Two neighbours with nothing or one list mark between them (「A」「B」, A、B, A和B)."""
    return between == "" or between in LIST_MARKS


# ---------------------------------------------------------------------- rule tables
class RuleTableError(ValueError):
    """A rule table that cannot be used; the message names the table and the row."""


def alternation(words: Iterable[str]) -> str:
    """A regex matching any of ``words``, longest first (so 以及 wins over 及) and then
    in code-point order, so the pattern is the same whatever the order of ``words``."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _trie(words: Iterable[str], ignorecase: bool) -> str:
    """:func:`alternation` of ``words`` written as a trie: the words' common openings said
    once, so that the engine tries the few that go on with the next character instead of
    every word at every place. At each place it matches the longest word, as the flat
    alternation (longest first) does: at a node at most one child matches a character
    (ASCII letters grouped by case where case is ignored; the caller gives no other cased
    character), the children are tried before the word ending there (a greedy ``?``)."""
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch.lower() if ignorecase and ch.isascii() else ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        if len(alts) == 1 and "" not in node:
            return alts[0]
        return "(?:" + "|".join(alts) + ")" + ("?" if "" in node else "")

    return emit(root)


class WordSearch:
    """What ``re.compile(alternation(words), flags).search`` finds (the longest of the
    words at the leftmost place where one is), found sooner: the words in two tries
    (:func:`_trie`), those opening with a character that has no case apart, so that the
    engine skips to the places where one of their first characters is (it cannot where
    case is ignored and a word opens with a Latin letter: 502 lexicon names were tried one
    by one at every character). A list with a non-ASCII cased character or an empty word
    keeps the flat alternation."""

    def __init__(self, words: Iterable[str], flags: int = 0) -> None:
        words = sorted(set(words))
        ignorecase = bool(flags & re.IGNORECASE)
        plain = all(w and all(ch.isascii() or ch.lower() == ch.upper() for ch in w) for w in words)
        self.parts: tuple[re.Pattern[str], ...]
        self.leads: tuple[re.Pattern[str] | None, ...]
        if not plain:
            self.parts = (re.compile(alternation(words), flags),)
            self.leads = (None,)
            return
        uncased = [w for w in words if w[0].lower() == w[0].upper()]
        cased = [w for w in words if w[0].lower() != w[0].upper()]
        self.parts = tuple(
            re.compile(_trie(group, ignorecase), flags) for group in (uncased, cased) if group
        )
        # where case is ignored and the words open with a letter, the engine tries the trie
        # at every character: the places where one of their first letters is (as the flags
        # read it: k is also the Kelvin sign) are found by one class, the trie tried there
        self.leads = tuple(
            re.compile(char_class(w[0] for w in group), flags)
            if ignorecase and group is cased
            else None
            for group in (uncased, cased)
            if group
        )

    def finder(self, text: str) -> Callable[[int], re.Match[str] | None]:
        """``search(pos)`` over ``text``: the first word at or after ``pos`` (None where
        none is). What each part found is kept and given again while it still lies at or
        after ``pos`` (nothing before it could match), so each part reads the text about
        once when ``pos`` only grows."""
        memo: list[tuple[int, re.Match[str] | None]] = [(-1, None)] * len(self.parts)

        def search(pos: int) -> re.Match[str] | None:
            best = None
            for k, part in enumerate(self.parts):
                since, m = memo[k]
                if since < 0 or since > pos or (m is not None and m.start() < pos):
                    m = _search_from(part, self.leads[k], text, pos)
                    memo[k] = (pos, m)
                if m is not None and (
                    best is None
                    or m.start() < best.start()
                    or (m.start() == best.start() and m.end() > best.end())
                ):
                    best = m
            return best

        return search


def _search_from(
    part: re.Pattern[str], lead: re.Pattern[str] | None, text: str, pos: int
) -> re.Match[str] | None:
    """``part.search(text, pos)``; with ``lead`` (the class of every first character of a
    match) tried only where it matches: the first place that gives a match is the one the
    search finds, and the match there is the same."""
    if lead is None:
        return part.search(text, pos)
    for at in lead.finditer(text, pos):
        m = part.match(text, at.start())
        if m is not None:
            return m
    return None


def spelled_parts(frame: str, names: Iterable[str], numerals: Iterable[str]) -> list[str] | None:
    """The names, in order, whose leading numerals spell ``frame`` (“一五一十”: “一个中心”
    “五篇大文章”“一项重点工程”“十件事”), or None when they do not spell it whole."""
    digits = set(numerals)
    spelled, parts = "", []
    for name in names:
        lead = name[:1]
        if lead in digits and frame.startswith(spelled + lead):
            spelled += lead
            parts.append(name)
            if spelled == frame:
                return parts
    return None


def char_class(chars: Iterable[str]) -> str:
    """A regex character class of ``chars``, in code-point order."""
    return "[" + "".join(re.escape(c) for c in sorted(set(chars))) + "]"


def load_table(name: str) -> Any:
    """The parsed YAML of the rule table ``kg/rules/<name>`` (safe loading; libyaml's
    parser where PyYAML has it, ten times faster than the pure-Python one).

    Parsing the tables was a tenth of a cold start's loading (0.13 s, several read more
    than once), so the parsed table is kept as marshal data: in this process, and in a
    file of the user's cache folder (:func:`kg.jiebacache.cache_dir`) named by a hash of
    the table's bytes, PyYAML's version and marshal's format, so an edited table is
    parsed again. Each call returns a new copy, as parsing did. A table marshal cannot
    hold (a date), or a missing, damaged or unwritable file, only means parsing."""
    data = resources.files("kg.rules").joinpath(name).read_bytes()
    key = hashlib.sha1(
        b"\0".join((name.encode(), data, yaml.__version__.encode(), b"%d" % marshal.version))
    ).hexdigest()[:20]
    packed = _PARSED.get(key)
    if packed is None:
        packed = _read_parsed(name, key) or _parse(name, data, key)
    if not packed:
        return _yaml(data)
    _PARSED[key] = packed
    return marshal.loads(packed)


_PARSED: dict[str, bytes] = {}
"""Parsed rule tables of this process, as marshal data (see :func:`load_table`)."""


def _yaml(data: bytes) -> Any:
    return yaml.load(data.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _family(name: str) -> str:
    """How the cache files of one rule table's versions begin (rules-entities-)."""
    return f"rules-{name.rsplit('.', 1)[0]}-"


def _parsed_path(name: str, key: str) -> Path:
    from kg.jiebacache import cache_dir

    return cache_dir() / f"{_family(name)}{key}.marshal"


def _read_parsed(name: str, key: str) -> bytes | None:
    try:
        path = _parsed_path(name, key)
        packed = path.read_bytes()
        marshal.loads(packed)  # a damaged file is parsed again, not trusted
    except (OSError, EOFError, ValueError, TypeError):
        return None
    from kg.jiebacache import used

    used(path)
    return packed


def _parse(name: str, data: bytes, key: str) -> bytes:
    """The table parsed and packed (b"" when marshal cannot hold it), and written for the
    next process when the cache folder can be written."""
    try:
        packed = marshal.dumps(_yaml(data))
    except ValueError:
        return b""
    from kg.jiebacache import write_atomically

    write_atomically(_parsed_path(name, key), packed, prefix=".rules-", family=_family(name))
    return packed


def check_ids(rows: Iterable[Mapping[str, Any]], table: str) -> None:
    """Every row has an id, and no two share one: the id is the rule name provenance
    records on a fact, so it must lead back to exactly one row."""
    seen: set[str] = set()
    for k, row in enumerate(rows):
        rid = row.get("id")
        if not rid:
            raise RuleTableError(f"{table}: row {k + 1} has no id")
        if rid in seen:
            raise RuleTableError(f"{table}: id {rid!r} is used twice")
        seen.add(str(rid))


# ---------------------------------------------------------------------- cued search
_MAX_CUE_WIDTH = 16
"""The widest opening :func:`cued_finditer` skips to a cue character over."""
_MAX_CUE_CHARS = 128
"""The most characters a class of ranges may hold to be a cue (Latin letters, digits: not
the Han characters, which are most of a text)."""


def _first(items: Any) -> tuple[frozenset[str], bool] | None:
    """The characters a match of the parsed sequence ``items`` can open with, and whether
    it can match nothing; None where the parse shows no such set (a class of ranges or
    categories, any character, a back reference). A lookaround or an anchor takes no
    character: the items after it open the match."""
    chars: set[str] = set()
    for op, av in items:
        got = _first_of(op, av)
        if got is None:
            return None
        first, empty = got
        chars |= first
        if not empty:
            return frozenset(chars), False
    return frozenset(chars), True


def _first_of(op: Any, av: Any) -> tuple[frozenset[str], bool] | None:
    if op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT, sre_parse.AT):
        return frozenset(), True  # takes no character: what follows opens the match
    if op is sre_parse.LITERAL:
        return frozenset(chr(av)), False
    if op is sre_parse.IN:
        if all(o is sre_parse.LITERAL for o, _ in av):
            return frozenset(chr(a) for _, a in av), False
        if all(o in (sre_parse.LITERAL, sre_parse.RANGE) for o, _ in av):
            # a few short ranges (Latin letters): their characters, where they are few
            chars = [
                chr(c)
                for o, a in av
                for c in ((a,) if o is sre_parse.LITERAL else range(a[0], a[1] + 1))
            ]
            return (frozenset(chars), False) if len(chars) <= _MAX_CUE_CHARS else None
        return None
    if op is sre_parse.SUBPATTERN:
        return None if av[1] or av[2] else _first(av[3])
    if op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT):
        got = _first(av[2])
        return None if got is None else (got[0], got[1] or av[0] == 0)
    if op is sre_parse.BRANCH:
        alts = [_first(alt) for alt in av[1]]
        if any(a is None for a in alts):
            return None
        return frozenset().union(*(a[0] for a in alts)), any(a[1] for a in alts)  # type: ignore[index]
    return None


def _engine_skips(data: list[Any]) -> bool:
    """Whether the regex engine itself skips to the places a match can start (its charset
    or literal prefix, as sre's compiler finds them: a character or class first, or an
    alternation whose every branch opens with a character), or tries only at an anchor."""
    while data and data[0][0] is sre_parse.SUBPATTERN:
        data = list(data[0][1][3].data)
    if not data:
        return False
    op, av = data[0]
    if op in (sre_parse.LITERAL, sre_parse.IN, sre_parse.AT):
        return True
    if op is sre_parse.BRANCH:
        return all(alt.data and alt.data[0][0] is sre_parse.LITERAL for alt in av[1])
    return False


@lru_cache(maxsize=256)
def cue(pattern: re.Pattern[str]) -> tuple[re.Pattern[str], int, int] | None:
    """Where every match of ``pattern`` holds a cue: a class of characters and the least
    and most characters before it from the match's start (the widths of the items before
    it, all bounded), the items from it on opening with one of those characters and never
    empty. Read from the parse (the top-level items, or those of a group that is the
    whole pattern): the first place, from the start on, after the items before it, that
    gives one. None where there is none, where case is ignored, and where the engine
    skips to the places a match can start itself (:func:`_engine_skips`)."""
    if pattern.flags & re.IGNORECASE:
        return None
    items = sre_parse.parse(pattern.pattern, pattern.flags)
    data = list(items.data)
    while len(data) == 1 and data[0][0] is sre_parse.SUBPATTERN and not any(data[0][1][1:3]):
        data = list(data[0][1][3].data)
    if len(data) == 1 and data[0][0] is sre_parse.ASSERT and data[0][1][0] == 1:
        # a lookahead alone (its matches empty, one at each place it holds): what it looks
        # for starts at the place, so its cue is one of the pattern's
        data = list(data[0][1][1].data)
        while len(data) == 1 and data[0][0] is sre_parse.SUBPATTERN and not any(data[0][1][1:3]):
            data = list(data[0][1][3].data)
    if not data or _engine_skips(data):
        return None  # the engine skips to a first character itself
    for k in range(len(data)):
        lo, hi = sre_parse.SubPattern(items.state, data[:k]).getwidth() if k else (0, 0)
        if hi > _MAX_CUE_WIDTH:
            return None
        first = _first(data[k:])
        if first is not None and not first[1] and first[0]:
            return re.compile(char_class(first[0])), lo, hi
    return None


def cued_finditer(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, the pattern tried only where a match can start: a cue
    character (:func:`cue`) is between its least and most characters after the place.
    The first place from the end of the last match that gives a match is the one the
    engine finds trying every place, and the match there is the same (never empty, the
    cue being a character of it, but for a lookahead alone: its empty matches are each
    place where it holds, in order, each tried once). A pattern with no cue is searched
    as before."""
    found = cue(pattern)
    if found is None:
        yield from pattern.finditer(text)
        return
    marks, lo, hi = found
    pos = tried = 0  # every place before ``tried`` has been tried or skipped
    match = pattern.match
    for mark in marks.finditer(text):
        q = mark.start()
        for p in range(max(tried, pos, q - hi), q - lo + 1):
            if p < pos:
                continue  # inside the match just found
            m = match(text, p)
            if m is not None:
                yield m
                pos = m.end()
        tried = max(tried, q - lo + 1)
