"""The reference article: a real Kompas.TV article, verbatim, typos included.

`REFERENCE_LINES` are the texts of the page's body paragraphs in order, exactly as a
reader sees them (and as `reference/kompastv-article.txt` in the shared folder holds
them). The simulator serves it as article 1 of the first outlet; the rest of its
metadata is made up but plausible.
"""

from __future__ import annotations

REFERENCE_LINES: tuple[str, ...] = (
    (
        "PYONGYANG, KOMPAS.TV - Pemimpin Tertinggi Korea Utara Kim Jong-un melakukan "
        "inspeksi ke pabrik-pabrik amunisi terbesar di negara itu. Kim memerintahkan "
        "industri pertahanan Korea Utara meningkatkan produksi rudal dan senjata lain "
        "secara drastis."
    ),
    (
        "Inspeksi Kim ini dilangsungkan seiring pengumuman militer Amerika Serikat (AS) "
        "dan Korea Selatan mengumumkan latihan gabungan besar pada pekan depan. Kedua "
        "rival Korea Utara itu hendak mengasah kapabilitas gabungan menghadapi ancaman "
        "nuklir Pyongyang."
    ),
    (
        "Baca Juga: Ingin Korea Utara Siap Berperang, Kim Jong-Un Malah Pecat Pimpinan "
        "Jenderal Pentingnya"
    ),
    (
        "Perintah Kim meningkatkan produksi massal senjata juga disampaikan di tengah isu "
        "kontak Menteri Pertahanan Rusia Sergey Shoigu dengan Korea Utara. Shoigu disebut "
        "menjajaki kemungkinan Pyongyang menjual lebih banyak senjata ke Rusia untuk "
        "berperang di Ukraian."
    ),
    (
        "Menurut laporan kantor berita KCNA, Senin (14/8/2023), Kim mengunjungi "
        "pabrik-pabrik rudal taktis, platform peluncuran mobile, kendaraan lapisa baja, "
        "dan peluru artileri pada Jumat (11/8) dan Sabtu (12/8). Kim juga pernah "
        "melakukan sidak ke pabrik-pabrik senjata Korea Utara pada awal Agustus lalu."
    ),
    (
        "KCNA melaporkan, ketika mengunjungi pabrik rudal, Kim mengumumkan target "
        '"penungkatan drastis" kapasitas produksi agar pabrik itu dapat memenuhi '
        "kebutuhan rudal pasukan di garis depan."
    ),
    (
        '"Level kualitatif persiapan perang tergantung pada perkembangan industri amunisi '
        "dan pabrik memiliki tanggung jawab penting untuk mempercepat persiapan perang "
        'Tentara Rakyat Korea (Utara)," kata Kim dikutip KCNA via Associated Press.'
    ),
    (
        "Pemerintahan Kim Jong-un diketahui mengembangkan kapabilitas senjata nuklir dan "
        "rudal usai diplomasinya dengan mantan presiden AS, Donald Trump kandas pada 2019 "
        "silam. Sejak 2022, militer Korea Utara disebut telah meluncurkan lebih dari 100 "
        "uji coba rudal."
    ),
    (
        "Baca Juga: Rezim Kim Jong Un Ungkap Nasib Tentara AS yang Kabur ke Negaranya, "
        "Tengah Ditahan"
    ),
    "Sumber : Associated Press",
    "Gabung ke Channel WhatsApp KompasTV untuk update berita terbaru dan terpercaya.",
)

REFERENCE_TITLE = (
    "Kim Jong-Un Sidak Pabrik Amunisi, Perintahkan Produksi Rudal Ditingkatkan Drastis"
)
REFERENCE_DATELINE = "PYONGYANG"
REFERENCE_PUBLISHED = "2023-08-14T10:05:00+07:00"
REFERENCE_SECTION = "Internasional"
REFERENCE_AUTHORS = ("Dimas Prasetyo",)
REFERENCE_EDITOR = "Rahmat Hidayat"
REFERENCE_TAGS = ("Kim Jong-un", "Korea Utara", "rudal")
REFERENCE_CAPTION = (
    "Pemimpin Korea Utara Kim Jong-un saat menginspeksi pabrik amunisi. (Sumber: KCNA via AP)"
)
# Where the two "Baca Juga:" lines point (the reference text gives only their titles).
REFERENCE_RELATED_URLS = (
    "https://www.kompas.tv/internasional/433391/ingin-korea-utara-siap-berperang-kim-jong-un-malah-pecat-pimpinan-jenderal-pentingnya",
    "https://www.kompas.tv/internasional/436910/rezim-kim-jong-un-ungkap-nasib-tentara-as-yang-kabur-ke-negaranya-tengah-ditahan",
)
