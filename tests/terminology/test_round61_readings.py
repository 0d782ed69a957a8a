"""Words of rounds 61 and 62's case reports (nephrology, pulmonology, neonatology; haematology, adult
infection, rheumatology and dermatology), written by people who had not read the tables: the rows
and readings their review added."""

from __future__ import annotations

import pytest

from tests.terminology.known import matched as codes
from tests.terminology.known import one_item


def condition(name: str) -> dict:
    return one_item("Condition", "conditions", {"condition": name}, sex="female")[0]


@pytest.mark.parametrize("kind,term,expected", [
    ("condition", "alcoholic liver cirrhosis", ["420054005"]),  # K70.3- says whether ascites: no ICD
    ("condition", "anti-glomerular basement membrane disease", ["236506009"]),  # *Goodpasture's disease*
    ("condition", "gum hypertrophy", ["54711002", "K06.1"]),
    ("condition", "cerebral toxoplasmosis", ["192701001"]),
    ("condition", "multi-organ dysfunction", ["57653000"]),
    ("observation", "sweat chloride", ["2077-6"]),
    ("observation", "haemoglobin F", ["4576-5"]),
    ("observation", "factor IX activity", ["3187-2"]),
    ("observation", "factor XI activity", ["3226-8"]),
    ("observation", "factor XII activity", ["3232-6"]),
    ("observation", "CD4 to CD8 ratio", ["54218-3"]),
    ("observation", "EBV PCR", ["5005-4"]),
    ("observation", "S. pneumoniae antigen", ["31969-9"]),
    ("observation", "serum renin", []),  # an activity or a mass: the words do not say
])
def test_round61_rows(kind: str, term: str, expected: list[str]) -> None:
    assert codes(kind, term) == expected


def test_an_electrolyte_word_narrows() -> None:
    cond = condition("hypochloremic metabolic alkalosis")
    assert [c["code"] for c in cond["code"]["coding"]] == ["1388004"]


@pytest.mark.parametrize("name,coded", [
    ("proximal weakness", False),  # a muscle's weakness, which ICD-10-CM's R53.1 (an asthenia) excludes
    ("ascending weakness", False),
    ("left weakness", False),
    ("symmetrical weakness", False),
    ("progressive weakness", True),  # how it came on: still the whole body's weakness
    ("generalized weakness", True),
])
def test_weakness_of_a_part_is_no_asthenia(name: str, coded: bool) -> None:
    cond = condition(name)
    assert [c["code"] for c in cond["code"].get("coding", [])] == (["R53.1"] if coded else [])
