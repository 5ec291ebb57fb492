"""Deterministic synthetic articles: what the simulator serves and what a crawl must publish.

An article exists first as a `Draft` (no host or port in it, so it can be made before the
server has a port) and becomes an `ArticleSpec` (absolute URLs) once the base URL is known.
Every draft comes from a random generator seeded with (seed, outlet, article id), so the
same simulator arguments always give the same articles.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone

from worker.simulator import reference, vocab

WIB = timezone(timedelta(hours=7))
START = datetime.fromisoformat(reference.REFERENCE_PUBLISHED)
SYNDICATED_ID_OFFSET = 900_000
PROMO_URL = "https://whatsapp.com/channel/0029VaHVxK0ICVfp4ZIyfx2c"
PROMO_TEXT = "Gabung ke Channel WhatsApp KompasTV untuk update berita terbaru dan terpercaya."


@dataclass(frozen=True, slots=True)
class ArticleSpec:
    """One article as the simulator serves it and as the extractor must return it."""

    outlet: str
    article_id: int
    slug: str
    url: str
    title: str
    dateline: str | None
    paragraphs: tuple[str, ...]
    related: tuple[tuple[str, str], ...]
    attribution: str | None
    authors: tuple[str, ...]
    editor: str | None
    tags: tuple[str, ...]
    section: str | None
    published_at: str
    image_url: str

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True, slots=True)
class Draft:
    """An article before the base URL is known; `related` targets are paths or URLs."""

    outlet: str
    article_id: int
    slug: str
    kind: str  # "article" or "rehat": the path segment
    title: str
    dateline: str | None
    paragraphs: tuple[str, ...]
    related: tuple[tuple[str, str], ...]
    related_after: tuple[int, ...]  # index of the paragraph each "Baca Juga" line follows
    ad_after: int
    attribution: str | None
    authors: tuple[str, ...]
    editor: str | None
    tags: tuple[str, ...]
    section: str | None
    published: datetime
    caption: str

    @property
    def path(self) -> str:
        return f"/{self.outlet}/{self.kind}/{self.article_id}/{self.slug}"

    def spec(self, base: str) -> ArticleSpec:
        return ArticleSpec(
            outlet=self.outlet,
            article_id=self.article_id,
            slug=self.slug,
            url=base + self.path,
            title=self.title,
            dateline=self.dateline,
            paragraphs=self.paragraphs,
            related=tuple((title, absolute(base, target)) for title, target in self.related),
            attribution=self.attribution,
            authors=self.authors,
            editor=self.editor,
            tags=self.tags,
            section=self.section,
            published_at=self.published.isoformat(),
            image_url=image_url(base, self),
        )


def absolute(base: str, target: str) -> str:
    return base + target if target.startswith("/") else target


def image_url(base: str, draft: Draft) -> str:
    return f"{base}/{draft.outlet}/img/{draft.article_id}.jpg"


def slugify(title: str, limit: int = 90) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug


def visible_date(when: datetime) -> str:
    """The date line a reader sees: 'Senin, 14 Agustus 2023 | 10:05 WIB'."""
    local = when.astimezone(WIB)
    weekday = vocab.WEEKDAYS[local.weekday()]
    month = vocab.MONTHS[local.month - 1]
    return f"{weekday}, {local.day} {month} {local.year} | {local:%H:%M} WIB"


def reference_draft(outlet: str) -> Draft:
    """Article 1 of the first outlet: the reference article, verbatim."""
    lines = reference.REFERENCE_LINES
    prefix = f"{reference.REFERENCE_DATELINE}, KOMPAS.TV - "
    paragraphs = (lines[0].removeprefix(prefix), *lines[1:2], *lines[3:8])
    related_titles = (lines[2], lines[8])
    return Draft(
        outlet=outlet,
        article_id=1,
        slug=slugify(reference.REFERENCE_TITLE),
        kind="article",
        title=reference.REFERENCE_TITLE,
        dateline=reference.REFERENCE_DATELINE,
        paragraphs=paragraphs,
        related=tuple(
            (title.removeprefix("Baca Juga: "), url)
            for title, url in zip(related_titles, reference.REFERENCE_RELATED_URLS, strict=True)
        ),
        related_after=(1, 6),
        ad_after=2,
        attribution=lines[9].removeprefix("Sumber : "),
        authors=reference.REFERENCE_AUTHORS,
        editor=reference.REFERENCE_EDITOR,
        tags=reference.REFERENCE_TAGS,
        section=reference.REFERENCE_SECTION,
        published=START,
        caption=reference.REFERENCE_CAPTION,
    )


def syndicated_copy(original: Draft) -> Draft:
    """The same article under a second URL (another id, slug and path), an hour later."""
    return replace(
        original,
        article_id=SYNDICATED_ID_OFFSET + original.article_id,
        kind="rehat",
        slug=slugify(original.title, limit=60) + "-selengkapnya",
        published=original.published + timedelta(hours=1),
    )


_FIXED_SLOTS = frozenset(
    ("city", "prov", "topic", "topic_t", "official", "official2", "surname", "resident", "district")
)
_CHOICE_SLOTS: dict[str, tuple[str, ...]] = {
    "agency": vocab.AGENCIES,
    "action": vocab.ACTIONS,
    "period": vocab.PERIODS,
    "plan": vocab.PLANS,
    "goal": vocab.GOALS,
    "public": vocab.PLACES_PUBLIC,
    "street": vocab.STREETS,
    "job": vocab.JOBS,
    "feeling": vocab.FEELINGS,
    "commodity": vocab.COMMODITIES,
    "uni": vocab.UNIVERSITIES,
    "weekday": vocab.WEEKDAYS,
    "period_t": vocab.TITLE_PERIODS,
}
_NUMBER_SLOTS: dict[str, tuple[int, int]] = {
    "num": (12, 4800),
    "n": (2, 15),
    "pct": (3, 45),
    "money": (2, 950),
    "price": (8, 90),
    "price2": (91, 160),
    "year": (2012, 2022),
}
_SLOT = re.compile(r"\{(\w+)\}")


class _Filler:
    """Fills the `{slot}` names of templates for one article, from its own generator."""

    def __init__(self, rng: random.Random, when: datetime) -> None:
        self.rng = rng
        self.when = when
        place = rng.randrange(len(vocab.CITIES))
        self.city, self.prov = vocab.CITIES[place]
        self.district = vocab.DISTRICTS[place]  # a district of that city
        self.section, self.topic, self.topic_t, self.topic_tags = rng.choice(vocab.TOPICS)
        self.official = f"{self.role()} {self.person()}"
        self.surname = self.official.rsplit(" ", 1)[1]
        self.official2 = f"{self.role()} {self.person()}"
        self.resident = self.person()
        self.unused: list[str] = []

    def person(self) -> str:
        return f"{self.rng.choice(vocab.FIRST_NAMES)} {self.rng.choice(vocab.LAST_NAMES)}"

    def role(self) -> str:
        return self.fill(self.rng.choice(vocab.ROLES))

    def number(self, low: int, high: int) -> str:
        return f"{self.rng.randint(low, high):,}".replace(",", ".")

    def day(self) -> str:
        when = (self.when - timedelta(days=self.rng.randint(0, 2))).astimezone(WIB)
        weekday = vocab.WEEKDAYS[when.weekday()]
        return f"{weekday} ({when.day}/{when.month}/{when.year})"

    def slot(self, name: str) -> str:
        rng = self.rng
        if name in _FIXED_SLOTS:
            return str(getattr(self, name))
        if name == "resident_first":
            return self.resident.split(" ")[0]
        if name in _CHOICE_SLOTS:
            return rng.choice(_CHOICE_SLOTS[name])
        if name == "job_t":
            return rng.choice(vocab.JOBS).title()
        if name == "role":
            return self.role()
        if name == "day":
            return self.day()
        if name in _NUMBER_SLOTS:
            value = self.number(*_NUMBER_SLOTS[name])
            return value + ".000" if name.startswith("price") else value
        if name == "clock":
            return f"{rng.randint(6, 22):02d}.{rng.randint(0, 59):02d}"
        raise KeyError(f"unknown template slot {name!r}")

    def fill(self, template: str) -> str:
        return _SLOT.sub(lambda m: self.slot(m.group(1)), template)

    def paragraph(self) -> str:
        """30 to 80 words: whole sentences of at most 25 words each."""
        target = self.rng.randint(30, 80)
        sentences: list[str] = []
        words = 0
        for _ in range(60):
            if words >= target:
                break
            if not self.unused:  # each template once per article, until all are used
                self.unused = list(vocab.SENTENCES)
                self.rng.shuffle(self.unused)
            sentence = self.fill(self.unused.pop())
            count = len(sentence.split())
            if words + count <= 80 and sentence not in sentences:
                sentences.append(sentence)
                words += count
        return " ".join(sentences)


class ArticleFactory:
    """Makes the synthetic articles of one outlet, in id order, each newer than the last."""

    def __init__(self, outlet: str, outlet_index: int, seed: int) -> None:
        self.outlet = outlet
        self.seed = seed
        self.last_published = START + timedelta(minutes=7 * outlet_index)
        self.titles: set[str] = set()

    def make(self, article_id: int, older: Sequence[Draft], bodies: set[str]) -> Draft:
        """Article `article_id`; `older` are the outlet's drafts so far, `bodies` all bodies."""
        rng = random.Random(f"{self.seed}/{self.outlet}/{article_id}")
        published = self.last_published + timedelta(minutes=rng.randint(10, 50))
        self.last_published = published
        filler = _Filler(rng, published)
        title = filler.fill(rng.choice(vocab.TITLES))
        while title in self.titles:
            title = f"{title} ({rng.randint(2, 99)})"
        self.titles.add(title)
        paragraphs = tuple(filler.paragraph() for _ in range(rng.randint(4, 9)))
        while "\n\n".join(paragraphs) in bodies:
            paragraphs = (*paragraphs, filler.paragraph())
        bodies.add("\n\n".join(paragraphs))

        picks = rng.sample(list(older[-30:]), k=min(len(older), rng.randint(0, 2)))
        related = tuple((d.title, d.path) for d in sorted(picks, key=lambda d: d.article_id))
        slots = range(1, len(paragraphs) - 1)
        related_after = tuple(sorted(rng.sample(slots, k=len(related))))
        tag_pool = [*filler.topic_tags, filler.city]
        authors = tuple(rng.sample(vocab.REPORTERS, k=2 if rng.random() < 0.25 else 1))
        return Draft(
            outlet=self.outlet,
            article_id=article_id,
            slug=slugify(title),
            kind="article",
            title=title,
            dateline=filler.city.upper() if rng.random() < 0.9 else None,
            paragraphs=paragraphs,
            related=related,
            related_after=related_after,
            ad_after=min(rng.randint(1, 2), len(paragraphs) - 1),
            attribution=rng.choice(vocab.ATTRIBUTIONS) if rng.random() < 0.35 else None,
            authors=authors,
            editor=rng.choice(vocab.EDITORS) if rng.random() < 0.85 else None,
            tags=tuple(rng.sample(tag_pool, k=min(len(tag_pool), rng.randint(1, 3)))),
            section=filler.section,
            published=published,
            caption=f"Ilustrasi {filler.topic} di {filler.city}. (Sumber: Kompas TV/{authors[0]})",
        )
