"""Word lists and sentence templates for synthetic Indonesian news articles.

Plain data: `content.py` fills the `{slot}` names of the templates from these lists with a
seeded random generator. The lists are wide on purpose, so that two generated articles
share little more than the phrases real news stories share too.
"""

from __future__ import annotations


def _items(text: str) -> tuple[str, ...]:
    return tuple(text.split("|"))


# (city as written in the text, its province); DISTRICTS[i] lies in CITIES[i]
CITIES: tuple[tuple[str, str], ...] = (
    ("Jakarta", "DKI Jakarta"),
    ("Surabaya", "Jawa Timur"),
    ("Bandung", "Jawa Barat"),
    ("Medan", "Sumatera Utara"),
    ("Semarang", "Jawa Tengah"),
    ("Yogyakarta", "DI Yogyakarta"),
    ("Makassar", "Sulawesi Selatan"),
    ("Denpasar", "Bali"),
    ("Palembang", "Sumatera Selatan"),
    ("Balikpapan", "Kalimantan Timur"),
    ("Banda Aceh", "Aceh"),
    ("Pontianak", "Kalimantan Barat"),
    ("Manado", "Sulawesi Utara"),
    ("Padang", "Sumatera Barat"),
    ("Malang", "Jawa Timur"),
    ("Bogor", "Jawa Barat"),
    ("Solo", "Jawa Tengah"),
    ("Kupang", "Nusa Tenggara Timur"),
    ("Mataram", "Nusa Tenggara Barat"),
    ("Jayapura", "Papua"),
    ("Ambon", "Maluku"),
    ("Pekanbaru", "Riau"),
    ("Samarinda", "Kalimantan Timur"),
    ("Tangerang Selatan", "Banten"),
)

# (section, topic as used in a sentence, topic in a title, tags)
TOPICS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("Ekonomi", "kenaikan harga beras", "Harga Beras", ("harga beras", "pangan")),
    ("Regional", "banjir rob di kawasan pesisir", "Banjir Rob", ("banjir rob", "cuaca")),
    ("Nasional", "penyaluran bantuan sosial", "Bansos", ("bansos", "kemensos")),
    ("Regional", "kebakaran hutan dan lahan", "Karhutla", ("karhutla", "kabut asap")),
    ("Kesehatan", "lonjakan kasus demam berdarah", "Kasus DBD", ("DBD", "kesehatan")),
    ("Ekonomi", "inflasi bahan pokok", "Inflasi Bahan Pokok", ("inflasi", "sembako")),
    ("Nasional", "proyek kereta cepat", "Kereta Cepat", ("kereta cepat", "transportasi")),
    ("Nasional", "penerimaan peserta didik baru", "PPDB", ("PPDB", "pendidikan")),
    ("Regional", "sengketa lahan warga", "Sengketa Lahan", ("sengketa lahan", "agraria")),
    ("Regional", "pemadaman listrik bergilir", "Pemadaman Listrik", ("PLN", "listrik")),
    ("Ekonomi", "kenaikan tarif angkutan umum", "Tarif Angkot", ("tarif", "angkutan umum")),
    ("Regional", "pengelolaan sampah kota", "Sampah Kota", ("sampah", "lingkungan")),
    ("Ekonomi", "lonjakan harga cabai rawit", "Harga Cabai", ("harga cabai", "pasar")),
    ("Kesehatan", "imunisasi campak bagi anak", "Imunisasi Campak", ("imunisasi", "campak")),
    ("Regional", "kekeringan di lahan pertanian", "Kekeringan", ("kekeringan", "petani")),
    ("Nasional", "pembangunan rumah susun", "Rusun", ("rusun", "perumahan")),
    ("Regional", "kecelakaan lalu lintas di jalur mudik", "Kecelakaan Mudik", ("mudik",)),
    ("Ekonomi", "ekspor kopi robusta", "Ekspor Kopi", ("kopi", "ekspor")),
    ("Lifestyle", "lonjakan kunjungan wisatawan", "Wisatawan", ("pariwisata", "libur")),
    ("Olahraga", "persiapan tim nasional sepak bola", "Timnas", ("timnas", "PSSI")),
    ("Teknologi", "gangguan layanan data kependudukan", "Data Kependudukan", ("dukcapil",)),
    ("Nasional", "penertiban pedagang kaki lima", "Penertiban PKL", ("PKL", "satpol PP")),
    ("Regional", "tanah longsor di jalur provinsi", "Tanah Longsor", ("longsor", "BPBD")),
    ("Ekonomi", "kelangkaan gas elpiji tiga kilogram", "Elpiji 3 Kg", ("elpiji", "energi")),
    ("Kesehatan", "kasus stunting pada balita", "Stunting", ("stunting", "gizi")),
    ("Nasional", "program makan bergizi gratis", "Makan Bergizi Gratis", ("MBG", "gizi")),
    ("Regional", "perbaikan jembatan antardesa", "Jembatan Rusak", ("jembatan", "PUPR")),
    ("Teknologi", "penipuan daring lewat aplikasi pesan", "Penipuan Daring", ("penipuan",)),
    ("Olahraga", "renovasi stadion utama", "Renovasi Stadion", ("stadion", "liga 1")),
    ("Ekonomi", "penurunan omzet pedagang pasar", "Omzet Pedagang", ("UMKM", "pasar")),
)

