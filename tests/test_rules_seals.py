"""rules.seals alone: the content hash, the chain, the addendum hash, the seal code (docs/trust.md)."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone

from deskapp.rules.seals import (
    CODE_DIGITS,
    Code,
    addendum_hash,
    chain_breaks,
    content_hash,
    iso,
    parse_code,
    seal_code,
)

FIRST = {"id": 1, "shift": "morning", "prev_hash": "", "cash": [0, 1250, 1200, "找零"], "entries": []}
FIRST_SEAL = "c8edd686df96f4f1b1ebacfa2611578d84a2cbf331ec40a293d3968406b836b2"


def test_a_known_content_gives_a_known_seal():
    assert content_hash(FIRST) == FIRST_SEAL


def test_the_content_is_hashed_as_canonical_json():
    """Sorted keys, no spaces, Chinese as UTF-8 (not \\u escapes): the key order of the dict
    does not matter."""
    canonical = '{"cash":[0,1250,1200,"找零"],"entries":[],"id":1,"prev_hash":"","shift":"morning"}'
    assert hashlib.sha256(canonical.encode("utf-8")).hexdigest() == FIRST_SEAL
    assert content_hash(dict(reversed(FIRST.items()))) == FIRST_SEAL


def test_one_changed_figure_changes_the_seal():
    changed = dict(FIRST, cash=[0, 1250, 1201, "找零"])  # one fen more counted
    assert content_hash(changed) == "4c25b0ba6b9a75f1c20cf61180f4b9c7afe9ce1a21aea2133c680fbc4610c6b2"
    assert content_hash(dict(FIRST, shift="morninG")) != FIRST_SEAL


def test_a_chain_of_two():
    second = {
        "id": 2,
        "shift": "evening",
        "prev_hash": FIRST_SEAL,
        "cash": [1200, 1200, 1200, ""],
        "entries": [],
    }
    second_seal = content_hash(second)
    assert second_seal == "a86ea0211301cf89d6c3694b8d3187740bc7cd55ef39e6c167c2191a17a5058b"
    assert chain_breaks([("", FIRST_SEAL), (FIRST_SEAL, second_seal)]) == []
    # the first handover changed and resealed: the second one's link no longer holds
    resealed = content_hash(dict(FIRST, notes="x"))
    assert chain_breaks([("", resealed), (FIRST_SEAL, second_seal)]) == [1]
    assert chain_breaks([("0" * 64, FIRST_SEAL)]) == [0]  # the first one links to nothing
    assert chain_breaks([]) == []


def test_the_addendum_hash_covers_its_handover_and_is_the_same_moment_in_any_zone():
    utc = datetime(2026, 11, 25, 7, 0, tzinfo=timezone.utc)
    beijing = datetime(2026, 11, 25, 15, 0, tzinfo=timezone(timedelta(hours=8)))
    known = "87482080f8357e46a7cf81d40f47ddbe982f9dd62b3e85477803cec237e20e3e"
    assert addendum_hash(FIRST_SEAL, 3, utc, "少记一把伞") == known
    assert addendum_hash(FIRST_SEAL, 3, beijing, "少记一把伞") == known
    assert addendum_hash(FIRST_SEAL, 4, utc, "少记一把伞") != known
    assert addendum_hash("0" + FIRST_SEAL[1:], 3, utc, "少记一把伞") != known
    assert iso(beijing) == "2026-11-25T07:00:00+00:00"
    assert iso(None) is None


def test_the_seal_code():
    assert seal_code(42, FIRST_SEAL) == "42-C8ED-D686-DF96-F4F1"
    assert seal_code(42, FIRST_SEAL, 1) == "42.1-C8ED-D686-DF96-F4F1"
    assert len(FIRST_SEAL[:CODE_DIGITS]) == 16


def test_a_code_as_typed():
    assert parse_code("42-C8ED-D686-DF96-F4F1") == Code(42, 0, "c8edd686df96f4f1")
    assert parse_code(" 42.1 c8ed d686 df96f4f1 ") == Code(42, 1, "c8edd686df96f4f1")
    assert parse_code("42-C8ED-D686-DF96-F4F") is None  # 15 digits
    assert parse_code("42-C8ED-D686-DF96-F4F10") is None  # 17
    assert parse_code("C8ED-D686-DF96-F4F1") is None  # no handover
    assert parse_code("42-G8ED-D686-DF96-F4F1") is None
    assert str(Code(42, 1, "c8ed")) == "42.1-C8ED-0000-0000-0000"  # the digits typed, padded
