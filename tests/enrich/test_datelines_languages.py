"""Datelines in other languages' conventions."""

from __future__ import annotations

import pytest

from etl.enrich import parse_dateline


@pytest.mark.parametrize(
    ("lead", "place", "country", "agency", "date"),
    [
        ("BERLIN (dpa) - Die Bundesregierung hat", "Berlin", "Germany", "dpa", None),
        ("MÜNCHEN (dpa/lby) - Ein Unfall hat", "München", "Germany", "dpa", None),
        ("PARIS (AFP) - Le gouvernement a annoncé", "Paris", "France", "AFP", None),
        ("MADRID, 3 Dic. (EUROPA PRESS) - El Gobierno", "Madrid", "Spain", "Europa Press",
         "3 Dic."),
        ("ROM (Reuters) - Die italienische Regierung", "Rom", "Italy", "Reuters", None),
        ("GENÈVE (Keystone-ATS) - Le Conseil fédéral", "Genève", "Switzerland", "Keystone-ATS",
         None),
        ("WARSZAWA (PAP) - Rząd przyjął projekt", "Warszawa", "Poland", "PAP", None),
        ("PARIS, 12 mars (Reuters) - Le", "Paris", "France", "Reuters", "12 mars"),
        ("Duisburg. Erste Visualisierungen zeigen", "Duisburg", "Germany", None, None),
        ("Kiel (dpo) - Finnland ist in Gefahr!", "Kiel", "Germany", None, None),
        # EFE's house style: a full stop before the dash, the agency and its photo partner
        ("Madrid, 3 Dic (EFE).- El Gobierno", "Madrid", "Spain", "EFE", "3 Dic"),
        ("London, Jun 11 (efe-epa).- The", "London", "United Kingdom", "EFE", "Jun 11"),
    ],
)  # fmt: skip
def test_foreign_datelines(
    lead: str, place: str, country: str, agency: str | None, date: str | None
) -> None:
    found = parse_dateline(lead)
    assert found is not None
    assert (found.place, found.country, found.agency, found.date) == (place, country, agency, date)


@pytest.mark.parametrize(
    "lead",
    [
        "Deutschland. Das Land steht vor der Wahl.",  # a country, not a town
        "Essen ist fertig, sagte sie.",  # no full stop after the town
        "Hallo. Wie geht es?",
        "Die Regierung (dpo) - nichts",
    ],
)
def test_what_is_not_a_dateline(lead: str) -> None:
    assert parse_dateline(lead) is None
