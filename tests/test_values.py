import re
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from builder import values as v


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("90m", 90), ("2h", 120), ("1h30m", 90), ("1.5h", 90), ("45 min", 45), ("0m", 0), ("90", 90), (" 45 ", 45)],
)
def test_duration(text: str, minutes: int) -> None:
    assert v.parse_duration(text) == minutes


@pytest.mark.parametrize("text", ["", "h", "1d", "m", "1h 30", "-5m", "12:30", "-5", "٤٥", "4 5"])
def test_bad_duration(text: str) -> None:
    """A bare whole number is minutes; nothing else is guessed."""
    with pytest.raises(ValueError, match="duration"):
        v.parse_duration(text)


def test_cadence_units_and_month_clamp() -> None:
    assert v.parse_cadence("30d").after(date(2026, 1, 1)) == date(2026, 1, 31)
    assert v.parse_cadence("6w").after(date(2026, 1, 1)) == date(2026, 2, 12)
    assert v.parse_cadence("1m").after(date(2026, 1, 31)) == date(2026, 2, 28)
    assert v.parse_cadence("3m").after(date(2026, 11, 30)) == date(2027, 2, 28)
    assert v.parse_cadence("1y").after(date(2028, 2, 29)) == date(2029, 2, 28)
    for bad in ("0d", "3", "3x", "week", "1.5m"):
        with pytest.raises(ValueError, match="cadence"):
            v.parse_cadence(bad)


def test_budget() -> None:
    assert v.parse_budget("3h/week") == v.Budget(180, "week")
    assert v.parse_budget("90m / month") == v.Budget(90, "month")
    assert str(v.parse_budget("1h30m/week")) == "1h30m/week"
    for bad in ("3h", "3h/fortnight", "/week", "lots/week", "3/week", " 90 /month"):
        with pytest.raises(ValueError, match="time budget"):
            v.parse_budget(bad)


def test_dates_are_strict() -> None:
    assert v.parse_date("2026-02-28") == date(2026, 2, 28)
    for bad in ("2026-02-30", "2026-2-3", "27/11/2026", "2026-11-27T10:00", "20261127"):
        with pytest.raises(ValueError):
            v.parse_date(bad)


def test_date_times() -> None:
    assert v.parse_date_or_datetime("2026-12-02") == date(2026, 12, 2)
    naive = v.parse_date_or_datetime("2026-12-02 19:00")
    assert naive == datetime(2026, 12, 2, 19, 0)
    aware = v.parse_date_or_datetime("2026-12-02T19:00+07:00")
    assert aware == datetime(2026, 12, 2, 19, 0, tzinfo=timezone(timedelta(hours=7)))
    assert v.parse_date_or_datetime("2026-12-02T12:00Z") == datetime(2026, 12, 2, 12, tzinfo=UTC)
    assert v.parse_date_or_datetime("2026-12-02 19:00 +0700") == aware
    jakarta = ZoneInfo("Asia/Jakarta")
    assert v.localize(naive, jakarta) == datetime(2026, 12, 2, 19, 0, tzinfo=jakarta)
    for bad in ("2026-12-02 25:00", "tomorrow", "2026-12-02 7pm"):
        with pytest.raises(ValueError):
            v.parse_date_or_datetime(bad)


@pytest.mark.parametrize(
    "url", ["https://example.org", "http://example.org/a?b=c", "HTTPS://EXAMPLE.ORG", "mailto:a@example.org"]
)
def test_good_urls(url: str) -> None:
    assert v.parse_url(url, ("http", "https", "mailto")) == url


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,x",
        "ftp://example.org",
        "example.org",
        "//example.org",
        "https://",
        "https://exa mple.org",
        "https://example.org/\n",
        "file:///etc/passwd",
        "vbscript:x",
        "mailto:not-an-address",
    ],
)
def test_bad_urls(url: str) -> None:
    with pytest.raises(ValueError):
        v.parse_url(url, ("http", "https", "mailto"))


def test_email_phone_handle() -> None:
    assert v.parse_email("siti@example.com") == "siti@example.com"
    assert v.parse_email("mailto:siti@example.com") == "siti@example.com"
    for bad in ("siti", "siti@", "a b@example.com", "<a@example.com>", "javascript:a@b.c"):
        with pytest.raises(ValueError):
            v.parse_email(bad)
    assert v.parse_phone("+62 812-3456-7890") == "+62 812-3456-7890"
    assert v.parse_phone("0812 3456") == "0812 3456"
    for bad in ("call me", "12", "+62 812 javascript"):
        with pytest.raises(ValueError):
            v.parse_phone(bad)
    assert v.parse_handle_or_url("@dewi_k") == "@dewi_k"
    assert v.parse_handle_or_url("dewi_k") == "@dewi_k"
    assert v.parse_handle_or_url("https://x.example/dewi") == "https://x.example/dewi"
    with pytest.raises(ValueError):
        v.parse_handle_or_url("javascript:alert(1)")


