"""People named without a title: candidates from the segmenter, weighed by their signals.

A title before a name (`会长陈存根`) settles it, and entities.py reads
those.  Most people in news text have none: a villager, a name in a list,
a foreign minister named once.  Their names come from the segmenter's
person tags (`nr`, `nrfg`, `nrt`), which are loose: jieba's dictionary
tags `文明`, `卫星` and `多云` as names too.  So every candidate is weighed
here, in one place, by

- its shape: a frequent surname and a three-character name, a word the
  dictionary does not hold (the segmenter's HMM found it: new names come
  out so), a foreign name of transliteration characters alone, two parts
  joined by `·`;
- what stands around it: a speech or action verb after it, a title or a
  name list before it, a form of address (`先生`, `同志`);
- whether the article names it again.

A candidate is a person when its weight reaches `PERSON_THRESHOLD`.  The
weights were set by hand on the dev split of the outside benchmark
(tools/peer_ner) and checked on the corpus's articles.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from .segment import Token, in_dictionary, tag_of
from .wordlists import data_words

PERSON_TAGS = frozenset(("nr", "nrfg", "nrt"))
FREQUENT_SURNAMES = 100  # the table's first entries, in order of frequency, cover most people
NAME_PUNCTUATION = "，。、；：！？（）()“”\"'《》 \n,;:!?"  # what closes a name or opens the text before it
NAME_JOINERS = "·•—-"
LONGEST_TITLE_AFTER = 4  # characters of a title read after a name
MAX_FOREIGN_NAME = 6  # characters of one part of a transliterated name (库马拉通加)
GIVEN_NAME_TAGS = frozenset(("nr", "nrfg", "ns", "n", "nz", "a", "ng", "ag", "vg"))  # what a cut-off given name is tagged
NAME_END_TAGS = frozenset(("n", "a", "ng", "ag", "nr", "nz", "vg", "tg"))  # a given name's last character alone
ADDRESS_FORMS = ("先生", "女士", "同志", "夫人", "小姐", "老人", "教授", "博士")
HONORIFICS = frozenset(ADDRESS_FORMS + ("某", "老", "总", "大娘", "大爷", "大妈", "阿姨", "师傅", "老师", "大夫", "医生",
                                        "奶奶", "爷爷", "书记", "局长", "主任", "经理", "同学"))
DOCTRINES = ("理论", "思想", "主义")
NAMED_AFTER_A_PERSON = DOCTRINES + ("政府", "时代", "家族")  # 克林顿政府, 周恩来思想
NAME_LIKE_TAGS = frozenset(("nz", "n", "ns", "nt", "j", "t", "l", "i"))  # tags a name after a title gets instead of nr
SETTLEMENT_ENDINGS = frozenset("镇乡村县市省区州堡屯寨")
LOOK_TAGS = PERSON_TAGS | NAME_LIKE_TAGS
GLUED_AFTER_NAME = frozenset("说是在和与及等也都就去来对向")
SPEECH = ("表示", "指出", "说", "介绍", "强调", "认为", "希望", "坦言", "告诉", "透露", "称")  # verbs of speech after a name

# weights of the signals; a candidate is a person at PERSON_THRESHOLD
W_FREQUENT_SURNAME = 1.0
W_RARE_SURNAME = 0.3
W_THREE_CHARACTERS = 1.5
W_NEW_WORD = 1.0  # not in the dictionary: found by the HMM
W_DICTIONARY_PAIR = -1.2  # a two-character dictionary word: far more often an ordinary word
W_WORD_AFTER_SURNAME = -1.0  # a dictionary word whose part after the surname is a word too (雷|阵雨)
W_FOREIGN = 1.2
W_FOREIGN_LONG = 0.6  # three characters or more
W_JOINED = 2.5  # 科菲·安南
W_SPEECH_AFTER = 2.0
W_VERB_AFTER = 1.2
W_ADDRESS_AFTER = 2.8
W_PUNCTUATION_AFTER = 0.5
W_TITLE_AFTER = 1.5  # 李瑞环主席, 蔡方柏大使
W_TITLE_BEFORE = 2.0
W_LIST = 0.6  # 、 or 和 to another candidate
W_REPEATED = 0.4
PERSON_THRESHOLD = 2.5


@lru_cache(maxsize=1)
def surname_ranks() -> dict[str, int]:
    """Surname → its rank in data/surnames.txt (single and compound, most frequent first)."""
    ranks: dict[str, int] = {}
    for word in data_words("surnames.txt"):
        ranks.setdefault(word, len(ranks))
    return ranks


@lru_cache(maxsize=1)
def transliteration_chars() -> frozenset[str]:
    """The characters of transliterated names, and the joiners between their parts."""
    return frozenset("".join(data_words("transliteration.txt")) + NAME_JOINERS)


def surname_of(name: str) -> str | None:
    """The surname `name` starts with, the compound one first (欧阳, 司马)."""
    ranks = surname_ranks()
    if name[:2] in ranks and len(name) >= 3:
        return name[:2]
    return name[:1] if name[:1] in ranks else None


@lru_cache(maxsize=65536)
def is_foreign(name: str) -> bool:
    """Two characters or more, all of transliteration (words recur: kept once read)."""
    return len(name) >= 2 and transliteration_chars().issuperset(name)


def is_honorific(name: str) -> bool:
    """A surname and a form of address (吴先生, 李大娘, 王某): a person referred to, whose name
    is not written."""
    surname = surname_of(name)
    return surname is not None and name[len(surname):] in HONORIFICS


@lru_cache(maxsize=65536)
def is_name_part(word: str) -> bool:
    """A part of a transliterated name: transliteration characters, one of them or more."""
    return bool(word) and transliteration_chars().issuperset(word)


@dataclass
class Candidate:
    start: int
    end: int
    name: str
    weight: float = 0.0


def _han_shape(name: str) -> float | None:
    """The weight a Chinese name's shape gives, or None when it cannot be one."""
    surname = surname_of(name)
    if surname is None or not 2 <= len(name) - len(surname) + 1 <= 3:
        return None
    if len(name) >= 3 and name[-1] in SETTLEMENT_ENDINGS:
        return None  # 万埠镇, 李卜村: a settlement named after a family, not a person
    if is_honorific(name):
        return None
    weight = W_FREQUENT_SURNAME if surname_ranks()[surname] < FREQUENT_SURNAMES or len(surname) == 2 else W_RARE_SURNAME
    if len(name) - len(surname) == 2:
        weight += W_THREE_CHARACTERS
    given = name[len(surname):]
    if not in_dictionary(name):
        weight += W_NEW_WORD
    elif len(name) == 2:
        weight += W_DICTIONARY_PAIR
    if len(given) == 2 and in_dictionary(given) and tag_of(given) not in PERSON_TAGS:
        weight += W_WORD_AFTER_SURNAME
    return weight


