"""An overdose of a named drug ("lithium overdose") is *Drug overdose* with the drug in the text,
when the words have no code of their own; words that are no drug with an RxNorm code are not read."""

from __future__ import annotations

from fhirconv.api import convert_file

CASE = """\
fhirconv: "1"
id: overdoses
patient: {sex: female}
conditions:
  - {id: lithium, condition: lithium overdose}
  - {id: of, condition: overdose of codeine}
  - {id: whole, condition: paracetamol overdose}
  - {id: blood, condition: blood overdose}
  - {id: unknown, condition: zzzdrug overdose}
"""


def test_an_overdose_of_a_named_drug(tmp_path):
    path = tmp_path / "case.yaml"
    path.write_text(CASE, encoding="utf-8")
    result = convert_file(str(path))
    codes = [[c["code"] for c in e["resource"]["code"].get("coding", [])] for e in result.bundle["entry"]
             if e["resource"]["resourceType"] == "Condition"]
    assert codes[0] == ["55680006"] and codes[1] == ["55680006"]  # Drug overdose
    assert codes[2] == ["295124009"]  # Acetaminophen overdose: the whole words have a code
    assert codes[3] == [] and codes[4] == []  # Blood is no drug with an RxNorm code; nothing known
    told = [i for i in result.issues if "'drug overdose'" in i.message]
    assert [i.expression for i in told] == ["$.conditions[0].condition", "$.conditions[1].condition"]
    assert "'lithium' is said in the text only" in told[0].message and told[0].severity == "information"