FIRST_NAMES = _items(
    "Budi|Siti|Agus|Dewi|Rizky|Andi|Nur|Hendra|Yuliana|Fajar|Rina|Dimas|Wahyu|Ayu|"
    "Bambang|Lina|Eko|Maya|Irfan|Sri|Taufik|Indah|Yusuf|Ratna|Arief|Putri|Joko|Wulan|"
    "Hasan|Novi"
)
LAST_NAMES = _items(
    "Santoso|Rahmawati|Wibowo|Lestari|Pratama|Saputra|Hidayah|Gunawan|Kusuma|Nugroho|"
    "Marlina|Aditya|Setiawan|Hartono|Susanti|Prasetyo|Anggraini|Hakim|Wahyuni|Siregar|"
    "Nasution|Simanjuntak|Tanjung|Manurung|Sitompul|Daulay|Lubis|Harahap|Pangaribuan|"
    "Wijaya"
)
ROLES = _items(
    "Wali Kota {city}|Kepala Dinas Perhubungan {city}|Kapolres {city}|Ketua DPRD {city}|"
    "Kepala BPBD {city}|Sekretaris Daerah {prov}|Kepala Dinas Kesehatan {city}|"
    "Gubernur {prov}|Kepala Dinas Sosial {city}|Juru bicara Pemerintah Kota {city}|"
    "Kepala Bappeda {prov}|Kepala Dinas Perdagangan {city}|Camat {district}|"
    "pengamat kebijakan publik dari Universitas {uni}"
)
UNIVERSITIES = _items(
    "Airlangga|Padjadjaran|Gadjah Mada|Diponegoro|Hasanuddin|Udayana|Sriwijaya|Andalas|"
    "Brawijaya|Sumatera Utara|Indonesia|Mulawarman"
)
DISTRICTS = _items(
    "Tanjung Priok|Kenjeran|Cicadas|Medan Belawan|Genuk|Umbulharjo|Tamalate|"
    "Denpasar Selatan|Seberang Ulu|Balikpapan Barat|Kuta Alam|Pontianak Utara|Tikala|"
    "Koto Tangah|Lowokwaru|Bogor Tengah|Laweyan|Oebobo|Ampenan|Abepura|Sirimau|Rumbai|"
    "Sungai Kunjang|Pamulang"
)
STREETS = _items(
    "Jalan Ahmad Yani|Jalan Sudirman|Jalan Gatot Subroto|Jalan Diponegoro|Jalan Pahlawan|"
    "Jalan Veteran|Jalan Merdeka|Jalan Sisingamangaraja|Jalan Hayam Wuruk|"
    "Jalan Teuku Umar|Jalan Pemuda|Jalan Raya Bogor"
)
AGENCIES = _items(
    "Badan Pusat Statistik (BPS)|Badan Penanggulangan Bencana Daerah (BPBD)|"
    "Dinas Kesehatan|Badan Meteorologi, Klimatologi, dan Geofisika (BMKG)|"
    "Satuan Polisi Pamong Praja|Dinas Pekerjaan Umum|Kementerian Sosial|"
    "Badan Pangan Nasional|Ombudsman RI|Dinas Perhubungan|Basarnas|"
    "Kementerian Perdagangan|PT PLN (Persero)|Dinas Lingkungan Hidup"
)
JOBS = _items(
    "pedagang sayur|pengemudi ojek daring|nelayan|petani padi|guru honorer|"
    "ibu rumah tangga|buruh pabrik|mahasiswa|pemilik warung makan|sopir angkot|"
    "perajin batik|pegawai swasta|tukang parkir|pedagang bakso"
)
FEELINGS = _items("kecewa|cemas|lega|terbantu|khawatir|bingung|resah|bersyukur")
PERIODS = _items(
    "libur panjang akhir pekan|masa angkutan Lebaran|musim hujan|pekan depan|"
    "dua pekan ke depan|akhir bulan ini|masa tanggap darurat|tahun anggaran ini"
)
PLACES_PUBLIC = _items(
    "Pasar Induk|Terminal Terpadu|Pelabuhan|Stasiun Besar|Alun-alun|Gedung Olahraga|"
    "Balai Kota|Rumah Sakit Umum Daerah|kantor kelurahan"
)
ACTIONS = _items(
    "mendata warga yang terdampak|membersihkan material yang menutup jalan|"
    "mengatur arus kendaraan|menyalurkan paket bantuan|memeriksa kondisi bangunan|"
    "menyemprotkan cairan disinfektan|mendirikan tenda darurat|mengevakuasi lansia|"
    "memantau harga di tingkat pengecer|membuka posko pengaduan"
)
PLANS = _items(
    "menambah armada pengangkut|memperluas jangkauan layanan|menggelar operasi pasar|"
    "merevisi peraturan daerah|membangun tanggul permanen|menambah tenaga kesehatan|"
    "melibatkan pengurus RT dan RW|memperketat pengawasan di lapangan|"
    "menyiapkan aplikasi pengaduan|menggandeng perguruan tinggi setempat"
)
GOALS = _items(
    "pelayanan kepada masyarakat lebih cepat|kejadian serupa tidak terulang|"
    "harga kembali stabil|warga tidak lagi dirugikan|anggaran tepat sasaran|"
    "sekolah dapat kembali berjalan normal|arus lalu lintas tetap lancar"
)
COMMODITIES = _items(
    "beras medium|cabai rawit merah|bawang merah|minyak goreng|gula pasir|"
    "daging ayam ras|telur ayam|bawang putih|daging sapi|tepung terigu"
)
REPORTERS = tuple(
    f"{first} {last}" for first, last in zip(FIRST_NAMES[::2], LAST_NAMES[1::2], strict=True)
)
EDITORS = _items("Gilang Permana|Purwanto Adi|Deni Muliya|Desy Hartini|Vyara Lestari")
ATTRIBUTIONS = _items("Kompas TV|Antara|Kompas.com|Reuters|Kompas TV/Antara")

