"""Terms: the jieba search-mode words of a text, the unit that matching counts and weighs.

Meilisearch re-segments whatever it is given (二甲醚 may come back as 二甲 + 醚) and ranks by the
number of query words a document holds, without weighing rare words above common ones. So each
term is also written as an opaque id of letters (``term_id``): one Meilisearch word per jieba
term, in the index and in the query alike, and our own statistics decide what a term is worth.
"""

from __future__ import annotations

import hashlib
import logging
import re
import warnings
from collections import Counter

with warnings.catch_warnings():
    # jieba 0.42 has invalid escapes in its regexes, a warning when compiled (harmless).
    warnings.simplefilter("ignore", DeprecationWarning)
    warnings.simplefilter("ignore", SyntaxWarning)
    import jieba

jieba.setLogLevel(logging.WARNING)

# A term holds at least one letter, digit or CJK character: punctuation and spaces are not terms.
_WORDLIKE = re.compile(r"[0-9a-z\u3400-\u9fff]")
# Function words that say nothing about a technology; anything rarer is weighed by IDF instead.
STOP_TERMS = frozenset(
    {
        *"的了和与及或在是对为以其并将由于从而也之所被把等中上下这该各",
        *("其中", "以及", "并且", "通过", "进行", "基于", "对于", "关于", "一种", "一个", "本文"),
    }
)
_ID_LETTERS = str.maketrans("0123456789abcdef", "abcdefghijklmnop")
MAX_TERM_LENGTH = 100


def tokens(*texts: str) -> list[str]:
    """Every jieba search-mode token, sub-words included (镁合金 → 合金, 镁合金)."""
    found: list[str] = jieba.lcut_for_search(" ".join(texts))
    return found


def terms(*texts: str) -> list[str]:
    """The tokens that can carry meaning, lower-cased, in text order (repeats kept)."""
    found = []
    for token in tokens(*texts):
        term = token.strip().lower()
        if term and term not in STOP_TERMS and _WORDLIKE.search(term):
            found.append(term[:MAX_TERM_LENGTH])
    return found


def term_counts(*texts: str) -> Counter[str]:
    return Counter(terms(*texts))


def term_id(term: str) -> str:
    """Ten letters, the same for the same term: a word Meilisearch keeps whole and never
    confuses with another (typo tolerance and prefixes are off for the field that holds them)."""
    return hashlib.blake2b(term.encode(), digest_size=5).hexdigest().translate(_ID_LETTERS)
