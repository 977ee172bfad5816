"""How a clerk types a Chinese command name on a Latin keyboard: its pinyin
initials (借出 -> jc) and its whole pinyin (jiechu), for the command palette
(README, "Languages").

pypinyin and its dictionaries take a tenth of a second and some megabytes to
load, so they are imported only when a palette asks, never at start.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# Readings pypinyin's phrase dictionary gets wrong in the desk's words: here 还
# is huán (to return), not hái; 重打 is to print again; 长椅 a bench.
PHRASES = {
    "已还": [["yǐ"], ["huán"]],
    "未还": [["wèi"], ["huán"]],
    "待还": [["dài"], ["huán"]],
    "还伞": [["huán"], ["sǎn"]],
    "还车": [["huán"], ["chē"]],
    "重打": [["chóng"], ["dǎ"]],
    "长椅": [["cháng"], ["yǐ"]],
}

_loaded = False


@dataclass(frozen=True)
class Spelling:
    initials: str  # one letter for each character of the name, so a match can be shown on it
    whole: str  # the pinyin of every character, run together


def is_chinese(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


def _pypinyin():
    global _loaded
    import pypinyin

    if not _loaded:
        pypinyin.load_phrases_dict(PHRASES)
        _loaded = True
    return pypinyin


def spell(text: str) -> Spelling:
    """借出 -> Spelling("jc", "jiechu"); what is not Chinese stays as it is, lower-cased."""
    pypinyin = _pypinyin()
    syllables = pypinyin.lazy_pinyin(text, errors=list)  # anything else: one item per character
    initials = "".join(s[:1].lower() or " " for s in syllables)
    return Spelling(initials if len(initials) == len(text) else "", "".join(syllables).lower())


def spell_all(texts: Iterable[str]) -> dict[str, Spelling]:
    """The Chinese ones among `texts`, spelled."""
    return {text: spell(text) for text in dict.fromkeys(texts) if is_chinese(text)}
