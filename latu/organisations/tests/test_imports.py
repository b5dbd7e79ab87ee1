"""The CSV checker on its own: no database."""

import pytest

from latu.organisations import imports
from latu.organisations.imports import UnitRef

UNITS = [
    UnitRef(1, "Kotihoito"),
    UnitRef(2, "Päiväkoti Vekkula"),
    UnitRef(3, "Keskuskeittiö", is_active=False),
    UnitRef(4, "Asiakaspalvelu"),
    UnitRef(5, "Asiakaspalvelu"),
]


def codes(report):
    return [(p.row, p.field, p.code) for p in report.problems]


def test_a_valid_file_with_commas():
    text = (
        "email,name,role,unit,title\n"
        "Eeva@Example.fi, Eeva  Esimerkki ,työntekijä,Kotihoito,lähihoitaja\n"
        "into@example.fi,Into Innovaattori,Sisäinen uudistaja,1,\n"
        "aino@example.fi,Aino Admin,pääkäyttäjä,,\n"
    )
    report = imports.check(text, UNITS)
    assert report.is_valid
    assert report.total == 3
    assert report.rows == [
        imports.PersonRow(2, "eeva@example.fi", "Eeva Esimerkki", "employee", 1, "lähihoitaja"),
        imports.PersonRow(3, "into@example.fi", "Into Innovaattori", "innovator", 1, ""),
        imports.PersonRow(4, "aino@example.fi", "Aino Admin", "admin", None, ""),
    ]


def test_semicolons_bom_finnish_headers_and_any_column_order():
    text = "\ufeffNimi;Sähköposti;Yksikkö;Rooli\r\nEino Esihenkilö;eino@example.fi;päiväkoti vekkula;esihenkilö\r\n"
    report = imports.check(text, UNITS)
    assert report.is_valid
    assert report.rows[0].email == "eino@example.fi"
    assert report.rows[0].role == "supervisor"
    assert report.rows[0].unit_id == 2


@pytest.mark.parametrize(
    ("word", "role"),
    [
        ("", "employee"), ("employee", "employee"), ("työntekijä", "employee"), ("TYÖNTEKIJÄ", "employee"),
        ("uudistaja", "innovator"), ("sisäinen  uudistaja", "innovator"), ("innovator", "innovator"),
        ("esihenkilö", "supervisor"), ("supervisor", "supervisor"), ("johto", "manager"), ("manager", "manager"),
        ("pääkäyttäjä", "admin"), ("admin", "admin"), ("kuningas", None),
    ],
)
def test_roles_in_english_codes_and_finnish_words(word, role):
    assert imports.parse_role(word) == role


def test_every_problem_has_its_row_and_column():
    text = (
        "email;name;role;unit;title\n"
        "eeva@example.fi;Eeva;työntekijä;Kotihoito;\n"  # row 2: fine
        "not-an-email;Nimetön;;;\n"  # row 3
        ";Ei Osoitetta;;;\n"  # row 4
        "kalle@example.fi;;;;\n"  # row 5
        "ville@example.fi;Ville;kuningas;;\n"  # row 6
        "sanna@example.fi;Sanna;;Olematon;\n"  # row 7
        "timo@example.fi;Timo;;99;\n"  # row 8
        "kaija@example.fi;Kaija;;Keskuskeittiö;\n"  # row 9: inactive unit
        "anu@example.fi;Anu;;Asiakaspalvelu;\n"  # row 10: two units with the name
        "pia@example.fi;Pia;pääkäyttäjä;Kotihoito;\n"  # row 11: admin for a unit
        "eeva@example.fi;Eeva;employee;1;\n"  # row 12: same as row 2
        "olli@example.fi;Olli;;;;ylimääräinen\n"  # row 13: too many values
        f"jussi@example.fi;{'J' * 151};;;\n"  # row 14
    )
    report = imports.check(text, UNITS)
    assert codes(report) == [
        (3, "email", "invalid_email"),
        (4, "email", "required"),
        (5, "name", "required"),
        (6, "role", "unknown_role"),
        (7, "unit", "unknown_unit"),
        (8, "unit", "unknown_unit"),
        (9, "unit", "inactive_unit"),
        (10, "unit", "ambiguous_unit"),
        (11, "unit", "admin_unit"),
        (12, "email", "duplicate"),
        (13, "", "too_many_values"),
        (14, "name", "too_long"),
    ]
    assert [r.row for r in report.rows] == [2]
    assert report.invalid_row_count == 12
    assert report.total == 13
    assert all(p.message for p in report.problems)


