"""`entities` on general news text: people without titles, organisations by their grammar,
places of the world. The sentences are written for these tests."""
from __future__ import annotations

import pytest

from swcli import people
from swcli.entities import extract_entities


def found(text: str, kind: str) -> list[str]:
    return [e["text"] for e in extract_entities({"paragraphs": [text]}) if e["type"] == kind]


def role_of(text: str, name: str) -> str | None:
    return next(e["role"] for e in extract_entities({"paragraphs": [text]})
                if e["type"] == "PERSON" and e["text"] == name)


# ---- people -----------------------------------------------------------------------------

@pytest.mark.parametrize("text, name", [
    ("张敬涛说，今年的收成比去年好。", "张敬涛"),               # a new word with a speech verb after it
    ("会后，李振国和王秀兰一起回到村里。", "李振国"),            # 李|振国: a surname cut from its name
    ("外交部长王毅今天会见了来访的客人。", "王毅"),                # a title of public life before it
    ("李瑞环主席出席了开幕式。", "李瑞环"),                       # a title after it
    ("彭真同志多次讲过这个道理。", "彭真"),                       # a form of address after it
    ("科菲·安南表示，各方应当保持克制。", "科菲·安南"),           # a ·-joined foreign name
    ("美国总统克林顿说，会谈是有益的。", "克林顿"),               # a transliterated name after a title
])
def test_people_without_a_rule_of_title_and_verb(text, name):
    assert name in found(text, "PERSON")


@pytest.mark.parametrize("text, word", [
    ("北京晴转雷阵雨，气温19℃。", "雷阵雨"),            # a dictionary word whose tail is a word (雷|阵雨)
    ("两个文明建设都要抓好。", "文明"),                   # a two-character dictionary word
    ("湖南省长沙市的志愿者出发了。", "沙市"),             # 省长 cut across two places is no title
    ("香烟燃烧产生的尼古丁进入口腔。", "尼古丁"),          # transliteration characters with nothing around
])
def test_ordinary_words_are_no_people(text, word):
    assert word not in found(text, "PERSON")


@pytest.mark.parametrize("text, word", [
    ("六十年代初，吴先生到了北京。", "吴先生"),              # a surname and a form of address
    ("球队的教练相继对记者发表了看法。", "相继"),             # a dictionary word with an ordinary tag
    ("不仅大学生应如此，其他人也应如此。", "应如此"),          # a phrase with a function word
    ("各级党员干部都要学习。", "干部"),                        # a title after a description
    ("江西安义县万埠镇建起了新校舍。", "万埠镇"),              # a settlement named after a family
])
def test_no_person_from_an_address_a_phrase_or_a_place(text, word):
    assert word not in found(text, "PERSON")


def test_a_joined_name_stops_where_the_sentence_goes_on():
    assert "尼古拉斯·英博登" in found("亚行理事会主席尼古拉斯·英博登在会上表示，亚行将继续支持。", "PERSON")
    assert "罗伯特·马尔登" in found("新西兰总理罗伯特·马尔登有幸成为第一位客人。", "PERSON")
    assert "安吉拉·克里斯亚蒂诺" in found("皮肤学教授安吉拉·克里斯亚蒂诺等人做了研究。", "PERSON")


def test_a_name_the_hmm_glued_to_a_verb_is_cut_back():
    assert found("”东郊镇村民林雪说。", "PERSON") == ["林雪"]


def test_a_description_before_an_untitled_name_is_its_role():
    text = "扎根高原多年的医疗志愿者李振国等人也来了。"
    assert role_of(text, "李振国") == "医疗志愿者"


def test_a_joined_name_runs_to_punctuation_not_to_a_one_character_word():
    assert "热依拉·阿不都热合曼" in found("志愿服务队队员热依拉·阿不都热合曼，来自南疆。", "PERSON")
    assert "艾尔肯·吐尼亚孜" in found("社工艾尔肯·吐尼亚孜介绍，站里有三名社工。", "PERSON")


def test_the_threshold_decides_and_each_signal_moves_a_candidate():
    """A three-character name with a frequent surname that the dictionary holds sits at the
    threshold; a two-character dictionary word needs a title or a form of address as well."""
    assert people.W_FREQUENT_SURNAME + people.W_THREE_CHARACTERS == people.PERSON_THRESHOLD
    pair = people.W_FREQUENT_SURNAME + people.W_DICTIONARY_PAIR
    assert pair + people.W_VERB_AFTER < people.PERSON_THRESHOLD
    assert pair + people.W_ADDRESS_AFTER >= people.PERSON_THRESHOLD


# ---- organisations ----------------------------------------------------------------------

@pytest.mark.parametrize("text, org", [
    ("他应中国人民外交学会的邀请来访。", "中国人民外交学会"),      # 应 is a verb, not the name's start
    ("湖商信托股份有限公司捐赠了一批物资。", "湖商信托股份有限公司"),  # a registered company's legal form
    ("湖塘镇社工站的社工上门走访。", "湖塘镇社工站"),              # a township the segmenter knows heads it
    ("海南省民政厅会同省应急管理厅启动响应。", "海南省民政厅"),      # 会同 is a verb, not 厅会
    ("美国国务院发言人今天表示反对。", "美国国务院"),               # a place and a known body
    ("巴西队在上半场就攻入两球。", "巴西队"),                     # a team named by its country
    ("花园乡社工站的社工走进农户家中。", "花园乡社工站"),          # a name and a township's unit head it
    ("省交通运输厅立即组织抢修。", "省交通运输厅"),                # a department's 厅, then an adverb
    ("东城区老街胡同互助志愿服务队队长张明说，大家都来了。",
     "东城区老街胡同互助志愿服务队"),                              # the 同 of 胡同 is no function word
])
def test_organisations_by_their_grammar(text, org):
    assert org in found(text, "ORG")


