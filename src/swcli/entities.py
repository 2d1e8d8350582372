"""Article records → article records with `entities` (`swcli entities`).

Adds to each article

    "entities": [{"type": "PERSON", "text": "陈存根", "role": "中国社会工作联合会会长",
                  "field": "paragraphs", "para": 0, "start": 98, "end": 101}, …]

with types PERSON (`role`), ORG (`alias_of` for declared aliases), PLACE,
DATE (`value`), MONEY and QUANTITY (`value`, `unit`, `approx`, `aid`,
`category`, `part_of`).  Built from rules; segmentation is a hint:

- PERSON: a title or description written before a name (`会长陈存根`,
  `受助学生和丽娟`), the name closed by punctuation or a verb; the role runs
  back to the clause start, across `、` between titles, and stops at the
  previous person in a list (`理事长李文红、秘书长任建华`).  Names found so
  are then found again wherever they recur.  A surname-led name the
  segmenter tags as a person and that speaks (`…表示`) is a person too.
- ORG: a run of words ending in an organisation word (`…联合会`, `…民政局`,
  `…大学`), starting after punctuation or a function word; departments
  (`…司`, `…处`, `…办公室`) inside an organisation are not listed; aliases
  declared as `（以下简称“儿助会”）`.
- PLACE: the gazetteer (gazetteer.py).
- DATE: `2022年12月31日`, `5月12日` (the issue year), `2023年度`, ranges.
- MONEY / QUANTITY: numbers.py; aid from the verb that governs the figure
  in its clause (data/aid_verbs.txt); a rate per person is not aid; a
  figure in a `其中…` clause is `part_of` the figure it breaks down.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from functools import lru_cache
from typing import Iterator

from .gazetteer import find_places
from .wordlists import data_lines, data_words
from .numbers import Figure, find_figures, to_number
from .people import NAME_PUNCTUATION, SPEECH, candidates as name_candidates, is_honorific, is_name_part, surname_ranks, weigh as weigh_names
from .segment import Token, in_dictionary, tag_of, tagger, tokens, word_bounds
from .textutil import is_han, windows

FIELDS = ("title", "kicker", "subtitle")
CLAUSE_END = "，。；！？：,;!?"
SENTENCE_END = "。；！？"
NAME_FOLLOW = (
    "出席 主持 介绍 表示 指出 说 强调 讲话 致辞 在 与 和 同 及 代表 作 带领 参加 认为 希望 要求 提出 宣读 "
    "颁发 向 为 对 等 一行 同志 也 还 就 是 分别 共同 签署 率 到 赴 来 陪同 会见 听取 调研 发言 回答 "
    "告诉 坦言 透露 称 感慨 回忆 补充 透 谈 讲 解读 致 出任 担任 当选 获 荣获 被 将 已 参与 主讲 作了 "
    "做了 结合 详细 首先 最后 随后 先后 一同 一起 亲自 专门 现场 代 兼 则 又 均 都 指 建议 呼吁"
).split()
NAME_STOP = set("的了是等们着过之这那个")
DEPARTMENT = ("办公室", "司", "处", "科", "部", "室", "办", "组", "股")
EVENT_BEFORE_HUI = re.compile(r"(大|研讨|推进|座谈|交流|分享|表彰|年|例|发布|培训|启动|动员|现场|见面|联欢|运动|博览|展销|招聘|换届|"
                              r"总结|部署|调度|协调|联席|汇报|报告|晚|宴|盛|茶话|恳谈|洽谈|演讲|音乐|理事|代表|全|社|机|协|都|体|误|约|开|聚|峰|"
                              r"照|领|省|一|不|学|只|将|就|才|也|还|都|会|能|又|必)$")
ORG_BOUNDARY_WORDS = sorted((
    "等 由 与 及 以及 同 在 向 从 对 为 联合 会同 据 是 了 的 将 已 并 到 赴 参加 举办 主办 承办 协办 指导 "
    "发起 获悉 记者 共同 签署 签订 合作 开展 携手 出席 主持 介绍 表示 指出 成立 组织 支持 推动 聚焦 来自 "
    "依托 通过 按照 根据 围绕 截至 被 把 让 给 共有 包括 其中 此外 同时 近日 日前 目前 今年 去年 "
    "近年来 以来 期间 上半年 下半年 全年 累计 先后 分别 还 也 又 则 即 而 或 向其 相关 有关 多家 一批 首批 新一届 "
    "邀请 走访 看望 慰问 委托 牵头 联手 带领 前往 深入 调研 考察 参观 走进 来到 会见 拜访 感谢 表彰 授予 荣获 "
    "加入 对接 协调 设立 建立 组建"
).split(), key=len, reverse=True)
ORG_BOUNDARY_SET = frozenset(ORG_BOUNDARY_WORDS)
# two-character words that end in an organisation character but are not organisations
NOT_ORG_ENDINGS = {"格局", "布局", "结局", "大局", "全局", "开局", "僵局", "时局", "变局", "新局", "当局", "棋局", "饭局",
                   "常委", "党委", "编委", "全部", "内部", "外部", "干部", "局部", "总部", "本部", "细部", "头部", "背部",
                   "腹部", "东部", "西部", "南部", "北部", "中部", "一部", "这部", "每部", "社会", "机会", "体会", "都会",
                   "学会", "理会", "领会", "误会", "约会", "开会", "聚会", "宴会", "晚会", "庙会", "峰会", "年会", "例会",
                   "大会", "协会", "议会", "照会", "融会", "只会", "将会", "就会", "才会", "也会", "还会", "不会", "能会",
                   "又会", "必会", "委会", "盛会", "茶会",
                   "部队", "军队", "球队", "团队", "排队", "梯队", "车队", "列队", "站队", "插队", "归队", "入队", "带队", "领队",
                   "整队", "结队", "组队", "分队", "小队", "大队", "中队"}
GENERIC_SUFFIXES = {"社工站", "服务站", "工作站", "中心", "服务中心", "医院", "卫生院", "学校", "中学", "小学", "幼儿园",
                    "合作社", "服务社", "政府", "公司", "银行", "队", "组织", "机构", "联盟", "论坛"}
# the last character of a word tagged as an organisation that names a body (新华社, 欧盟, 国务院),
# not a field or a region the tagger tags so too (社会科学, 中西部)
ORG_WORD_ENDINGS = frozenset("社党团盟会委院局部署所组队联府行司军办厅校处馆台厂站协")
DIRECTIONS = frozenset("东西南北中")
DATELINE_END = ("日电", "电", "日讯", "讯")  # 新华社北京6月29日电: where a dispatch's dateline ends
ORG_TAGS = frozenset(("nt", "j"))  # an organisation, or an abbreviation (欧盟, 世行) that ends like one
GENERIC_ENDINGS = tuple(GENERIC_SUFFIXES)
TOWNSHIP_UNITS = frozenset("乡镇村")
SCHOOL_ENDINGS = frozenset(("大学", "学院", "学校", "中学", "小学"))
STUDENT_WORDS = ("新生", "学生", "毕业生", "学子", "师生", "生")
PROPER_OR_COMMON_NOUNS = frozenset(("n", "ns", "nz", "nr"))
GOVERNMENT_ENDINGS = frozenset("厅局")  # a department's one-character ending, a word of its own or not
WORD_AFTER_NAME_TAGS = frozenset(("v", "vn", "vd", "d", "ad", "p", "c"))
GENERIC_LEVELS = ("乡镇", "县级", "市级", "省级", "区县", "市县", "县区", "县市", "镇街", "乡级", "区级")
# one-character short forms of countries and cities, and the words they stand in
COUNTRY_SHORT_FORMS = "中美日英法德俄韩朝印巴越泰菲欧非亚澳"
CITY_SHORT_FORMS = "华京沪港澳台"
MOTION_TO_PLACE = "访来驻赴抵离返旅在对"
SIDE_OF_COUNTRY = "方军"
GOVERNMENT_WORDS = frozenset(("政府", "外交部", "国防部", "议会", "方面", "当局", "军方"))
SHORT_FORM_STARTS = frozenset(COUNTRY_SHORT_FORMS + MOTION_TO_PLACE)
SHORT_FORM_TAGS = frozenset(("ns", "j", "nz", "f", "t", "b"))
PROPER_TAGS = frozenset(("nr", "nrt", "nz", "ns"))  # tags a foreign brand's name gets
LEVEL_COMMITTEES = frozenset(level + "委" for level in "省市县区州")  # the party committee of a level
LEGAL_FORMS = ("有限公司", "有限责任公司", "集团公司")
KNOWN_ORGS = ("党中央", "国务院", "全国人大", "全国政协", "中央军委", "中央政府", "中共中央")
NEWSPAPER = re.compile(r"《([\u4e00-\u9fff]{1,10}(?:报|杂志|周刊))》")
KNOWN_ORG = re.compile("|".join(sorted(KNOWN_ORGS, key=len, reverse=True)))
JOINED_NAME = re.compile(r"([\u4e00-\u9fff]{2,6})[·•．.]([\u4e00-\u9fff]{2,7})")  # 阿力木·吐尔逊
COMMISSION_DEPARTMENT = re.compile(r"[\u4e00-\u9fff]{1,8}(司|局|办公室)")  # 卫健委|…司: a department follows
GOVERNMENT_HEAD = re.compile(r"(中央|国家|省|市|县|区|民政|财政|教育|卫生)")
DATE_FULL = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
DATE_MONTH_DAY = re.compile(r"(?<![\d年])(\d{1,2})月(\d{1,2})日")
DATE_YEAR_MONTH = re.compile(r"(\d{4})年(\d{1,2})月(?!\d{1,2}日)")
DATE_RANGE = re.compile(r"((?:19|20)\d{2})年?\s*(?:-|—|–|~|～|至|到)\s*((?:19|20)\d{2})年")
DATE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})年(度)?(?!\d{1,2}月)")
DATE_MONTH = re.compile(r"(?:(今年|去年|明年)|(?<![\d年.\-]))(\d{1,2})月(?![\d日号])")  # 今年5月, 3月份
ALIAS = re.compile(r"[（(](?:以下|下)?简称[“\"]?([\u4e00-\u9fff]{2,10})[”\"]?[）)]")
BENEFICIARY = re.compile(r"[为给向替帮]")  # 为|8.6万名老人|发放: the figure is whom the verb after it serves
LIGHT_VERBS = frozenset(("提供", "送去", "送上", "送来"))
RECEIVING_VERBS = frozenset(("享受", "受益", "受助", "受益于"))
# a rate: per person, household, meal, month… (每人, 每餐, 人均, /人) or a standard; never aid
RATE = re.compile(r"(每[\u4e00-\u9fff]|人均|户均|/[人户餐次天月]|标准|单价)")


# ---- resources ---------------------------------------------------------------------------

def _double_surname(name: str) -> bool:
    return len(name) >= 2 and name[:2] in surname_ranks()


def _has_surname(name: str) -> bool:
    return name[:1] in surname_ranks() or _double_surname(name)


@lru_cache(maxsize=1)
def _people_nouns() -> frozenset[str]:
    return frozenset(data_words("people_nouns.txt"))


@lru_cache(maxsize=1)
def _kind_modifiers() -> frozenset[str]:
    return frozenset(data_words("kind_modifiers.txt"))


@lru_cache(maxsize=1)
def _titles() -> tuple[str, ...]:
    return tuple(sorted(set(data_words("titles.txt")) | _people_nouns(), key=len, reverse=True))


@lru_cache(maxsize=1)
def _title_set() -> frozenset[str]:
    return frozenset(_titles())


@lru_cache(maxsize=1)
def _official_titles() -> frozenset[str]:
    """Titles proper (data/titles.txt), without the descriptions of people.txt: a title may
    follow a name (李瑞环主席), a description (受灾群众) does not name the word before it."""
    return frozenset(data_words("titles.txt"))


@lru_cache(maxsize=1)
def _title_re() -> re.Pattern:
    return re.compile("|".join(_titles()))


@lru_cache(maxsize=1)
def _suffix_re() -> re.Pattern:
    suffixes = sorted(set(data_words("org_suffixes.txt")), key=len, reverse=True)
    return re.compile("|".join(suffixes))


@lru_cache(maxsize=1)
def _aid_verbs() -> dict[str, list[str]]:
    """Category → its verbs, one line of data/aid_verbs.txt each."""
    return {line[0]: line[1:] for line in data_lines("aid_verbs.txt")}


@lru_cache(maxsize=1)
def _verb_re() -> re.Pattern:
    words = {w for ws in _aid_verbs().values() for w in ws}
    return re.compile("|".join(sorted(words, key=len, reverse=True)))


# ---- people ------------------------------------------------------------------------------

def _name_at(text: str, pos: int, long_names: bool) -> str | None:
    """The person name starting at `pos`, closed by punctuation, the text end or a verb."""
    m = JOINED_NAME.match(text, pos)
    second = m.group(2) if m else ""
    if any(c in NAME_STOP for c in second):
        second = second[:min(second.index(c) for c in NAME_STOP if c in second)]  # …克里斯亚蒂诺|等人
    if m and len(second) >= 2 and not any(c in NAME_STOP for c in m.group(1)):
        first = m.group(1)
        rest = text[pos + len(first) + 1:]
        # punctuation or a verb of two characters or more closes it; a one-character word
        # inside does not (阿不都热合曼，: not 阿不 before 都)
        for k in range(2, len(second) + 1):
            if rest[k - 1] in PREPOSITIONS_IN_CLAUSE:
                break  # 英博登在会上表示: a preposition ends the name before it, whatever follows
            follow = _starts_with_any(rest[k:], NAME_FOLLOW_SET, 3)
            if not rest[k:] or rest[k] in NAME_PUNCTUATION or (follow and len(follow) >= 2):
                return text[pos: pos + len(first) + 1 + k]
        foreign = next((k for k, c in enumerate(second) if not is_name_part(c)), len(second))
        if 2 <= foreign < len(second):
            return text[pos: pos + len(first) + 1 + foreign]  # 马尔登|有幸: where the transliteration stops
        for k in range(2, len(second) + 1):
            if _closes_name(rest[k:]):
                return text[pos: pos + len(first) + 1 + k]
    for k in (2, 3, 4):
        cand = text[pos: pos + k]
        if len(cand) < k or not all("\u4e00" <= c <= "\u9fff" for c in cand):
            return None
        if any(c in NAME_STOP for c in cand[1:]):
            return None
        if not _closes_name(text[pos + k:]):
            continue
        if k <= 3 and in_dictionary(cand) and tag_of(cand) not in NAME_TAGS:
            return None  # 教练相继对…, 让群众明白: an ordinary word of the dictionary, not a name
        surname_ok = _has_surname(cand) and not is_honorific(cand)
        if surname_ok and k == 4 and not _double_surname(cand):
            # 李明汇报 is 李明 and a verb we do not list
            return _tagged_name(text, pos) or (None if _ordinary_phrase(cand) else cand)
        if surname_ok:
            return _tagged_name(text, pos) if _ordinary_phrase(cand) else cand
        if k == 4 and long_names and cand[0] not in "在对为将从向与和及把被让给于的" and not _ordinary_phrase(cand):
            return cand  # four characters after an official title: a Yi or Tibetan name (吉克阿呷)
        return None
    return _tagged_name(text, pos)  # nothing we know closes it (鲁红霞席活动: OCR lost 出)


PREPOSITIONS_IN_CLAUSE = "在对向从把被将与同"
NAME_TAGS = frozenset(("nr", "nrfg", "nrt", "nz"))  # dictionary tags a name can carry
GRAMMAR_TAGS = frozenset(("p", "c", "u", "uj", "ul", "uz", "r", "d"))  # a word a name never starts with (把|乡镇)
FUNCTION_TAGS = frozenset(("v", "vd", "vn", "d", "p", "c", "u", "uj", "ul", "uz", "r", "m", "q", "f", "y"))


@lru_cache(maxsize=65536)
def _ordinary_phrase(cand: str) -> bool:
    """Characters the segmenter reads as words of which one is a verb or a function word
    (告诉|记者, 马内|私下, 应|如此, 都|曾): a phrase, not a name."""
    words = tagger()(cand)
    if len(words) < 2:
        return False
    if len(words[0][0]) == 1:
        words = words[1:]  # a surname alone is often a function word too (何, 于, 符)
    return any(tag in GRAMMAR_TAGS or (tag in FUNCTION_TAGS and len(word) >= 2) for word, tag in words)


def _tagged_name(text: str, pos: int) -> str | None:
    """A two- or three-character name the segmenter tags as a person, at `pos`, with a surname."""
    name = ""
    for word, tag in tagger()(text[pos:pos + 8]):
        if tag != "nr" or len(name) + len(word) > 3:
            break
        name += word
    if 2 <= len(name) <= 3 and _has_surname(name) and not any(c in NAME_STOP for c in name[1:]):
        return name
    return None


NAME_FOLLOW_SET = frozenset(NAME_FOLLOW)
WORDS_AFTER_ORG = ORG_BOUNDARY_SET | NAME_FOLLOW_SET  # a function word or a verb right after a name ends it


def _starts_with_any(text: str, words: frozenset[str], longest: int = 4) -> str | None:
    """The longest of `words` that `text` starts with, by set look-ups of its prefixes."""
    for k in range(min(longest, len(text)), 0, -1):
        if text[:k] in words:
            return text[:k]
    return None


LONGEST_TITLE = 12  # characters looked back from a name for a title that ends at it


def _closes_name(after: str) -> bool:
    if not after:
        return True
    if after[0] in NAME_PUNCTUATION:
        return True
    return _starts_with_any(after, NAME_FOLLOW_SET, 3) is not None


def _role_start(text: str, title_start: int, floor: int) -> int:
    """Where the role written before a title begins: the clause start, back across `、`
    between titles, never before the previous person in the clause (`floor`)."""
    i = title_start
    while i > floor:
        c = text[i - 1]
        if c in "，。；！？：,;!?（）()\n":
            break
        if c == "、":
            segment_end = i - 1
            if not _title_end_re().search(text, max(0, segment_end - LONGEST_TITLE), segment_end):
                break
        if c == "的" and i - 1 >= floor:
            break
        if c == "”" and i >= 2 and text[i - 2] in "。！？!?":
            break  # the end of a quotation before the speaker
        i -= 1
    while i < title_start and text[i] in "、 ":
        i += 1
    return _after_preposition(text, i, title_start)


PREPOSITIONS = "由在对向据经"
CONJUNCTIONS = "与和同及"  # inside a name too (精神卫生防治中心, 促进和社会工作处): cut only at the clause start
ROLE_CUTS = frozenset(PREPOSITIONS + CONJUNCTIONS)
ADMIN_LEVELS = "省市区县州"


def _after_preposition(text: str, start: int, title_start: int) -> int:
    """Where a role begins after the clause's last preposition: 会议由|市民政局局长, 据|省民政厅…处长.

    A preposition is a word of its own to the segmenter, or glued to the
    administrative level that opens the name (由市, 向省); the same
    character opening a longer word is no preposition (和平区, 同江市, 对口).
    A conjunction counts only where the clause starts (与|市民政局局长).
    """
    if ROLE_CUTS.isdisjoint(text[start:title_start]):
        return start
    cut, offset = start, start
    for word, _ in tagger()(text[start:title_start]):
        if ((word[0] in PREPOSITIONS or (word[0] in CONJUNCTIONS and offset == cut))
                and (len(word) == 1 or (len(word) == 2 and word[1] in ADMIN_LEVELS))):
            cut = offset + 1
        offset += len(word)
    return cut


def _people(text: str) -> list[tuple[int, int, str, str | None]]:
    """(start, end, name, role) for names written after a title in one text."""
    found: list[tuple[int, int, str, str | None]] = []
    floor = 0
    places = find_places(text)
    for m in _title_re().finditer(text):
        end = m.end()
        if any(s < m.end() and m.start() < e and not (s <= m.start() and m.end() <= e and e == m.end())
               for s, e, _ in places):
            continue  # 湖南省长沙市: 省长 cut across two place names is no title
        if end < len(text) and in_dictionary(m.group() + text[end]):
            continue  # 常委会, 代表团: the title is the start of a longer word
        # prefer the longest title ending here (会长 inside 副会长 is found as 副会长)
        name = _name_at(text, end, long_names=m.group() not in _people_nouns())
        if name is None or name in _title_set():
            continue  # 党员干部: a title after a description is no name
        if m.group() in _people_nouns():
            after = text[end + len(name):]
            if not ((after[:1] and after[:1] in "，：:") or after.startswith(SPEECH)):
                continue
        if found and m.start() < found[-1][1]:
            continue
        start = _role_start(text, m.start(), max(floor, 0))
        role = text[start:end].strip() or None
        if role and role.startswith("记者"):
            role = None
        found.append((end, end + len(name), name, role))
        floor = end + len(name)
    return found


def _speakers(text: str, known: set[str]) -> list[tuple[int, int, str]]:
    """Surname-led names the segmenter tags as people and that speak (`…表示`)."""
    out = []
    words = tokens(text)
    for i in [i for i, t in enumerate(words) if t[3] == "nr"]:
        start, pos, word, _ = words[i]
        if not (2 <= len(word) <= 3) or word in known or not _has_surname(word):
            continue
        nxt = words[i + 1][2] if i + 1 < len(words) else ""
        if nxt in SPEECH and (start == 0 or text[start - 1] in "，。；！？：“”\n"):
            out.append((start, pos, word))
    return out


def _untitled_people(texts: list[tuple[str, int | None, str]], known: set[str]) -> list[list[tuple[int, int, str, str | None]]]:
    """For each text, (start, end, name, role) of the names no title-and-verb rule found and
    that people.py weighs as people, with the role written before them where there is one
    (`居民蒋秀英一边吃一边说`)."""
    def title_before(pos: int, text: str) -> bool:
        return bool(_title_end_re().search(text, max(0, pos - LONGEST_TITLE), pos))

    found = [(text, name_candidates(text, tokens(text), lambda pos, text=text: title_before(pos, text)))
             for _, _, text in texts]
    counts = Counter(c.name for _, cands in found for c in cands)
    repeated = {name for name, n in counts.items() if n >= 2} | known
    out: list[list[tuple[int, int, str, str | None]]] = []
    for text, cands in found:
        cands = [c for c in cands if c.name not in known and c.name not in _title_set() and not _is_place(c.name)]
        people_here = []
        for person in weigh_names(text, cands, NAME_FOLLOW_SET, _official_titles(),
                                   lambda pos, text=text: title_before(pos, text), repeated):
            title = _title_end_re().search(text, max(0, person.start - LONGEST_TITLE), person.start)
            role = text[_role_start(text, title.start(), 0):person.start].strip() if title else None
            if role and role.startswith("记者"):
                role = None
            people_here.append((person.start, person.end, person.name, role or None))
        out.append(people_here)
    return out


@lru_cache(maxsize=8192)
def _is_place(name: str) -> bool:
    places = find_places(name)
    return bool(places) and places[0][:2] == (0, len(name))


@lru_cache(maxsize=1)
def _title_end_re() -> re.Pattern:
    return re.compile("(?:" + "|".join(_titles()) + ")$")


# ---- organisations -----------------------------------------------------------------------

def _org_start(text: str, end: int, floor: int, words: frozenset[int]) -> int:
    """Walk back from an organisation word to the start of its name. A function word ends
    the name where the segmenter reads it as a word (同, not the 同 of 胡同)."""
    i = end
    while i > floor:
        c = text[i - 1]
        if not ("\u4e00" <= c <= "\u9fff" or c in "“”‘’·"):
            break
        hit = next((text[i - k:i] for k in (4, 3, 2, 1)
                    if i - k >= floor and i - k in words and text[i - k:i] in ORG_BOUNDARY_SET), None)
        if hit and hit != "和":
            # a function word ends the name, unless it is part of a word of the name
            if not (hit in ("联合", "会同") and text.startswith("会", i)):
                break
        if c == "和":
            before = text[floor:i - 1]
            if _suffix_re().search(before[-3:] or "") or any(before.endswith(p) for _, _, p in find_places(before[-8:])):
                break
        i -= 1
    while i < end and text[i] in "“”‘’":
        i += 1
    return i


@lru_cache(maxsize=8192)
def _proper_head(name: str) -> bool:
    """A name of a generic kind of body (…中心, …社工站) needs a proper head: a place (one the
    segmenter knows too: 湖塘镇), 中国/国家/全国, or a registered company's legal form."""
    words = tokens(name)
    first = words[0]
    head = name.startswith(("中国", "中华", "全国", "国家", "国际", "世界", "省", "市", "区", "县", "州", "乡", "镇", "街道"))
    if head and len(first[2]) <= 2 and not name.startswith(GENERIC_LEVELS):
        return True  # 省|民政厅, 县|社工站; not 乡镇|社工站, 县级|指导中心: a kind of level, not one place
    if name.endswith(LEGAL_FORMS):
        return True  # 湖商信托股份有限公司: a registered name, whatever it begins with
    places = find_places(name[:12])
    if places and places[0][0] == 0:
        return True
    if first[3] in ("nz", "nrt") or (first[3] in PROPER_TAGS and is_name_part(first[2]) and len(first[2]) >= 2):
        return True  # 西门子|公司, 海尔|集团: a brand or a foreign name heads it
    if first[3] == "ns" and len(first[2]) >= 3 and first[2][-1] in "镇乡村县区市省州":
        return True
    # 花石|乡|社工站: a name of two characters or more and the unit of a township or village
    return len(words) > 2 and len(first[2]) >= 2 and first[3] in PROPER_OR_COMMON_NOUNS and words[1][2] in TOWNSHIP_UNITS


