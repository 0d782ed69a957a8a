"""Words a new user wrote from a published report (myasthenic crisis with Takotsubo cardiomyopathy)
that had no code: the rows and the reading added for them."""

from __future__ import annotations

import pytest

from tests.terminology.known import matched as codes
from tests.terminology.known import one_item


@pytest.mark.parametrize("kind,term,expected", [
    # ICD-10-CM I51.81 *Takotsubo syndrome*, inclusion terms *Stress induced cardiomyopathy*,
    # *Takotsubo cardiomyopathy*, *Transient left ventricular apical ballooning syndrome*
    ("condition", "Takotsubo stress cardiomyopathy", ["I51.81"]),
    ("condition", "stress cardiomyopathy", ["I51.81"]),
    ("condition", "tako-tsubo cardiomyopathy", ["I51.81"]),
    ("condition", "apical ballooning syndrome", ["I51.81"]),
    ("condition", "stress", ["73595000", "Z73.3"]),  # the alias does not reach the bare word
    ("condition", "tophaceous gout", ["73877009"]),  # *Chronic tophaceous gout*: tophi come with time
    ("condition", "gout", ["90560007", "M10.9"]),
])
def test_stop50_rows(kind: str, term: str, expected: list[str]) -> None:
    assert codes(kind, term) == sorted(expected)


@pytest.mark.parametrize("name,code", [
    ("seropositive myasthenia gravis", "91637004"),
    ("seronegative myasthenia gravis", "91637004"),
    ("seropositive ocular myasthenia gravis", "230684008"),
    ("seronegative autoimmune hepatitis", "408335007"),
])
def test_with_or_without_its_antibody(name: str, code: str) -> None:
    cond, messages = one_item("Condition", "conditions", {"condition": name})
    assert cond["code"]["text"] == name
    assert code in [c["code"] for c in cond["code"]["coding"]]
    assert any("said in the text only" in m for m in messages)


def test_a_name_known_whole_keeps_its_own_code() -> None:
    cond, _ = one_item("Condition", "conditions", {"condition": "seropositive rheumatoid arthritis"})
    assert [c["code"] for c in cond["code"]["coding"]] == ["239791005"]


@pytest.mark.parametrize("category", ["imaging", "procedure", None])
def test_a_finding_seen_on_a_study_is_coded_as_on_examination(category: str | None) -> None:
    item = {"observation": "pleural effusion", "value": "absent"} | ({"category": category} if category else {})
    obs, _ = one_item("Observation", "observations", item)
    assert [c["code"] for c in obs["code"]["coding"]] == ["60046008"]


def test_a_study_finding_with_a_measured_value_is_not_read_as_a_sign() -> None:
    item = {"observation": "pleural effusion", "category": "imaging", "value": "moderate"}
    obs, _ = one_item("Observation", "observations", item)
    assert "coding" not in obs["code"]
