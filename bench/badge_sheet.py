"""How fast the organisers' badge sheet renders for 300 attendees: the PDF alone (QR codes
are drawn once per token and stored, so the sheet reuses them), and drawing 300 QRs anew.
The second sheet has names in six scripts, so it loads and embeds every badge font."""

from __future__ import annotations

import dataclasses
import secrets
import statistics
import time

ATTENDEES = 300
# One name in five in another script: Arabic and Hebrew are shaped, CJK loads a 3.4 MB font.
OTHER_SCRIPTS = ["محمد عبد الله", "שרה לוי", "李小龍", "Γιώργος Παπαδόπουλος", "Анна Кузнецова"]


def _timed(fn, repeat: int) -> tuple[float, float]:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs), max(runs)


def main() -> None:
    from eventnet.badges import pdf, qr

    urls = [f"https://events.example.org/b/{secrets.token_urlsafe(24)}" for _ in range(ATTENDEES)]
    start = time.perf_counter()
    pngs = [qr.draw(url)[0] for url in urls]
    drawing = time.perf_counter() - start
    badges = [
        pdf.BadgeData(
            name=f"Attendee {i:03} Surname-Longer",
            headline="Deputy headteacher",
            organisation="Riverside Academy Trust",
            event_title="Summer leadership conference",
            event_date="Sat 4 July 2026, 09:00–16:00 BST (Europe/London)",
            short_code="ABCD-EFGH",
            qr_png=png,
        )
        for i, png in enumerate(pngs)
    ]
    median, worst = _timed(lambda: pdf.sheet_pdf(badges, "bench"), repeat=3)
    size = len(pdf.sheet_pdf(badges, "bench"))
    print(f"drawing {ATTENDEES} QR codes (PNG + SVG, once per token): {drawing:.2f} s")
    print(
        f"sheet_pdf() of {ATTENDEES} badges, {ATTENDEES // 4} A4 pages: median {median:.2f} s, "
        f"max {worst:.2f} s, {size / 1e6:.1f} MB"
    )
    mixed = [
        dataclasses.replace(b, name=OTHER_SCRIPTS[i // 5 % 5]) if i % 5 == 0 else b
        for i, b in enumerate(badges)
    ]
    median, worst = _timed(lambda: pdf.sheet_pdf(mixed, "bench"), repeat=3)
    size = len(pdf.sheet_pdf(mixed, "bench"))
    print(
        f"the same with one name in five in Arabic, Hebrew, CJK, Greek or Cyrillic: "
        f"median {median:.2f} s, max {worst:.2f} s, {size / 1e6:.1f} MB"
    )


if __name__ == "__main__":
    main()
