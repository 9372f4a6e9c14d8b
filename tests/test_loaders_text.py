"""Text handling of the article loader: normalisation, boilerplate, numbers, dates, phases.

These read as the specification of the small steps before fact extraction: what the loader does
to NFD text, dashes, NBSPs and HTML remnants; which lines are boilerplate; how Vietnamese and
English numbers, dates and plan phases are read.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal

import pytest

from loaders.boilerplate import layout
from loaders.dates import find_dates
from loaders.normalise import ascii_fold, normalise, tone_fold
from loaders.numbers import parse_decimal, parse_roman, parse_words

# ------------------------------------------------------------------ normalisation


def test_nfd_input_becomes_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Hội nghị Cấp cao ASEAN lần thứ 37")
    assert nfd != unicodedata.normalize("NFC", nfd)
    assert normalise(nfd) == "Hội nghị Cấp cao ASEAN lần thứ 37"


def test_odd_spaces_and_zero_width_characters_are_normalised() -> None:
    assert normalise("ASEAN\u00a0 và\u200b IAI\r\n") == "ASEAN  và IAI\n"


def test_html_remnants_are_removed_and_entities_resolved() -> None:
    assert normalise("<p>Bộ Ngoại giao&nbsp;&amp; ASEAN</p>") == "\nBộ Ngoại giao & ASEAN\n"


def test_fold_keys_keep_length_and_unify_dashes_and_tone_placement() -> None:
    for text in ("Lao động – Thương binh", "Thuận lợi hoá thương mại", "Uỷ ban"):
        assert len(tone_fold(text)) == len(text) == len(ascii_fold(text))
    assert tone_fold("Lao động – Thương binh") == tone_fold("Lao động - Thương binh")
    assert tone_fold("hoá") == tone_fold("hóa")
    assert ascii_fold("Công đồng") == ascii_fold("Cộng đồng") == "cong dong"


# ------------------------------------------------------------------ boilerplate


def test_teasers_related_links_captions_and_bylines_are_not_content() -> None:
    text = normalise(
        "Tiêu đề bài\n\nNgày 25/3, cuộc họp diễn ra.\n"
        "[Việt Nam đề xuất phương hướng hợp tác giữa quân đội các nước ASEAN]\n"
        "Quang cảnh cuộc họp. (Ảnh: Đỗ Quyên/TTXVN)\n"
        "T. Minh\n\nTin cùng chuyên mục\n\nTổng Bí thư Tô Lâm gặp Lý Hiển Long.\n")
    lay = layout(text)
    kinds = {text[b.start:b.end].strip(): b.kind for b in lay.blocks if b.kind != "blank"}
    assert kinds["Tiêu đề bài"] == "title"
    assert kinds["Ngày 25/3, cuộc họp diễn ra."] == "body"
    assert kinds["Quang cảnh cuộc họp. (Ảnh: Đỗ Quyên/TTXVN)"] == "caption"
    assert kinds["Tổng Bí thư Tô Lâm gặp Lý Hiển Long."] == "teaser"
    assert kinds["T. Minh"] == "byline"
    assert lay.creator == "T. Minh"
    assert all("Tô Lâm" not in text[a:b] for a, b in lay.content())


def test_date_line_and_credit_become_metadata() -> None:
    text = normalise("Tiêu đề\n\n11:13 22/07/2020\nNgày 22/7, Hội nghị họp.\n\n(TTXVN/Vietnam+)\n")
    lay = layout(text)
    assert lay.dateline is not None
    assert text[lay.dateline[0]:lay.dateline[1]] == "11:13 22/07/2020"
    assert lay.publisher == ["TTXVN/Vietnam+"]


# ------------------------------------------------------------------ numbers


@pytest.mark.parametrize(("text", "lang", "value"), [
    ("24,8", "vi", "24.8"), ("84,6", "vi", "84.6"), ("1.500", "vi", "1500"),
    ("1.500.000", "vi", "1500000"), ("4.87", "en", "4.87"), ("1,500", "en", "1500"),
    ("4.87", "vi", "4.87"), ("127", "vi", "127"),
])
def test_decimal_comma_and_thousands_separators(text: str, lang: str, value: str) -> None:
    assert parse_decimal(text, lang) == Decimal(value)


@pytest.mark.parametrize(("words", "value"), [
    (["một"], 1), (["bốn"], 4), (["bảy"], 7), (["mười", "lăm"], 15),
    (["hai", "mươi", "lăm"], 25), (["three"], 3),
])
def test_number_words(words: list[str], value: int) -> None:
    assert parse_words(words) == value


def test_roman_numerals() -> None:
    assert [parse_roman(r) for r in ("I", "III", "IV", "V", "IX")] == [1, 3, 4, 5, 9]
    assert parse_roman("IIII") is None
    assert parse_roman("ASEAN") is None


# ------------------------------------------------------------------ dates


@pytest.mark.parametrize(("text", "year", "month", "day", "end_day"), [
    ("Ngày 25/3, cuộc họp", None, 3, 25, None),
    ("trong hai ngày 22-23/9 tại", None, 9, 22, 23),
    ("Sáng ngày 6/10/2020, tại", 2020, 10, 6, None),
    ("11:13 22/07/2020", 2020, 7, 22, None),
    ("held on 16 March 2023 in", 2023, 3, 16, None),
    ("on March 16-17, 2023", 2023, 3, 16, 17),
    ("ngày 7.11 vừa qua", None, 11, 7, None),
    ("vào tháng 7/2021", 2021, 7, None, None),
    ("ngày 25 tháng 01 năm 2016", 2016, 1, 25, None),
])
def test_date_formats(text: str, year: int | None, month: int, day: int | None,
                      end_day: int | None) -> None:
    (d,) = find_dates(text)
    assert (d.year, d.month, d.day, d.end_day) == (year, month, day, end_day)


def test_ratios_and_meeting_codes_are_not_dates() -> None:
    assert find_dates("22/26 dòng hành động") == []
    assert find_dates("ASEAN SEOM 3/51") == []


def test_relative_and_part_of_year_expressions() -> None:
    (d,) = find_dates("sẽ kết thúc vào tháng 9 năm nay")
    assert (d.year, d.month, d.relative) == (None, 9, "this-year")
    (d,) = find_dates("được thông qua cuối năm 2020")
    assert (d.year, d.part) == (2020, "end")
    (d,) = find_dates("to be adopted next year")
    assert (d.year, d.relative) == (None, "next-year")
