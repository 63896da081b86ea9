"""Parsing a roster CSV: good files, and every bad line reported with its number and reason."""

from __future__ import annotations

import pytest

from camau.practice.roster import RosterEntry, RosterError, parse_roster

HEADER = "name,email,roles,mentor_email,manager_email,language,aad_object_id,timezone,working_hours"
MENTOR = "Megan Rhys,megan@example.org,mentor,,,cy,,,"
MANAGER = "Dafydd Morgan,dafydd@example.org,manager,,,en,,,"


def roster(*rows: str) -> str:
    return "\n".join((HEADER, MENTOR, MANAGER, *rows)) + "\n"


def test_parse_roster_reads_a_full_row() -> None:
    entries = parse_roster(
        roster(
            "Gwenllian Ŵyn,Gwen.Wyn@Example.ORG,worker; Mentor,megan@example.org,"
            "DAFYDD@example.org,CY,a1b2-C3,Europe/Paris,llun-gwe 8:30-16:30"
        )
    )
    assert entries[2] == RosterEntry(
        line=4,
        name="Gwenllian Ŵyn",
        email="gwen.wyn@example.org",
        roles=frozenset({"worker", "mentor"}),
        mentor_email="megan@example.org",
        manager_email="dafydd@example.org",
        language="cy",
        aad_object_id="a1b2-C3",
        timezone="Europe/Paris",
        working_hours="Mon-Fri 08:30-16:30",
    )


def test_parse_roster_leaves_empty_optional_cells_unset() -> None:
    entry = parse_roster(roster("Alex Wilber,alex@example.org,worker,,,,,,"))[2]
    assert (entry.mentor_email, entry.manager_email, entry.language) == (None, None, None)
    assert (entry.aad_object_id, entry.timezone, entry.working_hours) == (None, None, None)


def test_parse_roster_accepts_bom_crlf_welsh_names_and_always() -> None:
    text = "\ufeff" + roster("Dŷlan Âb Siôn,dylan@example.org,worker,,,en,,,always").replace(
        "\n", "\r\n"
    )
    entry = parse_roster(text)[2]
    assert entry.name == "Dŷlan Âb Siôn"
    assert entry.working_hours == "always"


def test_parse_roster_accepts_a_header_with_only_required_columns() -> None:
    entries = parse_roster("Email,Name,Roles\nalex@example.org,Alex Wilber,worker\n")
    assert [(e.name, e.email, e.line) for e in entries] == [("Alex Wilber", "alex@example.org", 2)]


def test_parse_roster_skips_blank_lines_but_counts_them() -> None:
    entries = parse_roster(HEADER + "\n\n" + MENTOR + "\n")
    assert entries[0].line == 3


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("Alex,alex@example.org,worker;boss,,,,,,", "unknown role 'boss'"),
        ("Alex,alex@example.org,,,,,,,", "roles: at least one"),
        ("Alex,alex-at-example.org,worker,,,,,,", "email: 'alex-at-example.org' is not"),
        ("Alex,,worker,,,,,,", "email: empty"),
        (",alex@example.org,worker,,,,,,", "name: empty"),
        ("Alex,alex@example.org,worker,,,fr,,,", "language: 'fr' is not cy or en"),
        ("Alex,alex@example.org,worker,,,,,Europe/Cardiff,", "timezone: 'Europe/Cardiff'"),
        ("Alex,alex@example.org,worker,,,,,,Mon-Fri 17:00-09:00", "working_hours:"),
        ("Alex,alex@example.org,worker,,,,,,whenever", "working_hours: 'whenever'"),
        ("Alex,alex@example.org,worker,nobody,,,,,", "mentor_email: 'nobody' is not"),
        ("Alex,alex@example.org,worker,dafydd@example.org,,,,,", "lacks the mentor role"),
        ("Alex,alex@example.org,worker,,megan@example.org,,,,", "lacks the manager role"),
        ("Alex,alex@example.org,worker;mentor,alex@example.org,,,,,", "their own mentor"),
        ("Alex,MEGAN@example.org,worker,,,,,,", "already appears on line 2"),
        ("Alex,alex@example.org,worker,,,,,,,extra", "more cells than the header"),
        # failed before: accepted (a name can be made to look like another's)
        ("Al\x00ex,alex@example.org,worker,,,,,,", "name: control"),
        ("Alex \u202eyrbliW,alex@example.org,worker,,,,,,", "name: control"),
        ("Al\u200bex,alex@example.org,worker,,,,,,", "name: control"),
        ("Alex\u2066 Wilber,alex@example.org,worker,,,,,,", "name: control"),
        ("\ufeffAlex,alex@example.org,worker,,,,,,", "name: control"),
    ],
)
def test_parse_roster_reports_the_bad_line_and_why(row: str, reason: str) -> None:
    with pytest.raises(RosterError) as caught:
        parse_roster(roster("Elin Pryce,elin@example.org,worker,,,,,,", row))
    assert caught.value.line == 5
    assert reason in caught.value.reason
    assert str(caught.value).startswith("line 5: ")


def test_parse_roster_rejects_a_repeated_object_id() -> None:
    with pytest.raises(RosterError, match="line 5: aad_object_id already appears on line 4"):
        parse_roster(
            roster(
                "Elin Pryce,elin@example.org,worker,,,,abc,,",
                "Tom Davies,tom@example.org,worker,,,,abc,,",
            )
        )


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "the file is empty"),
        ("name,email,roles,nickname\n", "unknown column 'nickname'"),
        ("name,roles\n", "missing column 'email'"),
        ("name,email,roles,email\n", "a column appears twice"),
    ],
)
def test_parse_roster_rejects_a_bad_header_on_line_1(text: str, reason: str) -> None:
    with pytest.raises(RosterError) as caught:
        parse_roster(text)
    assert (caught.value.line, reason in caught.value.reason) == (1, True)


def test_parse_roster_takes_a_mentor_named_later_in_the_file() -> None:
    entries = parse_roster(
        HEADER + "\nAlex Wilber,alex@example.org,worker,megan@example.org,,,,,\n" + MENTOR + "\n"
    )
    assert entries[0].mentor_email == "megan@example.org"


def test_parse_roster_normalises_names_to_nfc() -> None:
    """Failed before: a decomposed "Siân" was kept as typed, unequal to the composed one."""
    decomposed = "Sia\u0302n Jones"
    entries = parse_roster(roster(f"{decomposed},sian@example.org,worker,,,,,,"))
    assert entries[-1].name == "Siân Jones"
