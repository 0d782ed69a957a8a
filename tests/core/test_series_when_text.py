"""A series entry the source leaves undated ("peak during the stay") keeps the source's words for
when, as an item's `when_text` does; an entry with neither a date nor words for when is refused."""

from __future__ import annotations

import pytest

from fhirconv.api import convert_text
from fhirconv.issues import FhirconvError

CASE = """fhirconv: "1"
id: series-when
patient: {sex: female}
timeline:
  admission: {text: admission}
observations:
  - id: nh3
    observation: ammonia
    category: laboratory
    unit: umol/L
    series:
      - {date: admission, value: 180}
      - {when_text: peak during the stay, value: 450}
"""


def test_an_undated_entry_keeps_its_words_for_when() -> None:
    conv = convert_text(CASE, "case.yaml")
    obs = [r for r in conv.resources if r["resourceType"] == "Observation"]
    assert [o["valueQuantity"]["value"] for o in obs] == [180, 450]
    peak = obs[1]
    assert not any(k.startswith("effective") or k.startswith("_effective") for k in peak)
    assert {"text": "When: peak during the stay"} in peak["note"]
    assert "peak during the stay" in peak["text"]["div"]


def test_an_entry_with_no_date_and_no_words_for_when_is_refused() -> None:
    bad = CASE.replace("{when_text: peak during the stay, value: 450}", "{value: 450}")
    with pytest.raises(FhirconvError) as err:
        convert_text(bad, "case.yaml")
    issue = err.value.issues[0]
    assert issue.line == 13 and "series" in (issue.expression or "")
    assert "one of 'date' or 'when_text'" in issue.message