def _foreign_shape(name: str) -> float | None:
    if not is_foreign(name):
        return None
    weight = W_FOREIGN + (W_FOREIGN_LONG if len(name) >= 3 else 0.0)
    if not in_dictionary(name):
        weight += W_NEW_WORD / 2
    return weight


def candidates(text: str, toks: list[Token], title_before: Callable[[int], bool] = lambda pos: False) -> list[Candidate]:
    """Person-tagged words and `·`-joined foreign names, with the weight of their shape.

    Right after a title any word of a name's shape is a candidate, whatever its tag
    (总书记金正日: `nz`).
    """
    out: list[Candidate] = []
    ranks = surname_ranks()
    # most words have nothing of a name: only those tagged as names or like them, and the
    # word before a joiner (科菲|·|安南), are looked at
    worth_a_look = [i for i, (_, _, word, tag) in enumerate(toks) if tag in LOOK_TAGS]
    if any(joiner in text for joiner in NAME_JOINERS):
        worth_a_look += [i - 1 for i, (_, _, word, _) in enumerate(toks) if word in NAME_JOINERS and i]
        worth_a_look.sort()
    next_free = 0  # the first word no candidate took yet
    for i in worth_a_look:
        if i < next_free:
            continue
        start, end, word, tag = toks[i]
        if tag in PERSON_TAGS and len(word) >= 4 and word.endswith(DOCTRINES):
            word = word[:-2]  # 邓小平理论: the name and its doctrine in one word
            end = start + len(word)
        elif (tag not in PERSON_TAGS and tag in NAME_LIKE_TAGS and 2 <= len(word) <= MAX_FOREIGN_NAME
              and (word[0] in ranks or is_foreign(word)) and title_before(start)):
            shape = _han_shape(word) if 2 <= len(word) <= 4 else None
            if shape is None and len(word) >= 3:
                shape = _foreign_shape(word)
            if shape is not None:
                out.append(Candidate(start, end, word, shape))
            next_free = i + 1
            continue
        # 科菲·安南, 维姆·杜伊森贝赫: parts of transliteration characters around a joiner
        j = i
        while (j + 2 < len(toks) and toks[j + 1][2] in NAME_JOINERS
               and is_name_part(toks[j][2]) and is_name_part(toks[j + 2][2])
               and (is_foreign(toks[j][2]) or is_foreign(toks[j + 2][2]))):
            j += 2  # 马·莱万多夫斯基: an initial of one character joins too
        if j > i:
            last = toks[j][0]  # 娜塔·卢布|里克: the last part's pieces the segmenter cut off
            while j + 1 < len(toks) and is_name_part(toks[j + 1][2]) and toks[j + 1][1] - last <= MAX_FOREIGN_NAME:
                j += 1
            name = text[start:toks[j][1]]
            out.append(Candidate(start, toks[j][1], name, W_JOINED + W_FOREIGN))
            next_free = j + 1
            continue
        # 斯捷|帕申, 哈|比比: a foreign name the segmenter cut into pieces
        j = i
        while (is_name_part(word) and j + 1 < len(toks) and is_name_part(toks[j + 1][2])
               and toks[j + 1][1] - start <= MAX_FOREIGN_NAME):
            j += 1  # 卓|科达, 库|尼科娃: a first character the segmenter left alone joins too
        if j > i and any(t[3] in PERSON_TAGS for t in toks[i:j + 1]) and is_foreign(text[start:toks[j][1]]):
            word, end, tag = text[start:toks[j][1]], toks[j][1], "nrt"
            i = j
        # 张友|香, 汪明|新: a three-character name cut after its second character
        elif (tag in PERSON_TAGS and len(word) == 2 and i + 1 < len(toks) and len(toks[i + 1][2]) == 1
              and toks[i + 1][3] in NAME_END_TAGS and not in_dictionary(word + toks[i + 1][2])
              and _han_shape(word) is not None):
            word, end = word + toks[i + 1][2], toks[i + 1][1]
            i += 1
        # 李|振国, 蒋|秀英: a surname the segmenter cut from its given name
        elif (tag == "nr" and len(word) == 1 and word in ranks and i + 1 < len(toks)
              and 1 <= len(toks[i + 1][2]) <= 2 and toks[i + 1][3] in GIVEN_NAME_TAGS
              and not in_dictionary(word + toks[i + 1][2])):
            word, end = word + toks[i + 1][2], toks[i + 1][1]
            i += 1
        # 林雪说: the HMM glued a one-character verb or particle to a two-character name
        if tag in PERSON_TAGS and len(word) == 3 and word[-1] in GLUED_AFTER_NAME and not in_dictionary(word):
            word, end = word[:2], end - 1
        if tag in PERSON_TAGS and 2 <= len(word) <= MAX_FOREIGN_NAME:
            shape = _han_shape(word)
            foreign = _foreign_shape(word)
            if shape is not None or foreign is not None:
                out.append(Candidate(start, end, word, max(w for w in (shape, foreign) if w is not None)))
        next_free = i + 1
    return out