def _orgs(text: str, people: list[tuple[int, int, str, str | None]], toks: list[Token],
          headless: list[tuple[int, int, str]] | None = None) -> list[tuple[int, int, str]]:
    """(start, end, name) of organisation names in one text; names of a generic kind of
    body with no proper head (恒心社会工作服务中心) go to `headless`, for the article to
    accept where it names that body in full elsewhere."""
    out: list[tuple[int, int, str]] = []
    name_spans = [(s, e) for s, e, _, _ in people]
    ends, word_starts, word_ends = word_bounds(text)
    for m in _suffix_re().finditer(text):
        end = m.end()
        suffix = m.group()
        if m.start() in word_starts and end not in word_ends and not _ends_word_before(text, end):
            continue  # 民政厅|会同, 困难家庭|大学生: the ending is the start of another word
        if m.start() in word_starts and end in word_ends and _tag_at(toks, ends, m.start()) == "v" and (
                len(suffix) == 1 or _tag_at(toks, ends, end) in ("v", "vn", "m")):
            continue  # 企业|会|要求, 协会|组织|开展, 组织|1500名: a verb, not the ending
        nxt = text[end:end + 1]
        minister = suffix == "部" and nxt == "长" and text[m.start() - 1:m.start()] != "副"
        if nxt and nxt in "长员门分署议上后理有属面谈计" and not minister:
            continue  # 会长, 委员, 部门, 部分: a word that goes on
        if len(suffix) == 1:
            if text[m.start() - 1:end] in NOT_ORG_ENDINGS:
                continue
            if suffix == "会" and EVENT_BEFORE_HUI.search(text[:m.start()]):
                continue
            following = text[end:end + 6]
            bounded = (not nxt or not ("\u4e00" <= nxt <= "\u9fff")
                       or _starts_with_any(following, _title_set(), 6) is not None
                       or _starts_with_any(following, WORDS_AFTER_ORG) is not None
                       or bool(_suffix_re().match(following)))
            # 应急管理厅|提前部署, 女队|以, 运输|厅|立即: a word that ends in the ending (or a
            # department's 厅 or 局), then a verb, an adverb or a preposition: the name ends there
            bounded = bounded or ((m.start() not in word_starts or suffix in GOVERNMENT_ENDINGS) and end in word_ends
                                  and _tag_at(toks, ends, end) in WORD_AFTER_NAME_TAGS)
            if not bounded and not minister:
                if not (suffix == "委" and COMMISSION_DEPARTMENT.match(following)):
                    continue
        # the name cannot reach back over a person
        floor = max([e for s, e in name_spans if e <= m.start()] + [0])
        start = _after_leading_function_words(text, _org_start(text, m.start(), floor, word_starts), m.start(), toks, ends)
        name = text[start:end]
        if len(name) - len(suffix) < 2 and suffix not in ("民政局", "民政厅", "民政部", "妇联", "残联", "团委") and (
                name not in LEVEL_COMMITTEES):
            continue  # a body of one character and its ending is too short to name one, but 市委 does
        if "“" in name and "”" not in name[name.index("“"):]:
            start += name.index("“") + 1  # a quotation opened before the name is not part of it
            name = text[start:end]
        if not name or name[0] in "各该本其此我贵" or "简称" in name:
            continue
        if name[0] in "一二三四五六七八九十两几多" and not _proper_head(name):
            continue  # 三地民政局: a count of bodies, not a name
        if _counted_or_pointed(toks, ends, start, m.start()):
            continue  # 曼谷一家报社, 重返该组织: a body counted or pointed at, not named
        if any(c in name for c in "，。、；"):
            continue
        if suffix in SCHOOL_ENDINGS and text.startswith(STUDENT_WORDS, end) and not _proper_head(name):
            continue  # 困难家庭大学|新生: students of a kind of school, not of a school named
        if name.endswith(GENERIC_ENDINGS) and not _proper_head(name):
            if headless is not None:
                headless.append((start, end, name))
            continue
        # a department inside an organisation is not listed on its own
        if suffix in DEPARTMENT and any(s < end and start <= s < m.start() and e <= m.start() for s, e, _ in out):
            continue
        if suffix in DEPARTMENT and len(name) < 3:
            continue
        if suffix in ("部", "司", "处", "科", "室", "组", "股", "办") and not GOVERNMENT_HEAD.search(name) and not (
                suffix == "部" and _proper_head(name)):
            continue  # a department needs a government or, for a ministry, its country (芬兰农林部)
        if minister and not _proper_head(name):
            continue  # 美国财政部|长 is the ministry and its minister; 宣传部长 alone names no body
        out.append((start, end, name))
    # 中国红十字会总会: a second suffix right after the first makes one name, not two (but a
    # body named inside another, 西南财经大学社会发展研究院, or a department, 民政局办公室, is one)
    out = [(s, e, name) for s, e, name in out
           if not any(s2 == s and e2 > e and _suffix_re().fullmatch(text[e:e2]) and not text[e:e2].endswith(DEPARTMENT)
                      for s2, e2, _ in out)]
    for m in NEWSPAPER.finditer(text):  # 《天津日报》: a paper is named in book marks
        if not any(a < m.end(1) and m.start(1) < b for a, b, _ in out):
            out.append((m.start(1), m.end(1), m.group(1)))
    for m in KNOWN_ORG.finditer(text):
        if not any(s <= m.start() and m.end() <= e for s, e, _ in out):
            # 美国|国务院: a place and a body
            start = next((s for s, e, _ in find_places(text[max(0, m.start() - 8):m.start()])
                          if e == min(8, m.start())), None)
            start = m.start() if start is None else m.start() - min(8, m.start()) + start
            out.append((start, m.end(), text[start:m.end()]))
    # a word the segmenter tags as an organisation, or abbreviates one, that no ending above
    # found (新华社, 欧盟)
    for i in [i for i, t in enumerate(toks) if t[3] in ORG_TAGS]:
        s, e, word, tag = toks[i]
        if not (len(word) >= 2 and (word[-1] in ORG_WORD_ENDINGS or (len(word) >= 3 and word[-1] == "国"))
                and not (word[-2] in DIRECTIONS and word[-1] in "部区") and word[0] not in "各该本其此我贵"
                and word[-2:] not in NOT_ORG_ENDINGS):
            continue  # 中西部: a region, 新格局: a word, not a body
        if _starts_with_any(word, _kind_modifiers(), 2) and len(word) > 3:
            continue  # 普通高校, 公立医院: a kind of body, not one body
        before = toks[i - 1] if i else None
        if before and before[3] == "ns":  # 俄罗斯|中央银行: a place and a body
            s, word = before[0], before[2] + word
        elif before and before[1] == s and ((len(before[2]) == 1 and before[2] in ADMIN_LEVELS) or (
                len(before[2]) >= 2 and is_han(before[2][-1]) and before[3] not in FUNCTION_TAGS and before[3] != "v")):
            continue  # 市|民政局: the end of a longer name the endings above did not take
        if (not any(a < e and s < b for a, b, _ in out) and not any(a < e and s < b for a, b in name_spans)
                and (not word.endswith(GENERIC_ENDINGS) or in_dictionary(word) or _proper_head(word))):
            out.append((s, e, word))  # a body the dictionary knows by name (微软公司) needs no head
    return sorted(out)