@pytest.mark.parametrize("text, org", [
    ("新华社北京6月29日电国家发展计划委员会今天宣布。", "国家发展计划委员会"),  # after the dateline
    ("他订阅了《天津日报》。", "天津日报"),                               # a paper in book marks
    ("西门子公司宣布了新的计划。", "西门子公司"),                         # a foreign brand heads it
    ("市委书记到村里调研。", "市委"),                                     # the party committee of a level
    ("美国财政部长今天说，利率不变。", "美国财政部"),                      # a ministry before its minister
    ("日本女队以两分优势战胜对手。", "日本女队"),     # a word ending in the ending, then a preposition
])
def test_organisations_named_in_news_text(text, org):
    assert org in found(text, "ORG")


@pytest.mark.parametrize("text, org", [
    ("她原在曼谷一家报社工作。", "曼谷一家报社"),                # counted, not named
    ("怀化市社会工作协会组织1500余名志愿者上门。", "怀化市社会工作协会组织"),  # 组织 is the verb
    ("海南省民政厅会同省应急管理厅启动响应。", "海南省民政厅会"),
    ("资金由各区县社工站统一发放。", "区县社工站"),                 # 各: no one body
    ("建立乡镇社工站，覆盖所有村。", "乡镇社工站"),                 # a kind of level, not a place
    ("部队官兵连夜赶到。", "部队"),
    ("养老服务形成新格局。", "新格局"),  # a word the tagger tags as a body, whose end is a plain word
    ("他们为考入重点高校的学生发放奖学金。", "重点高校"),          # a kind of school, not one school
    ("公立医院改革继续推进。", "公立医院"),
    ("向困难家庭大学新生发放助学金。", "困难家庭大学"),            # students of a kind of school
])
def test_no_organisation_from_a_verb_or_a_kind(text, org):
    assert org not in found(text, "ORG")


def test_a_body_named_in_full_once_may_be_named_again_without_its_place():
    text = "杭州市拱墅区阳光社会工作服务中心成立三年。如今，阳光社会工作服务中心已有社工20名。"
    assert found(text, "ORG") == ["杭州市拱墅区阳光社会工作服务中心", "阳光社会工作服务中心"]
    assert found("如今，阳光社会工作服务中心已有社工20名。", "ORG") == []  # with no full name, no head


def test_an_alias_is_listed_once_as_an_alias():
    text = "中国儿童少年基金会（以下简称“儿基会”）成立于1981年。儿基会今年资助了更多孩子。"
    aliases = [e for e in extract_entities({"paragraphs": [text]}) if e["type"] == "ORG" and e["text"] == "儿基会"]
    assert len(aliases) == 2 and all(e.get("alias_of") == "中国儿童少年基金会" for e in aliases)


# ---- places -----------------------------------------------------------------------------

@pytest.mark.parametrize("text, place", [
    ("美国和古巴的关系出现了变化。", "古巴"),                     # countries
    ("代表团今天抵达莫斯科。", "莫斯科"),                          # capitals
    ("东南亚国家的游客增加了。", "东南亚"),                        # world regions
])
def test_places_of_the_world(text, place):
    assert place in found(text, "PLACE")


def test_one_character_short_forms_where_the_grammar_shows_them():
    assert found("中美两国加强合作。", "PLACE") == ["中", "美"]
    assert "华" in found("总统将于下月访华。", "PLACE")
    assert "中" in found("中方对此表示欢迎。", "PLACE")


def test_a_place_inside_a_word_or_a_name_is_none():
    assert "中国" not in found("发达国家排放比发展中国家多。", "PLACE")
    assert "韩国" not in found("厅长韩国栋出席会议。", "PLACE")


# ---- aid --------------------------------------------------------------------------------

@pytest.mark.parametrize("text, rate", [
    ("助餐点为老人提供午餐，每餐2元，全年服务3000人次。", "2元"),     # a price per meal
    ("为每床补贴500元，共资助养老机构20家。", "500元"),               # a subsidy per bed
])
def test_a_rate_is_never_aid(text, rate):
    figures = {e["text"]: e for e in extract_entities({"paragraphs": [text]}) if e["type"] == "MONEY"}
    assert figures[rate]["aid"] is False


def aid_of(text: str, figure: str) -> tuple[bool, str | None]:
    item = next(e for e in extract_entities({"paragraphs": [text]}) if e.get("text") == figure)
    return item["aid"], item.get("category")


@pytest.mark.parametrize("text, figure, expected", [
    # the verb after a figure governs it only for whom it is done (为…)
    ("本届活动共评选出最美志愿者100名、最佳志愿服务组织50个。", "100名", (False, None)),
    ("为城乡低保对象12.4万人、特困人员1.2万人提供基本生活保障。", "1.2万人", (True, "aided")),
    # a light verb gives way to the service it names
    ("今年以来为2300余名独居老人提供定期探访服务。", "2300余名", (True, "served")),
    # or what the people counted receive
    ("目前，全市1.2万名低保老人享受到助餐补贴。", "1.2万名", (True, "aided")),
    # every part of a breakdown after 其中 is a part of the whole
    ("共募集款物2300万元，其中善款1826万元，物资折价470余万元。", "470余万元", (True, "raised")),
])
def test_aid_by_the_clause(text, figure, expected):
    assert aid_of(text, figure) == expected
