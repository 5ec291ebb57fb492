"""The "badcases" outlet: one article URL per way a page can go wrong.

Its feed lists `/badcases/article/<n>/<case>` for each case in `CASES`; `OUTCOMES` says
what a correct worker does with each: publish it (the page is bad but readable) or give
up on it (dead-letter).
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime, timedelta

from aiohttp import web

from worker.simulator import pages
from worker.simulator.content import START, ArticleFactory, Draft

OUTLET = "badcases"
CASES: tuple[str, ...] = (
    "slow",
    "huge",
    "broken",
    "redirect-loop",
    "429",
    "503",
    "charset",
    "notfound",
    "not-article",
)
PUBLISHED_CASES = ("broken", "429", "charset")
OUTCOMES: dict[str, str] = {
    case: "published" if case in PUBLISHED_CASES else "dead" for case in CASES
}
HUGE_BYTES = 20 * 1024 * 1024
RATE_LIMITED_TIMES = 2
_HTML = "text/html; charset=utf-8"


def case_id(case: str) -> int:
    return CASES.index(case) + 1


def case_path(case: str) -> str:
    return f"/{OUTLET}/article/{case_id(case)}/{case}"


def _charset_draft() -> Draft:
    """An article full of é, ü and curly quotes (served as windows-1252, labelled utf-8)."""
    paragraphs = (
        "Sebuah kafe bernama “Crème Brûlée” di kawasan Kemang, Jakarta Selatan, ramai "
        "dikunjungi warga pada akhir pekan. Kafe milik Thomas Müller, warga negara Jerman yang "
        "sudah sepuluh tahun tinggal di Jakarta, menyajikan aneka kue khas Eropa dengan harga "
        "terjangkau.",
        "“Saya ingin orang Indonesia bisa mencicipi café au lait dan kue seperti di Eropa tanpa "
        "harus pergi jauh,” kata Müller saat ditemui KompasTV, Sabtu (19/8/2023). Ia menyebut "
        "resep kuenya diwariskan oleh neneknya yang tinggal di kota München.",
        "Pengunjung bernama Rina Susanti mengaku puas dengan rasa crème brûlée yang ditawarkan. "
        "Menurutnya, tekstur kue itu lembut dan tidak terlalu manis, cocok dinikmati bersama teh "
        "hangat pada sore hari bersama keluarga dan teman.",
        "Müller berencana membuka cabang kedua di Bandung tahun depan. Ia juga ingin melibatkan "
        "lebih banyak pekerja lokal dan pemasok bahan baku dari petani di sekitar Jakarta agar "
        "usahanya ikut menggerakkan ekonomi warga.",
    )
    return Draft(
        outlet=OUTLET,
        article_id=case_id("charset"),
        slug="charset",
        kind="article",
        title="Kafe “Crème Brûlée” Milik Warga Jerman di Kemang Ramai Dikunjungi",
        dateline="JAKARTA",
        paragraphs=paragraphs,
        related=(),
        related_after=(),
        ad_after=1,
        attribution=None,
        authors=("Wulan Anggraini",),
        editor="Desy Hartini",
        tags=("kuliner", "Kemang"),
        section="Lifestyle",
        published=datetime.fromisoformat("2023-08-19T16:20:00+07:00"),
        caption="Suasana kafe “Crème Brûlée” di Kemang. (Sumber: Kompas TV/Wulan Anggraini)",
    )


def make_drafts(outlet_index: int, seed: int, bodies: set[str]) -> dict[str, Draft]:
    """The drafts of the cases that must publish, by case name."""
    factory = ArticleFactory(OUTLET, outlet_index, seed)
    broken = factory.make(case_id("broken"), [], bodies)
    limited = factory.make(case_id("429"), [broken], bodies)
    return {
        # The broken page is cut off before its tags, so it has none.
        "broken": replace(broken, slug="broken", tags=()),
        "429": replace(limited, slug="429"),
        "charset": _charset_draft(),
    }


def entries(base: str, drafts: dict[str, Draft]) -> list[pages.Entry]:
    """Feed entries for every case, newest first."""
    result = []
    for case in CASES:
        draft = drafts.get(case)
        published = draft.published if draft else START + timedelta(hours=case_id(case))
        result.append(
            pages.Entry(
                link=base + case_path(case),
                title=draft.title if draft else f"Artikel Uji Kasus {case}",
                published=published,
                guid=f"{OUTLET}-{case_id(case)}",
                summary=f"Kasus uji {case}.",
                section=draft.section if draft else None,
            )
        )
    return sorted(result, key=lambda e: e.published, reverse=True)


class BadCaseHandler:
    """Answers the requests for `/badcases/article/<n>/<case>`."""

    def __init__(self, drafts: dict[str, Draft], slow_seconds: float) -> None:
        self.drafts = drafts
        self.slow_seconds = slow_seconds
        self.rate_limited = 0

    async def handle(
        self, request: web.Request, base: str, article_id: int, case: str
    ) -> web.StreamResponse:
        if case not in CASES or case_id(case) != article_id:
            return web.Response(status=404, text="Not Found")
        if case == "slow":
            # Cancelled like any handler when the client goes away or the server stops.
            await asyncio.sleep(self.slow_seconds)
            return web.Response(status=504, text="Gateway Timeout")
        if case == "huge":
            return await self._huge(request)
        if case == "redirect-loop":
            target = case_path(case) + ("" if "loop" in request.query else "?loop=1")
            return web.Response(status=302, headers={"Location": target})
        if case == "429":
            self.rate_limited += 1
            if self.rate_limited <= RATE_LIMITED_TIMES:
                return web.Response(
                    status=429, headers={"Retry-After": "1"}, text="Too Many Requests"
                )
            return _html(pages.article_page(self.drafts[case], base).encode("utf-8"))
        if case == "503":
            return web.Response(status=503, text="Service Unavailable")
        if case == "broken":
            return _html(pages.broken_page(self.drafts[case], base).encode("utf-8"))
        if case == "charset":
            return _html(pages.article_page(self.drafts[case], base).encode("cp1252"))
        if case == "not-article":
            return _html(pages.not_article_page(base, OUTLET).encode("utf-8"))
        return web.Response(status=404, text="Not Found")

    async def _huge(self, request: web.Request) -> web.StreamResponse:
        """HUGE_BYTES of article-looking HTML, chunked, without a Content-Length."""
        response = web.StreamResponse(headers={"Content-Type": _HTML})
        response.enable_chunked_encoding()
        await response.prepare(request)
        head = (
            b'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>Huge</title>'
            b'</head><body><article class="article"><h1 class="article__title">Huge</h1>'
            b'<div class="article__body">\n'
        )
        paragraph = b"<p>" + b"Kalimat panjang yang diulang terus menerus. " * 20 + b"</p>\n"
        chunk = paragraph * (65536 // len(paragraph))
        written = 0
        try:
            await response.write(head)
            written = len(head)
            while written < HUGE_BYTES:
                piece = chunk[: HUGE_BYTES - written]
                await response.write(piece)
                written += len(piece)
            await response.write_eof()
        except ConnectionError:
            pass  # the client stopped reading, as it should past its size limit
        return response


def _html(body: bytes) -> web.Response:
    return web.Response(body=body, headers={"Content-Type": _HTML})
