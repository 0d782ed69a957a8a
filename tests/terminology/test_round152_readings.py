"""Words of rounds 149 to 152's case reports, written by people who had not read the tables: the rows
and readings their review added (vaccines named as clinicians do, "active" disease, a disease's
hyphenated name)."""

from __future__ import annotations

import pytest

from tests.terminology.known import converted
from tests.terminology.known import matched as codes


@pytest.mark.parametrize("kind,term,expected", [
    ("medication", "anti-rabies vaccine", ["836393002"]),  # the rabies vaccine, as South Asian reports write it
    ("medication", "oral polio vaccine", ["1031000221108"]),  # a polio vaccine (the product class)
    ("medication", "measles vaccine", ["836382004"]),
    ("medication", "pertussis vaccine", ["601000221108"]),
    ("medication", "diphtheria vaccine", ["836381006"]),
    ("medication", "Td vaccine", ["836502000"]),  # tetanus and diphtheria
    ("condition", "hand-foot-mouth disease", ["266108008", "B08.4"]),
    ("condition", "HFMD", ["266108008", "B08.4"]),
    ("condition", "invasive mole", ["D39.2"]),
    ("condition", "mixed warm and cold autoimmune hemolytic anemia", ["D59.13"]),
    ("condition", "pulmonary lymphangioleiomyomatosis", ["J84.81"]),
    ("observation", "SCr", ["2160-0"]),
    ("procedure", "Upper G. I. endoscopy", ["76009000"]),  # an oesophagogastroduodenoscopy
    ("procedure", "upper-GI endoscopy", ["76009000"]),
    ("procedure", "radical hysterectomy", ["116142003"]),
    ("procedure", "total hysterectomy", ["116140006"]),
    ("procedure", "cardiac pacemaker insertion", ["307280005"]),
    # the Global Patient Set names 80515008 *Large liver*: hepatomegaly in plain words
    ("condition", "hepatomegaly", ["80515008", "R16.0"]),
    ("finding", "enlarged liver", ["80515008", "R16.0"]),
    ("condition", "adult respiratory distress syndrome", ["67782005", "J80"]),  # ARDS's older name
    ("medication", "rofecoxib", ["232158"]),  # US Core 3.1.1's allergy substances
    # an abbreviation in brackets of a capital and a digit says the words again
    ("observation", "free thyroxine (fT4)", ["3024-7"]),
    ("observation", "total triiodothyronine (T3)", ["3053-6"]),
    ("condition", "fracture (Hb)", []),  # one capital alone is no abbreviation read away
    # an upper GI endoscopy's findings are an endoscopy study's (LOINC 18751-8, the broader study)
    ("observation", "esophagogastroduodenoscopy findings", ["18751-8"]),
    ("observation", "upper G.I. endoscopy finding", ["18751-8"]),
    ("condition", "hemolysis, elevated liver enzymes, low platelet count syndrome", ["O14.20"]),  # HELLP spelt out
    ("observation", "gamma glutamyl transpeptidase", ["2324-2"]),  # GGT's older name
    ("medication", "DDAVP", ["3251", "73454001"]),  # desmopressin (SNOMED CT product, RxNorm)
    ("condition", "Wegener granulomatosis", ["195353004"]),  # granulomatosis with polyangiitis's older name
    ("procedure", "intra-aortic balloon pumping", ["16965008"]),
    ("medication", "ampicillin-sulbactam", ["1009148"]),  # US Core 3.1.1's allergy substances
    ("medication", "nevirapine", ["53654"]),  # CPIC's drug table
    ("procedure", "erythrocyte transfusion", ["116863004"]),
    ("procedure", "CT coronary angiogram", ["419545005"]),
    ("observation", "complete blood picture", ["58410-2"]),  # a CBC, as South Asian reports write it
    ("observation", "conjugated bilirubin", []),  # LOINC's conjugated bilirubin is no direct bilirubin
])
def test_round152_rows(kind: str, term: str, expected: list[str]) -> None:
    assert codes(kind, term) == expected


CASE = """\
fhirconv: "1"
id: active
patient: {sex: male}
conditions:
  - {id: tb, condition: active pulmonary tuberculosis}
  - {id: bleed, condition: active bleeding}
  - {id: latent, condition: latent tuberculosis}
"""


def test_active_disease_is_the_disease(tmp_path):
    """"Active" says the disease is not latent or healed: the disease's concept, the words kept; the
    latent infection keeps its own code."""
    _, found = converted(tmp_path, CASE, ("Condition",))
    assert found["active pulmonary tuberculosis"] == codes("condition", "pulmonary tuberculosis") != []
    assert found["active bleeding"] == codes("condition", "bleeding") != []
    assert found["latent tuberculosis"] != found["active pulmonary tuberculosis"]


SOCIAL = """\
fhirconv: "1"
id: social
patient: {sex: male}
observations:
  - {id: ivdu, observation: intravenous drug use, category: social-history, value: absent}
  - {id: illicit, observation: illicit drug use, category: social-history, value: present}
  - {id: job, observation: occupation, category: social-history, value: farmer}
  - {id: sick, observation: sick contacts, category: social-history, value: absent}
"""


def test_social_history_said_present_or_absent_is_its_finding(tmp_path):
    """Social history recorded present or absent is the finding the condition tables give the same
    words (*Intravenous drug user*, *Illicit drug use*), valued so; words no table knows stay text."""
    _, found = converted(tmp_path, SOCIAL, ("Observation",))
    assert found["intravenous drug use"] == ["228388006"]
    assert found["illicit drug use"] == ["307052004"]
    assert found["occupation"] == ["11341-5"]  # an occupation is its LOINC question, valued by the job
    assert found["sick contacts"] == []
