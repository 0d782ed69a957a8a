"""Codings an audit of every coding written found not to mean the words (audit 15): each test
failed before its fix. A code that does not mean the words is worse than text."""

from __future__ import annotations

from fhirconv.terminology import lookup
from tests.terminology.known import ICD, LOINC, codes


def test_total_25_hydroxyvitamin_d_is_not_the_d3_code():
    # LOINC 1989-3 is Calcidiol, 25-hydroxyvitamin D3 alone; "25-hydroxyvitamin D" is the total
    # (D2 + D3, 62292-8, which the LOINC Universal Lab Orders value set states; text until it was read)
    for words in ("25-hydroxyvitamin D", "25-OH vitamin D", "25(OH)D", "vitamin D 25-OH"):
        assert codes("observation", words, LOINC) == ["62292-8"], words
    for words in ("calcidiol", "25-hydroxyvitamin D3", "25-hydroxycholecalciferol"):
        assert codes("observation", words, LOINC) == ["1989-3"], words


def test_a_sars_cov_2_pcr_result_is_the_rna_presence_not_the_panel():
    # 94531-1 is a panel (an order, no value); a PCR reported positive or negative is
    # SARS-CoV-2 RNA [Presence] in Respiratory specimen by NAA with probe detection.
    for words in ("SARS-CoV-2 PCR", "COVID-19 PCR", "SARS-CoV-2 RT-PCR", "SARS-CoV-2 RNA"):
        assert codes("observation", words, LOINC) == ["94500-6"], words
    assert all(c.code != "94531-1" for c in lookup("observation", "SARS-CoV-2 PCR"))



KOUNIS = """
id: audit15-anaphylaxis
patient: {sex: male}
conditions:
  - {id: anaphylaxis, condition: anaphylactic shock, due_to: co-amoxiclav}
  - {id: shock, condition: anaphylactic shock}
medications:
  - {id: co-amoxiclav, drug: amoxicillin/clavulanic acid, route: oral}
allergies:
  - {id: drug-allergy, substance: amoxicillin/clavulanic acid, reaction: anaphylactic shock, category: medication,
     clinical_status: active}
  - {id: food-allergy, substance: peanut, reaction: anaphylactic shock, category: food, clinical_status: active}
  - {id: other-allergy, substance: bee venom, reaction: anaphylactic shock, clinical_status: active}
"""


def test_anaphylactic_shock_due_to_a_drug_or_food_is_not_t78_2(tmp_path):
    # T78.2 Anaphylactic shock, unspecified excludes the shock due to a correct medicinal substance
    # (T88.6) and the shock due to a food (T78.0-): not the code of a shock the case says a drug or
    # a food caused. The text stays; a shock of no stated cause keeps T78.2XXA.
    from fhirconv.api import convert_file

    path = tmp_path / "case.yaml"
    path.write_text(KOUNIS, encoding="utf-8")
    result = convert_file(str(path))
    resources = [e["resource"] for e in result.bundle["entry"]]

    def icd(cc):
        return [c["code"] for c in cc.get("coding", []) if c["system"] == ICD]

    conditions = [r["code"] for r in resources if r["resourceType"] == "Condition"]
    assert [icd(cc) for cc in conditions] == [[], ["T78.2XXA"]]
    assert all(cc["text"] == "anaphylactic shock" for cc in conditions)
    reactions = [r["reaction"][0]["manifestation"][0] for r in resources if r["resourceType"] == "AllergyIntolerance"]
    assert [icd(cc) for cc in reactions] == [[], [], ["T78.2XXA"]]
    assert all(cc["text"] == "anaphylactic shock" for cc in reactions)
    assert any("T78.2XXA" in w.message and "is not written" in w.message for w in result.issues)


HEPATITIS = """
id: audit15-hepatitis
patient: {sex: female}
conditions:
  - {id: toxic, condition: toxic hepatitis}
  - {id: plain, condition: hepatitis}
  - {id: weak, condition: generalized weakness}
family_history:
  - {id: mother, relationship: mother, conditions: [toxic hepatitis]}
"""


def test_a_narrowing_word_icd10cm_files_elsewhere_leaves_no_broader_icd10cm_code(tmp_path):
    # K75.9 Inflammatory liver disease, unspecified (Hepatitis NOS) is no code for a toxic hepatitis:
    # K75 excludes toxic liver disease (K71.-). "generalized weakness" keeps R53.1, whose note
    # "muscle weakness (generalized)" names a muscle weakness, not a generalized one.
    from fhirconv.api import convert_file

    path = tmp_path / "case.yaml"
    path.write_text(HEPATITIS, encoding="utf-8")
    result = convert_file(str(path))
    found = {}
    for e in result.bundle["entry"]:
        r = e["resource"]
        cc = r["code"] if r["resourceType"] == "Condition" else \
            r["condition"][0]["code"] if r["resourceType"] == "FamilyMemberHistory" else None
        if cc is not None:
            found[(r["resourceType"], cc["text"])] = [c["code"] for c in cc.get("coding", []) if c["system"] == ICD]
    # ICD-10-CM's alphabetic index names it (Hepatitis, toxic K71.6): the code K75's Excludes1 points to
    assert found[("Condition", "toxic hepatitis")] == ["K71.6"]
    assert found[("FamilyMemberHistory", "toxic hepatitis")] == ["K71.6"]
    assert found[("Condition", "hepatitis")] == ["K75.9"]
    assert found[("Condition", "generalized weakness")] == ["R53.1"]


def test_terms_search_reads_as_convert_writes_without_the_excluded_icd10cm_code():
    import json

    from tests.conftest import run_cli

    def run_json(words):
        return json.loads(run_cli("terms", "search", words, "--kind", "condition", "--format", "json").stdout)

    rows = run_json("toxic hepatitis")
    assert not any(row["code"] == "K75.9" and row["match"].startswith("read") for row in rows)
    assert any(row["match"].startswith("read") for row in run_json("massive pulmonary embolism"))


def test_septic_pulmonary_emboli_state_no_absent_cor_pulmonale():
    # I26.90 is Septic pulmonary embolism *without acute cor pulmonale*: an absence the words never
    # state (as the acute pulmonary embolism -> I26.99 row removed before); the words stay text in
    # ICD-10-CM, and I26.01 (with acute cor pulmonale) is no answer either.
    from tests.terminology.known import ICD as ICD10CM

    for words in ("septic pulmonary emboli", "septic pulmonary embolism", "septic pulmonary embolus"):
        assert codes("condition", words, ICD10CM) == [], words
