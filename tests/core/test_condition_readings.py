"""Readings of a condition's words when they have no code of their own: an overdose of a named drug
("lithium overdose") is *Drug overdose* (words that are no drug with an RxNorm code are not read); what a
rash looks or feels like, and "toxic", name a kind of what follows."""

from __future__ import annotations

from fhirconv.api import convert_file
from tests.terminology.known import converted

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


RASHES = """\
fhirconv: "1"
id: rash-words
patient: {sex: female}
conditions:
  - {id: rash, condition: pruritic erythematous maculopapular rash}
  - {id: hepatitis, condition: toxic hepatitis}
  - {id: macular, condition: macular oedema}
"""


def test_what_a_rash_looks_like_and_toxic_are_read_as_kinds(tmp_path):
    result, codes = converted(tmp_path, RASHES, ("Condition",))
    assert codes["pruritic erythematous maculopapular rash"] == ["247471006"]  # Maculopapular eruption
    # K75 excludes toxic liver disease (K71.-): no K75.9 (audit 15), but the index's own K71.6
    assert codes["toxic hepatitis"] == ["K71.6"]
    assert "267038008" not in codes["macular oedema"]  # "macular" is of the macula: not any oedema


CLASSED = """\
fhirconv: "1"
id: classed
patient: {sex: male}
conditions:
  - {id: dissection, condition: type B aortic dissection}
  - {id: failure, condition: type 2 respiratory failure}
  - {id: diabetes, condition: type 1 diabetes}
"""


def test_a_class_type_grade_or_stage_names_a_kind(tmp_path):
    result, codes = converted(tmp_path, CLASSED, ("Condition",))
    assert codes["type B aortic dissection"] == ["308546005"]  # Dissection of aorta
    assert codes["type 2 respiratory failure"] and "46635009" not in codes["type 2 respiratory failure"]
    assert "46635009" in codes["type 1 diabetes"]  # a name with its own code is not read
    told = [i for i in result.issues if "'type B' is said in the text only" in i.message]
    assert len(told) == 1 and told[0].severity == "information"