def _article_orgs(texts: list[str], people_by_text: list[list[tuple[int, int, str, str | None]]]
                  ) -> list[list[tuple[int, int, str]]]:
    """The organisations of each text of one article. A body named in full once (宜昌市西陵区
    恒心社会工作服务中心) may be named again without its place: such a short form counts where
    the article has its full name."""
    found: list[list[tuple[int, int, str]]] = []
    headless: list[list[tuple[int, int, str]]] = []
    for text, people in zip(texts, people_by_text):
        short: list[tuple[int, int, str]] = []
        found.append(_orgs(text, people, tokens(text), short))
        headless.append(short)
    full_names = {name for orgs in found for _, _, name in orgs}
    for orgs, short in zip(found, headless):
        for s, e, name in short:
            if any(full.endswith(name) and len(full) > len(name) for full in full_names) and not any(
                    a < e and s < b for a, b, _ in orgs):
                orgs.append((s, e, name))
        orgs.sort()
    return found


def _counted_or_pointed(toks: list[Token], ends: list[int], start: int, suffix_start: int) -> bool:
    """A count (一家, 两个) or a pronoun (该, 这个) among the words before the ending."""
    for s, e, word, tag in toks[bisect_right(ends, start):]:
        if s >= suffix_start:
            return False
        if tag == "r" or (tag == "m" and not word.startswith("第") and not word.isdigit()):
            return True
    return False


