"""The words the builder writes on pages, in the site's language.

Every label the templates and the page code write comes from here: headings,
table headers, states ("overdue", "on pace"), relative dates ("in 3 days"),
month and weekday names, the names of kinds and channels.  The language is
``theme.language`` of ``mkdocs.yml`` (Material translates its own interface
from the same setting).  Messages are keyed by their English text; a
language that lacks one falls back to English, and a test checks that the
shipped languages lack none.
"""

from __future__ import annotations

import re
from datetime import date as Date

from markupsafe import Markup

from builder.render.filters import md, safe

LANGUAGES = ("en", "id")

MONTHS = {
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "id": (
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ),
}
MONTHS_SHORT = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "id": ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"),
}
WEEKDAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "id": ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"),
}
WEEKDAYS_SHORT = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "id": ("Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min"),
}

# English text -> Indonesian.  Placeholders in braces are kept as they are.
INDONESIAN: dict[str, str] = {
    # page titles and sections
    "Dashboard": "Dasbor",
    "Goals": "Sasaran",
    "Follow-ups": "Tindak lanjut",
    "People": "Orang",
    "Organizations": "Organisasi",
    "Events": "Acara",
    "Reflections": "Refleksi",
    "Topics": "Topik",
    "Sources": "Sumber",
    "Topic: {name}": "Topik: {name}",
    "Reflection of {date}": "Refleksi {date}",
    "{section}: {group}": "{section}: {group}",
    # dashboard
    "As of {date}": "Per {date}",
    "As of {date} · the networking plan of {owner}": "Per {date} · rencana jejaring {owner}",
    "Goals this period": "Sasaran periode ini",
    "Goal": "Sasaran",
    "Period": "Periode",
    "Progress": "Kemajuan",
    "Done": "Tercapai",
    "Pace": "Laju",
    "{actual} of {target}": "{actual} dari {target}",
    "met": "tercapai",
    "on pace": "sesuai laju",
    "behind (on pace: {expected})": "tertinggal (laju seharusnya: {expected})",
    "No goals yet: add some to `journal/plan.yml`.": "Belum ada sasaran: tambahkan di `journal/plan.yml`.",
    "Overdue ({count})": "Terlambat ({count})",
    "Due in the next 7 days ({count})": "Jatuh tempo 7 hari ke depan ({count})",
    "…and {count} more on the {link} page.": "…dan {count} lagi di halaman {link}.",
    "follow-ups": "tindak lanjut",
    "Nothing due in the next 7 days.": "Tidak ada yang jatuh tempo 7 hari ke depan.",
    "Upcoming events": "Acara mendatang",
    "No events in the next 14 days. {events} or the {sources} you follow.": "Tidak ada acara 14 hari ke depan. {events} atau {sources} yang Anda ikuti.",
    "Browse events": "Lihat acara",
    "sources": "sumber",
    "Calendar feeds to subscribe to: {feeds}.": "Kalender untuk dilanggan: {feeds}.",
    "events": "acara",
    "Time spent": "Waktu yang digunakan",
    "time spent against the time budget": "waktu yang digunakan dibanding anggaran waktu",
    "{spent} h of {budget} h budgeted this {period} ({label}); on pace would be {expected} h by today.": "{spent} jam dari anggaran {budget} jam {period} ini ({label}); sesuai laju seharusnya {expected} jam hingga hari ini.",
    "No time budget: set `time_budget` in `journal/plan.yml` (e.g. `3h/week`).": "Belum ada anggaran waktu: atur `time_budget` di `journal/plan.yml` (mis. `3h/week`).",
    "Recent activity": "Aktivitas terbaru",
    "Nothing yet.": "Belum ada.",
    "reflection: {link}": "refleksi: {link}",
    "Activity": "Aktivitas",
    "Variety this quarter": "Ragam kegiatan kuartal ini",
    "No events attended this quarter yet.": "Belum ada acara yang dihadiri kuartal ini.",
    "Hours per week": "Jam per minggu",
    # goals
    "Each goal is measured for the period that contains {date}; the history shows earlier periods.": "Setiap sasaran diukur untuk periode yang memuat {date}; riwayat menunjukkan periode sebelumnya.",
    "**{actual} of {target}** in {period} ({start} to {end}): {state}.": "**{actual} dari {target}** pada {period} ({start} sampai {end}): {state}.",
    "behind; on pace would be {expected} by today": "tertinggal; sesuai laju seharusnya {expected} hingga hari ini",
    "Counts {what} per {period}.": "Menghitung {what} per {period}.",
    "Counts {what} ({kinds}) per {period}.": "Menghitung {what} ({kinds}) per {period}.",
    "Organizations to learn about per {period}: {list}.": "Organisasi untuk dipelajari per {period}: {list}.",
    "{count} not published": "{count} tidak diterbitkan",
    'People to discuss "{topic}" with, per {period}.': 'Orang untuk diajak membahas "{topic}", per {period}.',
    "Kinds attended: {kinds}.": "Jenis yang dihadiri: {kinds}.",
    "Counted: {list}.": "Terhitung: {list}.",
    "{list} and {count} more": "{list} dan {count} lagi",
    "Actual": "Capaian",
    "Target": "Target",
    "Met": "Tercapai",
    "yes": "ya",
    "no": "tidak",
    "No earlier periods yet.": "Belum ada periode sebelumnya.",
    "{actual} of {target} in {period}": "{actual} dari {target} pada {period}",
    "{name}: the last {count} periods, target met {met} times": "{name}: {count} periode terakhir, target tercapai {met} kali",
    # follow-ups
    "Follow-ups are not published: they come from private notes.": "Tindak lanjut tidak diterbitkan: isinya berasal dari catatan pribadi.",
    "Everything open as of {date}: keep-in-touch cadences, tasks from your notes, and follow-ups after events.": "Semua yang masih terbuka per {date}: jadwal menjaga hubungan, tugas dari catatan Anda, dan tindak lanjut setelah acara.",
    "Overdue": "Terlambat",
    "Due in the next 7 days": "Jatuh tempo 7 hari ke depan",
    "Later": "Nanti",
    "No date": "Tanpa tanggal",
    "Nothing here.": "Tidak ada.",
    "no date": "tanpa tanggal",
    "in {link}": "di {link}",
    "Get in touch with {name} (every {cadence}; last contact {date})": "Hubungi {name} (setiap {cadence}; kontak terakhir {date})",
    "Get in touch with {name} (every {cadence}; no contact yet)": "Hubungi {name} (setiap {cadence}; belum pernah kontak)",
    "Follow up with {name} after {event}": "Tindak lanjuti {name} setelah {event}",
    "keep-in-touch": "menjaga hubungan",
    "task": "tugas",
    "after-event": "setelah acara",
    # people
    "Name": "Nama",
    "Organization": "Organisasi",
    "Relationship": "Hubungan",
    "Last contact": "Kontak terakhir",
    "Next due": "Berikutnya",
    "Role": "Jabatan",
    "(overdue)": "(terlambat)",
    "No contacts yet: add one in `journal/contacts/`.": "Belum ada kontak: tambahkan di `journal/contacts/`.",
    "{role} at {organization}": "{role} di {organization}",
    "First met": "Pertama bertemu",
    "{date} at {place}": "{date} di {place}",
    "none yet": "belum ada",
    "Keep in touch": "Menjaga hubungan",
    "every {cadence}; next {date}{when}": "setiap {cadence}; berikutnya {date}{when}",
    "every {cadence}": "setiap {cadence}",
    "overdue": "terlambat",
    "Open follow-ups": "Tindak lanjut terbuka",
    "Notes": "Catatan",
    "Timeline": "Linimasa",
    "planned: {what}": "rencana: {what}",
    "Nothing yet. Reach out: a short e-mail or message is enough to start.": "Belum ada. Mulailah menghubungi: e-mail atau pesan singkat sudah cukup.",
    "Mentioned in": "Disebut di",
    "met at {link}": "bertemu di {link}",
    "I reached out": "saya menghubungi",
    "they reached out": "mereka menghubungi",
    "{count} interactions on {days} days in the last 12 months": "{count} interaksi pada {days} hari dalam 12 bulan terakhir",
    "Activity over the last 12 months": "Aktivitas 12 bulan terakhir",
    "{date}: {count} interactions": "{date}: {count} interaksi",
    "{date}: 1 interaction": "{date}: 1 interaksi",
    # organizations
    "Kind": "Jenis",
    "Website": "Situs web",
    "Researched": "Diteliti",
    "not yet": "belum",
    "Part of the goals: {list}.": "Bagian dari sasaran: {list}.",
    "Nobody you know works here yet.": "Belum ada kenalan yang bekerja di sini.",
    "No events yet.": "Belum ada acara.",
    "No organizations yet: add one in `journal/organizations/`.": "Belum ada organisasi: tambahkan di `journal/organizations/`.",
    # events
    "When": "Waktu",
    "{start} to {end}": "{start} sampai {end}",
    "not scheduled yet": "belum dijadwalkan",
    "Length": "Durasi",
    "Status": "Status",
    "{status} (dated after today: counted as planned)": "{status} (bertanggal setelah hari ini: dihitung sebagai rencana)",
    "Platform": "Platform",
    "Link": "Tautan",
    "People met": "Orang yang ditemui",
    "Nobody listed yet.": "Belum ada yang dicatat.",
    "Upcoming": "Mendatang",
    "Not yet scheduled": "Belum dijadwalkan",
    "Past": "Lampau",
    "Event": "Acara",
    "Nothing planned yet: look at the {sources} you follow for events worth booking.": "Belum ada rencana: lihat {sources} yang Anda ikuti untuk acara yang layak dipesan.",
    "No past events yet.": "Belum ada acara yang lampau.",
    # reflections
    "with {list}": "bersama {list}",
    "No reflections yet: after a conversation, write down what you learned and the questions you asked.": "Belum ada refleksi: setelah bercakap, tuliskan apa yang Anda pelajari dan pertanyaan yang Anda ajukan.",
    # topics and sources
    "Topic": "Topik",
    "No topics yet: add `topics:` to contacts, organizations, events or reflections.": "Belum ada topik: tambahkan `topics:` pada kontak, organisasi, acara, atau refleksi.",
    "What you follow so that news of events reaches you by itself.": "Yang Anda ikuti agar kabar tentang acara datang dengan sendirinya.",
    "Nothing yet: list blogs, forums, mailing lists and accounts in `journal/sources.yml`.": "Belum ada: catat blog, forum, milis, dan akun di `journal/sources.yml`.",
    "(not published)": "(tidak diterbitkan)",
    "(due {date})": "(jatuh tempo {date})",
    # history (from git)
    "History": "Riwayat",
    "In the journal since {added}.": "Di jurnal sejak {added}.",
    "In the journal since {added}; last changed {changed}.": "Di jurnal sejak {added}; terakhir diubah {changed}.",
    "moved from {old} to {new}": "pindah dari {old} ke {new}",
    "joined {new}": "bergabung dengan {new}",
    "left {old}": "keluar dari {old}",
    "role changed from {old} to {new}": "jabatan berubah dari {old} menjadi {new}",
    "role: {new}": "jabatan: {new}",
    "no longer {old}": "tidak lagi {old}",
    "No history yet: the journal's history comes from git.": "Belum ada riwayat: riwayat jurnal berasal dari git.",
    "The history is incomplete: {warning}": "Riwayat tidak lengkap: {warning}",
    "What each week's commits changed in the journal, newest first.": "Apa yang diubah commit setiap minggu di jurnal, yang terbaru lebih dulu.",
    "People added: {list}": "Orang ditambahkan: {list}",
    "Interactions logged: {count} ({list})": "Interaksi dicatat: {count} ({list})",
    "Interactions logged: {count}": "Interaksi dicatat: {count}",
    "Events planned: {list}": "Acara direncanakan: {list}",
    "Events attended: {list}": "Acara dihadiri: {list}",
    "Reflections written: {list}": "Refleksi ditulis: {list}",
    "Plan: {change}": "Rencana: {change}",
    "goal '{title}' added": "sasaran '{title}' ditambahkan",
    "goal '{title}' removed": "sasaran '{title}' dihapus",
    "goal '{title}': {change}": "sasaran '{title}': {change}",
    "{key} set to {new}": "{key} diatur ke {new}",
    "{key} removed (was {old})": "{key} dihapus (sebelumnya {old})",
    "{key} {old} → {new}": "{key} {old} → {new}",
    # relative days and durations
    "today": "hari ini",
    "tomorrow": "besok",
    "yesterday": "kemarin",
    "in {count} days": "{count} hari lagi",
    "{count} days ago": "{count} hari lalu",
    "{minutes} min": "{minutes} mnt",
    "{hours} h": "{hours} jam",
    "{hours} h {minutes} min": "{hours} jam {minutes} mnt",
    "1 day": "1 hari",
    "{count} days": "{count} hari",
    "1 week": "1 minggu",
    "{count} weeks": "{count} minggu",
    "1 month": "1 bulan",
    "{count} months": "{count} bulan",
    "1 year": "1 tahun",
    "{count} years": "{count} tahun",
    "{count} open follow-ups": "{count} tindak lanjut terbuka",
    "1 open follow-up": "1 tindak lanjut terbuka",
    # periods
    "week": "minggu",
    "month": "bulan",
    "quarter": "kuartal",
    "year": "tahun",
    "day": "hari",
    "week {week}, {year}": "minggu ke-{week} {year}",
    "Q{quarter} {year}": "K{quarter} {year}",
    # words from the journal format, shown as labels
    "mentor": "mentor",
    "role-model": "panutan",
    "peer": "rekan",
    "recruiter": "perekrut",
    "colleague": "kolega",
    "other": "lainnya",
    "email": "e-mail",
    "linkedin": "LinkedIn",
    "twitter": "Twitter",
    "zoom": "panggilan video",
    "call": "telepon",
    "chat": "obrolan",
    "in-person": "tatap muka",
    "company": "perusahaan",
    "association": "asosiasi",
    "community": "komunitas",
    "campaign": "kampanye",
    "university": "universitas",
    "webinar": "webinar",
    "job-fair": "bursa kerja",
    "zoom-meeting": "pertemuan video",
    "conference": "konferensi",
    "mixer": "temu ramah",
    "meetup": "kopdar",
    "planned": "direncanakan",
    "registered": "terdaftar",
    "attended": "dihadiri",
    "skipped": "dilewatkan",
    "cancelled": "dibatalkan",
    "blog": "blog",
    "forum": "forum",
    "mailing-list": "milis",
    "newsletter": "buletin",
    "social": "media sosial",
    "podcast": "podcast",
    "event-platform": "platform acara",
    "people": "orang",
    "outreach": "inisiatif menghubungi",
    "new-contacts": "kontak baru",
    "engagement-kinds": "jenis kegiatan",
    "hours": "jam",
    "phone": "telepon",
    "website": "situs web",
    # -- this week: journal next, the dashboard's plan and the method at a glance
    "Write to {name} ({relationship}): nothing since {date}": "Tulis kepada {name} ({relationship}): tidak ada kabar sejak {date}",
    "Go through {source} to find someone who talks about {topic}, for the goal {goal}": "Telusuri {source} untuk menemukan orang yang membahas {topic}, untuk sasaran {goal}",
    "Go through {source} to find an event to attend ({kinds}), for the goal {goal}": "Telusuri {source} untuk menemukan acara yang bisa dihadiri ({kinds}), untuk sasaran {goal}",
    "Go through {source} to find an event to attend, for the goal {goal}": "Telusuri {source} untuk menemukan acara yang bisa dihadiri, untuk sasaran {goal}",
    "No events in the next 14 days.": "Tidak ada acara dalam 14 hari ke depan.",
    "After each event or call, note what you learned and the questions you asked.": "Setelah setiap acara atau panggilan, catat apa yang Anda pelajari dan pertanyaan yang Anda ajukan.",
    "All {count} next actions, and what comes later": "Semua {count} langkah berikutnya, dan yang menyusul",
    "As of {date}: what to do this week, in order, within the time budget; then what does not fit.": "Per {date}: yang perlu dilakukan minggu ini, berurutan, sesuai anggaran waktu; lalu yang tidak muat.",
    "Attend {event}, for the goal {goal}": "Hadiri {event}, untuk sasaran {goal}",
    "Did you attend {event} ({date})? Mark it attended or skipped": "Apakah Anda menghadiri {event} ({date})? Tandai dihadiri atau dilewatkan",
    "Do this week's actions for the goals behind, within the time budget.": "Kerjakan langkah minggu ini untuk sasaran yang tertinggal, sesuai anggaran waktu.",
    "Get in touch with {name} at {organization}, for the goal {goal}": "Hubungi {name} di {organization}, untuk sasaran {goal}",
    "Get in touch with {name}, for the goal {goal}": "Hubungi {name}, untuk sasaran {goal}",
    "Habit": "Kebiasaan",
    "Last 90 days": "90 hari terakhir",
    "Last reflection ({date}): {link}": "Refleksi terakhir ({date}): {link}",
    "Listed: {people}": "Tercatat: {people}",
    "Listening": "Mendengarkan",
    "Look into an organisation you follow and set its researched: date; follow a source of your field.": "Pelajari organisasi yang Anda ikuti dan isi tanggal researched:; ikuti satu sumber di bidang Anda.",
    "Maintaining": "Merawat hubungan",
    "Next actions": "Langkah berikutnya",
    "Next actions are not published: they come from private notes.": "Langkah berikutnya tidak diterbitkan: isinya berasal dari catatan pribadi.",
    "No reply from {name} to your {channel} of {date}: send a short nudge, or let it go": "Belum ada balasan dari {name} atas {channel} Anda tanggal {date}: kirim pengingat singkat, atau biarkan",
    "No time budget in the plan: 3 hours a week assumed.": "Rencana tidak punya anggaran waktu: dianggap 3 jam seminggu.",
    "Not registered yet": "Belum mendaftar",
    "Not registered yet: {link}": "Belum mendaftar: {link}",
    "Nothing fits in what is left of this week's time budget.": "Tidak ada yang muat dalam sisa anggaran waktu minggu ini.",
    "Nothing to do this week: a good time to research an organisation or follow a new source.": "Tidak ada yang perlu dilakukan minggu ini: saat yang baik untuk mempelajari organisasi atau mengikuti sumber baru.",
    "Open task: {task}": "Tugas terbuka: {task}",
    "Prepare for {event}": "Bersiap untuk {event}",
    "Proactivity": "Proaktif",
    "Reach the overdue ones first, or give them a cadence you can keep.": "Hubungi dulu yang terlambat, atau beri mereka irama yang bisa Anda jaga.",
    "Research": "Riset",
    "Research {organization}: who works there, what they hire for (then set researched:)": "Pelajari {organization}: siapa yang bekerja di sana, posisi apa yang dicari (lalu isi researched:)",
    "Strategy": "Strategi",
    "The last 90 days.": "90 hari terakhir.",
    "The method at a glance": "Metode sekilas",
    "This week": "Minggu ini",
    "What would raise it": "Yang akan menaikkannya",
    "Write first: a question, a thank-you, a link; log it with by: me.": "Mulailah menulis: sebuah pertanyaan, ucapan terima kasih, tautan; catat dengan by: me.",
    "on the command line: `journal next`": "di baris perintah: `journal next`",
    "{count} due in the next 7 days": "{count} jatuh tempo dalam 7 hari",
    "{count} overdue": "{count} terlambat",
    "{hours} h of {budget} h budgeted": "{hours} jam dari anggaran {budget} jam",
    "{hours} h, no time budget": "{hours} jam, tanpa anggaran waktu",
    "{on_pace} of {goals} goals on pace; {budget}": "{on_pace} dari {goals} sasaran sesuai laju; {budget}",
    "{planned} min planned of {left} min left this week ({label}); {budget} min a week, {spent} logged.": "{planned} menit direncanakan dari sisa {left} menit minggu ini ({label}); {budget} menit seminggu, {spent} tercatat.",
    "{researched} of {organizations} organisations researched; {sources} sources followed": "{researched} dari {organizations} organisasi dipelajari; {sources} sumber diikuti",
    "{share} of contacts with a keep-in-touch cadence not overdue ({on_time} of {cadenced})": "{share} kontak dengan irama kontak tidak terlambat ({on_time} dari {cadenced})",
    "{share} of events and calls noted or reflected on within 7 days ({listened} of {conversations})": "{share} acara dan panggilan dicatat atau direfleksikan dalam 7 hari ({listened} dari {conversations})",
    "{share} of interactions started by you ({started} of {interactions})": "{share} interaksi dimulai oleh Anda ({started} dari {interactions})",
    "…and {count} more: `journal next --json` lists them all.": "…dan {count} lagi: `journal next --json` menampilkan semuanya.",
    "…and {count} more: `journal followups` lists them all, and each person's page lists theirs.": (
        "…dan {count} lagi: `journal followups` menampilkan semuanya, dan halaman setiap orang menampilkan miliknya."
    ),
    "Events to mark": "Acara untuk ditandai",
    "Prepare": "Persiapan",
    "Awaiting a reply": "Menunggu balasan",
    "Quiet for a while": "Lama tidak berkabar",
    "For the goals behind": "Untuk sasaran yang tertinggal",
    # -- journal snooze and journal mark, on the person's and event's pages
    "Snoozed until {date}: {reason}": "Pengingat ditunda sampai {date}: {reason}",
    "Snoozed until {date}": "Pengingat ditunda sampai {date}",
    "Missed follow-ups": "Tindak lanjut yang terlewat",
    "Follow up after {event} (due {date}): missed": "Tindak lanjut setelah {event} (jatuh tempo {date}): terlewat",
    # -- the site on a phone and for a visitor
    "Detail": "Rincian",
    "Value": "Keterangan",
    "other kinds (not published)": "jenis lain (tidak diterbitkan)",
    "1 kind of event: {list}": "1 jenis acara: {list}",
    "{count} kinds of event: {list}": "{count} jenis acara: {list}",
    "Nothing published yet.": "Belum ada yang diterbitkan.",
    # -- journal review
    "The week after is over: no plan for it here.": "Minggu berikutnya sudah lewat: tidak ada rencana untuknya di sini.",
    "The week in numbers": "Minggu ini dalam angka",
    "Who I talked to": "Dengan siapa saya berbicara",
    "Events I attended": "Acara yang saya hadiri",
    "What I learned": "Apa yang saya pelajari",
    "Which questions I asked": "Pertanyaan apa yang saya ajukan",
    "What I will do next": "Apa yang akan saya lakukan berikutnya",
    "Who to thank": "Kepada siapa saya berterima kasih",
    "Review of {week}": "Tinjauan {week}",
    "From {start} to {end}.": "Dari {start} sampai {end}.",
    "The week is not over yet: these are its figures as of {date}.": "Minggu ini belum selesai: ini angkanya per {date}.",
    "Interactions: {count}": "Interaksi: {count}",
    "People I talked to: {count}": "Orang yang saya ajak bicara: {count}",
    "Started by me: {mine}; by them: {theirs}; at events: {events}": "Saya yang memulai: {mine}; mereka yang memulai: {theirs}; di acara: {events}",
    "Events attended: {count}": "Acara yang dihadiri: {count}",
    "Time: {spent} (no time budget in the plan: {budget} a week assumed)": "Waktu: {spent} (tidak ada anggaran waktu dalam rencana: dianggap {budget} per minggu)",
    "Time: {spent} of the {budget} a week the plan gives ({percent})": "Waktu: {spent} dari {budget} per minggu menurut rencana ({percent})",
    "Goals: {met} met, {on_pace} on pace, {behind} behind": "Sasaran: {met} tercapai, {on_pace} sesuai laju, {behind} tertinggal",
    "Nobody this week.": "Tidak ada yang saya ajak bicara minggu ini.",
    "{date}, at {event}": "{date}, di {event}",
    "{date}, {channel}, I started it": "{date}, {channel}, saya yang memulai",
    "{date}, {channel}, they started it": "{date}, {channel}, mereka yang memulai",
    "No event attended this week.": "Tidak ada acara yang dihadiri minggu ini.",
    "No goals in the plan.": "Tidak ada sasaran dalam rencana.",
    "Met: {goal} ({actual} of {target}, {period})": "Tercapai: {goal} ({actual} dari {target}, {period})",
    "On pace: {goal} ({actual} of {target}, {period})": "Sesuai laju: {goal} ({actual} dari {target}, {period})",
    "Behind: {goal} ({actual} of {target}, {period})": "Tertinggal: {goal} ({actual} dari {target}, {period})",
    "Nothing planned for the week ahead yet.": "Belum ada rencana untuk minggu depan.",
    "Mark {event} ({date}) attended or skipped": "Tandai {event} ({date}) sebagai dihadiri atau dilewatkan",
    "Get ready for {event} ({date})": "Bersiap untuk {event} ({date})",
    "Nudge {name}: no reply yet to my {channel} of {date}": "Ingatkan {name}: belum ada balasan untuk {channel} saya tanggal {date}",
    "Write to {name}: nothing since {date}": "Hubungi {name}: tidak ada kabar sejak {date}",
    "Research {organization} (goal: {goal})": "Pelajari {organization} (sasaran: {goal})",
    "Attend {event} ({date}) (goal: {goal})": "Hadiri {event} ({date}) (sasaran: {goal})",
    "Go through {source} (goal: {goal})": "Telusuri {source} (sasaran: {goal})",
    "Reach out to {name} at {organization} (goal: {goal})": "Hubungi {name} di {organization} (sasaran: {goal})",
    "Reach out to {name} (goal: {goal})": "Hubungi {name} (sasaran: {goal})",
    "weekly-review": "tinjauan-mingguan",
}

