"""Numbers as Chinese papers write them, with units and approximation words.

One parser for every figure (`parse_number`), on the standard library with
`Decimal`, so `0.29万` is exactly 2900 and never 2899.9999999999995:

    >>> parse_number("1.7万"), parse_number("一千二百"), parse_number("壹佰")
    (Decimal('17000'), Decimal('1200'), Decimal('100'))

`find_figures(text)` yields every money or count figure in a text with its
value, normalised unit and `approx` (`over` for 多/余/超过/逾/以上/（含）以上/突破,
`under` for 近/不到/以内, `about` for 约/左右/近似).  Years, dates, ordinals
(`第14个`), durations (`13年间`, `5天`) and numerals inside set phrases
(`一老一小`, `一站式`) are not figures: their "unit" is not a measure word, or
they follow `第`, or they are a bare `一`; a bare magnitude is a figure only
after an approximation word (`逾百万人`, `上千户`).  OCR's `干` for `千` is read as
`千` between numerals (`五干二百万元`), and nowhere else (`若干`, `一干人`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .textutil import fold

DIGIT = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
         "七": 7, "八": 8, "九": 9, "壹": 1, "贰": 2, "貳": 2, "叁": 3, "參": 3, "肆": 4, "伍": 5,
         "陆": 6, "陸": 6, "柒": 7, "捌": 8, "玖": 9}
SMALL_UNIT = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNIT = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
CN_CHARS = "".join(DIGIT) + "".join(SMALL_UNIT) + "".join(BIG_UNIT)
CN_DIGIT_CHARS = "".join(k for k in DIGIT if k not in "零〇○")

APPROX_BEFORE = {"约": "about", "大约": "about", "近似": "about", "大概": "about",
                 "将近": "under", "接近": "under", "近": "under", "不到": "under", "不足": "under",
                 "超过": "over", "超": "over", "逾": "over", "突破": "over", "多达": "over"}
APPROX_AFTER = {"多": "over", "余": "over", "以上": "over", "（含）以上": "over", "(含)以上": "over",
                "有余": "over", "之多": "over",
                "左右": "about", "上下": "about", "以内": "under"}

# measure word as written → normalised unit
UNITS = {
    "万元": "CNY", "亿元": "CNY", "元": "CNY",
    "人次": "人次", "名": "人", "位": "人", "人": "人",
    "个家庭": "户", "户家庭": "户", "家庭": "户", "户": "户",
    "%": "%", "％": "%",
}
MEASURE_WORDS = ["个", "家", "场", "项", "所", "座", "件", "批", "支", "期", "篇", "本", "套", "台", "辆",
                 "份", "只", "处", "间", "亩", "吨", "条", "张", "类", "种", "栋", "床", "箱", "册",
                 "平方米", "公里", "千米", "万册", "次", "块", "部", "集", "款", "届"]
_UNIT_ALTS = sorted(list(UNITS) + MEASURE_WORDS, key=len, reverse=True)

# OCR reads 千 as 干: taken as 千 only between a digit and more numeral (五干二百), never in 若干 or 一干人
OCR_QIAN = "干"
_NUM = rf"(?:\d+(?:,\d{{3}})*(?:\.\d+)?|(?:[{CN_CHARS}]|(?<=[{CN_DIGIT_CHARS}]){OCR_QIAN}(?=[{CN_CHARS}]))+)"
FIGURE_RE = re.compile(
    r"(?P<pre>" + "|".join(sorted(APPROX_BEFORE, key=len, reverse=True)) + r")?"
    rf"(?P<num>{_NUM})"
    r"(?P<mid>多|余|来)?"
    r"(?P<mag>[万亿]*)"
    r"(?P<mid2>多|余)?"
    r"(?P<unit>" + "|".join(re.escape(u) for u in _UNIT_ALTS) + r")"
    r"(?P<post>[（(]含[）)]以上|以上|有余|之多|左右|上下|以内)?"
)


def _parse_small(text: str) -> int | None:
    """A Chinese numeral below 万: 一千二百, 十三, 三百零五, or positional 二〇二三."""
    if not text:
        return 0
    if all(c in DIGIT for c in text):
        if len(text) == 1:
            return DIGIT[text]
        return int("".join(str(DIGIT[c]) for c in text))
    total, digit = 0, None
    for c in text:
        if c in DIGIT:
            digit = DIGIT[c]
        elif c in SMALL_UNIT:
            total += (1 if digit is None else digit) * SMALL_UNIT[c]
            digit = None
        else:
            return None
    if digit is not None:
        total += digit
    return total


def _parse_chinese(text: str) -> int | None:
    """Split at the largest magnitude (亿, then 万) and recurse: 三亿五千万 = 3×10⁸ + 5000×10⁴."""
    for char, size in (("亿", 10**8), ("億", 10**8), ("万", 10**4), ("萬", 10**4)):
        if char in text:
            left, _, right = text.rpartition(char) if char in "亿億" else text.partition(char)
            high = _parse_chinese(left) if left else 1
            low = _parse_chinese(right.lstrip("零〇○")) if right else 0
            if high is None or low is None:
                return None
            return high * size + low
    return _parse_small(text)


def parse_number(text: str) -> Decimal | None:
    """Value of an Arabic, Chinese or mixed numeral (`1.7万`, `五千二百`, `1,234`); None if it is not one."""
    text = fold(text).strip().replace(",", "").replace("，", "").replace("．", ".")
    if not text:
        return None
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([十百千万亿萬億拾佰仟]*)", text)
    if m:
        try:
            value = Decimal(m.group(1))
        except InvalidOperation:
            return None
        for c in m.group(2):
            value *= SMALL_UNIT.get(c) or BIG_UNIT[c]
        return value
    if all(c in CN_CHARS for c in text):
        parsed = _parse_chinese(text)
        return None if parsed is None else Decimal(parsed)
    return None


def to_number(value: Decimal) -> int | float:
    """JSON-friendly: an int when whole, else a float."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


