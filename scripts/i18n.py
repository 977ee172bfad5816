"""Keep the translation catalogs in step with the code.

    .venv/bin/python scripts/i18n.py          # extract, merge into zh_CN, compile .mo
    .venv/bin/python scripts/i18n.py --check  # exit 1 if a string lacks a translation

msgids are the English text in _(), N_() and ngettext() calls under deskapp/
and screens/; data/locale/zh_CN/LC_MESSAGES/deskapp.po holds the Chinese.
Needs Babel (in the test extra).
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "data" / "locale"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
LANGS = ("zh_CN",)


def extract() -> Catalog:
    catalog = Catalog(project="deskapp", domain="deskapp")
    for folder in ("deskapp", "screens"):
        for filename, lineno, message, comments, context in extract_from_dir(
            ROOT / folder,
            method_map=[("**.py", "python")],
            keywords=KEYWORDS,
        ):
            catalog.add(
                message, locations=[(f"{folder}/{filename}", lineno)], auto_comments=comments, context=context
            )
    return catalog


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "deskapp.po"


def missing(lang: str, template: Catalog) -> list[str]:
    with po_path(lang).open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    out = []
    for msg in template:
        if not msg.id:
            continue
        have = catalog.get(msg.id)
        strings = (have.string if isinstance(have.string, (list, tuple)) else [have.string]) if have else []
        if not have or not all(strings) or have.fuzzy:
            out.append(msg.id if isinstance(msg.id, str) else msg.id[0])
    return out


def main() -> int:
    template = extract()
    if "--check" in sys.argv:
        gaps = {lang: missing(lang, template) for lang in LANGS}
        for lang, ids in gaps.items():
            for msgid in ids:
                print(f"{lang}: no translation for {msgid!r}")
        return 1 if any(gaps.values()) else 0
    LOCALE.mkdir(parents=True, exist_ok=True)
    with (LOCALE / "deskapp.pot").open("wb") as fh:
        write_po(fh, template, omit_header=False, sort_output=True, width=100)
    for lang in LANGS:
        path = po_path(lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            with path.open("rb") as fh:
                catalog = read_po(fh, locale=lang)
        else:
            catalog = Catalog(locale=lang, project="deskapp", domain="deskapp")
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        with path.open("wb") as fh:
            write_po(fh, catalog, sort_output=True, width=100, ignore_obsolete=True)
        with path.with_suffix(".mo").open("wb") as fh:
            write_mo(fh, catalog)
        print(f"{lang}: {len(catalog)} messages, {len(missing(lang, template))} untranslated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