def _word_at(toks: list[Token], ends: list[int], pos: int) -> Token:
    """The word `pos` is in (`ends`: where the words end, in order); past the end, none."""
    k = bisect_right(ends, pos)
    return toks[k] if k < len(toks) else (pos, pos, "", "x")


def _tag_at(toks: list[Token], ends: list[int], pos: int) -> str:
    return _word_at(toks, ends, pos)[3]


def _ends_word_before(text: str, end: int) -> bool:
    """The segmenter ran an organisation's ending on into a title, a verb or another ending
    (协会|会长, 民政部|党组成员)."""
    after = text[end:end + LONGEST_TITLE]
    verb = _starts_with_any(after, WORDS_AFTER_ORG)
    ending = _suffix_re().match(after)
    return (_starts_with_any(after, _title_set(), LONGEST_TITLE) is not None
            or (verb is not None and len(verb) >= 2) or (ending is not None and len(ending.group()) >= 2))


def _after_leading_function_words(text: str, start: int, suffix_start: int, toks: list[Token], word_ends: list[int]) -> int:
    """An organisation's name starts at a word: not inside one, not on a verb or function
    word the walk back took in (应|中国人民外交学会, 派遣|财政部, 讯|广东香江企业集团)."""
    for s, e, word, tag in toks[bisect_right(word_ends, start):]:
        if s >= suffix_start:
            break
        if s < start:  # the walk stopped inside a word: the name starts after it
            start = e
            continue
        if tag == "r":
            break  # 各|设区市民政局: a name of no one body, which the checks after this drop
        if s == start and word.endswith(DATELINE_END) and s > 0 and text[s - 1].isdigit():
            start = e  # 29日电|中国…委员会: the dateline's 电 (a dispatch), not the name
            continue
        if tag in FUNCTION_TAGS or tag in ("v", "zg", "ng", "vg", "dg"):
            start = e
            continue
        break
    return start


