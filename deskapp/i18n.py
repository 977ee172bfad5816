"""Simplified Chinese and English through gettext catalogs in data/locale.

msgids are English. Text that lives in class bodies (binding descriptions,
role names) is only marked with N_() and translated where it is shown, so the
language can be chosen at start (or per test) after the modules are imported.
"""

from __future__ import annotations

import gettext as _gettext
import locale
import os
from datetime import date
from pathlib import Path

from deskapp.paths import data_file

DOMAIN = "deskapp"
LANGUAGES = ("zh_CN", "en")
LANG_ENV = "DESKAPP_LANG"  # this machine's choice, over the policy's

_translation: _gettext.NullTranslations = _gettext.NullTranslations()
_language = "en"


def locale_dir() -> Path:
    return data_file("locale")


def normalize(value: str | None) -> str | None:
    """'zh', 'zh_CN.UTF-8', 'zh-Hans', 'Chinese (Simplified)_China' -> 'zh_CN'; 'en*' -> 'en'."""
    if not value:
        return None
    v = value.strip().lower().replace("-", "_")
    if v.startswith("zh") or v.startswith("chinese"):
        return "zh_CN"
    if v.startswith("en") or v in ("c", "posix", "c.utf_8"):
        return "en"
    return None


def from_environment() -> str:
    """The desk machine's locale: Chinese when it is Chinese, else English (desk.language = "auto")."""
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return normalize(value.split(":")[0]) or "en"
    try:  # Windows keeps its locale outside the environment
        return normalize(locale.getlocale()[0]) or "en"
    except ValueError:
        return "en"


def choose(cli: str | None = None, policy: str | None = None) -> str:
    """--lang wins, then $DESKAPP_LANG, then the policy's desk.language (Chinese as shipped);
    "auto", or a policy that could not be read, is the computer's locale (README, "Languages")."""
    for value in (cli, os.environ.get(LANG_ENV), policy):
        lang = normalize(value)
        if lang:
            return lang
    return from_environment()


def set_language(lang: str) -> None:
    global _translation, _language
    lang = normalize(lang) or "en"
    if lang == "en":
        _translation = _gettext.NullTranslations()
    else:
        _translation = _gettext.translation(DOMAIN, locale_dir(), languages=[lang], fallback=True)
    _language = lang


def language() -> str:
    return _language


def _(message: str) -> str:
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for the catalog without translating it yet."""
    return message


def join(items, clauses: bool = False) -> str:
    """A list in the display language: 碘伏棉签、创可贴 / Iodophor swabs, Adhesive bandages;
    `clauses` for things said in several words: 事件报告；回访 / the incident report; a callback."""
    if clauses:
        return ("；" if _language == "zh_CN" else "; ").join(items)
    return ("、" if _language == "zh_CN" else ", ").join(items)


def quantity(n: int, unit: str) -> str:
    """16支 / 16 swabs, 1 swab (English units are kept in the plural)."""
    if _language == "zh_CN":
        return f"{n}{unit}"
    if n == 1 and unit != "pcs" and unit.endswith("s") and not unit.endswith("ss"):
        unit = unit[:-2] if unit.endswith(("ches", "shes", "xes")) else unit[:-1]
    return f"{n} {unit}"


def colon() -> str:
    """What comes between a label and what it says: 已受理 → 调查中：原因 / received → investigating: why."""
    return "：" if _language == "zh_CN" else ": "


WEEKDAYS = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)


def weekday(day: date) -> str:
    """The day's weekday in the desk's language: Monday, 星期一."""
    return _(WEEKDAYS[day.weekday()])
