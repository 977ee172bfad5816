"""The policy is typed: each table a frozen dataclass built from the checked files."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

import pytest

from deskapp import policy
from deskapp.paths import data_file
from deskapp.policy_types import SECTIONS, TABLES, KindSettings, Policy, SecuritySettings, rules_of


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_every_table_is_its_own_frozen_type():
    p = policy.load()
    assert isinstance(p, Policy) and isinstance(p.security, SecuritySettings)
    assert all(isinstance(kind, KindSettings) for kind in p.kinds.values())
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.security.pin_max_attempts = 99  # type: ignore[misc]
    with pytest.raises(TypeError):
        p.kinds["umbrella"] = p.kinds["umbrella"]  # type: ignore[index]


def test_the_types_know_exactly_the_keys_the_shipped_file_has():
    shipped = tomllib.loads(data_file("policy.toml").read_text(encoding="utf-8"))
    assert set(shipped) == set(SECTIONS) | set(TABLES)
    for name, table in SECTIONS.items():
        assert set(shipped[name]) == set(rules_of(table)), name
    for name, table in TABLES.items():
        for entry, keys in shipped[name].items():
            assert set(keys) == set(rules_of(table)), f"{name}.{entry}"


def test_a_misspelt_key_in_a_desk_file_stops_the_load(tmp_path):
    override = write(tmp_path / "policy.toml", "[security]\npin_max_attempt = 3\n")
    with pytest.raises(policy.PolicyError, match="unknown setting security.pin_max_attempt"):
        policy.load(override)


def test_lists_are_read_only_and_one_lockout_is_a_one_step_list(tmp_path):
    override = write(tmp_path / "policy.toml", "[security]\npin_lockout_minutes = 30\n")
    p = policy.load(override)
    assert p.security.pin_lockout_minutes == (30,)
    assert isinstance(p.calendar.holidays, tuple) and isinstance(p.calendar.weekend, tuple)


def test_a_kind_a_desk_adds_is_typed_like_the_shipped_ones(tmp_path):
    keys = {
        "label_zh": '"充电宝"',
        "label_en": '"Power bank"',
        "deposit_fen": "5000",
        "limit_per_phone": "1",
        "term_days": "0",
        "overdue_fee_per_day_fen": "0",
        "fee_capped_at_deposit": "true",
        "dirty_charge_fen": "0",
        "damaged_charge_fen": "5000",
        "lost_charge_fen": "5000",
        "min_stock": "2",
    }
    text = "[kinds.power_bank]\n" + "".join(f"{k} = {v}\n" for k, v in keys.items())
    p = policy.load(write(tmp_path / "policy.toml", text))
    bank = p.kinds["power_bank"]
    assert isinstance(bank, KindSettings)
    assert (bank.deposit_fen, bank.term_days, bank.lost_charge_fen) == (5000, 0, 5000)
    assert list(p.kinds)[-1] == "power_bank"  # the shipped kinds keep their order, the desk's come after