# ---- places ------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _words_after_short_form() -> frozenset[str]:
    """What follows a country's one-character short form standing alone (俄|总统, 日|政府)."""
    return _official_titles() | GOVERNMENT_WORDS


def _places(text: str, toks: list[Token], people: list[tuple[int, int, str, str | None]]) -> list[tuple[int, int, str]]:
    """Gazetteer places that start where a word starts (not 中国 in 发展中国家; inside a place
    the segmenter reads as one word, 上海市|浦东新区, they may), outside people's names
    (韩国栋), and the one-character short forms of countries where the grammar shows them
    (中美, 访华, 俄方)."""
    ends = word_bounds(text)[0]

    def starts_a_name(s: int, e: int) -> bool:
        a, b, _, tag = _word_at(toks, ends, s)  # the word the place starts in
        if tag == "ns":
            return True  # 上海市|浦东新区: a place inside a place the segmenter reads as one word
        return a == s and not (tag in GRAMMAR_TAGS and b < e)

    out = [(s, e, name) for s, e, name in find_places(text) if starts_a_name(s, e)]
    for i, (s, e, word, tag) in enumerate(toks):
        if word[0] not in SHORT_FORM_STARTS or any(a < e and s < b for a, b, _ in out):
            continue
        spans: list[int] = []
        if 2 <= len(word) <= 3 and len(set(word)) == len(word) and all(c in COUNTRY_SHORT_FORMS for c in word) \
                and tag in SHORT_FORM_TAGS:
            spans = list(range(len(word)))  # 中美, 美日, 印巴: a relation between countries
        elif len(word) == 2 and word[0] in MOTION_TO_PLACE and word[1] in COUNTRY_SHORT_FORMS + CITY_SHORT_FORMS:
            spans = [1]  # 访华, 驻京, 赴美
        elif len(word) == 2 and word[0] in COUNTRY_SHORT_FORMS and word[1] in SIDE_OF_COUNTRY:
            spans = [0]  # 中方, 美军
        elif (len(word) == 1 and word in COUNTRY_SHORT_FORMS and i + 1 < len(toks)
              and toks[i + 1][2] in _words_after_short_form() and tag in SHORT_FORM_TAGS | {"nr", "b"}):
            spans = [0]  # 俄|总统, 日|政府
        out += [(s + k, s + k + 1, word[k]) for k in spans]
    return sorted((s, e, name) for s, e, name in out if not any(a <= s < b for a, b, _, _ in people))


