from pathlib import Path

import pytest

from deskapp import i18n, policy
from deskapp.paths import data_file
from deskapp.policy import PolicyError


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_are_the_domain_defaults():
    p = policy.load()
    assert p.desk.timezone == "Asia/Shanghai"
    assert p.security.pin_max_attempts == 5
    assert (p.security.pin_lockout_minutes, p.security.lead_pin_min_length) == ((5, 15, 60), 6)
    assert p.backup.keep_daily == 14
    assert p.handover.blind_count is True  # the count is blind unless a desk says otherwise


def test_a_desk_overrides_only_what_it_changes(tmp_path):
    override = write(tmp_path / "policy.toml", "[security]\nidle_lock_minutes = 3\n")
    p = policy.load(override)
    assert p.security.idle_lock_minutes == 3
    assert p.security.pin_max_attempts == 5  # untouched default


def test_missing_override_file_means_defaults(tmp_path):
    assert policy.load(tmp_path / "absent.toml") == policy.load()


@pytest.mark.parametrize(
    "text, key, allowed",
    [
        ("[security]\npin_max_attempts = 0\n", "security.pin_max_attempts", "a whole number from 1 to 20"),
        ("[security]\npin_max_attempts = 2.5\n", "security.pin_max_attempts", "a whole number"),
        ("[security]\nidle_lock_minutes = true\n", "security.idle_lock_minutes", "a whole number"),
        ('[desk]\nlanguage = "fr"\n', "desk.language", "one of: auto, zh_CN, en"),
        ('[desk]\ntimezone = "Mars/Olympus"\n', "desk.timezone", "a time zone name"),
        ('[desk]\nname = "  "\n', "desk.name", "text of 1 to 40 characters"),
        ('[handover]\nblind_count = "yes"\n', "handover.blind_count", "true or false"),
    ],
)
def test_a_wrong_value_names_file_key_and_what_is_allowed(tmp_path, text, key, allowed):
    override = write(tmp_path / "policy.toml", text)
    with pytest.raises(PolicyError) as err:
        policy.load(override)
    assert str(override) in err.value.message
    assert key in err.value.message
    assert allowed in err.value.message


def test_pin_lengths_must_be_in_order(tmp_path):
    override = write(tmp_path / "policy.toml", "[security]\npin_min_length = 9\n")
    with pytest.raises(PolicyError, match="security.pin_min_length"):
        policy.load(override)


def test_unknown_keys_and_sections_are_refused(tmp_path):
    with pytest.raises(PolicyError, match="unknown setting security.pin_attempts"):
        policy.load(write(tmp_path / "a.toml", "[security]\npin_attempts = 3\n"))
    with pytest.raises(PolicyError, match=r"unknown section \[parking\]"):
        policy.load(write(tmp_path / "b.toml", "[parking]\nx = 1\n"))
    with pytest.raises(PolicyError, match="unknown setting kinds.umbrella.colour"):
        policy.load(write(tmp_path / "c.toml", "[kinds.umbrella]\ncolour = 1\n"))


def test_an_unreadable_file_is_refused_with_its_name(tmp_path):
    bad = write(tmp_path / "policy.toml", "[security\npin_max_attempts = 3\n")
    with pytest.raises(PolicyError, match="cannot be read") as err:
        policy.load(bad)
    assert str(bad) in err.value.message
    binary = tmp_path / "bin.toml"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(PolicyError, match="cannot be read"):
        policy.load(binary)


def test_the_message_is_in_the_users_language(tmp_path):
    override = write(tmp_path / "policy.toml", "[security]\npin_max_attempts = 0\n")
    i18n.set_language("zh_CN")
    with pytest.raises(PolicyError) as err:
        policy.load(override)
    assert "规则文件" in err.value.message and "1 到 20 之间的整数" in err.value.message


def test_lending_defaults_are_the_domain_defaults():
    kinds = policy.load().kinds
    umbrella, stroller = kinds["umbrella"], kinds["stroller"]
    assert (
        umbrella.deposit_fen,
        umbrella.limit_per_phone,
        umbrella.term_days,
        umbrella.overdue_fee_per_day_fen,
        umbrella.fee_capped_at_deposit,
    ) == (2000, 2, 7, 100, True)
    assert (
        stroller.deposit_fen,
        stroller.term_days,
        stroller.overdue_fee_per_day_fen,
        stroller.fee_capped_at_deposit,
    ) == (50000, 0, 5000, False)
    assert kinds["wheelchair"].deposit_fen == 50000
    assert policy.load().lending.closing_time == "22:00"


