"""Extraction: each outlet's stored page gives exactly its stored item; the generic
extractor, drift, the order of trust of the page's sources, and pages that are not
articles or not even HTML."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from worker.capture import page_files
from worker.config import OutletConfig, load_config
from worker.errors import ExtractionError
from worker.extract import Extractor, UnknownOutletError, extract_html
from worker.models import Item

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "config"
FIXTURES = ROOT / "tests" / "fixtures"
SCHEMA = json.loads((ROOT / "worker" / "item.schema.json").read_text(encoding="utf-8"))
FETCHED_AT = "2023-08-14T04:00:00+00:00"

KOMPAS_URL = (
    "https://www.kompas.tv/internasional/433958/"
    "kim-jong-un-inspeksi-pabrik-amunisi-perintahkan-produksi-rudal-dan-senjata-ditingkatkan-drastis"
)


@cache
def outlets() -> tuple[OutletConfig, ...]:
    return load_config(CONFIG).outlets


@cache
def extractor() -> Extractor:
    return Extractor(outlets())


def fixture(outlet: str, name: str = "article") -> tuple[str, dict[str, Any]]:
    folder = FIXTURES / outlet
    html = (folder / f"{name}.html").read_text(encoding="utf-8")
    expected = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
    return html, expected


def valid(item: Item) -> dict[str, Any]:
    data = item.to_dict()
    jsonschema.Draft202012Validator(SCHEMA).validate(json.loads(item.to_json()))
    return data


def kompas(**changes: Any) -> OutletConfig:
    """The kompas.tv outlet with some settings changed (e.g. its extraction rules)."""
    base = next(o for o in outlets() if o.id == "kompas.tv").model_dump()
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            base[key] = {**base[key], **value}
        else:
            base[key] = value
    return OutletConfig.model_validate(base)


def page(body: str, head: str = "", lang: str = "id") -> str:
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">{head}</head>'
        f"<body>{body}</body></html>"
    )


LONG = (
    "Pemerintah provinsi mengumumkan rencana pembangunan jalan baru yang menghubungkan "
    "dua kabupaten di wilayah selatan, dengan anggaran yang disetujui dewan pekan lalu."
)


def kompas_page(head: str = "", time: str = "") -> str:
    """A minimal page in the Kompas.TV layout."""
    return page(
        '<article class="article"><h1 class="article__title">Judul Berita</h1>'
        f'{time}<div class="article__body"><p>{LONG}</p><p>{LONG} Kedua.</p></div></article>',
        head,
    )


# ------------------------------------------------------------- stored pages


def profiled_outlets() -> list[str]:
    return sorted(o.id for o in outlets() if o.extract is not None)


@pytest.mark.parametrize("outlet", profiled_outlets())
def test_every_profile_has_a_fixture(outlet: str) -> None:
    folder = FIXTURES / outlet
    assert (folder / "article.html").is_file(), f"no stored page for outlet {outlet}"
    assert (folder / "article.json").is_file(), f"no expected item for outlet {outlet}"


@pytest.mark.parametrize("outlet", profiled_outlets())
def test_fixture_gives_exactly_the_stored_item(outlet: str) -> None:
    _, expected = fixture(outlet)
    # a split article stored by `capture` has its following pages as article.2.html, ...
    pages = [p.read_text(encoding="utf-8") for p in page_files(FIXTURES / outlet, 50) if p.exists()]
    fetched_at = expected["fetched_at"]  # each stored page: when it was (notionally) fetched
    item = extractor().extract_pages(pages, expected["url"], fetched_at=fetched_at)
    data = valid(item)
    assert data == expected
    assert item.extractor == f"profile:{outlet}"
    assert item.drift is False
    # the same with the outlet given, as the service does
    assert extractor().extract_pages(pages, expected["url"], outlet, fetched_at) == item


def test_kompas_tv_item() -> None:
    """The reference article: the fields DESIGN.md names, checked one by one."""
    html, _ = fixture("kompas.tv")
    item = extractor().extract(html, KOMPAS_URL, fetched_at=FETCHED_AT)
    paragraphs = item.body.split("\n\n")
    assert len(paragraphs) == 7
    assert paragraphs[0].startswith("Pemimpin Tertinggi Korea Utara Kim Jong-un melakukan")
    assert paragraphs[-1].endswith("telah meluncurkan lebih dari 100 uji coba rudal.")
    assert paragraphs[5].startswith('"Level kualitatif persiapan perang')
    for typo in ("di Ukraian.", "kendaraan lapisa baja", '"penungkatan drastis"'):
        assert typo in item.body
    for gone in ("KOMPAS.TV", "PYONGYANG", "Baca Juga", "Sumber", "WhatsApp", "ADVERTISEMENT"):
        assert gone not in item.body
    assert "\xa0" not in item.body
    assert item.dateline == "PYONGYANG"
    assert item.attribution == "Associated Press"
    assert [(r.title, r.url) for r in item.related] == [
        (
            "Ingin Korea Utara Siap Berperang, Kim Jong-Un Malah Pecat Pimpinan Jenderal "
            "Pentingnya",
            "https://www.kompas.tv/internasional/432871/ingin-korea-utara-siap-berperang-kim-"
            "jong-un-malah-pecat-pimpinan-jenderal-pentingnya",
        ),
        (
            "Rezim Kim Jong Un Ungkap Nasib Tentara AS yang Kabur ke Negaranya, Tengah Ditahan",
            "https://www.kompas.tv/internasional/433410/rezim-kim-jong-un-ungkap-nasib-tentara-"
            "as-yang-kabur-ke-negaranya-tengah-ditahan",
        ),
    ]
    assert item.published_at == "2023-08-14T10:05:00+07:00"
    assert item.updated_at == "2023-08-14T10:21:37+07:00"
    assert item.authors == ("Ahmad Fauzi",)
    assert item.editor == "Sri Wahyuni"
    assert item.section == "Internasional"
    assert item.tags == ("Korea Utara", "Kim Jong Un", "Rudal", "Pabrik Amunisi", "KCNA")
    assert item.language == "id"
    sha = hashlib.sha256
    assert item.id == sha(KOMPAS_URL.encode()).hexdigest()[:32]
    assert item.content_hash == sha(" ".join(item.body.split()).encode()).hexdigest()[:32]
    assert item.word_count == len(item.body.split()) == 228


def test_generic_extractor_on_the_fixture() -> None:
    html, expected = fixture("kompas.tv")
    item = extractor().extract(html, KOMPAS_URL, "generic", FETCHED_AT)
    data = valid(item)
    assert item.extractor == "generic"
    assert item.drift is False
    assert item.outlet == "kompas.tv"
    for leak in (
        "Terpopuler",
        "Jadwal Pendaftaran CPNS",
        "Badan Kepegawaian Negara",
        "Trending",
        "LIVE STREAMING",
        "Cari berita",
        "Komentar",
        "Jadilah yang pertama",
        "Berita Terkait",
        "Facebook",
        "KompasTV adalah",
        "Copyright",
        "googletag",
        "dataLayer",
        "Senin, 14 Agustus 2023",
        "(Sumber: KCNA via AP)",
    ):
        assert leak not in item.body, leak
    # shared rules alone give the same article; the editor is only in the outlet's rules
    for key in expected:
        if key not in ("fetched_at", "extractor", "editor"):
            assert data[key] == expected[key], key
    assert item.editor is None


def test_drift_when_selectors_no_longer_match() -> None:
    html, expected = fixture("kompas.tv")
    redesigned = kompas(extract={"title": ["h1.headline"]})
    item = Extractor([redesigned]).extract(html, KOMPAS_URL, fetched_at=FETCHED_AT)
    valid(item)
    assert item.extractor == "generic"
    assert item.drift is True
    assert item.body == expected["body"]
    assert item.title == expected["title"]
    assert item.outlet == "kompas.tv"

    moved = kompas(extract={"body": [".content__body"]})
    item = Extractor([moved]).extract(html, KOMPAS_URL, fetched_at=FETCHED_AT)
    assert (item.extractor, item.drift, item.body) == ("generic", True, expected["body"])


def test_drift_when_body_too_short() -> None:
    html, expected = fixture("kompas.tv")
    strict = kompas(extract={"min_body_chars": 100_000})
    item = Extractor([strict]).extract(html, KOMPAS_URL, fetched_at=FETCHED_AT)
    assert (item.extractor, item.drift) == ("generic", True)
    # the outlet's line rules still hold after a redesign
    assert item.dateline == "PYONGYANG"
    assert item.body == expected["body"]


def test_outlet_without_rules_uses_generic() -> None:
    html, expected = fixture("kompas.tv")
    item = Extractor([kompas(extract=None)]).extract(html, KOMPAS_URL, fetched_at=FETCHED_AT)
    assert (item.extractor, item.drift, item.outlet) == ("generic", False, "kompas.tv")
    assert item.body == expected["body"]


def test_unknown_site_uses_generic() -> None:
    html, expected = fixture("kompas.tv")
    url = "https://www.example.co.id/berita/2023/08/14/kim-jong-un?utm_source=x"
    item = extractor().extract(html, url, fetched_at=FETCHED_AT)
    valid(item)
    assert (item.extractor, item.drift, item.outlet) == ("generic", False, "example.co.id")
    assert item.canonical_url == "https://www.example.co.id/berita/2023/08/14/kim-jong-un"
    assert item.url == url
    assert item.language == "id"  # <html lang>
    assert item.body == expected["body"]


def test_unknown_outlet_id() -> None:
    html, _ = fixture("kompas.tv")
    with pytest.raises(UnknownOutletError, match=r"unknown outlet 'nope' \(known: .*kompas\.tv"):
        extractor().extract(html, KOMPAS_URL, "nope")
    with pytest.raises(KeyError):
        extractor().extract(html, KOMPAS_URL, "nope")
    with pytest.raises(ValueError, match="unknown outlet"):
        extractor().extract(html, KOMPAS_URL, "nope")


def test_duplicate_outlets_are_refused() -> None:
    with pytest.raises(ValueError, match="given twice"):
        Extractor([kompas(), kompas()])


@pytest.mark.parametrize(
    ("url", "outlet"),
    [
        (KOMPAS_URL, "kompas.tv"),
        (KOMPAS_URL + "?utm_source=twitter#komentar", "kompas.tv"),
        ("HTTPS://WWW.KOMPAS.TV/internasional/433958/kim-jong-un", "kompas.tv"),
        ("https://kompas.tv/article/123456/judul-berita", "kompas.tv"),
        ("https://www.kompas.tv/rehat/123456/judul-berita", "kompas.tv"),
        ("https://www.kompas.tv/tag/korea-utara", None),
        ("https://www.kompas.tv/internasional", None),
        ("https://www.kompas.tv/", None),
        ("https://notkompas.tv/internasional/433958/x", None),
        ("https://www.kompas.tv.evil.com/internasional/433958/x", None),
        ("https://www.example.com/internasional/433958/x", None),
        ("ftp://www.kompas.tv/internasional/433958/x", None),
        ("not a url", None),
        ("", None),
    ],
)
def test_outlet_for_url(url: str, outlet: str | None) -> None:
    found = extractor().outlet_for_url(url)
    assert (found.id if found else None) == outlet


def test_most_specific_domain_wins() -> None:
    broad = kompas(id="kompas", domains=["kompas.tv"], article_url=r"/\d+/")
    narrow = kompas(id="news.kompas", domains=["news.kompas.tv"], article_url=r"/\d+/")
    extract = Extractor([broad, narrow])
    found = extract.outlet_for_url("https://news.kompas.tv/a/123/b")
    assert found is not None
    assert found.id == "news.kompas"
    found = extract.outlet_for_url("https://www.kompas.tv/a/123/b")
    assert found is not None
    assert found.id == "kompas"


# ------------------------------------------------ sources and their order of trust

LD = (
    '<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":'
    '"WebPage","name":"x"},{"@type":["NewsArticle"],"headline":"Dari JSON-LD",'
    '"datePublished":"2023-08-14T09:00:00+07:00","dateModified":"2023-08-14T09:30:00+07:00",'
    '"author":[{"@type":"Person","name":"Budi"},"Sari",{"@type":"Person","name":"Budi"}],'
    '"image":["/img/a.jpg"],"keywords":"satu, dua ,satu","articleSection":["Nasional"]}]}'
    "</script>"
)
META = (
    '<meta property="article:published_time" content="2023-08-14T08:00:00+07:00">'
    '<meta property="article:modified_time" content="2023-08-14T08:30:00+07:00">'
    '<meta name="author" content="Meta Author"><meta name="keywords" content="a, b">'
    '<meta property="article:section" content="Meta Section">'
)
TIME = '<time class="article__date" datetime="2023-08-14T07:00:00+07:00">Senin</time>'


def test_times_trust_json_ld_then_meta_then_rules() -> None:
    def published(html: str) -> str | None:
        return extractor().extract(html, KOMPAS_URL, fetched_at=FETCHED_AT).published_at

    assert published(kompas_page(LD + META, TIME)) == "2023-08-14T09:00:00+07:00"
    assert published(kompas_page(META, TIME)) == "2023-08-14T08:00:00+07:00"
    assert published(kompas_page("", TIME)) == "2023-08-14T07:00:00+07:00"
    visible = '<time class="article__date">Senin, 14 Agustus 2023 | 10:05 WIB</time>'
    assert published(kompas_page("", visible)) == "2023-08-14T10:05:00+07:00"
    assert published(kompas_page()) is None
    # naive JSON-LD time: the outlet's timezone
    naive = (
        '<script type="application/ld+json">'
        '{"@type":"NewsArticle","datePublished":"2023-08-14T09:00:00"}</script>'
    )
    assert published(kompas_page(naive)) == "2023-08-14T09:00:00+07:00"


def test_times_in_the_future_are_dropped() -> None:
    future = (
        '<meta property="article:published_time" content="2023-08-14T12:00:00+07:00">'
        '<meta property="article:modified_time" content="2030-01-01T00:00:00+07:00">'
    )
    item = extractor().extract(kompas_page(future), KOMPAS_URL, fetched_at=FETCHED_AT)
    assert item.published_at is None  # 12:00 WIB is after the fetch at 11:00 WIB
    assert item.updated_at is None
    # a later source that is not in the future is used instead
    item = extractor().extract(kompas_page(future, TIME), KOMPAS_URL, fetched_at=FETCHED_AT)
    assert item.published_at == "2023-08-14T07:00:00+07:00"


def test_metadata_fallbacks() -> None:
    item = extractor().extract(kompas_page(LD + META), KOMPAS_URL, fetched_at=FETCHED_AT)
    assert item.title == "Judul Berita"  # the rules' selector beats JSON-LD
    assert item.authors == ("Budi", "Sari")
    assert item.tags == ("satu", "dua")
    assert item.section == "Nasional"
    assert item.image_url == "https://www.kompas.tv/img/a.jpg"
    assert item.updated_at == "2023-08-14T09:30:00+07:00"
    item = extractor().extract(kompas_page(META), KOMPAS_URL, fetched_at=FETCHED_AT)
    assert item.authors == ("Meta Author",)
    assert item.tags == ("a", "b")
    assert item.section == "Meta Section"
    assert item.image_url is None
    item = extractor().extract(kompas_page(), KOMPAS_URL, fetched_at=FETCHED_AT)
    assert (item.authors, item.tags, item.section, item.image_url) == ((), (), None, None)
    assert (item.published_at, item.updated_at, item.editor) == (None, None, None)
    assert (item.dateline, item.attribution, item.related) == (None, None, ())


def test_meta_times_an_outlet_names_and_those_many_outlets_use() -> None:
    """A page with rules trusts the meta tags its rules name (before their visible
    selectors), not the list of names many outlets use; a page without rules uses that."""
    pubdate = '<meta name="pubdate" content="2023-08-14T06:00:00+07:00">'
    visible = '<time class="article__date">Senin, 14 Agustus 2023 | 10:05 WIB</time>'
    item = extractor().extract(kompas_page(pubdate, visible), KOMPAS_URL, fetched_at=FETCHED_AT)
    assert item.published_at == "2023-08-14T10:05:00+07:00"  # the rules' selector
    generic = extractor().extract(
        kompas_page(pubdate, visible), KOMPAS_URL, "generic", fetched_at=FETCHED_AT
    )
    assert generic.published_at == "2023-08-14T06:00:00+07:00"
    named = kompas(extract={"published": [".article__date", 'meta[name="pubdate"]']})
    item = Extractor([named]).extract(
        kompas_page(pubdate, visible), KOMPAS_URL, fetched_at=FETCHED_AT
    )
    assert item.published_at == "2023-08-14T06:00:00+07:00"  # its own meta tag first


def test_meta_tags_written_otherwise_are_found() -> None:
    """`name=` for `property=`, capitals, `itemprop=`: found as the usual spelling is."""
    head = (
        '<meta name="Article:Published_Time" content="2023-08-14T08:00:00+07:00">'
        '<meta itemprop="article:modified_time" content="2023-08-14T08:30:00+07:00">'
        '<meta name="KEYWORDS" content="x, y">'
    )
    item = extractor().extract(kompas_page(head), KOMPAS_URL, fetched_at=FETCHED_AT)
    assert item.published_at == "2023-08-14T08:00:00+07:00"
    assert item.updated_at == "2023-08-14T08:30:00+07:00"
    assert item.tags == ("x", "y")


def test_word_count_and_hash_of_text_with_invisible_characters() -> None:
    """A paragraph holding a character the clean-up keeps but `isprintable` refuses (a
    left-to-right mark) is counted and hashed as any other: words split at whitespace."""
    body = f"<p>{LONG}</p><p>{LONG} Kata\u200e kedua  dan ketiga.</p>"
    html = page(f'<h1 class="article__title">Judul</h1><div class="article__body">{body}</div>')
    item = extractor().extract(html, KOMPAS_URL, fetched_at=FETCHED_AT)
    assert item.body.endswith("Kata\u200e kedua dan ketiga.")
    words = item.body.split()
    assert item.word_count == len(words)
    assert item.content_hash == hashlib.sha256(" ".join(words).encode()).hexdigest()[:32]


def test_a_paragraph_link_without_an_address_is_passed_over() -> None:
    """The related link of a "Baca juga" line is its first link that has an address."""
    line = '<p>Baca juga: <a href="">Judul</a> <a href="/internasional/1/lain">Berita Lain</a></p>'
    body = f'<div class="article__body"><p>{LONG}</p><p>{LONG} Kedua.</p>{line}</div>'
    html = page(f'<h1 class="article__title">Judul</h1>{body}')
    item = extractor().extract(html, KOMPAS_URL, fetched_at=FETCHED_AT)
    assert [(r.title, r.url) for r in item.related] == [
        ("Judul Berita Lain", "https://www.kompas.tv/internasional/1/lain")
    ]


def test_line_rules() -> None:
    body = (
        '<div class="article__body">'
        "<p>ADVERTISEMENT</p>"
        f"<p><b>KOMPAS.TV</b> - {LONG}</p>"
        "<p>SCROLL TO CONTINUE WITH CONTENT</p>"
        '<p>Baca juga: <a href="/nasional/123456/judul-lain">Judul Lain</a></p>'
        "<p>[Gambas:Video 20detik]</p>"
        f"<p>{LONG}<br>Baris kedua\x07 dengan\u200b karakter kontrol.</p>"
        "<p>Advertisement</p>"
        "<p>Editor: Dewi</p>"
        "<p>Sumber : Reuters, AFP</p>"
        "</div>"
    )
    html = page(f'<article><h1 class="article__title">Judul</h1>{body}</article>')
    item = extractor().extract(html, KOMPAS_URL, fetched_at=FETCHED_AT)
    assert item.extractor == "profile:kompas.tv"
    assert item.body == f"{LONG}\n\n{LONG}\n\nBaris kedua dengan karakter kontrol."
    assert item.dateline is None  # "KOMPAS.TV - " alone names no place
    assert [(r.title, r.url) for r in item.related] == [
        ("Judul Lain", "https://www.kompas.tv/nasional/123456/judul-lain")
    ]
    assert item.editor == "Dewi"
    assert item.attribution == "Reuters, AFP"


def test_drop_rest_rule() -> None:
    rules = {"lines": [{"match": r"^TOPIK TERKAIT", "action": "drop_rest"}]}
    outlet = kompas(extract=rules)
    body = f'<div class="article__body"><p>{LONG}</p><p>TOPIK TERKAIT</p><p>{LONG}</p></div>'
    html = page(f'<h1 class="article__title">Judul</h1>{body}')
    item = Extractor([outlet]).extract(html, KOMPAS_URL, fetched_at=FETCHED_AT)
    assert item.body == LONG


# ---------------------------------------------------- pages that are not articles


def truncated(html: str, fraction: float) -> str:
    return html[: int(len(html) * fraction)]


ITEM = "item"
UNCLOSED = r"</(?!script|style|title|noscript|iframe)[a-z0-9]+>"

BAD_PAGES: list[tuple[str, Callable[[str], str], str | tuple[str, str]]] = [
    # (name, the fixture made bad, the outcome: ITEM or the ExtractionError's reason,
    #  or (outcome with the outlet's rules, outcome with the generic extractor))
    ("empty", lambda h: "", "empty page"),
    ("blank", lambda h: " \n\t ", "empty page"),
    ("controls", lambda h: "\x00\x01\x02\x1b[31m\x7f\x9f", "no title"),
    ("controls-in-page", lambda h: h.replace("Kim", "K\x00i\x01m\x0b"), ITEM),
    ("lone-surrogates", lambda h: h.replace("Kim", "K\ud800im"), ITEM),
    ("truncated-head", lambda h: truncated(h, 0.1), "no body text"),
    ("truncated-before-body", lambda h: truncated(h, 0.5), "no body text"),
    ("truncated-in-body", lambda h: truncated(h, 0.6), ITEM),
    ("truncated-late", lambda h: truncated(h, 0.7), ITEM),
    # the header is never closed: everything is in it, and the generic extractor drops it
    ("no-closing-tags", lambda h: re.sub(UNCLOSED, "", h), (ITEM, "no body text")),
    ("tags-stripped", lambda h: re.sub(r"<[^>]*>", "", h), "no title"),
    ("nav-only", lambda h: page("<nav><a href='/'>Home</a><a href='/x'>X</a></nav>"), "no title"),
    (
        "listing",
        lambda h: page("<h1>Berita</h1><ul><li><a href='/a/1/x'>Satu</a></li></ul>"),
        "no body text",
    ),
    ("no-title", lambda h: "<p>" + LONG + "</p>", "no title"),
    ("title-only", lambda h: page("<h1>Judul</h1>"), "no body text"),
    ("json", lambda h: '{"title": "x", "body": "y"}', "no title"),
    ("binary", lambda h: bytes(range(256)).decode("latin-1") * 20, "no title"),
    ("deep", lambda h: "<div>" * 5000 + "<h1>Judul</h1><p>" + LONG + "</p>", ITEM),
    ("many-empty-paragraphs", lambda h: page("<h1>J</h1>" + "<p>x</p>" * 20000), "no body text"),
    ("broken-json-ld", lambda h: h.replace('"headline"', '"headline":,'), ITEM),
    ("bad-attributes", lambda h: h.replace('datetime="', 'datetime="junk '), ITEM),
    (
        "script-in-body",
        lambda h: page("<h1>J</h1><script>var p='<p>" + LONG + "</p>'</script>"),
        "no body text",
    ),
]


def attempt(html: str, outlet: str | None) -> Item | ExtractionError:
    try:
        return extractor().extract(html, KOMPAS_URL, outlet, FETCHED_AT)
    except ExtractionError as exc:
        return exc


@pytest.mark.parametrize(("name", "make", "outcome"), BAD_PAGES, ids=[c[0] for c in BAD_PAGES])
@pytest.mark.parametrize("outlet", [None, "generic", "kompas.tv"])
def test_bad_pages_never_crash(
    name: str, make: Callable[[str], str], outcome: str | tuple[str, str], outlet: str | None
) -> None:
    if isinstance(outcome, tuple):
        outcome = outcome[1] if outlet == "generic" else outcome[0]
    html, _ = fixture("kompas.tv")
    result = attempt(make(html), outlet)
    if isinstance(result, ExtractionError):
        assert result.url == KOMPAS_URL
        assert result.reason.split(" (")[0] == outcome
        return
    assert outcome == ITEM
    data = valid(result)
    assert data["body"].strip()
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f\ufffd\ud800]", data["body"] + data["title"])


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("", "empty page"),
        ("<p>" + LONG + "</p>", "no title"),
        (page("<h1>Judul</h1><nav><p>" + LONG + "</p></nav>"), "no body text"),
    ],
)
def test_extraction_error_reason(html: str, reason: str) -> None:
    with pytest.raises(ExtractionError) as info:
        extractor().extract(html, "https://www.example.com/a", fetched_at=FETCHED_AT)
    assert info.value.reason == reason


def test_control_characters_are_removed() -> None:
    html, expected = fixture("kompas.tv")
    noisy = html.replace("Inspeksi Kim ini", "Inspeksi\x0b Kim\u200b ini\x1f")
    item = extractor().extract(noisy, KOMPAS_URL, fetched_at=FETCHED_AT)
    assert item.body == expected["body"]


def test_generic_on_a_page_of_br_lines() -> None:
    text = "<br>".join(f"Baris {i}: {LONG}" for i in range(3))
    html = page(f'<h1>Judul</h1><div id="detail-desc">{text}<br>Baca juga: Lain</div>')
    item = extractor().extract(html, "https://www.example.com/a", fetched_at=FETCHED_AT)
    assert item.body.split("\n\n") == [f"Baris {i}: {LONG}" for i in range(3)]
    assert [(r.title, r.url) for r in item.related] == [("Lain", None)]


# -------------------------------------------------------------- the public API


def test_fetched_at_defaults_to_now_and_is_normalised() -> None:
    html = kompas_page()
    item = extractor().extract(html, KOMPAS_URL)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", item.fetched_at)
    item = extractor().extract(html, KOMPAS_URL, fetched_at="2023-08-14T04:00:00.123456Z")
    assert item.fetched_at == FETCHED_AT
    with pytest.raises(ValueError, match="not an ISO 8601 time"):
        extractor().extract(html, KOMPAS_URL, fetched_at="yesterday")


def test_no_regex_is_compiled_per_page(monkeypatch: pytest.MonkeyPatch) -> None:
    html, _ = fixture("kompas.tv")
    extract = Extractor(outlets())

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a regex was compiled while extracting a page")

    for name in ("compile", "search", "match", "fullmatch", "sub", "split", "findall"):
        monkeypatch.setattr(re, name, refuse)
    item = extract.extract(html, KOMPAS_URL, fetched_at=FETCHED_AT)
    generic = extract.extract(html, KOMPAS_URL, "generic", fetched_at=FETCHED_AT)
    monkeypatch.undo()
    assert item.extractor == "profile:kompas.tv"
    assert generic.extractor == "generic"


def test_extract_html_uses_the_config_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    html, expected = fixture("kompas.tv")
    monkeypatch.setenv("WORKER_CONFIG", str(CONFIG))
    item = extract_html(html, KOMPAS_URL)
    assert item.extractor == "profile:kompas.tv"
    assert {k: v for k, v in item.to_dict().items() if k != "fetched_at"} == {
        k: v for k, v in expected.items() if k != "fetched_at"
    }
    assert extract_html(html, KOMPAS_URL, "generic").extractor == "generic"


def test_extract_html_default_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    html, _ = fixture("kompas.tv")
    monkeypatch.delenv("WORKER_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)  # no ./config here: the repository's config/ is used
    assert extract_html(html, KOMPAS_URL).extractor == "profile:kompas.tv"


def test_public_api() -> None:
    import worker.extract

    assert set(worker.extract.__all__) >= {"Extractor", "extract_html"}
