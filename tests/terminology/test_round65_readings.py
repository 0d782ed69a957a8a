"""Words of rounds 65 and 66's case reports (cardiology, neurology, paediatric infection; adult
infection, oncology, intensive care), written by people who had not read the tables: the rows and
readings their review added, and the codes it withdrew."""

from __future__ import annotations

import pytest

from fhirconv.terminology.normalize import normalize
from tests.terminology.known import matched as codes
from tests.terminology.known import one_item


def coded(kind: str, name: str) -> list[str]:
    item = {kind: name, **({"value": "present"} if kind == "observation" else {})}
    res, _ = one_item(kind.capitalize(), f"{kind}s", item)
    return [c["code"] for c in res["code"].get("coding", [])]


@pytest.mark.parametrize("kind,term,expected", [
    ("condition", "ileocolonic intussusception", ["17186003", "K56.1"]),
    ("condition", "thoracic empyema", ["58554001", "J86.9"]),  # *Empyema of pleura*; J86.9 says empyema (chest)
    ("condition", "skin flushing", ["238810007", "R23.2"]),
    ("observation", "pleural fluid pH", ["2750-8"]),
    ("observation", "pleural fluid glucose", ["2346-5"]),
    ("observation", "AChR binding antibodies", ["11034-6"]),
    ("observation", "cerebral MRI finding", ["24590-2"]),
    ("observation", "obstetric ultrasound", ["11525-3"]),
    ("procedure", "computed tomogram head scan", ["303653007"]),  # a tomogram is the CT's image
    ("condition", "asplenia", []),  # ICD-10-CM's Asplenia (congenital) is no asplenia after splenectomy
    ("condition", "pernicious anemia", ["84027009", "D51.0"]),  # "Pernicious (congenital) anemia" still is
])
def test_round65_rows(kind: str, term: str, expected: list[str]) -> None:
    assert codes(kind, term) == expected


def test_a_scan_after_the_region_is_the_study() -> None:
    assert normalize("CT head scan") == normalize("CT head")
    assert normalize("bone scan") != normalize("bone")  # a scan that names the study stays


@pytest.mark.parametrize("kind,name,expected", [
    ("condition", "problems with walking", []),  # never *Problem*: the words set aside were all it said
    ("condition", "disease with fever", []),
    ("observation", "progressive disease", []),  # a response to treatment, no finding of *Disease*
    ("condition", "right sided pleural effusion", ["60046008", "J90"]),  # "right sided" in two words
])
def test_generic_rests_are_not_read(kind: str, name: str, expected: list[str]) -> None:
    assert sorted(coded(kind, name)) == sorted(expected)


@pytest.mark.parametrize("term,expected", [
    ("spontaneous intracranial hypotension", ["G96.811"]),  # *Intracranial hypotension, spontaneous*
    ("acquired arteriovenous fistula", ["I77.0"]),
    ("spontaneous cranial cerebrospinal fluid leak", ["G96.01"]),
])
def test_a_word_after_the_comma_said_first(term: str, expected: list[str]) -> None:
    assert codes("condition", term) == expected
