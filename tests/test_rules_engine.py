"""The outlet rules engine beyond selectors: article data in the page (`__NEXT_DATA__`,
JSON-LD `articleBody`), bylines, JSON-LD choice and paywalls, meta-tag selectors, the
`--explain` trace, and strict validation of the new outlet keys."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.test_config import make_config
from tests.test_extract import FETCHED_AT, KOMPAS_URL, LONG, kompas, page
from worker.config import OutletConfig, load_config
from worker.errors import ConfigError
from worker.extract import Extractor
from worker.extract.byline import clean_name, parse_byline, split_names
from worker.extract.source import json_path

URL = "https://www.example.id/nasional/0161587342/judul-berita"


def outlet(**extract: Any) -> OutletConfig:
    return OutletConfig.model_validate(
        {
            "id": "example.id",
            "domains": ["example.id"],
            "feeds": ["https://www.example.id/rss"],
            "article_url": r"/\d{10}/",
            "extract": extract,
        }
    )


def next_data(article: dict[str, Any], html_body: str = "") -> str:
    data = json.dumps({"props": {"pageProps": {"article": article}}, "page": "/[id]"})
    return page(f'{html_body}<script id="__NEXT_DATA__" type="application/json">{data}</script>')


NEXT_RULES: dict[str, Any] = {
    "source": {
        "next_data": {
            "path": "props.pageProps.article",
            "title": "title",
            "body_html": "content",
            "published": "published_at",
            "updated": "meta.updated",
            "authors": "authors.*.name",
            "editor": "editor.name",
            "tags": "tags.*.name",
            "section": "category.name",
            "image": "images.0.url",
        }
    },
    "title": ["h1"],
    "body": [".isi"],
    "drop": ["div.iklan"],
    "min_body_chars": 50,
}
ARTICLE: dict[str, Any] = {
    "title": "Judul dari Data",
    "content": f"<p>{LONG}</p><div class='iklan'><p>IKLAN</p></div><p>Baca juga: <a href='/x/1'>"
    f"Lain</a></p><p>{LONG}<br>Baris kedua.</p>",
    "published_at": "2025-06-20 09:30:00",
    "meta": {"updated": 1750394520},
    "authors": [{"name": "Dimas Ryandi"}, {"name": "Sari Dewi, Budi"}],
    "editor": {"name": "Estu"},
    "tags": [{"name": "Bulog"}, {"name": "Beras"}, {"name": "Bulog"}],
    "category": {"name": "Nasional"},
    "images": [{"url": "/img/a.jpg"}],
}


def test_next_data_gives_every_field() -> None:
    extract = Extractor([outlet(**NEXT_RULES)])
    item = extract.extract(next_data(ARTICLE), URL, fetched_at="2025-06-21T00:00:00+00:00")
    assert item.extractor == "profile:example.id"
    assert item.title == "Judul dari Data"
    assert item.body == f"{LONG}\n\n{LONG}\n\nBaris kedua."
    assert [(r.title, r.url) for r in item.related] == [("Lain", "https://www.example.id/x/1")]
    assert item.published_at == "2025-06-20T09:30:00+07:00"  # no zone: the outlet's
    assert item.updated_at == "2025-06-20T04:42:00+00:00"  # epoch seconds: UTC
    assert item.authors == ("Dimas Ryandi", "Sari Dewi", "Budi")
    assert (item.editor, item.section) == ("Estu", "Nasional")
    assert item.tags == ("Bulog", "Beras")
    assert item.image_url == "https://www.example.id/img/a.jpg"


def test_next_data_missing_falls_back_to_the_selectors() -> None:
    extract = Extractor([outlet(**NEXT_RULES)])
    html_text = page(f'<h1>Judul HTML</h1><div class="isi"><p>{LONG}</p></div>')
    item = extract.extract(html_text, URL, fetched_at=FETCHED_AT)
    assert (item.extractor, item.title, item.body) == ("profile:example.id", "Judul HTML", LONG)
    # the data is there but not at the path: the selectors too
    item = extract.extract(
        next_data({}, f'<h1>Judul HTML</h1><div class="isi"><p>{LONG}</p></div>'),
        URL,
        fetched_at=FETCHED_AT,
    )
    assert (item.title, item.body) == ("Judul HTML", LONG)


def test_next_data_body_as_text() -> None:
    rules = {
        "source": {"next_data": {"path": "props.pageProps.article", "body_text": "text"}},
        "min_body_chars": 50,
    }
    extract = Extractor([outlet(**rules)])
    html_text = next_data({"text": f"{LONG}\n\n  \n{LONG} Dua."}, "<h1>Judul</h1>")
    item = extract.extract(html_text, URL, fetched_at=FETCHED_AT)
    assert (item.title, item.body) == ("Judul", f"{LONG}\n\n{LONG} Dua.")


def test_json_ld_body() -> None:
    ld = json.dumps(
        {"@type": "NewsArticle", "headline": "Dari LD", "articleBody": f"{LONG}\n{LONG}"}
    )
    html_text = page(
        '<h1>Judul</h1><div class="isi"><p>Ringkasan saja.</p></div>',
        f'<script type="application/ld+json">{ld}</script>',
    )
    extract = Extractor([outlet(source={"json_ld_body": True}, body=[".isi"], min_body_chars=10)])
    assert extract.extract(html_text, URL, fetched_at=FETCHED_AT).body == f"{LONG}\n\n{LONG}"
    # without articleBody: the selectors
    plain = html_text.replace(ld, json.dumps({"@type": "NewsArticle", "headline": "Dari LD"}))
    assert extract.extract(plain, URL, fetched_at=FETCHED_AT).body == "Ringkasan saja."


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("a.b", [1]),
        ("a.list.*.name", ["x", "y"]),
        ("a.list.1.name", ["y"]),
        ("a.list.5.name", []),
        ("a.missing", []),
        ("a.obj.*", [1, 2]),
        ("a.none", []),
        ("a.b.c", []),
        ("", []),
    ],
)
def test_json_path(path: str, expected: list[Any]) -> None:
    data = {"a": {"b": 1, "list": [{"name": "x"}, {"name": "y"}], "obj": {"p": 1, "q": 2}}}
    data["a"]["none"] = None
    assert json_path(data, path) == expected


# ------------------------------------------------------------------- bylines


@pytest.mark.parametrize(
    ("text", "authors", "editor"),
    [
        ("Penulis : Ahmad Fauzi | Editor : Sri Wahyuni", ("Ahmad Fauzi",), "Sri Wahyuni"),
        ("Rep: Fauziah Mursid / Red: Ani Nursalikah", ("Fauziah Mursid",), "Ani Nursalikah"),
        ("Pewarta: Budi Santoso", ("Budi Santoso",), None),
        ("Pewarta: Budi Santoso\nEditor: Dewi", ("Budi Santoso",), "Dewi"),
        ("Reporter: Ani, Budi dan Cici", ("Ani", "Budi", "Cici"), None),
        ("Editor: Dewi", (), "Dewi"),
        ("Oleh Ahmad Fauzi", ("Ahmad Fauzi",), None),
        ("Laporan Wartawan Tribunnews.com, Reynas Abdila", ("Reynas Abdila",), None),
        ("Jurnalis: Erfan Maruf | Editor: Qur'anul Hidayat", ("Erfan Maruf",), "Qur'anul Hidayat"),
    ],
)
def test_bylines(text: str, authors: tuple[str, ...], editor: str | None) -> None:
    byline = parse_byline(text)
    assert byline is not None
    assert (byline.authors, byline.editor) == (authors, editor)


@pytest.mark.parametrize(
    "text", ["Mulia Budi - detikNews", "Kim mengunjungi pabrik", "Red Hot", "Editor:", ""]
)
def test_not_bylines(text: str) -> None:
    assert parse_byline(text) is None


def test_names() -> None:
    assert split_names("Ahmad & Budi, Cici dan Dedi") == ("Ahmad", "Budi", "Cici", "Dedi")
    assert clean_name("Mulia Budi - detikNews") == "Mulia Budi"
    assert clean_name("Tim Redaksi | Kompas.com") == "Tim Redaksi"
    assert clean_name(" - ") == ""


def test_byline_lines_in_the_body() -> None:
    body = (
        f'<div class="article__body"><p>{LONG}</p><p>Pewarta: Budi Santoso</p>'
        "<p>Editor: Dewi Lestari</p></div>"
    )
    html_text = page(f'<h1 class="article__title">Judul</h1>{body}')
    rules = kompas(extract={"min_body_chars": 50})
    item = Extractor([rules]).extract(html_text, KOMPAS_URL, fetched_at=FETCHED_AT)
    assert item.extractor == "profile:kompas.tv"
    assert (item.body, item.authors, item.editor) == (LONG, ("Budi Santoso",), "Dewi Lestari")


def test_byline_in_the_authors_selector() -> None:
    body = f'<div class="article__body"><p>{LONG}</p></div>'
    byline = '<div class="byline">Rep: Fauziah Mursid / Red: Ani Nursalikah</div>'
    html_text = page(f'<h1 class="article__title">Judul</h1>{byline}{body}')
    rules = kompas(extract={"authors": [".byline"], "editor": [], "min_body_chars": 50})
    item = Extractor([rules]).extract(html_text, KOMPAS_URL, fetched_at=FETCHED_AT)
    assert (item.authors, item.editor) == (("Fauziah Mursid",), "Ani Nursalikah")


# ------------------------------------------------------------ metadata choices


def test_an_article_object_beats_a_page_with_a_headline() -> None:
    first = json.dumps({"@type": "WebPage", "headline": "x", "datePublished": "2023-08-14"})
    second = json.dumps(
        {
            "@type": "NewsArticle",
            "datePublished": "2023-08-14T09:00:00+07:00",
            "dateModified": "2023-08-14T09:30:00+07:00",
        }
    )
    head = "".join(f'<script type="application/ld+json">{t}</script>' for t in (first, second))
    body = f'<div class="article__body"><p>{LONG}</p></div>'
    html_text = page(f'<h1 class="article__title">Judul</h1>{body}', head)
    item = Extractor([kompas(extract={"min_body_chars": 50})]).extract(
        html_text, KOMPAS_URL, fetched_at=FETCHED_AT
    )
    assert item.extractor == "profile:kompas.tv"
    assert (item.published_at, item.updated_at) == (
        "2023-08-14T09:00:00+07:00",
        "2023-08-14T09:30:00+07:00",
    )


@pytest.mark.parametrize(
    ("ld", "partial"),
    [
        ({"isAccessibleForFree": False}, True),
        ({"isAccessibleForFree": "False"}, True),
        ({"hasPart": {"@type": "WebPageElement", "isAccessibleForFree": False}}, True),
        ({"isAccessibleForFree": True}, False),
        ({}, False),
    ],
)
def test_paywalled_pages_are_partial(ld: dict[str, Any], partial: bool) -> None:
    data = json.dumps({"@type": "NewsArticle", "headline": "Judul", **ld})
    body = f'<div class="article__body"><p>{LONG}</p></div>'
    html_text = page(
        f'<h1 class="article__title">Judul</h1>{body}',
        f'<script type="application/ld+json">{data}</script>',
    )
    item = Extractor([kompas(extract={"min_body_chars": 50})]).extract(
        html_text, KOMPAS_URL, fetched_at=FETCHED_AT
    )
    assert item.extractor == "profile:kompas.tv"
    assert item.partial is partial


def test_meta_selectors_and_visible_updated_time() -> None:
    head = (
        '<meta name="content_author" content="Dian Erika">'
        '<meta name="content_PublishedDate" content="2023-08-14 09:00:00">'
    )
    body = f'<div class="article__body"><p>{LONG}</p></div>'
    when = (
        '<div class="waktu">Kompas.com - 14/08/2023, 09:00 WIB '
        "Diperbarui 14/08/2023, 10:30 WIB</div>"
    )
    html_text = page(f'<h1 class="article__title">Judul</h1>{when}{body}', head)
    rules = kompas(
        extract={
            "authors": ['meta[name="content_author"]'],
            "published": [".waktu"],
            "editor": [],
            "min_body_chars": 50,
        }
    )
    item = Extractor([rules]).extract(html_text, KOMPAS_URL, fetched_at=FETCHED_AT)
    assert item.authors == ("Dian Erika",)
    assert item.published_at == "2023-08-14T09:00:00+07:00"  # the outlet's meta tag
    assert item.updated_at == "2023-08-14T10:30:00+07:00"  # "Diperbarui ..."


def test_explain_names_the_sources() -> None:
    from tests.test_extract import extractor, fixture

    html_text, _ = fixture("kompas.tv")
    item, trace = extractor().explain([html_text], KOMPAS_URL, fetched_at=FETCHED_AT)
    assert trace.sources["title"] == "selector h1.article__title"
    assert trace.sources["published_at"] == ("JSON-LD datePublished ('2023-08-14T10:05:00+07:00')")
    assert trace.sources["image_url"] == "meta og:image"
    assert [(n.action, n.text[:20]) for n in trace.lines] == [
        ("dateline", "PYONGYANG, KOMPAS.TV"),
        ("related", "Baca Juga: Ingin Kor"),
        ("related", "Baca Juga: Rezim Kim"),
        ("attribution", "Sumber : Associated "),
        ("drop", "Gabung ke Channel Wh"),
    ]
    report = trace.report(item.to_dict())
    assert "title         Kim Jong-un Inspeksi" in report
    assert "<- selector h1.article__title" in report
    assert "dateline      PYONGYANG" in report


# ----------------------------------------------------------------- validation

GOOD = """\
domains: [example.com]
feeds: [https://example.com/rss]
article_url: '^https://example\\\\.com/read/\\\\d+'
"""


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("whole_article: {}\n", "whole_article: give either 'query' or 'next_selector'"),
        (
            "whole_article: {query: {page: all}, next_selector: a.next}\n",
            "whole_article: give either 'query' or 'next_selector'",
        ),
        ("whole_article: {next_selector: 'a[', max_pages: 3}\n", "is rejected by selectolax"),
        ("whole_article: {next_selector: a.next, max_pages: 1}\n", "greater than or equal to 2"),
        ("whole_article: {query: {}}\n", "whole_article.query: Dictionary should have at least"),
        ("whole_article: {pages: all}\n", "whole_article.pages: unknown key"),
        ("extract: {title: [h1]}\n", "'body' needs at least one selector"),
        ("extract: {body: [p], source: {}}\n", "give one of 'next_data' or 'json_ld_body: true'"),
        (
            "extract: {source: {next_data: {path: 'a..b', body_html: c}}}\n",
            "extract.source.next_data.path: String should match pattern",
        ),
        (
            "extract: {source: {next_data: {body_html: a, body_text: b}}}\n",
            "give either 'body_html' or 'body_text', not both",
        ),
        ("extract: {source: {next_data: {script: 'x[', body_html: a}}}\n", "rejected by"),
        ("extract: {source: {next_data: {body: a}}}\n", "next_data.body: unknown key"),
        ("extract: {body: [p], lines: [{match: x, action: authors}]}\n", "Input should be"),
    ],
)
def test_new_keys_are_validated(tmp_path: Path, extra: str, message: str) -> None:
    config = make_config(tmp_path, outlets={"example.com.yaml": GOOD + extra})
    with pytest.raises(ConfigError) as info:
        load_config(config)
    assert len(info.value.problems) == 1, info.value.problems
    assert message in info.value.problems[0]
    assert info.value.problems[0].startswith(f"{config / 'outlets' / 'example.com.yaml'}: ")


def test_new_keys_load(tmp_path: Path) -> None:
    text = GOOD + (
        "whole_article: {next_selector: a.next, max_pages: 4}\n"
        "extract:\n"
        "  source: {next_data: {path: props.pageProps.article, body_html: content}}\n"
        "  lines: [{match: '^Pewarta', action: byline}]\n"
    )
    config = load_config(make_config(tmp_path, outlets={"example.com.yaml": text}))
    [loaded] = config.outlets
    assert loaded.whole_article is not None
    assert (loaded.whole_article.next_selector, loaded.whole_article.max_pages) == ("a.next", 4)
    assert loaded.extract is not None
    assert loaded.extract.body == []