# Each template is one sentence of at most 25 words once its slots are filled.
SENTENCES: tuple[str, ...] = (
    "{official} mengatakan pihaknya terus memantau perkembangan {topic} di {city}.",
    "Menurut {surname}, penanganan {topic} tidak bisa dilakukan pemerintah daerah sendirian.",
    "Hingga {day}, tercatat sebanyak {num} warga terdampak {topic}.",
    '"Kami minta warga tetap tenang dan mengikuti arahan petugas," ujar {surname} di {city}.',
    "Data {agency} menunjukkan angka tersebut naik {pct} persen dibandingkan tahun lalu.",
    "Pemerintah daerah menyiapkan anggaran sebesar Rp{money} miliar untuk mengatasi {topic}.",
    "Sejumlah warga di Kecamatan {district} mengeluhkan {topic} sejak {weekday} pekan lalu.",
    "Petugas gabungan dari {agency} dikerahkan ke lokasi untuk {action}.",
    "Ia menambahkan, evaluasi menyeluruh akan dilakukan setelah {period} berakhir.",
    "{resident}, seorang {job} asal {district}, mengaku {feeling} dengan situasi saat ini.",
    '"Sudah {n} hari begini, kami belum dapat kepastian," kata {resident_first}.',
    "Rapat koordinasi digelar di {public} {city} pada {day} dan dihadiri {n} camat.",
    "Polisi masih menyelidiki penyebab kejadian di {street}, Kecamatan {district}.",
    "Ke depan, pihaknya berencana {plan} agar {goal}.",
    "Berdasarkan pantauan KompasTV, antrean warga sudah terlihat di {public} sejak pagi.",
    "Sebelumnya, {agency} telah mengeluarkan imbauan terkait {topic} kepada masyarakat.",
    "Sebanyak {num} personel disiagakan di {n} titik rawan selama {period}.",
    "Harga {commodity} di {public} {city} kini mencapai Rp{price} per kilogram.",
    "{surname} berharap masyarakat ikut mengawasi agar {goal}.",
    "Langkah tersebut, kata dia, sejalan dengan arahan {official2}.",
    "Di sisi lain, {official2} meminta seluruh jajaran bergerak cepat {action}.",
    "Tercatat {n} kelurahan di {city} masuk kategori rawan {topic}.",
    "Warga berharap pemerintah segera {plan} sebelum {period}.",
    "Kondisi itu membuat sebagian {job} harus mengeluarkan biaya tambahan hingga Rp{price}.",
    "Pihak kepolisian mengimbau pengguna jalan menghindari {street} selama {period}.",
    "Laporan itu diterima {agency} pada {day} sekitar pukul {clock} WIB.",
    '"Anggaran sudah kami siapkan, tinggal menunggu persetujuan DPRD," ucap {surname}.',
    "Ia mengakui masih ada kendala di lapangan, terutama soal koordinasi antarinstansi.",
    "Persoalan {topic} juga dibahas dalam rapat dengar pendapat di DPRD {prov}.",
    "Menurut catatan {agency}, kejadian serupa pernah terjadi pada {year} di wilayah {district}.",
    "Sampai berita ini diturunkan, petugas masih berada di lokasi untuk {action}.",
    "{official2} memastikan pelayanan di {public} tetap berjalan seperti biasa.",
    "Pemerintah {prov} mencatat kerugian akibat {topic} mencapai Rp{money} miliar.",
    "Para {job} di {district} mengaku pendapatan mereka turun hingga {pct} persen.",
    "Kebijakan itu akan diuji coba selama {n} bulan sebelum diterapkan di seluruh {prov}.",
    "{resident} menyebut warga sudah berulang kali melapor ke kantor kelurahan.",
    "Petugas juga membagikan {num} paket sembako kepada warga di {district}.",
    "Ia meminta masyarakat melapor melalui layanan pengaduan bila menemukan pelanggaran.",
    "Pengamat menilai {topic} menjadi ujian bagi kepemimpinan daerah menjelang {period}.",
    "Kepala desa setempat, {resident}, menuturkan warganya sudah {feeling} sejak awal bulan.",
    "Ruas {street} sempat ditutup selama {n} jam untuk keperluan {action}.",
    "Pantauan di lapangan, harga {commodity} bervariasi antara Rp{price} dan Rp{price2}.",
    "Menurut {surname}, target itu realistis jika semua pihak bekerja sama.",
)

TITLES: tuple[str, ...] = (
    "{role} Minta Warga Waspadai {topic_t} Selama {period_t}",
    "{topic_t} di {city}, {num} Warga Terdampak",
    "Pemkot {city} Siapkan Rp{money} Miliar untuk Atasi {topic_t}",
    "{topic_t} di {city}: Begini Penjelasan {role}",
    "{n} Kecamatan di {city} Terdampak {topic_t}, Petugas Diterjunkan",
    "DPRD {city} Soroti {topic_t}, Minta Evaluasi Menyeluruh",
    "Warga {district} Keluhkan {topic_t} Sejak Sepekan Terakhir",
    "{topic_t} Naik {pct} Persen, {city} Gelar Rapat Darurat",
    "Cerita {job_t} di {city} Hadapi {topic_t}",
    "Atasi {topic_t}, {city} Gandeng {n} Perguruan Tinggi",
)
TITLE_PERIODS = _items("Libur Panjang|Musim Hujan|Akhir Pekan|Masa Mudik|Bulan Ini")

WEEKDAYS = _items("Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu")
MONTHS = _items(
    "Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember"
)
