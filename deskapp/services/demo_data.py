"""What the demo desk is made of (services/demo.py): its staff, the names, places and
complaints it draws from, and the clock it walks through the month on."""

from __future__ import annotations

import random
from datetime import date, datetime, time

from deskapp.clock import DeskTime, fixed
from deskapp.policy import Policy

STAFF = (
    ("王芳", "admin", "123456"),
    ("韩梅梅", "lead", "654321"),
    ("李雷", "staff", "5678"),
    ("张伟", "staff", "2468"),
)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
PLACES = (
    "1F 化妆品区",
    "2F 女装 ZARA",
    "3F 童装店",
    "B1 超市收银台",
    "4F 美食广场",
    "5F 影院入口",
    "停车场 B2",
)
COMPLAINTS = (
    ("店员态度差,拒绝退换", "道歉并退换"),
    ("电梯停运无人告知", "说明原因"),
    ("美食广场餐品有异物", "赔偿并整改"),
    ("停车收费与告示不符", "退还多收费用"),
    ("卫生间无纸巾", "及时补充"),
    ("会员积分未到账", "补录积分"),
    ("促销价结账未生效", "按促销价退差"),
    ("商场空调过冷", "调整温度"),
    ("店铺强行推销", "道歉"),
)

Plan = tuple[int, str, str]  # a demo complaint: days ago, kind, how far it got
COMPLAINT_PLANS: tuple[Plan, ...] = (
    (40, "general", "investigating"),
    (26, "general", "closed"),
    (21, "major", "closed"),
    (18, "assistance", "closed"),
    (15, "not_responsible", "called_back"),
    (12, "critical", "resolved"),
    (9, "general", "resolved"),
    (7, "general", "called_back"),
    (5, "major", "investigating"),
    (4, "assistance", "investigating"),
    (6, "general", "investigating"),
    (3, "", "received"),
    (2, "general", "received"),
    (1, "general", "investigating"),
    (0, "", "received"),
)
STEPS = ("investigating", "resolved", "called_back", "closed")


def at(policy: Policy, day: date, hh: int, mm: int = 0) -> DeskTime:
    zone = DeskTime(policy.desk.timezone).zone
    return DeskTime(policy.desk.timezone, fixed(datetime.combine(day, time(hh, mm), zone)))


def customer_phone(rng: random.Random) -> str:
    return f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"


def customer_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(("先生", "女士", "小姐", "阿姨"))
