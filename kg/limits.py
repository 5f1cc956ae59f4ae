"""Limits as data: how large one input may be, checked before any work is spent on it.

A document larger than these is refused by name with the limit it broke; the others
still build. The limits are generous for a bank report (a 300-page annual report is
under a million characters) and keep one file from taking the machine's memory.
"""

from __future__ import annotations

import os
from pathlib import Path

MAX_FILE_BYTES = 40_000_000
"""The largest text or HTML file read at all (about 13 million characters)."""
MAX_CONTAINER_BYTES = 2_000_000_000
"""The largest PDF or Word file read: their bytes are mostly pictures and fonts (an
annual report of 300 pages weighs 2-100 MB for some 300,000 characters of text), so only
the text drawn from them is held to :data:`MAX_DOCUMENT_CHARS`."""
CONTAINER_SUFFIXES = frozenset({".pdf", ".docx"})
MAX_DOCUMENT_CHARS = 3_000_000
"""The longest decoded document analysed, in characters (spaCy's own guard, a million,
is raised to this for each document: the pipeline has no parser or tagger whose memory
grows faster than the text)."""


class LimitError(Exception):
    """An input over one of the limits; the message names it and the limit."""


def check_file(path: Path) -> None:
    """Refuse a file larger than its format's limit before reading it."""
    size = os.stat(path).st_size
    limit = MAX_CONTAINER_BYTES if path.suffix.lower() in CONTAINER_SUFFIXES else MAX_FILE_BYTES
    if size > limit:
        raise LimitError(
            f"{path}: {size:,} bytes, more than the {limit:,} a document may have; "
            "split it into parts"
        )


def check_text(path: Path, text: str) -> None:
    """Refuse a decoded document longer than :data:`MAX_DOCUMENT_CHARS`."""
    if len(text) > MAX_DOCUMENT_CHARS:
        raise LimitError(
            f"{path}: {len(text):,} characters, more than the {MAX_DOCUMENT_CHARS:,} a "
            "document may have; split it into parts"
        )


MAX_SENTENCE_CHARS = 5_000
"""The longest sentence read as one, in characters. A longer run without 。！？； or a line
break (text flattened without punctuation, a table printed as one line) is cut into pieces
of at most this many characters: after its last clause mark
(:data:`kg.grammar.SENTENCE_CUT_MARKS`) within
the limit; where it has none, after white space or between two words, and that cut goes to
the review queue, since a fact that runs across it is not read. The longest sentence of the
seeds, the real documents and a 296-page annual report read from PDF has under 2,000."""