# ---- dates -------------------------------------------------------------------------------

def _dates(text: str, issue_year: str | None) -> list[tuple[int, int, str | None]]:
    out: list[tuple[int, int, str | None]] = []
    if "年" not in text and "月" not in text:
        return out  # every form below has one of them
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for m in DATE_FULL.finditer(text):
        out.append((m.start(), m.end(), f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"))
        taken.append(m.span())
    for m in DATE_RANGE.finditer(text):
        if free(*m.span()):
            out.append((m.start(), m.end(), f"{m.group(1)}/{m.group(2)}"))
            taken.append(m.span())
    for m in DATE_YEAR_MONTH.finditer(text):
        if free(*m.span()):
            out.append((m.start(), m.end(), f"{m.group(1)}-{int(m.group(2)):02d}"))
            taken.append(m.span())
    for m in DATE_MONTH_DAY.finditer(text):
        if free(*m.span()):
            value = f"{issue_year}-{int(m.group(1)):02d}-{int(m.group(2)):02d}" if issue_year else None
            out.append((m.start(), m.end(), value))
            taken.append(m.span())
    for m in DATE_YEAR.finditer(text):
        if free(*m.span()):
            out.append((m.start(), m.end(), m.group(1)))
            taken.append(m.span())
    for m in DATE_MONTH.finditer(text):
        month = int(m.group(2))
        if free(*m.span()) and 1 <= month <= 12:
            shift = {"去年": -1, "明年": 1}.get(m.group(1) or "", 0)
            value = f"{int(issue_year) + shift:04d}-{month:02d}" if issue_year else None
            out.append((m.start(), m.end(), value))
            taken.append(m.span())
    return sorted(out)


# ---- figures and aid ---------------------------------------------------------------------

def _clause(text: str, start: int, end: int, marks: list[int]) -> tuple[str, str]:
    """The text of the figure's clause before and after it (`marks`: where clauses end)."""
    k = bisect_right(marks, end - 1)
    b = marks[k] if k < len(marks) else len(text)
    return text[_last_before(marks, start):start], text[end:b]


def _last_before(marks: list[int], pos: int) -> int:
    """Just after the last mark before `pos` (0 if none)."""
    k = bisect_right(marks, pos - 1)
    return marks[k - 1] + 1 if k else 0


def _aid(fig: Figure, before: str, after: str) -> str | None:
    """The aid category of a figure from the verb that governs it, or None."""
    verbs = _aid_verbs()
    if fig.unit not in ("CNY", "人", "人次", "户"):
        return None
    if RATE.search(before):
        return None
    wanted = ("raised", "spent") if fig.money else ("aided", "served", "raised", "spent")

    def category(word: str) -> str | None:
        if word in verbs["block"]:
            return "block"
        for cat in wanted:
            if word in verbs[cat]:
                if not fig.money and cat in ("raised", "spent"):
                    return "aided" if cat == "spent" else None
                return cat
        return None

    hits = [(m.start(), m.group()) for m in _verb_re().finditer(before)]
    for _, word in sorted(hits, reverse=True):  # the nearest verb before the figure governs it
        cat = category(word)
        if cat == "block":
            return None
        if cat:
            return cat
    # or the verb after it: for whom it is done (为8.6万名老人发放补贴), or what they receive
    # (1.2万名老人享受到…); a light verb (提供, 送去) gives way to the service it names
    # (为2300名老人提供定期探访: served)
    verbs_after = [m.group() for m in _verb_re().finditer(after)]
    if not BENEFICIARY.search(before) and not (verbs_after and verbs_after[0] in RECEIVING_VERBS):
        return None
    light = None
    for word in verbs_after:
        cat = category(word)
        if cat == "block":
            return light
        if cat and word in LIGHT_VERBS:
            light = light or cat
        elif cat:
            return cat
    return light


def _figures(text: str) -> list[dict]:
    out: list[dict] = []
    figures = find_figures(text)
    if not figures:
        return out
    clause_marks = [i for i, c in enumerate(text) if c in CLAUSE_END]
    sentence_marks = [i for i in clause_marks if text[i] in SENTENCE_END]
    for fig in figures:
        before, after = _clause(text, fig.start, fig.end, clause_marks)
        category = _aid(fig, before, after)
        item = {"type": "MONEY" if fig.money else "QUANTITY", "text": fig.text, "value": to_number(fig.value),
                "unit": fig.unit, "approx": fig.approx, "aid": category is not None, "start": fig.start, "end": fig.end}
        if category:
            item["category"] = category
        sentence_start = _last_before(sentence_marks, fig.start)
        breakdown = text.find("其中", sentence_start, fig.start)  # 其中善款…，物资折价…: every part after it
        if breakdown >= 0:
            whole = next((f for f in reversed(out) if f["unit"] == item["unit"] and f["start"] < breakdown), None)
            if whole is not None:
                item["part_of"] = whole["text"]
                item["part_of_start"] = whole["start"]
                if whole.get("aid"):  # a part of aid is aid of the same kind
                    item["aid"], item["category"] = True, whole["category"]
        out.append(item)
    return out


# ---- the stage ---------------------------------------------------------------------------

def _texts(article: dict) -> Iterator[tuple[str, int | None, int, str]]:
    """(field, paragraph, offset, text) of every text, a long one in `windows` read one at a
    time, so a paragraph of millions of characters takes time and memory in proportion."""
    for field in FIELDS:
        if isinstance(article.get(field), str) and article[field]:
            for offset, piece in windows(article[field]):
                yield field, None, offset, piece
    paragraphs = article.get("paragraphs")
    for i, para in enumerate(paragraphs if isinstance(paragraphs, list) else []):
        if isinstance(para, str):
            for offset, piece in windows(para):
                yield "paragraphs", i, offset, piece


def _where(field: str, para: int | None, start: int, end: int, offset: int = 0) -> dict:
    loc = {"field": field, "start": start + offset, "end": end + offset}
    if para is not None:
        loc["para"] = para
    return loc


def extract_entities(article: dict) -> list[dict]:
    """All entities of one article record, in field order then text order."""
    date = article.get("date")
    issue_year = date[:4] if isinstance(date, str) and date[:4].isdigit() else None
    windowed = list(_texts(article))
    texts = [(field, para, text) for field, para, _, text in windowed]
    entities: list[dict] = []
    roles: dict[str, str | None] = {}
    people_by_text: list[list] = []
    for field, para, text in texts:
        people = _people(text)
        people_by_text.append(people)
        for s, e, name, role in people:
            if name not in roles or (roles[name] is None and role):
                roles[name] = role
    for (field, para, text), people in zip(texts, people_by_text):
        for s, e, name in _speakers(text, set(roles)):
            roles.setdefault(name, None)
    for people, untitled in zip(people_by_text, _untitled_people(texts, set(roles))):
        for s, e, name, role in untitled:
            if roles.get(name) is None:
                roles[name] = role
        people += untitled
        people.sort()
    # every mention of every name, the longest name first where two overlap
    mention = re.compile("|".join(re.escape(n) for n in sorted(roles, key=len, reverse=True))) if roles else None
    aliases: dict[str, str] = {}
    orgs_by_text = _article_orgs([text for _, _, text in texts], people_by_text)
    for (field, para, offset, text), people, orgs in zip(windowed, people_by_text, orgs_by_text):
        with_role = {(s, name): role for s, e, name, role in people}
        for m in mention.finditer(text) if mention else ():
            entities.append({"type": "PERSON", "text": m.group(), "role": with_role.get((m.start(), m.group())),
                             **_where(field, para, *m.span(), offset)})
        toks = tokens(text)
        for s, e, name in orgs:
            entities.append({"type": "ORG", "text": name, **_where(field, para, s, e, offset)})
        for m in ALIAS.finditer(text):
            full = next((name for s, e, name in sorted(orgs, key=lambda o: -o[1]) if e <= m.start()), None)
            if full:
                aliases[m.group(1)] = full
        named = [(m.start(), m.end(), m.group(), None) for m in mention.finditer(text)] if mention else []
        for s, e, name in _places(text, toks, named):
            entities.append({"type": "PLACE", "text": name, **_where(field, para, s, e, offset)})
        for s, e, value in _dates(text, issue_year):
            entities.append({"type": "DATE", "text": text[s:e], "value": value, **_where(field, para, s, e, offset)})
        for item in _figures(text):
            s, e = item.pop("start"), item.pop("end")
            part_start = item.pop("part_of_start", None)
            if part_start is not None:
                item["part_of"] = {"text": item["part_of"],
                                   **_where(field, para, part_start, part_start + len(item["part_of"]), offset)}
            entities.append({**item, **_where(field, para, s, e, offset)})
    if aliases:  # an alias is listed once, as an alias, wherever it stands
        entities = [e for e in entities if not (e["type"] == "ORG" and e["text"] in aliases)]
    for alias, full in aliases.items():
        for field, para, offset, text in windowed:
            for m in re.finditer(re.escape(alias), text):
                entities.append({"type": "ORG", "text": alias, "alias_of": full, **_where(field, para, *m.span(), offset)})
    return entities


def prepare() -> None:
    """Load the word lists, the gazetteer and the segmenter now, by tagging a sample.

    Worker processes forked after this (`--jobs`) start with them in memory
    instead of each loading them again, which costs about a second.
    """
    extract_entities({"title": "北京市民政局局长王明到朝阳区调研",
                      "paragraphs": ["2023年6月，区民政局发放救助金100万元，帮助困难群众300户。王明说，要做好服务。"]})


def add_entities(article: dict) -> dict:
    """The article with `entities` added (other fields untouched)."""
    return {**article, "entities": extract_entities(article)}
