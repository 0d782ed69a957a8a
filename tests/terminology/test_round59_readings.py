"""Words of rounds 59 and 60's case reports (cardiology, neurology, paediatric infection;
gastroenterology, endocrinology, emergencies and trauma), written by people who had not read the
tables: the rows and readings their review added."""

from __future__ import annotations

import pytest

from fhirconv.terminology.normalize import normalize
from tests.terminology.known import matched as codes
from tests.terminology.known import one_item


def condition(name: str) -> tuple[dict, list[str]]:
    return one_item("Condition", "conditions", {"condition": name})


@pytest.mark.parametrize("kind,term,expected", [
    ("condition", "stiff-person syndrome", ["5217008", "G25.82"]),  # *Stiff-man syndrome*, its other name
    ("condition", "neonatal seizures", ["87476004", "P90"]),
    ("condition", "lobular pneumonia", ["396285007", "J18.0"]),  # bronchopneumonia's other name
    ("condition", "visual changes", ["63102001", "H53.9"]),
    ("condition", "redness of eyes", ["75705005"]),
    ("condition", "laceration", ["312608009"]),
    ("condition", "skin tags", ["201091002", "L91.8"]),  # "tags" is a plural too short for the rule; Tag, skin L91.8
    ("condition", "bitemporal hemianopsia", ["61917005"]),  # -anopsia is -anopia
    ("condition", "non-ST-segment elevation myocardial infarction", ["401314000", "I21.4"]),
    ("observation", "pseudocholinesterase", ["2098-2"]),
    ("observation", "thyroid-stimulating immunoglobulins", ["30166-3"]),
    ("observation", "Mycoplasma pneumoniae PCR", ["29257-3"]),
    ("observation", "oligoclonal IgG bands in cerebrospinal fluid", ["56764-4"]),
    ("observation", "CK-MB isoenzyme", ["13969-1"]),
    ("observation", "phosphorous", ["2777-1"]),
    ("observation", "cranial MRI finding", ["24590-2"]),
    ("procedure", "cranial MRI with contrast", ["24589-4"]),
    ("procedure", "sellar MRI", ["24880-7"]),
])
def test_round59_rows(kind: str, term: str, expected: list[str]) -> None:
    assert codes(kind, term) == expected


def test_anopsia_is_anopia() -> None:
    assert normalize("quadrantanopsia") == normalize("quadrantanopia")


def test_a_non_epileptic_seizure_is_no_seizure() -> None:
    """"non-X Y" names a kind of Y, but a non-epileptic seizure is no epileptic seizure: text only,
    never *Seizure*; a non-bilious vomiting stays a vomiting."""
    cond, _ = condition("psychogenic non-epileptic seizures")
    assert "coding" not in cond["code"]
    cond, _ = condition("non-bilious vomiting")
    assert [c["code"] for c in cond["code"]["coding"]] == ["422400008"]


@pytest.mark.parametrize("name,code,site", [
    ("laceration of left forearm", "312608009", "14975008"),
    ("stab wound of chest", "425322008", "51185008"),
])
def test_a_wound_named_with_its_site(name: str, code: str, site: str) -> None:
    cond, messages = condition(name)
    assert cond["code"]["text"] == name
    assert [c["code"] for c in cond["code"]["coding"]] == [code]
    assert [c["code"] for c in cond["bodySite"][0]["coding"]] == [site]
    assert any("with its body site" in m for m in messages)