def test_one_row_may_have_several_problems():
    report = imports.check("email,name,role\nx,,boss\n", UNITS)
    assert codes(report) == [(2, "email", "invalid_email"), (2, "name", "required"), (2, "role", "unknown_role")]
    assert report.invalid_row_count == 1


def test_the_same_person_may_have_several_roles():
    text = "email,name,role,unit\neino@example.fi,Eino,employee,1\neino@example.fi,Eino,supervisor,1\n"
    report = imports.check(text, UNITS)
    assert report.is_valid
    assert [r.role for r in report.rows] == ["employee", "supervisor"]


def test_blank_lines_are_skipped_but_keep_the_row_numbers():
    report = imports.check("email,name\n\na@example.fi,A\n,\nb@example.fi,B\n", UNITS)
    assert report.is_valid
    assert [r.row for r in report.rows] == [3, 5]


def test_quoted_values_with_the_delimiter_inside():
    report = imports.check('email;name;title\na@example.fi;"Virtanen; Aino";"hoitaja; vastaava"\n', UNITS)
    assert report.rows[0].name == "Virtanen; Aino"
    assert report.rows[0].title == "hoitaja; vastaava"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", [(0, "", "empty")]),
        ("\n\n", [(0, "", "empty")]),
        ("email,name\n", [(0, "", "no_rows")]),
        ("name,title\nA,B\n", [(0, "email", "missing_column")]),
        ("email,name,salary\na@example.fi,A,1\n", [(0, "", "unknown_column")]),
        ("email,name,email\na@example.fi,A,b@example.fi\n", [(0, "email", "duplicate_column")]),
    ],
)
def test_problems_with_the_whole_file(text, expected):
    report = imports.check(text, UNITS)
    assert codes(report) == expected
    assert report.file_problems
    assert report.rows == []


def test_too_many_rows():
    text = "email,name\n" + "".join(f"p{i}@example.fi,P{i}\n" for i in range(imports.MAX_ROWS + 1))
    report = imports.check(text, UNITS)
    assert codes(report)[0] == (0, "", "too_many_rows")
    assert report.rows == []


def test_the_maximum_number_of_rows_is_fine():
    text = "email,name\n" + "".join(f"p{i}@example.fi,P{i}\n" for i in range(imports.MAX_ROWS))
    report = imports.check(text, UNITS)
    assert report.is_valid
    assert len(report.rows) == imports.MAX_ROWS


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [("email;name\n", ";"), ("email,name\n", ","), ("email\tname\n", "\t"), ("email\n", ","),
     ('"a;b",c,d\n', ",")],
)
def test_delimiter_is_sniffed_from_the_header(text, delimiter):
    assert imports.sniff_delimiter(text) == delimiter


def test_decode_accepts_utf8_with_and_without_bom():
    assert imports.decode("email,name\nä".encode()) == "email,name\nä"
    assert imports.decode("\ufeffemail".encode()) == "email"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ("email,name\nä".encode("latin-1"), "encoding"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "encoding"),
        (b"email,name\x00", "binary"),
        (b"x" * (imports.MAX_BYTES + 1), "too_big"),
    ],
)
def test_decode_refuses_what_is_not_a_small_utf8_text(data, code):
    with pytest.raises(imports.ImportFileError) as error:
        imports.decode(data)
    assert error.value.code == code
