"""Words of round 20's case reports (orthopaedics, toxicology, emergency medicine, pulmonology,
endocrinology, cardiology), written by people who had not read the tables: how clinicians write
hours, heat stroke and raised levels, kind words that leave a broader concept, and a blood pressure
given as one number."""

from __future__ import annotations

import pytest

from fhirconv.api import convert_text
from fhirconv.terminology import match
from fhirconv.terminology.normalize import normalize


def codes(kind: str, term: str) -> list[str]:
    found = match(kind, term)
    return [c.code for c in found.concept.codings] if found.concept else []


def convert(items: str) -> object:
    return convert_text(f'fhirconv: "1"\nid: r20\npatient: {{sex: female}}\n{items}', "case.yaml")


@pytest.mark.parametrize("written,key", [
    ("24h urine metanephrines", "24 hour urine metanephrines"),  # the total: no singular (stop 54)
    ("24 hr urine protein", "24 hour urine protein"),
    ("48hrs", "48 hour"),
    ("heat stroke", "heatstroke"),
])
def test_hours_and_heat_stroke_are_written_one_way(written: str, key: str) -> None:
    assert normalize(written) == key


def test_an_h_that_is_no_hour_stays() -> None:
    # the H antigen of E. coli O157:H7 is followed by its number: no hour
    assert normalize("E. coli O157:H7") == "e coli o 157 h 7"


@pytest.mark.parametrize("kind,term,expected", [
    ("observation", "24h urine metanephrines", ["2609-6"]),  # as "24-hour urine metanephrines"
    ("condition", "heat stroke", ["T67.01XA"]),  # ICD-10-CM's "Heatstroke and sunstroke": either word
    ("condition", "exertional heat stroke", ["T67.02XA"]),
    ("condition", "cognitive impairment", ["386806002"]),  # SNOMED CT *Impaired cognition*
    ("medication", "recombinant tissue plasminogen activator", ["8410"]),  # alteplase
    ("medication", "rt-PA", ["8410"]),
    ("observation", "body surface area", ["8277-6"]),
    ("observation", "urine output", ["9187-6"]),  # NLM flowsheet
    ("observation", "pulse oxygen saturation", ["59408-5"]),
    ("procedure", "Foley catheter insertion", ["410024004"]),
    ("condition", "pharyngodynia", ["267102003"]),
])
def test_words_of_round_20(kind: str, term: str, expected: list[str]) -> None:
    assert codes(kind, term) == expected


@pytest.mark.parametrize("term,expected", [
    ("elevated creatine kinase", "432352001"),  # *Increased creatine kinase level*
    ("raised serum prolactin", "131008004"),
    ("high cortisol levels", "131080009"),
])
def test_a_raised_level_is_snomed_cts_increased_level(term: str, expected: str) -> None:
    conv = convert(f"conditions:\n  - {{id: c, condition: {term}}}\n")
    condition = next(e["resource"] for e in conv.bundle["entry"] if e["resource"]["resourceType"] == "Condition")
    assert [c["code"] for c in condition["code"]["coding"]] == [expected]
    assert condition["code"]["text"] == term


def test_a_level_with_no_such_finding_stays_text() -> None:
    assert codes("condition", "elevated troponin") == []
    conv = convert("conditions:\n  - {id: c, condition: elevated troponin}\n")
    condition = next(e["resource"] for e in conv.bundle["entry"] if e["resource"]["resourceType"] == "Condition")
    assert "coding" not in condition["code"]


@pytest.mark.parametrize("term,expected", [
    ("saddle pulmonary embolism", "59282003"),  # the broader concept, "saddle" in the text
    ("irreversible shock", "27942005"),
    ("mixed aphasia", "87486003"),
])
def test_kind_words_leave_the_broader_concept(term: str, expected: str) -> None:
    conv = convert(f"conditions:\n  - {{id: c, condition: {term}}}\n")
    condition = next(e["resource"] for e in conv.bundle["entry"] if e["resource"]["resourceType"] == "Condition")
    assert expected in [c["code"] for c in condition["code"]["coding"]]
    assert any("the broader concept" in i.message for i in conv.issues)


def test_a_point_of_care_echocardiogram_is_an_echocardiogram() -> None:
    conv = convert("procedures:\n  - {id: p, procedure: point-of-care transthoracic echocardiogram}\n")
    proc = next(e["resource"] for e in conv.bundle["entry"] if e["resource"]["resourceType"] == "Procedure")
    assert [c["code"] for c in proc["code"]["coding"]] == ["433236007"]


