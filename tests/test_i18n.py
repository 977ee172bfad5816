import gettext
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from deskapp import i18n

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "data" / "locale" / "zh_CN" / "LC_MESSAGES" / "deskapp.po"


@pytest.mark.parametrize(
    "cli, policy_lang, env, expected",
    [
        ("en", "zh_CN", "zh_CN.UTF-8", "en"),  # --lang wins
        (None, "zh_CN", "en_US.UTF-8", "zh_CN"),  # then the policy (Chinese as shipped)
        (None, "zh_CN", "C.UTF-8", "zh_CN"),
        (None, "auto", "zh_CN.UTF-8", "zh_CN"),  # auto: the locale
        (None, "auto", "zh_TW.UTF-8", "zh_CN"),
        (None, "auto", "en_GB.UTF-8", "en"),
        (None, None, "C.UTF-8", "en"),
        (None, None, "de_DE.UTF-8", "en"),
    ],
)
def test_language_choice(monkeypatch, shipped_language, cli, policy_lang, env, expected):
    monkeypatch.setenv("LANG", env)
    assert i18n.choose(cli, policy_lang) == expected


def test_chinese_translation_is_used():
    i18n.set_language("zh_CN")
    assert i18n._("Lock") == "锁屏"
    assert i18n.ngettext("{n} day ago", "{n} days ago", 3) == "{n} 天前"
    i18n.set_language("en")
    assert i18n._("Lock") == "Lock"


def test_every_string_in_the_code_has_a_chinese_translation():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "i18n.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_compiled_catalog_matches_the_po_file():
    with PO.open("rb") as fh:
        catalog = read_po(fh, locale="zh_CN")
    with PO.with_suffix(".mo").open("rb") as fh:
        mo = gettext.GNUTranslations(fh)
    for message in catalog:
        if not message.id or not message.string:
            continue
        if isinstance(message.id, tuple):
            assert mo.ngettext(message.id[0], message.id[1], 1) == message.string[0]
        else:
            assert mo.gettext(message.id) == message.string, message.id


@pytest.mark.parametrize(
    "lang, n, unit, said",
    [
        ("zh_CN", 16, "支", "16支"),
        ("en", 16, "swabs", "16 swabs"),
        ("en", 1, "swabs", "1 swab"),
        ("en", 1, "boxes", "1 box"),
        ("en", 1, "patches", "1 patch"),
        ("en", 1, "pcs", "1 pcs"),
        ("en", 1, "glass", "1 glass"),
        ("en", 0, "rolls", "0 rolls"),
    ],
)
def test_a_quantity_follows_the_display_language(lang, n, unit, said):
    i18n.set_language(lang)
    try:
        assert i18n.quantity(n, unit) == said
        assert i18n.join(["a", "b"]) == ("a、b" if lang == "zh_CN" else "a, b")
    finally:
        i18n.set_language("en")