CATALOGUES: dict[str, dict[str, str]] = {"id": INDONESIAN}
_FIELD = re.compile(r"\{(\w+)\}")


class Translator:
    """Messages, dates and numbers in one language (English for any other)."""

    def __init__(self, language: str) -> None:
        code = (language or "en").split("-")[0].split("_")[0].lower()
        self.language = code if code in LANGUAGES else "en"
        self.messages = CATALOGUES.get(self.language, {})
        # Each message split once into fixed text and placeholders (plain text, and escaped)
        self._plain: dict[str, tuple[tuple[str, str], ...]] = {}
        self._compiled: dict[str, tuple[tuple[Markup, str], ...]] = {}

    def __call__(self, message: str, **values: object) -> str:
        """``message`` in the language, placeholders filled in, as plain text."""
        parts = self._plain.get(message)
        if parts is None:
            text = self.messages.get(message, message)
            pieces = _FIELD.split(text)  # fixed text, name, fixed text, name, ..., fixed text
            parts = self._plain[message] = tuple(
                (pieces[i], pieces[i + 1] if i + 1 < len(pieces) else "") for i in range(0, len(pieces), 2)
            )
        if len(parts) == 1:
            return parts[0][0]
        out = []
        for fixed, name in parts:
            out.append(fixed)
            if name:
                out.append(str(values[name]) if name in values else f"{{{name}}}")
        return "".join(out)

    def markup(self, message: str, **values: object) -> Markup:
        """For templates: the message escaped for Markdown, values escaped
        unless they are Markup already (links, bold dates)."""
        parts = self._compiled.get(message)
        if parts is None:
            parts = self._compiled[message] = self._compile(message)
        if len(parts) == 1:  # no placeholder: the same Markup every time
            return parts[0][0]
        out = []
        for static, name in parts:
            out.append(static)
            if name:
                out.append(md(values.get(name, f"{{{name}}}")))
        return safe("".join(out))

    def _compile(self, message: str) -> tuple[tuple[Markup, str], ...]:
        """The message in the language, split into escaped fixed text and the
        placeholder after it (``""`` after the last): a message is parsed
        once per build, however many pages use it."""
        text = self.messages.get(message, message)
        parts: list[tuple[Markup, str]] = []
        last = 0
        for m in _FIELD.finditer(text):
            parts.append((Markup(_static(text[last : m.start()])), m.group(1)))
            last = m.end()
        parts.append((Markup(_static(text[last:])), ""))
        return tuple(parts)

    def word(self, value: str | None) -> str:
        """A word of the format (a kind, a channel, a status) as a label."""
        return self.messages.get(value, value) if value else ""

    def number(self, value: float) -> str:
        """``6``, ``4.7`` (English) or ``4,7`` (Indonesian)."""
        text = str(int(value)) if float(value).is_integer() else f"{value:.1f}"
        return text.replace(".", ",") if self.language == "id" else text

    def date(self, day: Date) -> str:
        """``27 Nov 2026`` / ``27 Nov 2026`` (short months of the language)."""
        return f"{day.day} {MONTHS_SHORT[self.language][day.month - 1]} {day.year}"

    def date_long(self, day: Date) -> str:
        """``Friday 27 November 2026`` / ``Jumat, 27 November 2026``."""
        weekday = WEEKDAYS[self.language][day.weekday()]
        month = MONTHS[self.language][day.month - 1]
        sep = ", " if self.language == "id" else " "
        return f"{weekday}{sep}{day.day} {month} {day.year}"

    def month_short(self, month: int) -> str:
        """``Jan`` ... ``Dec`` (``Des``)."""
        return MONTHS_SHORT[self.language][month - 1]

    def weekday_short(self, weekday: int) -> str:
        """``Mon`` ... ``Sun`` (``Sen`` ... ``Min``); Monday is 0."""
        return WEEKDAYS_SHORT[self.language][weekday]

    def relative_day(self, day: Date | None, today: Date) -> str:
        """``today``, ``tomorrow``, ``in 3 days``, ``yesterday``, ``5 days ago``."""
        if day is None:
            return self("no date")
        delta = (day - today).days
        if delta == 0:
            return self("today")
        if delta == 1:
            return self("tomorrow")
        if delta == -1:
            return self("yesterday")
        return self("in {count} days", count=delta) if delta > 0 else self("{count} days ago", count=-delta)

    def relative_words(self) -> dict[str, str]:
        """The words of ``relative_day`` with ``{count}`` unfilled, for the
        browser to say the same (``assets/journal.js``)."""
        return {
            "today": self("today"),
            "tomorrow": self("tomorrow"),
            "yesterday": self("yesterday"),
            "in": self("in {count} days"),
            "ago": self("{count} days ago"),
        }

    def minutes(self, value: int | None) -> str:
        """``45 min``, ``1 h``, ``1 h 30 min``."""
        if value is None:
            return ""
        hours, rest = divmod(value, 60)
        if not hours:
            return self("{minutes} min", minutes=rest)
        if not rest:
            return self("{hours} h", hours=hours)
        return self("{hours} h {minutes} min", hours=hours, minutes=rest)

    def cadence(self, value: object) -> str:
        """A keep-in-touch cadence in words: ``6 weeks``, ``3 bulan``."""
        text = str(value)
        count, unit = int(text[:-1]), text[-1]
        word = {"d": "day", "w": "week", "m": "month", "y": "year"}[unit]
        return self(f"1 {word}") if count == 1 else self(f"{{count}} {word}s", count=count)

    def period(self, label: str, kind: str, start: Date) -> str:
        """A period for people: ``November 2026``, ``Q4 2026``, ``week 48, 2026``, ``2026``."""
        if kind == "month":
            return f"{MONTHS[self.language][start.month - 1]} {start.year}"
        if kind == "quarter":
            return self("Q{quarter} {year}", quarter=(start.month - 1) // 3 + 1, year=start.year)
        if kind == "week":
            year, week, _ = start.isocalendar()
            return self("week {week}, {year}", week=week, year=year)
        if kind == "day":
            return self.date(start)
        return label


def _static(text: str) -> str:
    """The fixed part of a message: Markdown kept (`code`, **bold**), HTML escaped."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
