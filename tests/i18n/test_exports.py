"""Exports carry names in Cyrillic intact: Russian, Kazakh and Kyrgyz letters, with headers in the
reader's language, as UTF-8 with a byte order mark so that spreadsheets read them right."""

from __future__ import annotations

import csv
import io
from datetime import date

from tests.admin.conftest import add_cohort, join, progress

# Every letter Kazakh and Kyrgyz add to the Russian alphabet, in names as people write them.
NAMES = {
    "aigerim": "Әйгерім Қасымқызы",  # ә і қ ы
    "oraz": "Оразғали Ұлықпанов",  # ғ ұ
    "nurgul": "Нұргүл Өтегенова",  # ү ө ұ
    "bakyt": "Бакыт Ыңгайлуу-Өмүрбеков",  # ы ң ө ү (Kyrgyz)
    "sergei": "Сергей Щёголев",  # ё щ (Russian)
    "mixed": '=HYPERLINK("x"), Ёлкин',  # a formula and a comma, in one cell
}


def decode(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the byte order mark to read UTF-8"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_cohort_export_keeps_every_cyrillic_name_and_speaks_the_admins_language(app, auth, client):
    cohort = add_cohort(app, "Қазақстан: CCP, қараша 2026", "KZ", {"alpha": date(2099, 1, 1)}, "SRC")
    ids = [
        auth.create(u, "trainee", display_name=n, country="KZ", organisation="SRC").id
        for u, n in NAMES.items()
    ]
    join(app, cohort, *ids)
    progress(app, ids[0], "alpha", done=["seals"])
    auth.as_role("admin", "boss", locale="ru")
    response = client.get(f"/admin/cohorts/{cohort}?export=trainees")
    assert response.status_code == 200
    assert response.mimetype == "text/csv" and response.mimetype_params.get("charset", "").lower() == "utf-8"
    rows = decode(response.get_data())
    assert rows[0][:3] == ["Слушатель", "Имя пользователя", "Подразделение"]
    names = {row[0] for row in rows[1:]}
    assert names == (set(NAMES.values()) - {NAMES["mixed"]}) | {"'" + NAMES["mixed"]}  # formula neutralised
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and disposition.isascii()  # a header must be ASCII
    people = decode(client.get("/admin/users?export=users").get_data())
    assert set(NAMES.values()) - {NAMES["mixed"]} <= {cell for row in people for cell in row}