def test_a_desk_changes_a_kind_or_adds_its_own(tmp_path):
    keys = (
        'label_zh = "充电宝"\nlabel_en = "Power bank"\ndeposit_fen = 10000\nlimit_per_phone = 1\n'
        "term_days = 0\noverdue_fee_per_day_fen = 1000\nfee_capped_at_deposit = false\n"
        "dirty_charge_fen = 0\ndamaged_charge_fen = 10000\nlost_charge_fen = 10000\nmin_stock = 5\n"
    )
    p = policy.load(
        write(tmp_path / "p.toml", "[kinds.umbrella]\ndeposit_fen = 3000\n[kinds.power_bank]\n" + keys)
    )
    assert p.kinds["umbrella"].deposit_fen == 3000
    assert p.kinds["umbrella"].term_days == 7
    assert p.kinds["power_bank"].label_en == "Power bank"
    incomplete = write(tmp_path / "q.toml", "[kinds.locker]\ndeposit_fen = 100\n")
    with pytest.raises(PolicyError, match="kinds.locker.label_zh is missing") as err:
        policy.load(incomplete)
    assert str(incomplete) in err.value.message
    with pytest.raises(PolicyError, match="is not a valid name"):
        policy.load(write(tmp_path / "r.toml", "[kinds.Big-Cart]\ndeposit_fen = 1\n"))


@pytest.mark.parametrize(
    "text, key",
    [
        ("[kinds.umbrella]\ndeposit_fen = -1\n", "kinds.umbrella.deposit_fen"),
        ("[kinds.umbrella]\nfee_capped_at_deposit = 1\n", "kinds.umbrella.fee_capped_at_deposit"),
        ('[lending]\nclosing_time = "24:00"\n', "lending.closing_time"),
        ("[slips]\nwidth = 40\n", "slips.width"),
    ],
)
def test_wrong_lending_values_are_refused(tmp_path, text, key):
    with pytest.raises(PolicyError, match=key.replace(".", r"\.")):
        policy.load(write(tmp_path / "p.toml", text))


# -- the shipped defaults and the tests' own -----------------------------------------

SHIPPED = data_file("policy.toml")
FIXTURE = Path(__file__).with_name("policy.toml")


def test_the_shipped_policy_holds_the_figures_the_docs_state():
    """The shipped data/policy.toml, read on its own (the rest of the suite runs on
    tests/policy.toml): a change to a shipped default fails here, visibly, and nowhere else."""
    p = policy.load(defaults=SHIPPED)
    money = (
        "deposit_fen",
        "overdue_fee_per_day_fen",
        "dirty_charge_fen",
        "damaged_charge_fen",
        "lost_charge_fen",
    )
    terms = ("term_days", "limit_per_phone", "fee_capped_at_deposit", "min_stock")
    shipped = {name: tuple(getattr(kind, key) for key in money + terms) for name, kind in p.kinds.items()}
    # docs/lending.md: umbrella deposit ¥20, ¥1 a day, 7 days, 2 per phone, capped at its deposit,
    # 20 in stock; stroller ¥500, ¥50 a day, forfeits ¥500, due the same day; a wheelchair's rules
    # are the stroller's ("Settlement": a charge is by default the whole deposit).
    assert shipped == {
        "umbrella": (2000, 100, 2000, 2000, 2000, 7, 2, True, 20),
        "stroller": (50000, 5000, 50000, 50000, 50000, 0, 0, False, 1),
        "wheelchair": (50000, 5000, 50000, 50000, 50000, 0, 0, False, 1),
    }
    assert p.lending.closing_time == "22:00"  # docs/lending.md, "Due and days late"
    # docs/complaints.md, "Deadlines": resolved within 3 calendar days, called back on the 2nd working day.
    assert (p.complaints.resolve_days, p.complaints.callback_working_days) == (3, 2)


def keys(path: Path) -> set[str]:
    """Every key of a policy file, as section.key or table.name.key."""
    import tomllib

    found = set()
    for section, table in tomllib.loads(path.read_text(encoding="utf-8")).items():
        for key, value in table.items():
            if section in policy.TABLES:
                found |= {f"{section}.{key}.{inner}" for inner in value}
            else:
                found.add(f"{section}.{key}")
    return found


def test_the_tests_policy_has_the_shipped_policys_keys():
    """tests/policy.toml (the test desks' defaults, tests/conftest.py) keeps up with the shipped
    file: a key added to one must be added to the other, with the value the tests expect."""
    assert keys(FIXTURE) == keys(SHIPPED)
    assert policy.load(defaults=FIXTURE).kinds.keys() == policy.load(defaults=SHIPPED).kinds.keys()