def test_the_side_hint_only_when_a_side_was_set_aside_and_no_site_given() -> None:
    conv = convert("procedures:\n"
                   "  - {id: a, procedure: open right adrenalectomy,"
                   " body_site: {site: adrenal gland, laterality: right}}\n"
                   "  - {id: b, procedure: two-dimensional echocardiography}\n"
                   "  - {id: c, procedure: left craniotomy}\n")
    hints = {i.line: i.hint or "" for i in conv.issues if "the broader concept" in i.message}
    assert set(hints) == {5, 6, 7}
    assert "body_site" not in hints[5]  # the side is given as the body site
    assert "body_site" not in hints[6]  # "two-dimensional" is no side
    assert "body_site" in hints[7]


def test_a_blood_pressure_of_one_number_is_not_the_panel() -> None:
    conv = convert("observations:\n"
                   "  - {id: bp, observation: blood pressure, category: vital-signs, value: 350, unit: 'mm[Hg]',"
                   " date: 2024-01-01}\n"
                   "  - {id: bp2, observation: blood pressure, category: vital-signs, value: '120/80',"
                   " unit: 'mm[Hg]', date: 2024-01-01}\n")
    obs = [e["resource"] for e in conv.bundle["entry"] if e["resource"]["resourceType"] == "Observation"
           and e["resource"]["code"].get("text") == "blood pressure"]
    one, pair = obs
    assert "coding" not in one["code"] and one["valueQuantity"]["value"] == 350
    assert [c["code"] for c in pair["code"]["coding"]] == ["85354-9"] and len(pair["component"]) == 2
    told = [i for i in conv.issues if i.line == 5 and "is one value" in i.message]
    assert told and "systolic blood pressure" in (told[0].hint or "")


def test_a_reading_that_sets_nothing_aside_asks_for_no_narrower_concept() -> None:
    conv = convert("conditions:\n  - {id: c, condition: elevated creatine kinase}\n")
    told = [i for i in conv.issues if "is coded as 'increased creatine kinase level'" in i.message]
    assert told and "narrower" not in (told[0].hint or "")


@pytest.mark.parametrize("term,expected", [
    ("punch biopsy of skin", "240977001"),  # Biopsy of skin
    ("video EEG", "54550000"),  # Electroencephalogram
    ("living donor kidney transplant", "70536003"),  # Transplant of kidney
])
def test_words_of_technique_and_donor_leave_the_procedure(term: str, expected: str) -> None:
    conv = convert(f"procedures:\n  - {{id: p, procedure: {term}}}\n")
    proc = next(e["resource"] for e in conv.bundle["entry"] if e["resource"]["resourceType"] == "Procedure")
    assert [c["code"] for c in proc["code"]["coding"]] == [expected] and proc["code"]["text"] == term


def test_dress_carries_its_icd_10_cm_code() -> None:
    assert codes("condition", "drug reaction with eosinophilia and systemic symptoms") == ["D72.12", "702809001"]


def test_every_bad_unit_is_told_at_once_with_its_ucum_spelling() -> None:
    from fhirconv.issues import FhirconvError

    with pytest.raises(FhirconvError) as err:
        convert("observations:\n"
                "  - {id: p, observation: platelets, category: laboratory, value: 250, unit: K/cumm,"
                " date: 2024-01-01}\n"
                "  - {id: v, observation: HIV viral load, category: laboratory, value: 250, unit: copies/mL,"
                " date: 2024-01-01}\n")
    told = [(i.line, i.hint) for i in err.value.issues]
    assert [line for line, _ in told] == [5, 6]
    assert "'10*3/uL'" in told[0][1] and "'{copies}/mL'" in told[1][1]


def test_an_organism_before_a_sited_finding_leaves_the_finding_at_its_site() -> None:
    conv = convert("conditions:\n  - {id: c, condition: MRSA septic arthritis of hip}\n")
    condition = next(e["resource"] for e in conv.bundle["entry"] if e["resource"]["resourceType"] == "Condition")
    assert [c["code"] for c in condition["code"]["coding"]] == ["48245008"]
    assert [c["code"] for c in condition["bodySite"][0]["coding"]] == ["29836001"]
    told = [i.message for i in conv.issues if "is coded as 'septic arthritis'" in i.message]
    assert told and "'MRSA' is said in the text only" in told[0]


@pytest.mark.parametrize("term,expected", [
    ("extensive occlusive deep vein thrombosis", "128053003"),
    ("increasing tiredness", "84229001"),
    ("gram positive bacteremia", "5758002"),  # "gram positive" read as one word, as "gram-positive"
    ("inflammatory polyarthritis", "M06.4"),  # the alphabetic index: Polyarthritis, inflammatory M06.4
])
def test_more_kind_words_of_round_20(term: str, expected: str) -> None:
    conv = convert(f"conditions:\n  - {{id: c, condition: {term}}}\n")
    condition = next(e["resource"] for e in conv.bundle["entry"] if e["resource"]["resourceType"] == "Condition")
    coding = condition["code"]["coding"]
    assert [c["code"] for c in coding][:1] == [expected]  # first the row's; ICD-10-CM's titled code may follow


