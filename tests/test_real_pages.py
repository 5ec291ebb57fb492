"""Real pages as the outlets served them, read in place from `../shared/fixtures/real/`
(they are not ours: never copied into this repository).

One table of cases, one parametrized test. Each case holds what a reader finds on the page:
title, time, writers, dateline, the first and the last paragraph of the body, how many
paragraphs it has, and the tags; no boilerplate may be left in the body. To add a page, add
a `RealPage` to `CASES`. The test is skipped when `../shared` is not there.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from worker.config import load_config
from worker.extract import Extractor

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "fixtures" / "real"

LEFTOVERS = ("ADVERTISEMENT", "SCROLL TO", "Baca juga", "Baca Juga", "BACA JUGA", "[Gambas:")
"""Boilerplate that must never be left in a body."""

BODY_CHECKS = ("first", "last", "paragraphs")
ALL_CHECKS = (
    "extractor",
    "title",
    "published_at",
    "authors",
    "dateline",
    "tags",
    "leftovers",
    *BODY_CHECKS,
)


@dataclass(frozen=True)
class RealPage:
    outlet: str
    file: str
    url: str
    fetched_at: str
    title: str
    published_at: str
    authors: tuple[str, ...]
    dateline: str | None
    first: str
    last: str
    paragraphs: int
    tags: tuple[str, ...]


CASES = [
    RealPage(
        outlet="detik.com",
        file="1.html",
        url="https://news.detik.com/berita/d-6453785/polisi-soal-pistol-di-kasus-cekcok-pemobil-vs-pemotor-cuma-diperlihatkan",
        fetched_at="2022-12-11T00:00:00+00:00",
        title="Polisi soal Pistol di Kasus Cekcok Pemobil vs Pemotor: Cuma Diperlihatkan",
        published_at="2022-12-10T13:19:56+07:00",
        authors=("Mulia Budi",),
        dateline="Jakarta",
        first=(
            "Polisi masih mendalami percekcokan antara pemotor dan pemobil yang dinarasikan "
            "membawa pistol di Cipulir, Kabayoran Lama, Jakarta Selatan (Jaksel). Korban atau "
            "pemotor pria berinisial CE, telah membuat laporan terkait kejadian itu."
        ),
        last=(
            "Peristiwa itu terjadi pada Rabu (7/12/2022) sekitar pukul 21.45 WIB. Disebut-sebut "
            "percekcokan itu terjadi antara pengemudi mobil dengan pengemudi motor."
        ),
        paragraphs=13,
        tags=(
            "pria berpistol",
            "cekcok",
            "cekcok di jalan",
            "viral",
            "polsek kebayoran lama",
            "jabodetabek",
        ),
    ),
    RealPage(
        outlet="detik.com",
        file="2.html",
        url="https://sport.detik.com/sepakbola/bola-dunia/d-6454487/susunan-pemain-maroko-vs-portugal-ronaldo-cadangan-lagi",
        fetched_at="2022-12-11T00:00:00+00:00",
        title="Susunan Pemain Maroko Vs Portugal: Ronaldo Cadangan Lagi",
        published_at="2022-12-10T20:55:32+07:00",
        authors=("Afif Farhan",),
        dateline="Doha",
        first=(
            "Maroko vs Portugal akan bermain malam ini di perempatfinal Piala Dunia 2022. "
            "Susunan pemainnya sudah keluar, Cristiano Ronaldo jadi cadangan lagi."
        ),
        # the last of six "- ..." lines that <br> splits in one <p>
        last="- Maroko jadi tim dengan penguasaan bola terendah sepanjang Piala Dunia 2022.",
        paragraphs=16,
        tags=(
            "maroko vs portugal",
            "maroko",
            "portugal",
            "perempatfinal piala dunia 2022",
            "piala dunia 2022",
            "susunan pemain",
            "juara bola dunia",
            "cristiano ronaldo",
        ),
    ),
    RealPage(
        # the 2021 layout: .jdl h1, .detail_text, no tag list (tags from the keywords meta)
        outlet="detik.com",
        file="4.html",
        url="https://sport.detik.com/aboutthegame/detik-insider/d-5746542/para-peracik-bola-mati",
        fetched_at="2022-12-11T00:00:00+00:00",
        title="Para Peracik Bola Mati",
        published_at="2021-09-30T12:00:35+07:00",
        authors=("Putra Rusdi K",),
        dateline="Jakarta",
        first=(
            "Pelatih set-piece menjadi tren baru di klub-klub Eropa. Bola mati tak lagi "
            "dipandang sebelah mata karena bisa jadi pembeda dari sebuah laga."
        ),
        last=(
            "Yunani yang juara Piala Eropa 2004 berkat sepak pojok yang disambut Angelos "
            "Charisteas menjadi gol. MU melakukan comeback dramatis menang 2-1 atas Bayern "
            "Munich di Final Liga Champions 1998/1999 berawal dari dua sepak pojok David "
            "Beckham. Lalu, ada juga tendangan bebas kencang Ronald Koeman yang memastikan "
            "Barcelona juara Piala Champions 1991."
        ),
        paragraphs=33,
        tags=(
            "manchester united",
            "aston villa",
            "eric ramsay",
            "dean smith",
            "liga inggris",
            "timnas denmark",
        ),
    ),
    RealPage(
        outlet="detik.com",
        file="inet.html",
        url="https://inet.detik.com/cyberlife/d-6453192/bos-kripto-yang-bangkrut-ngeles-soal-hobi-beli-rumah-mewah",
        fetched_at="2022-12-11T00:00:00+00:00",
        title="Bos Kripto yang Bangkrut Ngeles Soal Hobi Beli Rumah Mewah",
        published_at="2022-12-10T07:16:35+07:00",
        authors=("Fino Yurio Kristo",),
        dateline="Jakarta",
        first=(
            "Salah satu fakta yang terkuak dalam kebangkrutan perusahaan perdagangan kripto FTX "
            "adalah bos dan petingginya hobi membeli rumah mewah. Sang bos yang kini kehilangan "
            "semua uangnya, Sam Bankman Fried, membela diri."
        ),
        last=(
            "Ketika dimintai konfirmasi, juru bicara orang tua Bankman menyatakan mereka telah "
            'mencoba mengembalikan properti itu ke FTX. "Sejak sebelum proses kebangkrutan, Mr '
            "Bankman dan Ms Fried sudah mencoba mengembalikannya ke perusahaan dan menunggu "
            'instruksi selanjutnya," kata sang juru bicara.'
        ),
        paragraphs=7,
        tags=("sam bankman-fried", "ftx", "juragan kripto", "ftx bangkrut"),
    ),
    RealPage(
        # the travel layout: .read__content, a <b> dateline, a "-----" rule and a
        # "first published on detikBali" notice after the last paragraph
        outlet="detik.com",
        file="travel.html",
        url="https://travel.detik.com/travel-news/d-6454465/kadispar-badung-jamin-wisman-tak-disweeping-imbas-pasal-zina-kuhp",
        fetched_at="2022-12-11T00:00:00+00:00",
        title="Kadispar Badung Jamin Wisman Tak Disweeping Imbas Pasal Zina KUHP",
        published_at="2022-12-10T22:10:07+07:00",
        authors=("Tim detikBali",),
        dateline="Badung",
        first=(
            "Kepala Dinas Pariwisata Badung, I Nyoman Rudiarta memastikan tak akan ada sweeping "
            "terhadap turis asing yang liburan ke Bali imbas disahkannya pasal zina KUHP."
        ),
        last=(
            '"Mari bergandengan tangan dan selalu menerapkan prinsip kolaborasi pentahelix baik '
            "pemerintah, swasta, masyarakat, akademisi, maupun media selalu ikut menjaga "
            'pariwisata kita," pungkasnya.'
        ),
        paragraphs=8,
        tags=(
            "kuhp",
            "kitab undang undang hukum pidana",
            "pasal zina",
            "turis asing",
            "wisman",
            "bali",
        ),
    ),
    RealPage(
        # January 2026 layout. JSON-LD names the editor (Heryadi) as author: the writer is
        # the byline's .author-2. The visible tags read "# IGI School of ...", so the tags are
        # the keywords meta. The desk code "(E-2)" closes the last paragraph.
        outlet="mediaindonesia.com",
        file="851796.html",
        url="https://mediaindonesia.com/ekonomi/851796/dari-petani-hingga-pendidik-bangsa-begini-pesan-kuat-di-wisuda-igi-school-of-economics-jakarta-2025",
        fetched_at="2026-01-21T00:00:00+00:00",
        title=(
            "Dari Petani hingga Pendidik Bangsa, Begini Pesan Kuat di Wisuda IGI School of "
            "Economics Jakarta 2025"
        ),
        published_at="2026-01-20T18:33:13+07:00",
        authors=("Naufal Zuhdi",),
        dateline=None,
        first=(
            "INTERNATIONAL Golden Institute (IGI School of Economics Jakarta) kembali "
            "menegaskan komitmennya dalam membangun pendidikan yang berkarakter dan inklusif "
            "melalui penyelenggaraan Wisuda Magister Manajemen ke-XV serta Sarjana Manajemen "
            "dan Akuntansi ke-XI."
        ),
        last=(
            "Menutup sambutannya, Almaraja Limbong mengajak para wisudawan untuk kembali ke "
            "masyarakat dengan semangat pengabdian dan menjadikan ilmu sebagai cahaya dalam "
            "setiap langkah kehidupan, sebagaimana nilai yang diwariskan John Waller Limbong, "
            "sejak awal berdirinya IGI School of Economics Jakarta. (E-2)"
        ),
        paragraphs=11,
        tags=("IGI School of Economics", "Wisuda Magister Manajemen ke-XV"),
    ),
]


@cache
def extractor() -> Extractor:
    return Extractor(load_config(ROOT / "config").outlets)


@pytest.mark.parametrize("case", CASES, ids=[f"{c.outlet}/{c.file}" for c in CASES])
def test_real_page(case: RealPage) -> None:
    page = REAL / case.outlet / case.file
    if not page.is_file():
        pytest.skip(f"{page} not present: real-page checks need ../shared")
    html = page.read_text(encoding="utf-8")
    item = extractor().extract(html, case.url, fetched_at=case.fetched_at)

    paragraphs = item.body.split("\n\n")
    checks = {
        "extractor": (
            (item.outlet, item.extractor, item.drift),
            (case.outlet, f"profile:{case.outlet}", False),
        ),
        "title": (item.title, case.title),
        "published_at": (item.published_at, case.published_at),
        "authors": (item.authors, case.authors),
        "dateline": (item.dateline, case.dateline),
        "tags": (item.tags, case.tags),
        "leftovers": ([left for left in LEFTOVERS if left in item.body], []),
        "first": (paragraphs[0], case.first),
        "last": (paragraphs[-1], case.last),
        "paragraphs": (len(paragraphs), case.paragraphs),
    }
    assert tuple(checks) == ALL_CHECKS
    wrong = {
        name: got_expected
        for name, got_expected in checks.items()
        if got_expected[0] != got_expected[1]
    }
    assert wrong == {}
