"""A drug or a procedure given for several conditions names them all: ``reason: [aki, lithium]``."""

from __future__ import annotations

import pytest

from fhirconv.api import convert_text
from fhirconv.issues import FhirconvError

CASE = """\
fhirconv: "1"
id: reasons
patient: {sex: male}
conditions:
  - {id: aki, condition: acute kidney injury}
  - {id: li, condition: lithium toxicity}
medications:
  - {id: fluids, drug: normal saline, reason: [aki, li]}
procedures:
  - {id: hd, procedure: haemodialysis, reason: [li, aki]}
  - {id: us, procedure: renal ultrasound, reason: aki}
"""


@pytest.mark.parametrize("version,key", [("R4", "reasonReference"), ("R5", "reason")])
def test_every_reason_is_referenced_in_the_order_given(version: str, key: str) -> None:
    conv = convert_text(CASE, "reasons.yaml", fhir_version=version)
    ids = {e["resource"]["identifier"][0]["value"].split("/")[-1]: e["fullUrl"] for e in conv.bundle["entry"]}
    by_id = {e["resource"]["identifier"][0]["value"].split("/")[-1]: e["resource"] for e in conv.bundle["entry"]}

    def refs(item: str) -> list[str]:
        got = by_id[item][key]
        return [r["reference"]["reference"] if version == "R5" else r["reference"] for r in got]

    assert refs("fluids") == [ids["aki"], ids["li"]]
    assert refs("hd") == [ids["li"], ids["aki"]]
    assert refs("us") == [ids["aki"]]
    assert "lithium toxicity" in by_id["hd"]["text"]["div"] and "acute kidney injury" in by_id["hd"]["text"]["div"]


def test_an_unknown_reason_in_a_list_is_reported_at_its_own_place() -> None:
    with pytest.raises(FhirconvError) as err:
        convert_text(CASE.replace("reason: [li, aki]", "reason: [li, akii]"), "reasons.yaml")
    issue = err.value.issues[0]
    assert issue.expression == "$.procedures[0].reason[1]"
    assert issue.line == 10 and "did you mean 'aki'" in (issue.hint or "")
