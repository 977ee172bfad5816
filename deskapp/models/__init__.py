"""The tables. Bound to deskapp.db.database, which nothing opens at import.

Conventions: every timestamp is UTC (UTCDateTimeField); money is integer fen.
A change to a model needs a new file in deskapp/migrations; a test checks that
the migrated schema matches these classes.

The tables, by section: models/base.py (staff, audit, desk marks), lending.py, complaints.py,
kit.py and handover.py. `from deskapp.models import Loan` reaches every one of them.
"""

from __future__ import annotations

from deskapp.models.base import ROLES, AuditEntry, BaseModel, DeskMark, Staff, UTCDateTimeField
from deskapp.models.complaints import Complaint, ComplaintEvent, ComplaintGram
from deskapp.models.handover import HandoverAck, HandoverAddendum, LogEntry, PromiseGram, ShiftLog
from deskapp.models.kit import Kit, KitBatch, KitCheck, KitUse, KitUseGram, KitUseLine, Medicine
from deskapp.models.lending import (
    ITEM_STATES,
    CashEntry,
    Item,
    Loan,
    LoanItem,
    NameGram,
    StockCount,
    StockTake,
)

ALL_MODELS = [
    Staff,
    AuditEntry,
    Item,
    Loan,
    NameGram,
    LoanItem,
    CashEntry,
    StockTake,
    StockCount,
    Complaint,
    ComplaintGram,
    ComplaintEvent,
    Kit,
    Medicine,
    KitBatch,
    KitCheck,
    KitUse,
    KitUseLine,
    KitUseGram,
    ShiftLog,
    LogEntry,
    PromiseGram,
    HandoverAddendum,
    HandoverAck,
    DeskMark,
]

__all__ = [
    "ROLES",
    "ITEM_STATES",
    "ALL_MODELS",
    "BaseModel",
    "UTCDateTimeField",
    "Staff",
    "AuditEntry",
    "Item",
    "Loan",
    "NameGram",
    "LoanItem",
    "CashEntry",
    "StockTake",
    "StockCount",
    "Complaint",
    "ComplaintGram",
    "ComplaintEvent",
    "Kit",
    "Medicine",
    "KitBatch",
    "KitCheck",
    "KitUse",
    "KitUseLine",
    "KitUseGram",
    "ShiftLog",
    "LogEntry",
    "PromiseGram",
    "HandoverAddendum",
    "HandoverAck",
    "DeskMark",
]
