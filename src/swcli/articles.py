"""Page records → article records (`swcli split`).

Takes the page records `clean` gives (blocks in reading order) and yields

    {"id": "page-001.txt#2", "doc": "page-001.txt", "page": 1, "seq": 2,
     "title": "…", "kicker": "…", "subtitle": null, "byline": null,
     "source": "新疆民政", "date": null, "section": null, "paragraphs": ["…"]}

The method, in typographic terms:

1. A page's blocks fall into *headline groups* (kicker, title, subtitle set
   together) and *body segments*: runs of paragraphs that a source line
   closes, a byline opens, or a headline group interrupts.  A headline set
   into the middle of a running paragraph (`floating`) interrupts nothing.
2. A paragraph set in a wider measure than the page's columns and standing
   apart from any headline is a displaced lead; it forms a segment of its own.
3. Headlines and segments are paired as one assignment over the page that
   maximises the total score: how many of the headline's character bigrams
   recur in the segment's first sentences, plus a bonus when the segment is
   set right under the headline, or right above it when the segment opens a
   column while the text before it stops mid-sentence (another story's
   column, its headline printed after it).  Each headline takes one segment.
   A fragment that starts mid-sentence (`，…`) or a scrap of a few
   characters never opens an article.
4. A segment no headline took carries on the article before it on the page
   (a column the headline did not reach), unless it opens with a byline,
   which always starts an article; a displaced lead goes to the article
   whose text it shares most and stands first.
5. Jump lines tie pages together: a `（下转第N版）` segment continues after
   the `（上接第M版）` line on a later page, where a repeat of the headline is
   dropped; a sentence cut by the jump is joined again.
6. `seq` follows the order in which the articles' bodies start; `date` and
   `section` come from the running head of the page where the article starts.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable, Iterable, Iterator

from .layout import SOURCE_TAIL, WRAP_SLACK, ends_sentence
from .textutil import NOT_WORD, bigram_share, char_bigrams

CONTINUATION = "，。、；：！？）)”,.;:"


# ---- units of a page ---------------------------------------------------------------------

@dataclass
class HeadGroup:
    pos: int
    blocks: list[dict]
    floating: bool = False
    attached: bool = False
    repeat_of_jump: bool = False
    byline: str | None = None  # a credit set under the headline, before anything else of the story

    def role(self, name: str) -> str | None:
        texts = [b["text"] for b in self.blocks if b.get("role") == name]
        return texts[0] if texts else None

    @property
    def title(self) -> str:
        return self.role("title") or self.blocks[0]["text"]

    @property
    def text(self) -> str:
        return "".join(b["text"] for b in self.blocks)

    @cached_property
    def bigrams(self) -> set[str]:
        return char_bigrams(self.text)

    @cached_property
    def title_bigrams(self) -> set[str]:
        return char_bigrams(self.title)


@dataclass
class Segment:
    pos: int
    page: int
    paragraphs: list[dict] = field(default_factory=list)
    byline: str | None = None
    source: str | None = None
    lead: bool = False
    after_head: HeadGroup | None = None  # the headline group set right above it
    opens_column: bool = False  # opens while the paragraph before it was mid-sentence: another story's column
    before_head: HeadGroup | None = None  # the headline right after it, when it opens a column with none above
    jump_in: bool = False  # starts after a （上接…） line
    repeat: HeadGroup | None = None  # the headline repeated above that line
    jump_out: bool = False  # ends with a （下转…） line
    wide: bool = False  # opens with a paragraph set wider than the columns (a lead set apart)
    positions: list[int] = field(default_factory=list)  # each paragraph's block index on the page

    @property
    def text(self) -> str:
        return "".join(p["text"] for p in self.paragraphs)

    @cached_property
    def plain(self) -> str:
        """The text with punctuation dropped, to look bigrams up in."""
        return NOT_WORD.sub("", self.text)

    @cached_property
    def opens_mid_sentence(self) -> bool:
        return self.text[:1] in CONTINUATION

    @cached_property
    def opening(self) -> str:
        """The start of `plain`, where a headline's words come back."""
        return self.plain[:140]