@dataclass
class Figure:
    """One money or count figure found in a text."""

    text: str
    start: int
    end: int
    value: Decimal
    unit: str
    approx: str | None
    money: bool


def find_figures(text: str) -> list[Figure]:
    """Every figure in `text`, left to right (see the module docstring for what is not one)."""
    out: list[Figure] = []
    for m in FIGURE_RE.finditer(text):
        num = m.group("num")
        start = m.start("num")
        arabic = num[0].isdigit()  # full-width digits too
        before = text[max(0, start - 1):start]
        # a bare magnitude (千人, 万名) is a word, not a figure; after an approximation it is
        # one (逾百万人, 近千户), and 上 before it means more than (上千户), but not in 成千上万
        bare = not arabic and not any(c in CN_DIGIT_CHARS + "十拾" for c in num)
        over = bare and before == "上" and text[max(0, start - 3):start - 1] != "成千"
        qualified = m.group("pre") is not None or over
        if bare and not qualified:
            continue
        if num in ("一", "壹"):
            continue  # 一名老师, 一次性: an article, not a count
        if not qualified and before == "第":
            continue  # ordinal
        if not qualified and before and (before.isdigit() or before in ".几数上"):
            continue
        if not qualified and before and before in CN_CHARS and arabic:
            continue
        value = parse_number(num.replace(OCR_QIAN, "千") + (m.group("mag") or ""))
        if value is None:
            continue
        unit_text = m.group("unit")
        if unit_text in ("万元", "亿元"):
            value *= BIG_UNIT[unit_text[0]]
        unit = UNITS.get(unit_text, unit_text)
        approx = "over" if over else None
        for word in (m.group("pre"), m.group("mid"), m.group("mid2"), m.group("post")):
            if word:
                approx = APPROX_BEFORE.get(word) or APPROX_AFTER.get(word) or approx
        if m.group("mid") == "来":
            approx = "about"
        out.append(Figure(text[start:m.end()], start, m.end(), value, unit, approx, unit == "CNY"))
    return out
