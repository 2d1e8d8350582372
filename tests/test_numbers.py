"""The one number parser: Chinese, Arabic, mixed, capitals, approximations."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from swcli.numbers import find_figures, parse_number

DIGITS = "零一二三四五六七八九"


def to_chinese(n: int) -> str:
    """Write an integer in Chinese numerals (the test's own writer, to read back)."""
    if n == 0:
        return "零"

    def below_10000(x: int) -> str:
        out, zero = "", False
        for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d = x // value % 10
            if d:
                if zero and out:
                    out += "零"
                out += DIGITS[d] + unit
                zero = False
            else:
                zero = True
        return out

    parts = []
    for size, unit in ((10**8, "亿"), (10**4, "万"), (1, "")):
        chunk = n // size % 10**4 if size < 10**8 else n // size
        if chunk:
            text = below_10000(chunk) if chunk < 10**4 else to_chinese(chunk)
            if parts and chunk < 1000:
                text = "零" + text
            parts.append(text + unit)
        elif parts:
            pass
    return "".join(parts)


@given(st.integers(min_value=1, max_value=10**12))
def test_chinese_numbers_read_back(n):
    assert parse_number(to_chinese(n)) == n


@pytest.mark.parametrize("text,value", [
    ("三万", 30000), ("十三", 13), ("一千二百", 1200), ("壹佰", 100), ("贰仟零伍", 2005), ("三百零五", 305),
    ("五千二百万", 52000000), ("三亿五千万", 350000000), ("1.7万", 17000), ("6.5亿", 650000000),
    ("0.29万", 2900), ("1,234", 1234), ("二〇二三", 2023), ("两千", 2000), ("十万零八", 100008),
    ("１２３", 123), ("３．５万", 35000), ("12,345,678", 12345678), ("一万亿", 10**12),
])
def test_parse_number(text, value):
    assert parse_number(text) == Decimal(value)


@pytest.mark.parametrize("text,expected", [
    ("累计使用资金超过6亿元", [("6亿元", 600000000, "CNY", "over")]),
    ("捐款2600余万元", [("2600余万元", 26000000, "CNY", "over")]),
    ("帮助3万多个家庭", [("3万多个家庭", 30000, "户", "over")]),
    ("惠及群众三万余人", [("三万余人", 30000, "人", "over")]),
    ("救助患儿3.16万名", [("3.16万名", 31600, "人", None)]),
    ("服务群众逾50万人次", [("50万人次", 500000, "人次", "over")]),
    ("约200名志愿者", [("200名", 200, "人", "about")]),
    ("近1000户", [("1000户", 1000, "户", "under")]),
    ("100人左右", [("100人左右", 100, "人", "about")]),
    ("１２３人", [("１２３人", 123, "人", None)]),  # full-width, in an article record from elsewhere
    ("募集资金１２０万元", [("１２０万元", 1200000, "CNY", None)]),
    ("救助逾百万人", [("百万人", 1000000, "人", "over")]),  # a bare magnitude after an approximation word
    ("帮扶上千户困难家庭", [("千户", 1000, "户", "over")]),
    ("近百名老人", [("百名", 100, "人", "under")]),
    ("占比95%", [("95%", 95, "%", None)]),
    ("80多家三甲医院", [("80多家", 80, "家", "over")]),
    ("募集善款八干三百万元", [("八干三百万元", 83000000, "CNY", None)]),  # OCR's 干 for 千, between numerals
    ("慰问困难群众两干五百户", [("两干五百户", 2500, "户", None)]),
    ("单笔捐赠50万元（含）以上", [("50万元（含）以上", 500000, "CNY", "over")]),  # "inclusive" and over
])
def test_find_figures(text, expected):
    got = [(f.text, f.value, f.unit, f.approx) for f in find_figures(text)]
    assert got == [(t, Decimal(v), u, a) for t, v, u, a in expected]


@pytest.mark.parametrize("text", ["第14个年头", "第三届论坛", "过去13年间", "为期5天", "一老一小", "一站式服务",
                                  "每一笔善款", "当一名老师", "千人培养计划", "2023年", "5月12日", "三点期望",
                                  "若干人参加", "一干人等", "百万人口", "千人宴", "数百名", "成千上万名志愿者"])
def test_not_figures(text):
    assert find_figures(text) == []