@dataclass
class Article:
    head: HeadGroup | None
    page_meta: dict
    page: int
    start: tuple[int, int]
    segments: list[Segment] = field(default_factory=list)
    leads: list[Segment] = field(default_factory=list)

    @property
    def continued(self) -> bool:
        return bool(self.segments) and self.segments[-1].jump_out


def _similarity(head: str | set[str], body: str) -> float:
    """Share of the first text's character bigrams (or a bigram set) found in the second text."""
    return bigram_share(head if isinstance(head, set) else char_bigrams(head), body)


def _page_units(page: dict) -> tuple[list[HeadGroup], list[Segment]]:
    """Cut a page's blocks into headline groups and body segments."""
    blocks = page.get("blocks") or []
    paragraph_widths = sorted(b.get("width", 0) for b in blocks if b.get("kind") == "paragraph")
    column = paragraph_widths[(len(paragraph_widths) - 1) // 2] if paragraph_widths else 0
    heads: list[HeadGroup] = []
    segments: list[Segment] = []
    current: Segment | None = None
    last_head: HeadGroup | None = None  # a group with nothing but furniture after it yet
    pending_jump_in = False

    def close() -> None:
        nonlocal current
        if current is not None and not current.paragraphs and current.byline and current.after_head:
            current.after_head.byline = current.byline  # a credit under a headline, its body set elsewhere
        elif current is not None and (current.paragraphs or current.byline):
            segments.append(current)
        current = None

    def open_segment(pos: int) -> Segment:
        nonlocal current, last_head, pending_jump_in
        close()
        current = Segment(pos, page.get("page", 1), after_head=last_head, jump_in=pending_jump_in)
        if pending_jump_in:
            current.repeat = last_head
        pending_jump_in = False
        last_head = None
        return current

    for pos, block in enumerate(blocks):
        kind = block.get("kind")
        if kind == "heading":
            group = block.get("group")
            if heads and heads[-1].blocks[-1].get("group") == group and heads[-1].pos + len(heads[-1].blocks) == pos:
                heads[-1].blocks.append(block)
                heads[-1].attached = bool(block.get("attached"))  # the group's last line is what touches a body
                continue
            head = HeadGroup(pos, [block], floating=bool(block.get("floating")), attached=bool(block.get("attached")))
            heads.append(head)
            if not head.floating:
                if current is not None and current.opens_column:
                    current.before_head = head  # pdftotext may print a headline after its story's first column
                close()
                last_head = head
            continue
        if kind == "furniture":
            if block.get("field") == "jump":
                if block.get("jump") == "out" and current is not None:
                    current.jump_out = True
                    close()
                elif block.get("jump") == "in":
                    close()
                    pending_jump_in = True
                    if last_head is not None:
                        last_head.repeat_of_jump = True
            continue
        if kind == "noise":
            continue
        if kind == "byline":
            seg = open_segment(pos)
            seg.byline = block["text"]
            continue
        if kind == "source":
            target = current if current is not None else open_segment(pos)
            found = SOURCE_TAIL.search(block["text"])
            source = block.get("source") if isinstance(block.get("source"), str) else None
            target.source = source or (found.group(1) if found else block["text"].strip("（）() ") or None)
            close()
            continue
        if kind == "paragraph":
            wide = column and block.get("width", 0) > column * 1.3
            if wide and last_head is None and not (current and current.byline and not current.paragraphs):
                close()
                lead = Segment(pos, page.get("page", 1), [block], lead=True)
                segments.append(lead)
                continue
            opens_column = bool(block.get("opens_column"))
            cut = opens_column and current is not None and bool(current.paragraphs)
            target = current if current is not None and not current.lead and not cut else open_segment(pos)
            if opens_column and not target.paragraphs:
                target.opens_column = True
            if wide and not target.paragraphs:
                target.wide = True
            target.paragraphs.append(block)
            target.positions.append(pos)
    close()
    segments = _cut_at_inset_heads(heads, segments)
    # a lead-only page (no narrow columns) has no displaced leads
    if all(s.lead for s in segments):
        for s in segments:
            s.lead = False
    return heads, segments


INSET_TOPIC_GAIN = 0.5  # summed share of title bigrams by which the paragraphs from a cut on must favour the inset headline


def _cut_at_inset_heads(heads: list[HeadGroup], segments: list[Segment]) -> list[Segment]:
    """Cut a segment where the story of a headline inset in it begins.

    A headline set into the middle of a running paragraph (`floating`) sits
    inside its own story's text, and that story may begin a few paragraphs
    above it, right after the end of the story above, with nothing between
    but a paragraph break; so may the story of a headline printed right after
    the segment (pdftotext gives a headline set across columns after the first
    column under it).  The cut goes before the paragraph from which on
    the text speaks of the inset headline's title more than of the title
    above it (both as shares of their bigrams), summed, by at least
    `INSET_TOPIC_GAIN`, the first paragraph after the cut among them; the
    part from the cut is set under the inset headline.
    """
    out: list[Segment] = []
    floating = [h for h in heads if h.floating]
    for seg in segments:
        above = seg.after_head
        inset = next((h for h in floating if seg.positions and seg.positions[0] < h.pos < seg.positions[-1]), None)
        if inset is None and seg.positions:
            inset = next((h for h in heads if h.pos > seg.positions[-1]), None)  # printed after its first column
            if inset is not None and any(s.pos < inset.pos for s in segments if s.pos > seg.pos):
                inset = None
        if inset is None or inset is above or above is None or seg.lead or len(seg.paragraphs) < 2:
            out.append(seg)
            continue
        last = next((i for i, at in enumerate(seg.positions) if at > inset.pos), len(seg.positions) - 1)
        best, cut = _topic_cut(seg, above, inset, last)
        if best < INSET_TOPIC_GAIN:
            out.append(seg)
            continue
        head_part = Segment(seg.pos, seg.page, seg.paragraphs[:cut], byline=seg.byline, after_head=above,
                            jump_in=seg.jump_in, repeat=seg.repeat, wide=seg.wide, positions=seg.positions[:cut])
        story = Segment(seg.positions[cut], seg.page, seg.paragraphs[cut:], source=seg.source, after_head=inset,
                        jump_out=seg.jump_out, positions=seg.positions[cut:])
        out += [head_part, story]
    return out


def _topic_cut(seg: Segment, above: HeadGroup, other: HeadGroup, last: int) -> tuple[float, int]:
    """Where in the segment (a paragraph index from 1 to `last`) the text turns from the title
    above to the other title, and by how much: the paragraphs from the cut on speak of the
    other title more than of the one above, summed, the first of them too; (0.0, 0) if nowhere."""
    plains = [NOT_WORD.sub("", p["text"]) for p in seg.paragraphs]
    gains = [_similarity(other.title_bigrams, t) - _similarity(above.title_bigrams, t) for t in plains]
    best, cut = 0.0, 0
    for k in range(1, last + 1):
        if seg.paragraphs[k]["text"][:1] in CONTINUATION or gains[k] <= 0:
            continue  # a story opens with a sentence, and with its own topic
        gain = sum(gains[k:])
        if gain > best:
            best, cut = gain, k
    return best, cut


# ---- assignment --------------------------------------------------------------------------

BEFORE_HEAD_BONUS = 0.6  # a column with no headline above, the headline right after it: as a headline set above


def _pair_score(head: HeadGroup, seg: Segment) -> float:
    plain = seg.plain
    if len(plain) < 12 or seg.opens_mid_sentence:
        return -1.0  # a fragment that starts mid-sentence, or a scrap, does not open an article
    score = _similarity(head.bigrams, seg.opening) + 0.5 * _similarity(head.title_bigrams, plain)
    if seg.after_head is head:
        score += 1.2 if head.attached else 0.6
    elif seg.before_head is head:
        score += BEFORE_HEAD_BONUS
    return score


def _assign(heads: list[HeadGroup], segs: list[Segment]) -> dict[int, int]:
    """Best one-to-one pairing of headline groups to segments: {head index: segment index}.

    Exact search over which segments are taken (a bit mask), best total
    first; on a tie the earlier choice (no segment, then the lowest index)
    stays.  A pair scoring below -0.5 can never beat leaving the headline
    without a body, so segments with no such pair are left out of the search.
    """
    scores = [[_pair_score(h, s) for s in segs] for h in heads]
    if len(segs) > 16:
        return _greedy(scores)
    live = [j for j in range(len(segs)) if any(row[j] >= -0.5 for row in scores)]
    memo: dict[tuple[int, int], float] = {}
    choice: dict[tuple[int, int], int] = {}  # the segment (index into live) a headline takes, -1 for none

    def best(i: int, used: int) -> float:
        if i == len(heads):
            return 0.0
        key = (i, used)
        if key in memo:
            return memo[key]
        value, pick = best(i + 1, used) - 0.5, -1  # this headline takes no segment
        row = scores[i]
        for k, j in enumerate(live):
            if not used & (1 << k):
                candidate = best(i + 1, used | (1 << k)) + row[j]
                if candidate > value:
                    value, pick = candidate, k
        memo[key], choice[key] = value, pick
        return value

    best(0, 0)
    pairing: dict[int, int] = {}
    used = 0
    for i in range(len(heads)):
        k = choice[(i, used)]
        if k >= 0:
            pairing[i] = live[k]
            used |= 1 << k
    return pairing


def _greedy(scores: list[list[float]]) -> dict[int, int]:
    pairs = sorted(((s, i, j) for i, row in enumerate(scores) for j, s in enumerate(row)), reverse=True)
    taken_i: set[int] = set()
    taken_j: set[int] = set()
    out: dict[int, int] = {}
    for s, i, j in pairs:
        if i not in taken_i and j not in taken_j:
            out[i] = j
            taken_i.add(i)
            taken_j.add(j)
    return out


# ---- the document ------------------------------------------------------------------------

def _article_record(article: Article, doc: str, seq: int) -> dict:
    head = article.head
    paragraphs: list[str] = []
    open_end = False
    for seg in article.leads + article.segments:
        for n, p in enumerate(seg.paragraphs):
            text = p["text"]
            goes_on = open_end or bool(p.get("goes_on"))  # (set flush after its jump line)
            if n == 0 and goes_on and paragraphs and not seg.opens_column:  # (a column of its own opens a paragraph)
                paragraphs[-1] += text
            else:
                paragraphs.append(text)
            open_end = not ends_sentence(text) if n == len(seg.paragraphs) - 1 else False
        if not seg.paragraphs:
            open_end = False
    segs = article.segments + article.leads
    byline = next((s.byline for s in segs if s.byline), head.byline if head else None)
    source = next((s.source for s in reversed(article.segments) if s.source), None) or next(
        (s.source for s in article.leads if s.source), None)
    pages = sorted({s.page for s in segs})
    return {
        "id": f"{doc}#{seq}",
        "doc": doc,
        "page": article.page,
        "seq": seq,
        "title": head.title if head else None,
        "kicker": head.role("kicker") if head else None,
        "subtitle": head.role("subtitle") if head else None,
        "byline": byline,
        "source": source,
        "date": article.page_meta.get("date"),
        "section": article.page_meta.get("section"),
        "paragraphs": paragraphs,
        "pages": pages,
    }


def _rejoin_title_line(stray: HeadGroup, articles: list[Article]) -> bool:
    """Put back a title's second line that OCR set down in the article's body; True if it was one.

    The line is a lone title line floating in body text (no body of its own),
    below the nearest headline above it; that title is one open line at least
    about as wide (a wrapped line is not wider), and the article's opening
    sentence, which restates the headline, carries most of the line's words.
    """
    if not stray.floating or len(stray.blocks) != 1 or stray.blocks[0].get("role") != "title":
        return False
    above = [a for a in articles if a.head is not None and a.head.pos < stray.pos and a.segments]
    if not above:
        return False
    article = max(above, key=lambda a: a.head.pos if a.head else 0)
    assert article.head is not None
    titles = [b for b in article.head.blocks if b.get("role") == "title"]
    line = stray.blocks[0]
    if len(titles) != 1 or ends_sentence(titles[0]["text"]) or titles[0]["text"][-1:] in CONTINUATION:
        return False
    if titles[0].get("width", 0) + WRAP_SLACK < line.get("width", 0):
        return False
    if _similarity(stray.bigrams, article.segments[0].plain[:200]) < 0.5:
        return False
    title = titles[0]
    article.head.blocks[article.head.blocks.index(title)] = dict(
        title, text=title["text"] + line["text"], width=max(title.get("width", 0), line.get("width", 0)))
    return True


Stray = Callable[[str, int, str], None]


class DocumentSplitter:
    """Splits the pages of one document into articles, page by page."""

    def __init__(self, doc: str, on_stray: Stray | None = None):
        self.doc = doc
        self.articles: list[Article] = []
        self.on_stray = on_stray or (lambda doc, page, text: None)
        self.emitted = 0

    def add_page(self, prepared: "PreparedPage") -> Iterator[dict]:
        page = prepared.page
        number = page.get("page", 1)
        meta = {"date": page.get("date"), "section": page.get("section")}
        segments, heads_in, regular, pairing = prepared.segments, prepared.heads, prepared.regular, prepared.pairing
        by_segment: dict[int, Article] = {}
        new: list[Article] = []
        for hi, si in pairing.items():
            seg = regular[si]
            art = Article(heads_in[hi], meta, number, (number, seg.pos), [seg])
            by_segment[id(seg)] = art
            new.append(art)
        for h in (h for i, h in enumerate(heads_in) if i not in pairing):
            if not _rejoin_title_line(h, new):
                self.on_stray(self.doc, number, f"headline with no body: {h.text}")
        last: Article | None = None
        pending = [a for a in self.articles if a.continued]
        for seg in segments:
            if seg.lead:
                continue
            if id(seg) in by_segment:
                last = by_segment[id(seg)]
                continue
            if seg.jump_in:
                target = self._continued(seg, pending)
                if target is not None:
                    target.segments.append(seg)
                    last = None
                    continue
            if seg.byline and (owner := _restated_head(seg, new)) is not None:
                owner.leads.append(seg)  # a lead set apart from its article, its credit with it
                continue
            if last is not None and not seg.byline and not seg.before_head \
                    and (other := _closer_topic(seg, last, new)) is not None:  # (a column that the headline
                # printed after it did not take runs on from the text above: it was cut off only for that)
                if _first_column_beside(seg, other):
                    other.segments.insert(0, seg)
                    other.start = min(other.start, (number, seg.pos))
                else:
                    other.segments.append(seg)
                continue
            if last is None or seg.byline:  # a byline opens an article, headline or not
                last = Article(None, meta, number, (number, seg.pos), [])
                new.append(last)
                self.on_stray(self.doc, number, f"body with no headline, kept as an article without a title: {seg.text[:30]}…")
            last.segments.append(seg)
        article_plain: dict[int, str] = {}  # a lead does not change its article's text
        for seg in segments:
            if not seg.lead:
                continue
            candidates = new or self.articles
            if not candidates:
                art = Article(None, meta, number, (number, seg.pos), [])
                new.append(art)
                candidates = new
            for a in candidates:
                if id(a) not in article_plain:
                    article_plain[id(a)] = NOT_WORD.sub("", _article_text(a))
            opening, plain = char_bigrams(seg.text[:200]), seg.plain[:200]
            best = max(candidates, key=lambda a: _lead_fit(opening, plain, a, article_plain[id(a)]))
            best.leads.append(seg)
            if not best.segments and best.start > (number, seg.pos):
                best.start = (number, seg.pos)
        new = _adopt_headless(new)
        _regroup_by_topic(new, number)
        new.sort(key=lambda a: a.start)
        if not pending:
            new = _headline_after_first_column(new)
        self.articles.extend(new)
        yield from self._flush(final=False)

    def _continued(self, seg: Segment, pending: list[Article]) -> Article | None:
        if seg.repeat is not None:
            scored = [(_similarity(seg.repeat.bigrams, NOT_WORD.sub("", a.head.text) if a.head else ""), a)
                      for a in self.articles]
            scored = [x for x in scored if x[0] >= 0.6]
            if scored:
                return max(scored, key=lambda x: x[0])[1]
        return pending[0] if pending else None

    def _flush(self, final: bool) -> Iterator[dict]:
        """Emit the articles that no later page can add to."""
        if not final and any(a.continued for a in self.articles):
            return
        for art in self.articles:
            if not art.segments and not art.leads:
                continue
            self.emitted += 1
            yield _article_record(art, self.doc, self.emitted)
        self.articles = []

    def finish(self) -> Iterator[dict]:
        yield from self._flush(final=True)


def _lead_fit(opening: set[str], plain: str, article: Article, article_plain: str) -> float:
    """How well a displaced lead fits an article: the share of its opening's bigrams the
    article's text holds, plus the share of the article's title it restates (a lead restates
    its headline; the first share alone favours the longest article on the page)."""
    restated = _similarity(article.head.title_bigrams, plain) if article.head is not None else 0.0
    return _similarity(opening, article_plain) + restated


LEAD_RESTATES = 0.6  # share of a title's bigrams a displaced lead's opening sentence repeats
WIDE_LEAD_RESTATES = 0.25  # the same for a lead set wide across the columns, which is a lead by its measure


ADOPT_OPENING = 200  # characters of a body with no headline read for the title they restate
ADOPT_RESTATES = 0.4  # share of a title's bigrams they must hold for that title's article to take it


def _adopt_headless(articles: list[Article]) -> list[Article]:
    """Give each body no headline took to the headlined article on its page whose title its
    opening restates: every article has a title (SPEC), and a story's first lines restate
    its headline, so that headline took other text of its story.  A body that restates no
    title on the page stays an article of its own (its headline was lost, to a misread)."""
    headed = [(a.head, a) for a in articles if a.head is not None]
    kept: list[Article] = []
    for art in articles:
        target = None
        if art.head is None and headed and art.segments:
            opening = art.segments[0].plain[:ADOPT_OPENING]
            share, target = max(((_similarity(head.title_bigrams, opening), a) for head, a in headed), key=lambda x: x[0])
            if share < ADOPT_RESTATES:
                target = None
        if target is None:
            kept.append(art)
            continue
        if target.start < art.start:
            target.segments.extend(art.segments)
        else:
            target.segments[:0] = art.segments
            target.start = art.start
        target.leads.extend(art.leads)
    return kept


def _restated_head(seg: Segment, articles: list[Article]) -> Article | None:
    """The article on this page whose title the segment's opening restates, if that article
    has no credit and no lead yet: the segment is its lead, set apart with its byline.

    The opening must restate the title closely, or (a lead set wide, or one the title
    restates more than the text under the title) at least in part."""
    opening = seg.plain[:120]
    best: tuple[float, Article] | None = None
    for a in articles:
        if a.head is None or a.leads or any(s.byline for s in a.segments):
            continue
        score = _similarity(a.head.title_bigrams, opening)
        own = _similarity(a.head.title_bigrams, a.segments[0].plain[:120]) if a.segments else 0.0
        floor = WIDE_LEAD_RESTATES if seg.wide or score > own else LEAD_RESTATES  # a title restates its lead most
        if score >= floor and (best is None or score > best[0]):
            best = (score, a)
    return best[1] if best else None


TOPIC_MARGIN = 0.08  # how much more of a segment's opening bigrams another article must share than the one above


def _closer_topic(seg: Segment, above: Article, articles: list[Article]) -> Article | None:
    """A headlined article on the page whose text the segment's opening shares much more
    of than the article above it does: the segment is that story's column, printed here."""
    opening = char_bigrams(seg.text[:200])
    own = _similarity(opening, NOT_WORD.sub("", _article_text(above)))
    scored = [(_similarity(opening, NOT_WORD.sub("", _article_text(a))), a)
              for a in articles if a is not above and a.head is not None]
    best = max(scored, key=lambda x: x[0], default=None)
    return best[1] if best is not None and best[0] > own + TOPIC_MARGIN else None


def _first_column_beside(seg: Segment, article: Article) -> bool:
    """Is the segment, by the boxes of a PDF page, the article's first column, set left of its
    headline and reaching as high (the headline spans the columns after it)?  Read before the
    headline, it comes first in the article.  Raw text has no boxes: there the text printed
    first may be any column."""
    head_box = article.head.blocks[0].get("bbox") if article.head is not None else None
    seg_box = seg.paragraphs[0].get("bbox") if seg.paragraphs else None
    if not head_box or not seg_box or not article.segments or article.segments[0].page != seg.page:
        return False
    return seg.pos < article.segments[0].pos and seg_box[3] <= head_box[1] and seg_box[4] >= head_box[2]


def _headline_after_first_column(articles: list[Article]) -> list[Article]:
    """Body text that opens a page above every headline belongs to the first headlined
    article after it: the headline spans columns, and pdftotext printed it after the first
    (`受今年第4号台风影响…` / `闻“风”而动` / `海南紧急转移…` / `灾情发生后…`).

    Not when that text opens with a byline (an article of its own) or follows a
    jump line (the end of an article from another page).
    """
    if len(articles) < 2 or articles[0].head is not None or articles[0].leads:
        return articles
    first = articles[0]
    if not first.segments or first.segments[0].byline or first.segments[0].jump_in:
        return articles
    following = next((a for a in articles[1:] if a.head is not None), None)
    if following is None or any(a.head is None for a in articles[1:articles.index(following)]):
        return articles
    if any(a.head is not None and a.head.pos < first.segments[0].pos for a in articles):
        return articles  # a headline stands above it on the page
    following.segments = first.segments + following.segments
    following.start = first.start
    return articles[1:]


TOPIC_MOVE_MARGIN = 0.25  # by how much a paragraph must speak more of another article on its page to move there


def _regroup_by_topic(articles: list[Article], page: int) -> None:
    """Move a paragraph to the headlined article on its page whose title it restates far
    more than its own article's: columns of stories set side by side come out of pdftotext
    interleaved, whole paragraphs of one story among another's.

    Only from the columns an article carried on with, never from the segment its headline
    took, nor a paragraph that carries on a sentence left open.  (Adding the words a
    paragraph shares with each article's other text to the title's moved sound paragraphs
    too: a long article shares words with any.)
    """
    headed = [a for a in articles if a.head is not None]
    if len(headed) < 2:
        return
    gained: dict[int, list[Segment]] = {}
    for a in headed:
        kept: list[Segment] = []
        open_before = False
        for si, seg in enumerate(a.segments):
            if seg.page != page or seg.jump_in or not si:  # (the segment the headline took is its own)
                kept.append(seg)
                open_before = bool(seg.paragraphs) and not ends_sentence(seg.paragraphs[-1]["text"])
                continue
            stay: list[dict] = []
            for k, para in enumerate(seg.paragraphs):
                text = para["text"]
                target = None
                if not open_before and text[:1] not in CONTINUATION:
                    plain = NOT_WORD.sub("", text)
                    scores = [(_similarity(b.head.title_bigrams, plain), b) for b in headed if b.head is not None]
                    own = next(score for score, b in scores if b is a)
                    top, best = max(scores, key=lambda x: x[0])
                    if best is not a and top >= own + TOPIC_MOVE_MARGIN:
                        target = best
                open_before = not ends_sentence(text)
                if target is None:
                    stay.append(para)
                    continue
                pos = seg.positions[k] if k < len(seg.positions) else seg.pos
                gained.setdefault(id(target), []).append(Segment(pos, seg.page, [para], positions=[pos]))
            if stay or seg.byline or seg.source:
                seg.paragraphs = stay
                kept.append(seg)
        a.segments = kept
    for a in headed:
        if id(a) in gained:
            a.segments = sorted(a.segments + gained[id(a)], key=lambda s: (s.page, s.pos))


def _article_text(article: Article) -> str:
    head = article.head.text if article.head else ""
    return head + head + "".join(s.text for s in article.segments)


def _tidy(page: dict) -> dict:
    """A page record as split reads it: fields of the wrong type dropped, not fatal."""
    number = page.get("page")
    blocks = [b for b in page.get("blocks") or [] if isinstance(b, dict) and isinstance(b.get("text"), str)]
    for b in blocks:
        if not isinstance(b.get("width", 0), (int, float)):
            b["width"] = 0
    return {"doc": page["doc"] if isinstance(page.get("doc"), str) else "stdin",
            "page": number if isinstance(number, int) and not isinstance(number, bool) and number > 0 else 1,
            "date": page["date"] if isinstance(page.get("date"), str) else None,
            "section": page["section"] if isinstance(page.get("section"), str) else None,
            "blocks": blocks}


@dataclass
class PreparedPage:
    """What splitting a page needs from that page alone: its units and their pairing.

    `prepare_page` is pure; only the steps that look across pages (jump
    lines, leads) are left to `DocumentSplitter`.
    """

    page: dict
    segments: list[Segment]
    heads: list[HeadGroup]  # the headline groups that take part in the pairing
    regular: list[Segment]  # the segments that do
    pairing: dict[int, int]


def prepare_page(raw_page: dict) -> PreparedPage:
    page = _tidy(raw_page)
    heads, segments = _page_units(page)
    heads_in = [h for h in heads if not h.repeat_of_jump]
    regular = [s for s in segments if not s.lead and not s.jump_in]
    return PreparedPage(page, segments, heads_in, regular, _assign(heads_in, regular))


def starts_document(at: tuple[str, int] | None, doc: str, page: int) -> bool:
    """Whether a page begins a document, after the page `at` (doc, page number; None: none open)."""
    return at is None or at[0] != doc or page <= at[1]


class PageStream:
    """`split_pages` a page at a time, for callers that need to see between pages (`--jobs`).

    A document ends where the doc name changes or the page number does not
    grow; `settled` says no article is waiting for a later page, so the
    stream's state is nothing but where it stands (`resume` rebuilds it).
    """

    def __init__(self, on_stray: Stray | None = None):
        self.on_stray = on_stray or (lambda doc, page, text: None)
        self.splitter: DocumentSplitter | None = None
        self.last_page = 0
        self.documents = 0  # documents begun so far

    def _stray(self, doc: str, page: int, text: str) -> None:
        self.on_stray(doc, page, text)

    @property
    def at(self) -> tuple[str, int] | None:
        """The document open and its last page, if any."""
        return (self.splitter.doc, self.last_page) if self.splitter is not None else None

    def starts_document(self, doc: str, page: int) -> bool:
        return starts_document(self.at, doc, page)

    def resume(self, doc: str, last_page: int, emitted: int) -> None:
        """Stand settled in `doc` after `last_page`, `emitted` articles out."""
        self.splitter = DocumentSplitter(doc, self._stray)
        self.splitter.emitted = emitted
        self.last_page = last_page

    def add(self, prepared: "PreparedPage") -> Iterator[dict]:
        """The articles this page completes, after those of a document it ends (`finish`)."""
        page = prepared.page
        if self.starts_document(page["doc"], page["page"]):
            yield from self.finish()
            self.splitter = DocumentSplitter(page["doc"], self._stray)
            self.documents += 1
        self.last_page = page["page"]
        assert self.splitter is not None
        yield from self.splitter.add_page(prepared)

    def finish(self) -> Iterator[dict]:
        if self.splitter is not None:
            yield from self.splitter.finish()
            self.splitter = None

    @property
    def settled(self) -> bool:
        return self.splitter is None or not self.splitter.articles

    @property
    def emitted(self) -> int:
        return self.splitter.emitted if self.splitter is not None else 0


def split_pages(pages: Iterable[dict | PreparedPage], on_stray: Stray | None = None) -> Iterator[dict]:
    """Split a stream of page records (documents one after another) into articles.

    A document ends where the doc name changes or the page number does not grow.
    Pages may come prepared already (`prepare_page`).
    """
    stream = PageStream(on_stray)
    for item in pages:
        yield from stream.add(item if isinstance(item, PreparedPage) else prepare_page(item))
    yield from stream.finish()
