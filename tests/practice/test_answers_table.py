"""Every kind of ordinary answer Camau reads, in Welsh and English, with what it must understand.

Today is Friday 27 November 2026, 10:00 in London (GMT, so UTC). Each row is (kind, typed,
expected); None means the answer must be refused. Dates are day first; `date` looks back (a
meeting that was held), `booked` looks forward (a meeting that is booked), `booked_later` looks
forward where today is not allowed; `readings` lists every reading when two fit equally well.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from camau.practice.answers import parse_number, parse_yes_no
from camau.practice.dates import parse_date, read_date
from camau.practice.hours import HoursError, format_working_hours, parse_working_hours
from camau.practice.lengths import WhenError, parse_lead_times
from camau.practice.sessions import parse_leads
from camau.practice.steps import parse_score
from camau.practice.when import parse_length, parse_time, parse_when, read_when
from camau.practice.zones import read_timezone

TODAY = date(2026, 11, 27)  # a Friday
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")

Row = tuple[str, str, object]

DATES_CY: list[Row] = [
    ("date", "heddiw", "2026-11-27"),
    ("date", "Heddiw", "2026-11-27"),
    ("date", "ddoe", "2026-11-26"),
    ("date", "echdoe", "2026-11-25"),
    ("date", "neithiwr", "2026-11-26"),
    ("date", "12 o Dachwedd", "2026-11-12"),
    ("date", "10 o Dachwedd", "2026-11-10"),
    ("date", "3 o Ragfyr", "2025-12-03"),
    ("date", "12 o Fedi", "2026-09-12"),
    ("date", "5 o Fai", "2026-05-05"),
    ("date", "12 o Orffennaf", "2026-07-12"),
    ("date", "14 o Fehefin", "2026-06-14"),
    ("date", "20 o Fawrth", "2026-03-20"),
    ("date", "20 Mawrth", "2026-03-20"),
    ("date", "1af o Fedi", "2026-09-01"),
    ("date", "2il o Hydref", "2026-10-02"),
    ("date", "3ydd o Dachwedd", "2026-11-03"),
    ("date", "4ydd o Ionawr", "2026-01-04"),
    ("date", "5ed o Chwefror", "2026-02-05"),
    ("date", "12fed o Awst", "2026-08-12"),
    ("date", "25ain o Ebrill", "2026-04-25"),
    ("date", "14eg o Fai 2025", "2025-05-14"),
    ("date", "y 3ydd", "2026-11-03"),
    ("date", "dydd Llun", "2026-11-23"),
    ("date", "Dydd Llun", "2026-11-23"),
    ("date", "ddydd Llun", "2026-11-23"),
    ("date", "dydd Llun diwethaf", "2026-11-23"),
    ("date", "dydd Llun diwetha", "2026-11-23"),
    ("date", "dydd Gwener", "2026-11-27"),
    ("date", "dydd Gwener diwethaf", "2026-11-20"),
    ("date", "dydd Gwener dwetha", "2026-11-20"),
    ("date", "dydd Mawrth", "2026-11-24"),
    ("date", "nos Lun", "2026-11-23"),
    ("date", "nos Fawrth", "2026-11-24"),
    ("date", "nos Fercher", "2026-11-25"),
    ("date", "nos Wener diwethaf", "2026-11-20"),
    ("date", "bore dydd Llun", "2026-11-23"),
    ("date", "prynhawn dydd Mercher", "2026-11-25"),
    ("date", "pnawn Iau", "2026-11-26"),
    ("date", "dydd Sul", "2026-11-22"),
    ("date", "Sadwrn", "2026-11-21"),
    ("date", "wythnos diwethaf", "2026-11-20"),
    ("date", "wythnos yn ôl", "2026-11-20"),
    ("date", "dydd Llun wythnos diwethaf", "2026-11-16"),
    ("date", "dydd Llun nesaf", "2026-11-30"),
    ("date", "3/11", "2026-11-03"),
    ("date", "3/11/2026", "2026-11-03"),
    ("date", "03.11.26", "2026-11-03"),
    ("date", "dydd Iau 26 Tachwedd 2026", "2026-11-26"),
    ("date", "26 Tachwedd 2026 (dydd Iau)", "2026-11-26"),
    ("date", "26 Tach 2026", "2026-11-26"),
    ("date", "ar ddydd Mawrth", "2026-11-24"),
    ("date", "31 Chwefror", None),
    ("date", "30 o Chwefror", None),
    ("date", "32 o Fai", None),
    ("date", "un ar ddeg", None),
    ("date", "yfory ddoe", None),
    ("date", "dydd Llun dydd Mawrth", None),
    ("date", "cyn bo hir", None),
    ("date", "rywbryd", None),
    ("booked", "yfory", "2026-11-28"),
    ("booked", "fory", "2026-11-28"),
    ("booked", "drennydd", "2026-11-29"),
    ("booked", "dydd Llun", "2026-11-30"),
    ("booked", "dydd Llun nesaf", "2026-11-30"),
    ("booked", "dydd Llun nesa", "2026-11-30"),
    ("booked", "Llun nesaf", "2026-11-30"),
    ("booked", "dydd Gwener", "2026-11-27"),
    ("booked", "dydd Gwener nesaf", "2026-12-04"),
    ("booked", "3 o Ragfyr", "2026-12-03"),
    ("booked", "12 o Dachwedd", "2027-11-12"),
    ("booked", "wythnos nesaf", "2026-12-04"),
    ("booked", "wythnos nesa", "2026-12-04"),
    ("booked", "wythnos i heddiw", "2026-12-04"),
    ("booked", "ymhen wythnos", "2026-12-04"),
    ("booked", "dydd Mawrth wythnos nesaf", "2026-12-01"),
    ("booked", "nos Iau", "2026-12-03"),
    ("booked", "bore Llun", "2026-11-30"),
    ("booked", "dydd Mercher yma", "2026-12-02"),
    ("booked", "1af o Ragfyr", "2026-12-01"),
    ("booked", "25ain o Ragfyr", "2026-12-25"),
    ("booked", "14eg o Ionawr", "2027-01-14"),
    ("booked", "y 3ydd", "2026-12-03"),
    ("booked", "dydd Iau 3 Rhagfyr 2026", "2026-12-03"),
    ("booked", "3 Rhagfyr 2026 (dydd Iau)", "2026-12-03"),
    ("booked", "dydd Iau 3 Rhagfyr", "2026-12-03"),
    ("booked", "29 Chwefror", "2028-02-29"),
    ("booked", "31 o Fehefin", None),
    ("booked_later", "dydd Gwener", "2026-12-04"),
    ("date_earlier", "dydd Gwener", "2026-11-20"),
    ("readings", "dydd Llun 3 Rhagfyr", "2026-11-30|2026-12-03"),
    ("readings", "dydd Mercher 3 o Ragfyr", "2026-12-02|2026-12-03"),
]

DATES_EN: list[Row] = [
    ("date", "today", "2026-11-27"),
    ("date", "yesterday", "2026-11-26"),
    ("date", "the day before yesterday", "2026-11-25"),
    ("date", "last night", "2026-11-26"),
    ("date", "Monday", "2026-11-23"),
    ("date", "last Monday", "2026-11-23"),
    ("date", "Friday", "2026-11-27"),
    ("date", "last Friday", "2026-11-20"),
    ("date", "on Tuesday", "2026-11-24"),
    ("date", "Tuesday evening", "2026-11-24"),
    ("date", "November 12", "2026-11-12"),
    ("date", "Nov 12", "2026-11-12"),
    ("date", "12th of November", "2026-11-12"),
    ("date", "12 November", "2026-11-12"),
    ("date", "12 Nov 2026", "2026-11-12"),
    ("date", "November 12th, 2026", "2026-11-12"),
    ("date", "3rd December", "2025-12-03"),
    ("date", "December 3rd 2025", "2025-12-03"),
    ("date", "the 3rd", "2026-11-03"),
    ("date", "the 1st", "2026-11-01"),
    ("date", "last week", "2026-11-20"),
    ("date", "a week ago", "2026-11-20"),
    ("date", "Monday last week", "2026-11-16"),
    ("date", "Thursday 26 November 2026", "2026-11-26"),
    ("date", "Thu 26 Nov 2026", "2026-11-26"),
    ("date", "2026-11-26", "2026-11-26"),
    ("date", "26/11/2026", "2026-11-26"),
    ("date", "26-11-26", "2026-11-26"),
    ("date", "soon", None),
    ("date", "31/02/2027", None),
    ("date", "13/13", None),
    ("date", "42", None),
    ("date", "Monday Tuesday", None),
    ("date", "29 February 2027", None),
    ("date", "next last Monday", None),
    ("date", "eleven", None),
    ("booked", "tomorrow", "2026-11-28"),
    ("booked", "next Monday", "2026-11-30"),
    ("booked", "Monday", "2026-11-30"),
    ("booked", "this Monday", "2026-11-30"),
    ("booked", "next Friday", "2026-12-04"),
    ("booked", "Friday", "2026-11-27"),
    ("booked", "next week", "2026-12-04"),
    ("booked", "a week today", "2026-12-04"),
    ("booked", "in a week", "2026-12-04"),
    ("booked", "Tuesday next week", "2026-12-01"),
    ("booked", "the day after tomorrow", "2026-11-29"),
    ("booked", "December 3", "2026-12-03"),
    ("booked", "Dec 3rd", "2026-12-03"),
    ("booked", "3rd of December", "2026-12-03"),
    ("booked", "3 December 2026", "2026-12-03"),
    ("booked", "Thursday 3 December 2026", "2026-12-03"),
    ("booked", "3/12", "2026-12-03"),
    ("booked", "03/12/2026", "2026-12-03"),
    ("booked", "2026-12-03", "2026-12-03"),
    ("booked", "November 12", "2027-11-12"),
    ("booked", "on the 3rd", "2026-12-03"),
    ("booked_later", "Friday", "2026-12-04"),
    ("date_earlier", "Friday", "2026-11-20"),
    ("readings", "Monday 3 December", "2026-11-30|2026-12-03"),
    ("readings", "Wednesday 3rd December", "2026-12-02|2026-12-03"),
    ("readings", "Thursday 3 December", "2026-12-03"),
]

WHEN_CY: list[Row] = [
    ("when", "yfory am 9", "2026-11-28 09:00"),
    ("when", "yfory am 2", "2026-11-28 14:00"),
    ("when", "yfory am 9yb", "2026-11-28 09:00"),
    ("when", "yfory am 2yp", "2026-11-28 14:00"),
    ("when", "yfory 9:00", "2026-11-28 09:00"),
    ("when", "dydd Gwener am 11 o'r gloch", "2026-11-27 11:00"),
    ("when", "dydd Gwener am 10 o'r gloch", "2026-12-04 10:00"),
    ("when", "dydd Llun am 10 o’r gloch", "2026-11-30 10:00"),
    ("when", "dydd Llun am 10 o'r gloch", "2026-11-30 10:00"),
    ("when", "nos Lun am 7", "2026-11-30 19:00"),
    ("when", "bore dydd Mawrth am 9", "2026-12-01 09:00"),
    ("when", "prynhawn dydd Mercher am 2", "2026-12-02 14:00"),
    ("when", "hanner awr wedi deg dydd Llun", "2026-11-30 10:30"),
    ("when", "dydd Llun am hanner awr wedi deg", "2026-11-30 10:30"),
    ("when", "dydd Iau am chwarter wedi dau", "2026-12-03 14:15"),
    ("when", "dydd Iau am chwarter i dri", "2026-12-03 14:45"),
    ("when", "dydd Llun nesaf am 9:30", "2026-11-30 09:30"),
    ("when", "3 o Ragfyr am 10", "2026-12-03 10:00"),
    ("when", "12fed o Ragfyr 14:00", "2026-12-12 14:00"),
    ("when", "heddiw am 4", "2026-11-27 16:00"),
    ("when", "am 3 heddiw", "2026-11-27 15:00"),
    ("when", "am 3", "2026-11-27 15:00"),
    ("when", "yfory am hanner dydd", "2026-11-28 12:00"),
    ("when", "dydd Llun 10yb", "2026-11-30 10:00"),
    ("when", "dydd Mawrth am ddeg o'r gloch", "2026-12-01 10:00"),
    ("when", "dydd Mercher am naw", "2026-12-02 09:00"),
    ("when", "dydd Iau am un ar ddeg", "2026-12-03 11:00"),
    ("when", "dydd Llun am ddau", "2026-11-30 14:00"),
    ("when", "dydd Llun wythnos nesaf am 10", "2026-11-30 10:00"),
    ("when", "dydd Iau 3 Rhagfyr 2026, 14:00", "2026-12-03 14:00"),
    ("when", "3 Rhagfyr 2026 (dydd Iau), 14:00", "2026-12-03 14:00"),
    ("when", "dydd Mawrth am 2 y.h.", "2026-12-01 14:00"),
    ("when_readings", "dydd Llun 3 Rhagfyr am 10", "2026-11-30 10:00|2026-12-03 10:00"),
    ("when_readings", "dydd Iau 3 Rhagfyr am 10", "2026-12-03 10:00"),
    ("when", "dydd Llun 3 Rhagfyr am 10", None),
    ("when", "dydd Iau", None),
    ("when", "yfory", None),
    ("when", "yfory am 25", None),
    ("when", "banana am 9", None),
    ("when", "rywbryd wythnos nesaf", None),
]

WHEN_EN: list[Row] = [
    ("when", "tomorrow at 9", "2026-11-28 09:00"),
    ("when", "tomorrow at 9am", "2026-11-28 09:00"),
    ("when", "tomorrow 9am", "2026-11-28 09:00"),
    ("when", "Friday at 10 o'clock", "2026-12-04 10:00"),
    ("when", "Friday at 11 o'clock", "2026-11-27 11:00"),
    ("when", "next Monday at 10", "2026-11-30 10:00"),
    ("when", "Monday at 2pm", "2026-11-30 14:00"),
    ("when", "Monday at 2", "2026-11-30 14:00"),
    ("when", "Tuesday evening at 7", "2026-12-01 19:00"),
    ("when", "Wednesday afternoon at 3", "2026-12-02 15:00"),
    ("when", "half past ten on Monday", "2026-11-30 10:30"),
    ("when", "quarter to three Thursday", "2026-12-03 14:45"),
    ("when", "December 3 at 10am", "2026-12-03 10:00"),
    ("when", "3rd of December 14:00", "2026-12-03 14:00"),
    ("when", "today at 4pm", "2026-11-27 16:00"),
    ("when", "tomorrow at noon", "2026-11-28 12:00"),
    ("when", "Thursday 3 December 2026, 14:00", "2026-12-03 14:00"),
    ("when", "3/12/2026 14:00", "2026-12-03 14:00"),
    ("when", "Thursday 2pm", "2026-12-03 14:00"),
    ("when_readings", "Monday 3 December at 10am", "2026-11-30 10:00|2026-12-03 10:00"),
    ("when", "soon", None),
    ("when", "Thursday", None),
    ("when", "tomorrow at 25", None),
    ("when", "25:00 tomorrow", None),
]

TIMES: list[Row] = [
    ("time", "12am", "00:00"),
    ("time", "12pm", "12:00"),
    ("time", "7yh", "19:00"),
    ("time", "hanner dydd", "12:00"),
    ("time", "canol dydd", "12:00"),
    ("time", "9.45", "09:45"),
    ("time", "am 9", "09:00"),
    ("time", "10 o'r gloch", "10:00"),
    ("time", "10 o’r gloch", "10:00"),
    ("time", "deg o'r gloch", "10:00"),
    ("time", "hanner awr wedi deg", "10:30"),
    ("time", "chwarter wedi naw", "09:15"),
    ("time", "9yb", "09:00"),
    ("time", "2yp", "14:00"),
    ("time", "am ddau", "14:00"),
    ("time", "half past ten", "10:30"),
    ("time", "quarter to three", "14:45"),
    ("time", "at 3", "15:00"),
    ("time", "noon", "12:00"),
    ("time", "9", None),
    ("time", "25:00", None),
    ("time", "am", None),
]

YES_NO_CY: list[Row] = [
    ("yes_no", "ydw", True),
    ("yes_no", "nac ydw", False),
    ("yes_no", "ydy", True),
    ("yes_no", "nac ydy", False),
    ("yes_no", "ydi", True),
    ("yes_no", "oes", True),
    ("yes_no", "nac oes", False),
    ("yes_no", "do", True),
    ("yes_no", "naddo", False),
    ("yes_no", "hoffwn", True),
    ("yes_no", "na hoffwn", False),
    ("yes_no", "bydd", True),
    ("yes_no", "na fydd", False),
    ("yes_no", "gwnaf", True),
    ("yes_no", "na wnaf", False),
    ("yes_no", "ie", True),
    ("yes_no", "na", False),
    ("yes_no", "iawn", True),
    ("yes_no", "ie, diolch", True),
    ("yes_no", "dim diolch", False),
    ("yes_no", "na, dim diolch", False),
    ("yes_no", "ydw, diolch", True),
    ("yes_no", "nac oes, diolch", False),
    ("yes_no", "Ydw!", True),
    ("yes_no", "Nac ydw.", False),
    ("yes_no", "ie plis", True),
    ("yes_no", "ydy wir", True),
    ("yes_no", "dim o gwbl", False),
    ("yes_no", "do, diolch yn fawr", True),
    ("yes_no", "wrth gwrs", True),
    ("yes_no", "efallai", None),
    ("yes_no", "dwn i ddim", None),
    ("yes_no", "ie na", None),
    ("yes_no", "diolch", None),
]

YES_NO_EN: list[Row] = [
    ("yes_no", "yes", True),
    ("yes_no", "no", False),
    ("yes_no", "yes please", True),
    ("yes_no", "no thanks", False),
    ("yes_no", "no thank you", False),
    ("yes_no", "yeah", True),
    ("yes_no", "nope", False),
    ("yes_no", "ok", True),
    ("yes_no", "Yes!", True),
    ("yes_no", "sure", True),
    ("yes_no", "not really", False),
    ("yes_no", "of course", True),
    ("yes_no", "maybe", None),
    ("yes_no", "yes and no", None),
    ("yes_no", "I don't know", None),
    ("yes_no", "", None),
]

SCORES: list[Row] = [
    ("score", "7", 7),
    ("score", " 10 ", 10),
    ("score", "saith", 7),
    ("score", "7 o 10", 7),
    ("score", "7 allan o 10", 7),
    ("score", "saith o ddeg", 7),
    ("score", "pump", 5),
    ("score", "un", 1),
    ("score", "dau", 2),
    ("score", "dwy", 2),
    ("score", "tri", 3),
    ("score", "tair", 3),
    ("score", "pedwar", 4),
    ("score", "pedair", 4),
    ("score", "chwech", 6),
    ("score", "chwe", 6),
    ("score", "wyth", 8),
    ("score", "naw", 9),
    ("score", "deg", 10),
    ("score", "deg o ddeg", 10),
    ("score", "10 o 10", 10),
    ("score", "un ar ddeg", None),
    ("score", "0", None),
    ("score", "dim", None),
    ("score", "11", None),
    ("score", "dau ddeg", None),
    ("score", "seven", 7),
    ("score", "7/10", 7),
    ("score", "7 / 10", 7),
    ("score", "7 out of 10", 7),
    ("score", "seven out of ten", 7),
    ("score", "Ten", 10),
    ("score", "one", 1),
    ("score", "eleven", None),
    ("score", "zero", None),
    ("score", "7.5", None),
    ("score", "-3", None),
    ("score", "", None),
]

NUMBERS: list[Row] = [
    ("number", "deugain", 40),
    ("number", "pedwar deg pump", 45),
    ("number", "un deg un", 11),
    ("number", "un ar ddeg", 11),
    ("number", "deuddeg", 12),
    ("number", "pymtheg", 15),
    ("number", "ugain", 20),
    ("number", "hanner cant", 50),
    ("number", "bedair", 4),
    ("number", "forty-five", 45),
    ("number", "twenty", 20),
    ("number", "twelve", 12),
    ("number", "a", None),
    ("number", "lots", None),
]

LENGTHS: list[Row] = [
    ("length", "awr", 60),
    ("length", "awr a hanner", 90),
    ("length", "hanner awr", 30),
    ("length", "dwy awr", 120),
    ("length", "tri chwarter awr", 45),
    ("length", "awr a chwarter", 75),
    ("length", "90 munud", 90),
    ("length", "naw deg munud", 90),
    ("length", "45 munud", 45),
    ("length", "deugain munud", 40),
    ("length", "1 awr", 60),
    ("length", "1.5 awr", 90),
    ("length", "1,5 awr", 90),
    ("length", "dwy awr a hanner", 150),
    ("length", "1 awr 30 munud", 90),
    ("length", "chwarter awr", 15),
    ("length", "pum munud", 5),
    ("length", "tair awr", 180),
    ("length", "9 awr", None),
    ("length", "hir", None),
    ("length", "half an hour", 30),
    ("length", "an hour", 60),
    ("length", "an hour and a half", 90),
    ("length", "one and a half hours", 90),
    ("length", "1.5h", 90),
    ("length", "1h30", 90),
    ("length", "1h 30m", 90),
    ("length", "90 mins", 90),
    ("length", "ninety minutes", 90),
    ("length", "forty-five minutes", 45),
    ("length", "two hours", 120),
    ("length", "1 hour and 30 minutes", 90),
    ("length", "1:30", 90),
    ("length", "60", 60),
    ("length", "three quarters of an hour", 45),
    ("length", "2", None),
    ("length", "0", None),
    ("length", "ten hours", None),
    ("length", "long", None),
]

LEADS: list[Row] = [
    ("leads", "1 day 60 min", (1, 60)),
    ("leads", "diwrnod ac awr", (1, 60)),
    ("leads", "dau ddiwrnod", (2, 0)),
    ("leads", "diwrnod", (1, 0)),
    ("leads", "awr", (0, 60)),
    ("leads", "hanner awr", (0, 30)),
    ("leads", "dim", (0, 0)),
    ("leads", "diwrnod a hanner awr", (1, 30)),
    ("leads", "diwrnod cyn ac awr cyn", (1, 60)),
    ("leads", "2 ddiwrnod 30 munud", (2, 30)),
    ("leads", "1 diwrnod gwaith a 45 munud", (1, 45)),
    ("leads", "off", (0, 0)),
    ("leads", "a day and an hour", (1, 60)),
    ("leads", "2 days", (2, 0)),
    ("leads", "one day and half an hour", (1, 30)),
    ("leads", "2 days, 1.5 hours", (2, 90)),
    ("leads", "an hour before", (0, 60)),
    ("leads", "banana", None),
    ("leads", "5 bananas", None),
    ("leads", "99 days", None),
]

HOURS: list[Row] = [
    ("hours", "Llun i Wener 9yb-5yp", "Mon-Fri 09:00-17:00"),
    ("hours", "dydd Llun i ddydd Gwener 9 tan 5", "Mon-Fri 09:00-17:00"),
    ("hours", "Llun-Gwener 9-5", "Mon-Fri 09:00-17:00"),
    ("hours", "Llun a Mercher 8:30-4:30", "Mon,Wed 08:30-16:30"),
    ("hours", "Llun, Mawrth a Iau 10yb i 2yp", "Mon,Tue,Thu 10:00-14:00"),
    ("hours", "Llun-Gwe 09:00-17:00", "Mon-Fri 09:00-17:00"),
    ("hours", "bob amser", "always"),
    ("hours", "Llun i Wener", None),
    ("hours", "Monday to Friday 9am-5pm", "Mon-Fri 09:00-17:00"),
    ("hours", "Mon-Fri 9-5", "Mon-Fri 09:00-17:00"),
    ("hours", "Mon to Thu 9.30 - 17.30", "Mon-Thu 09:30-17:30"),
    ("hours", "Mon-Fri 09:00-17:00", "Mon-Fri 09:00-17:00"),
    ("hours", "always", "always"),
    ("hours", "Mon-Fri 17:00-09:00", None),
    ("hours", "Funday 9-5", None),
]

ZONES: list[Row] = [
    ("zone", "UK time", ("Europe/London", False)),
    ("zone", "GMT", ("Europe/London", True)),
    ("zone", "BST", ("Europe/London", True)),
    ("zone", "europe/london", ("Europe/London", False)),
    ("zone", "Europe/London", ("Europe/London", False)),
    ("zone", "UTC", ("UTC", False)),
    ("zone", "Irish time", ("Europe/Dublin", False)),
    ("zone", "amser y DU", ("Europe/London", False)),
    ("zone", "Cymru", ("Europe/London", False)),
    ("zone", "amser Prydain", ("Europe/London", False)),
    ("zone", "Mars/Olympus", None),
    ("zone", "Europe", None),
]

ROWS: list[Row] = [
    *DATES_CY,
    *DATES_EN,
    *WHEN_CY,
    *WHEN_EN,
    *TIMES,
    *YES_NO_CY,
    *YES_NO_EN,
    *SCORES,
    *NUMBERS,
    *LENGTHS,
    *LEADS,
    *HOURS,
    *ZONES,
]


def _iso(found: date | None) -> str | None:
    return None if found is None else found.isoformat()


def _when(text: str) -> str | None:
    try:
        return f"{parse_when(text, NOW, 'Europe/London').astimezone(LONDON):%Y-%m-%d %H:%M}"
    except WhenError:
        return None


def _raising(read: Callable[[str], object], *errors: type[Exception]) -> Callable[[str], object]:
    def reader(text: str) -> object:
        try:
            return read(text)
        except errors:
            return None

    return reader


def _zone(text: str) -> object:
    zone = read_timezone(text)
    return (zone.name, zone.assumed)


def _found_time(text: str) -> str | None:
    found = parse_time(text)
    return None if found is None else f"{found:%H:%M}"


READERS: dict[str, Callable[[str], object]] = {
    "date": lambda t: _iso(parse_date(t, TODAY)),
    "booked": lambda t: _iso(parse_date(t, TODAY, past=False)),
    "booked_later": lambda t: _iso(parse_date(t, TODAY, past=False, today_allowed=False)),
    "date_earlier": lambda t: _iso(parse_date(t, TODAY, today_allowed=False)),
    "readings": lambda t: "|".join(d.isoformat() for d in read_date(t, TODAY, past=False)),
    "when": _when,
    "when_readings": lambda t: "|".join(
        f"{i.astimezone(LONDON):%Y-%m-%d %H:%M}" for i in read_when(t, NOW, "Europe/London")
    ),
    "time": _found_time,
    "yes_no": parse_yes_no,
    "score": parse_score,
    "number": parse_number,
    "length": _raising(parse_length, WhenError),
    "leads": _raising(lambda t: (parse_leads(t).working_days, parse_leads(t).minutes), ValueError),
    "hours": _raising(lambda t: format_working_hours(parse_working_hours(t)), HoursError),
    "zone": _raising(_zone, HoursError),
}


@pytest.mark.parametrize(("kind", "typed", "expected"), ROWS, ids=[f"{k}:{t}" for k, t, _ in ROWS])
def test_answer_is_read_as_expected(kind: str, typed: str, expected: object) -> None:
    assert READERS[kind](typed) == expected


def test_the_table_is_large_and_about_half_welsh() -> None:
    welsh = [*DATES_CY, *WHEN_CY, *YES_NO_CY]
    welsh += [row for row in [*SCORES, *NUMBERS, *LENGTHS, *LEADS, *HOURS] if _welsh(row[1])]
    welsh += [row for row in [*TIMES, *ZONES] if _welsh(row[1])]
    assert len(ROWS) >= 300
    assert 0.4 <= len(welsh) / len(ROWS) <= 0.6
    assert {kind for kind, _, _ in ROWS} == set(READERS)


def _welsh(text: str) -> bool:
    words = set(text.casefold().replace(",", " ").split())
    return bool(words & _WELSH_WORDS)


_WELSH_TEXT = (
    "awr munud hanner ddiwrnod diwrnod dim saith pump un dau dwy tri tair pedwar pedair chwech "
    "chwe wyth naw deg ddeg allan o llun wener gwener mercher mawrth iau yb yp yh gloch dydd "
    "bob amser cymru du prydain deugain chwarter pum ugain pymtheg deuddeg cant bedair ac cyn "
    "gwaith gwe tan ddydd yfory"
)
_WELSH_WORDS = frozenset(_WELSH_TEXT.split())


def test_lead_times_beyond_what_camau_offers_are_read_then_refused() -> None:
    assert parse_lead_times("99 days") == (99, 0)
    with pytest.raises(ValueError):
        parse_leads("99 days")