def _after_weight(after: str, follow_words: frozenset[str], titles: frozenset[str]) -> float:
    if not after:
        return W_PUNCTUATION_AFTER
    if after.startswith(SPEECH):
        return W_SPEECH_AFTER
    if after.startswith(ADDRESS_FORMS):
        return W_ADDRESS_AFTER
    if any(after[:k] in titles for k in range(len(after), 1, -1)) or after.startswith(NAMED_AFTER_A_PERSON):
        return W_TITLE_AFTER
    if any(after[:k] in follow_words for k in (3, 2, 1)):
        return W_VERB_AFTER
    if after[0] in NAME_PUNCTUATION:
        return W_PUNCTUATION_AFTER
    return 0.0


def weigh(text: str, found: list[Candidate], follow_words: frozenset[str], titles: frozenset[str],
          title_before: Callable[[int], bool], names_elsewhere: set[str]) -> list[Candidate]:
    """The candidates of one text that are people, each with its weight."""
    starts = {c.start for c in found}
    ends = {c.end for c in found}
    people = []
    for c in found:
        weight = c.weight + _after_weight(text[c.end:c.end + LONGEST_TITLE_AFTER], follow_words, titles)
        if title_before(c.start):
            weight += W_TITLE_BEFORE
        if (text[c.end:c.end + 1] in ("、", "和", "与") and c.end + 1 in starts) or (
                c.start >= 1 and text[c.start - 1] in "、和与" and c.start - 1 in ends):
            weight += W_LIST
        if c.name in names_elsewhere:
            weight += W_REPEATED
        if weight >= PERSON_THRESHOLD:
            people.append(Candidate(c.start, c.end, c.name, weight))
    return people
