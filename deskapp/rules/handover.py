"""The handover's figures and who signs (docs/handover.md, "The blind count" and
"Signatures"; docs/trust.md, "Segregation of duties"): the cash the desk should hold,
the differences of a count, the reasons a difference still needs, and whether the
shift lead signs. Values in, values out: fen, counts, staff ids."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

Items = Mapping[str, Sequence[int | None]]  # kind: [expected, counted]; counted None until counted


def expected_cash(opening_fen: int, lending_drawer_fen: int, services_fen: Mapping[str, int]) -> int:
    """What the drawer should hold at the cut: the cash the previous handover counted,
    the lending records' drawer movements (deposits taken less refunded, balances paid)
    and the log's money (paid services, other money in or out)."""
    return opening_fen + lending_drawer_fen + sum(services_fen.values())


def money_by_service(entries: Iterable[tuple[str | None, int]]) -> dict[str, int]:
    """The log's money lines (service, fen) by service; money without a service is
    "other_in" or "other_out" by its sign."""
    found: dict[str, int] = {}
    for service, fen in entries:
        key = service or ("other_in" if fen > 0 else "other_out")
        found[key] = found.get(key, 0) + fen
    return found


def cash_difference(expected_fen: int | None, counted_fen: int | None) -> int | None:
    """Counted less expected (negative: cash missing); None until both are known."""
    if counted_fen is None or expected_fen is None:
        return None
    return counted_fen - expected_fen


def item_differences(items: Items) -> dict[str, int]:
    """Counted less expected, for each kind counted that differs."""
    return {k: c - e for k, (e, c) in items.items() if c is not None and e is not None and c != e}


def counts_differ(expected_fen: int | None, counted_fen: int | None, items: Items) -> bool:
    return bool(cash_difference(expected_fen, counted_fen)) or bool(item_differences(items))


def unexplained(
    expected_fen: int | None, counted_fen: int | None, items: Items, cash_reason: str, item_reason: str
) -> list[str]:
    """The why-it-differs fields ("cash_reason", "item_reason") still empty for a count
    that differs from the records."""
    missing = []
    if (
        counted_fen is not None
        and expected_fen is not None
        and counted_fen != expected_fen
        and not cash_reason
    ):
        missing.append("cash_reason")
    if any(c is not None and e != c for e, c in items.values()) and not item_reason:
        missing.append("item_reason")
    return missing


def lead_needed(lead_signs: str, differ: bool) -> bool:
    """Policy handover.lead_signs: "always", or "on_difference" (a count that differs)."""
    return lead_signs == "always" or differ


def lead_is_incoming(incoming_id: int | None, lead_id: int | None, differ: bool) -> bool:
    """The one-person desk of policy handover.lead_may_be_incoming: the incoming clerk
    confirmed a count that differs as the lead (the handover says so)."""
    return lead_id is not None and lead_id == incoming_id and differ


def lead_refused(
    signer_id: int, outgoing_id: int | None, incoming_id: int | None, differ: bool, lead_may_be_incoming: bool
) -> str | None:
    """Segregation of duties on the cash (docs/trust.md, "Segregation of duties"): the
    lead who confirms a count that differs is neither the outgoing nor the incoming
    clerk. "outgoing" or "incoming" for whom the signer may not be, None when they may sign."""
    if signer_id == outgoing_id:
        return "outgoing"
    if signer_id == incoming_id and differ and not lead_may_be_incoming:
        return "incoming"
    return None