def test_timezone() -> None:
    assert v.parse_timezone("Asia/Jakarta") == ZoneInfo("Asia/Jakarta")
    for bad in ("Mars/Olympus", "../../etc/passwd", "", "/etc/localtime"):
        with pytest.raises(ValueError, match="timezone"):
            v.parse_timezone(bad)


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("siti-rahayu", True),
        ("王磊", True),
        ("प्रिया-शर्मा", True),
        ("ольга", True),
        ("2026-06-18-webinar", True),
        ("Siti", False),
        ("Ольга", False),
        ("-a", False),
        ("a-", False),
        ("a_b", False),
        ("a b", False),
        ("..", False),
        ("a/b", False),
        ("", False),
        ("e\u0301", False),  # not NFC
    ],
)
def test_is_slug(text: str, ok: bool) -> None:
    assert v.is_slug(text) is ok


def test_slugify_keeps_scripts() -> None:
    assert v.slugify("Siti Rahayu") == "siti-rahayu"
    assert v.slugify("  Hello, World! ") == "hello-world"
    assert v.slugify("Ольга Иванова") == "ольга-иванова"
    assert v.slugify("प्रिया शर्मा") == "प्रिया-शर्मा"
    assert v.is_slug(v.slugify("Nguyễn Thị Lan"))


@pytest.mark.parametrize("key", ["github", "mastodon", "google-scholar", "orcid", "x", "web3"])
def test_link_keys(key: str) -> None:
    assert v.parse_link_key(key) == key


@pytest.mark.parametrize(
    ("key", "hint"),
    [
        ("GitHub", "; write 'github'"),
        ("google scholar", "; write 'google-scholar'"),
        ("x_1", "; write 'x-1'"),
        ("-a", "; write 'a'"),
        ("evil;TYPE=x", "; write 'evil-type-x'"),
        ("a:b", "; write 'a-b'"),
        ("微博", ""),
        ("", ""),
    ],
)
def test_bad_link_keys(key: str, hint: str) -> None:
    with pytest.raises(ValueError) as caught:
        v.parse_link_key(key)
    assert str(caught.value) == (
        f"link key '{key}' must be lowercase letters, digits and hyphens, like github or google-scholar{hint}"
    )


def test_control_characters_are_found_and_named() -> None:
    assert v.find_control("Siti Rahayu") is None
    assert v.find_control("王磊 · Ольга\u00a0Иванова\u200d") is None  # no-break space, joiner: not controls
    assert v.find_control("Ana\tLima") is None  # a tab is harmless in one line
    assert v.find_control("Ana\rLima") == 3
    assert v.find_control("\x00") == 0
    assert v.find_control("a\u2028b") == 1  # a line separator is a line break
    assert v.find_control("a\x85b") == 1
    assert v.describe_control("\r") == "a carriage return (U+000D)"
    assert v.describe_control("\n") == "a line break (U+000A)"
    assert v.describe_control("\x00") == "a NUL character (U+0000)"
    assert v.describe_control("\x1b") == "an escape character (U+001B)"
    assert v.describe_control("\x01") == "a control character (U+0001)"
    assert v.describe_control("\ud800") == "an unpaired surrogate (U+D800)"


def test_shown_keeps_a_message_on_one_line() -> None:
    assert v.shown("Siti\tRahayu") == "Siti\tRahayu"
    assert v.shown("a\r\nb\x00") == "a\\u000D\\u000Ab\\u0000"


def test_strip_controls() -> None:
    assert v.strip_controls("Siti Rahayu") == "Siti Rahayu"
    assert v.strip_controls("a\r\nb\rc\nd\x85e\u2028f\u2029g") == "a\nb\nc\nd\ne\nf\ng"
    assert v.strip_controls("a\x00b\x07c\x0cd\x7fe\x9bf\ud800g\th") == "abcdefg\th"
    assert v.strip_controls("a\r\nb\x00", line_break=" ") == "a b"


@pytest.mark.parametrize(("text", "minutes"), [("45", 45), ("45m", 45), ("1h30m", 90), ("24h", 1440)])
def test_minutes_take_every_duration_form(text: str, minutes: int) -> None:
    assert v.parse_minutes(text) == minutes


def test_minutes_at_most_a_day() -> None:
    with pytest.raises(ValueError, match="at most a day"):
        v.parse_minutes("25h")


