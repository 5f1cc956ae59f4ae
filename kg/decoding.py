"""Bytes to text: the encodings Chinese reports arrive in (UTF-8 with or without a BOM,
UTF-16, GB18030, Big5), tried strictly, and a text accepted only where it reads as
Chinese or ASCII text. Shared by plain-text documents and HTML pages whose markup
declares no charset."""

from __future__ import annotations

import codecs
import unicodedata
from collections import Counter

LEGACY_ENCODINGS = ("gb18030", "big5", "utf_16_le", "utf_16_be")
REPLACEMENT = "\ufffd"
MAX_REPLACED = 16
"""Invalid bytes a UTF-8 text may have (or one per 1,000 characters, if more; and 20 good
non-ASCII characters for each) and still be read as UTF-8 with each replaced by U+FFFD;
more means another encoding or no text."""


class DecodeError(ValueError):
    """Bytes that decode as no plausible text; the message names the file."""


def _plausible(ch: str) -> bool:
    """A character a Chinese report is made of: Han, CJK punctuation, full-width or ASCII."""
    code = ord(ch)
    if unicodedata.category(ch) == "Cn":
        return False
    return (
        0x20 <= code < 0x7F
        or ch in "\n\r\t\f\u00a0"
        or 0x2000 <= code <= 0x206F
        or 0x2460 <= code <= 0x27BF
        or 0x3000 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0xFE30 <= code <= 0xFFEF
        or 0x20000 <= code <= 0x3FFFF
        or 0xE000 <= code <= 0xF8FF
    )


def _looks_like_text(text: str) -> bool:
    """Mostly characters of Chinese or ASCII text, and hardly any control characters."""
    if not text.strip():
        return False
    sample = text[:20000]
    # each distinct character judged once: a report repeats a few thousand of them
    implausible = sum(n for ch, n in Counter(sample).items() if not _plausible(ch))
    return len(sample) - implausible >= 0.9 * len(sample)


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode bytes to text, returning (text, encoding). Raises DecodeError."""
    if not data.strip():
        raise DecodeError(f"{name}: the file is empty")
    if data.startswith(codecs.BOM_UTF8):
        attempts = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        attempts = ["utf-16"]
    else:
        from charset_normalizer import from_bytes  # not loaded when no document is read

        attempts = ["utf-8"]
        guess = from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS)).best()
        if guess is not None:
            attempts.append(guess.encoding.replace("_", "-"))
        attempts.extend(e.replace("_", "-") for e in LEGACY_ENCODINGS)
    for encoding in dict.fromkeys(attempts):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            if encoding != "utf-8":
                continue
            text = data.decode("utf-8", "replace")  # a stray byte is replaced and counted
            bad = text.count(REPLACEMENT) - data.count(REPLACEMENT.encode("utf-8"))
            decoded = sum(1 for ch in text if ord(ch) > 0x7F) - text.count(REPLACEMENT)
            if bad > max(MAX_REPLACED, len(text) // 1000) or decoded < 20 * bad:
                continue  # another encoding's bytes, not UTF-8 with a stray byte
        except LookupError:
            continue
        if _looks_like_text(text):
            return text.replace("\r\n", "\n").replace("\r", "\n"), encoding
    raise DecodeError(
        f"{name}: not a text document in UTF-8, UTF-16, GB18030 or Big5 (binary file?)"
    )