def test_extremities_are_limbs_and_a_name_known_whole_keeps_its_code() -> None:
    assert codes("body-site", "extremities") == ["66019005"]  # Limb structure
    # "lower extremity edema" is *Edema of lower extremity* as it stands: not edema at an extremity
    conv = convert("conditions:\n  - {id: c, condition: lower extremity edema}\n")
    condition = next(e["resource"] for e in conv.bundle["entry"] if e["resource"]["resourceType"] == "Condition")
    assert [c["code"] for c in condition["code"]["coding"]] == ["102572006"] and "bodySite" not in condition


def _condition(conv, text: str) -> dict:
    return next(e["resource"] for e in conv.bundle["entry"] if e["resource"]["resourceType"] == "Condition"
                and e["resource"]["code"]["text"] == text)


@pytest.mark.parametrize("term,code,site,side", [
    ("swelling of left leg", "449614009", "61685007", "7771000"),  # Swelling of lower limb, at the left leg
    ("left leg pain", "10601006", "61685007", "7771000"),
    ("right-sided pelvic swelling", "65124004", "12921003", "24028007"),  # Swelling at the right of the pelvis
])
def test_a_side_set_aside_is_the_body_sites_laterality(term: str, code: str, site: str, side: str) -> None:
    conv = convert(f"conditions:\n  - {{id: c, condition: {term}}}\n")
    condition = _condition(conv, term)
    assert [c["code"] for c in condition["code"]["coding"]] == [code]
    body = condition["bodySite"][0]
    assert [c["code"] for c in body["coding"]] == [site]
    assert body["extension"][0]["valueCodeableConcept"]["coding"][0]["code"] == side


def test_an_organism_before_a_finding_at_the_items_own_site() -> None:
    conv = convert("conditions:\n  - {id: c, condition: MRSA septic arthritis of hip,"
                   " body_site: {site: hip joint, laterality: right}}\n")
    condition = _condition(conv, "MRSA septic arthritis of hip")
    assert [c["code"] for c in condition["code"]["coding"]] == ["48245008"]
    assert [c["code"] for c in condition["bodySite"][0]["coding"]] == ["24136001"]  # the item's hip joint


def test_an_exam_sign_of_the_global_patient_set_is_its_finding() -> None:
    conv = convert("observations:\n  - {id: t, observation: tenderness, category: exam, value: mild,"
                   " date: 2024-01-01}\n")
    obs = next(e["resource"] for e in conv.bundle["entry"] if e["resource"]["resourceType"] == "Observation")
    assert [c["code"] for c in obs["code"]["coding"]] == ["247348008"]


@pytest.mark.parametrize("term,cause,residual", [
    ("coagulopathy", "hepatic cirrhosis", "D68.9"),  # ICD-10-CM files it under D68.4
    ("thrombocytopenia", "malaria", "D69.6"),  # under D69.59, secondary thrombocytopenia
])
def test_a_residual_code_is_not_written_for_a_disorder_due_to_a_named_cause(term, cause, residual) -> None:
    conv = convert(f"conditions:\n  - {{id: cause, condition: {cause}}}\n  - {{id: c, condition: {term},"
                   " due_to: cause}\n")
    assert residual not in [c["code"] for c in _condition(conv, term)["code"].get("coding", [])]
    assert any(residual in i.message and "residual category" in i.message for i in conv.issues)


def test_a_residual_of_another_axis_stays_with_a_cause() -> None:
    # I16.9's residue is the crisis's kind (urgency or emergency), which a cause does not settle
    conv = convert("conditions:\n  - {id: pheo, condition: pheochromocytoma}\n"
                   "  - {id: c, condition: hypertensive crisis, due_to: pheo}\n")
    assert "I16.9" in [c["code"] for c in _condition(conv, "hypertensive crisis")["code"]["coding"]]


def test_an_amounts_code_is_not_written_for_a_result_said_positive() -> None:
    conv = convert("observations:\n"
                   "  - {id: pr3, observation: proteinase-3 antibodies, category: laboratory, value: highly positive,"
                   " date: 2024-01-01}\n"
                   "  - {id: pr3n, observation: proteinase-3 antibodies, category: laboratory, value: 42,"
                   " unit: 'U/mL',"
                   " date: 2024-01-02}\n")
    said, measured = [e["resource"] for e in conv.bundle["entry"] if e["resource"]["resourceType"] == "Observation"]
    assert "coding" not in said["code"]  # 6968-2 *Proteinase 3 Ab [Units/volume] in Serum* measures an amount
    assert [c["code"] for c in measured["code"]["coding"]] == ["6968-2"]
    assert any(i.line == 5 and "says presence" in i.message for i in conv.issues)