def test_dates_lie_in_the_journals_range() -> None:
    """From 1900 to 2999: a later 'some day' date would overflow what is computed from it."""
    assert v.parse_date("1900-01-01") == v.FIRST_DAY
    assert v.parse_date("2999-12-31") == v.LAST_DAY
    for bad in ("1899-12-31", "3000-01-01", "9999-12-31", "0000-01-01", "0001-01-01"):
        with pytest.raises(v.DateOutOfRange) as caught:
            v.parse_date(bad)
        assert str(caught.value) == f"expected a date from 1900-01-01 to 2999-12-31, found '{bad}'"
    assert v.parse_date_or_datetime("2999-12-31T23:59+14:00") == datetime(
        2999, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=14))
    )
    for bad in ("9999-12-31 23:00", "1899-12-31T23:00Z", "0000-01-01 00:00"):
        with pytest.raises(v.DateOutOfRange, match="date-time from 1900-01-01 to 2999-12-31"):
            v.parse_date_or_datetime(bad)


@pytest.mark.parametrize("text", ["100y", "1200m", "5217w", "36525d", "0100y"])
def test_longest_cadences(text: str) -> None:
    cadence = v.parse_cadence(text)
    assert cadence.after(v.LAST_DAY) <= date(3100, 1, 1)


@pytest.mark.parametrize("text", ["101y", "9999y", "1201m", "5218w", "36526d", "9" * 5000 + "d"])
def test_too_long_cadences(text: str) -> None:
    with pytest.raises(ValueError, match=r"^expected a cadence of at most 100 years \(36525d, 5217w, 1200m or 100y\)"):
        v.parse_cadence(text)


def test_durations_are_at_most_a_year() -> None:
    assert v.parse_duration("8760h") == v.MAX_DURATION == 525600
    assert v.parse_duration("525600") == v.parse_duration("8759h60m") == v.MAX_DURATION
    for bad in ("8761h", "525601", "8760h1m", "9" * 5000, "9" * 400 + "h", "9" * 5000 + "m", "1" + "0" * 30 + ".5h"):
        with pytest.raises(ValueError, match=r"duration of at most a year \(8760h\)"):
            v.parse_duration(bad)
    with pytest.raises(ValueError, match="at most a day"):
        v.parse_minutes("9" * 5000)
    with pytest.raises(ValueError, match="time budget"):
        v.parse_budget("9000h/year")


def test_bidirectional_overrides_are_refused_but_marks_and_joiners_kept() -> None:
    """A right-to-left override shows a name's letters in another order
    than they are; the marks and joiners real scripts and emoji need stay."""
    for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
        assert v.find_control(f"Evil{ch}eman") == 4
        assert v.strip_controls(f"Evil{ch}eman") == "Evileman"
    assert v.describe_control("\u202e") == "a right-to-left override (U+202E)"
    for text in ("ليلى\u200fحداد", "میخواهم", "क्‍ष", "👩\u200d💻", "a\u200eb"):
        assert v.find_control(text) is None, text


@pytest.mark.parametrize(
    ("parse", "text", "message"),
    [
        (v.parse_budget, "169h/week", "at most the hours a week has (168h/week)"),
        (v.parse_budget, "25h/day", "at most the hours a day has (24h/day)"),
        (v.parse_cadence_or_never, "0d", "expected a cadence like 3m or 1y, or never, found '0d'"),
        (v.parse_cadence_or_never, "101y", "at most 100 years"),
        (v.parse_date_or_datetime, "2026-12-06T10:00+25:00", "a UTC offset is at most 23:59"),
    ],
)
def test_plan_values_refused_in_words(parse: Any, text: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        parse(text)


def test_plan_values_at_their_limits() -> None:
    assert v.parse_budget("24h/day").minutes == 24 * 60
    assert v.parse_budget("168h/week").minutes == 168 * 60
    assert v.parse_cadence_or_never("Never") is None
    assert v.parse_iso_week("2026-W49") == date(2026, 11, 30)
    with pytest.raises(ValueError, match="ISO week"):
        v.parse_iso_week("2026-W54")


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("✏️Eddy", "eddy"),  # U+FE0F left by the emoji: dropped, never at the start
        ("Ed✏️dy", "ed-dy"),
        ("👩\u200d💻 Ana", "ana"),  # a joiner
        ("1️⃣ One", "1-one"),  # a keycap: variation selector and enclosing mark
        ("\u0301Ana", "ana"),  # a mark with nothing to sit on
        ("Ana\u200bLee", "ana-lee"),  # a zero-width space breaks words, as a space does
        ("Ana\u00adLee", "analee"),  # a soft hyphen does not
        ("नमस्ते दुनिया", "नमस्ते-दुनिया"),  # marks inside words stay
        ("🙂", ""),
    ],
)
def test_slugs_carry_nothing_invisible(title: str, slug: str) -> None:
    assert v.slugify(title) == slug
    assert slug == "" or v.is_slug(slug)


@pytest.mark.parametrize("name", ["ed-\ufe0fdy", "\u0301ana", "a-\u0301b", "ana\u200d"])
def test_a_file_name_with_an_invisible_character_is_no_slug(name: str) -> None:
    assert not v.is_slug(name)
