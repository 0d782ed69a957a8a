"""A cancer named by its site takes ICD-10-CM's *Malignant neoplasm of <site>*, as the Alphabetic
Index's "Carcinoma - see Neoplasm, by site, malignant" says, also with a carcinoma morphology it
sends to the same column; any other word, and the sites the classification codes by morphology,
leave the name as text."""

from __future__ import annotations

import pytest

from fhirconv.api import convert_text
from fhirconv.mappers.qualifiers import reading

ICD = "http://hl7.org/fhir/sid/icd-10-cm"


def condition(name: str) -> tuple[dict, list]:
    conv = convert_text(f'fhirconv: "1"\nid: neo\npatient: {{sex: female}}\nconditions:\n'
                        f'  - {{id: c, condition: "{name}"}}\n', "case.yaml")
    found = [r for r in conv.resources if r["resourceType"] == "Condition"]
    return found[0], list(conv.issues)


def icd(resource: dict) -> list[str]:
    return [c["code"] for c in resource["code"].get("coding", []) if c["system"] == ICD]


@pytest.mark.parametrize("name,code", [
    ("parathyroid carcinoma", "C75.0"),
    ("thyroid carcinoma", "C73"),
    ("cancer of the cervix", "C53.9"),
    ("cervical cancer", "C53.9"),
    ("nasopharyngeal carcinoma", "C11.9"),
    ("thymic carcinoma", "C37"),
    ("anal cancer", "C21.0"),
    ("gallbladder adenocarcinoma", "C23"),
    ("duodenal adenocarcinoma", "C17.0"),  # an adjective of data/site-adjectives.tsv
    ("Vulvar Cancer", "C51.9"),
    # a carcinoma morphology the Index sends to the same column, before the site or between it and the word
    ("squamous cell carcinoma of the tonsillar pillar", "C09.1"),
    ("squamous cell carcinoma of vulva", "C51.9"),
    ("high-grade serous ovarian adenocarcinoma", "C56.9"),
    ("endometrioid adenocarcinoma of endometrium", "C54.1"),
    ("bladder urothelial carcinoma", "C67.9"),
    ("poorly differentiated adenocarcinoma of the stomach", "C16.9"),
    ("mucinous adenocarcinoma of appendix", "C18.1"),
    ("anal squamous cell carcinoma", "C21.0"),
    ("urachal adenocarcinoma", "C67.7"),  # the urachus, a site the Neoplasm Table names
])
def test_a_cancer_named_by_its_site_is_the_sites_malignant_neoplasm(name: str, code: str) -> None:
    resource, issues = condition(name)
    assert icd(resource) == [code]
    assert resource["code"]["text"] == name  # the words stay
    told = [i for i in issues if i.severity == "information" and "classification's category" in i.message]
    assert told and "ICD-10-CM codes a cancer by its site" in told[0].message


@pytest.mark.parametrize("name", [
    "skin cancer",  # C44 is coded by morphology (basal cell, squamous cell, other)
    "pleural malignancy",  # as often a metastasis as a primary tumour
    "small cell carcinoma of the prostate",  # small cell, large cell, neuroendocrine: C7A may take them
    "neuroendocrine carcinoma of the pancreas",
    "basal cell carcinoma of the vulva",  # a skin morphology
    "squamous cell carcinoma of liver",  # a site coded by morphology
    "metastatic thyroid carcinoma",  # another word: the name stays as it is
    "thymic malignancy",
])
def test_other_words_and_sites_coded_by_morphology_stay_text(name: str) -> None:
    resource, issues = condition(name)
    assert "coding" not in resource["code"], resource["code"]
    assert any(i.severity == "warning" and "no code known" in i.message for i in issues)


def test_a_liver_cancer_takes_snomeds_site_concept_and_no_icd10cm_code() -> None:
    """C22 is coded by morphology (liver cell, intrahepatic bile duct, hepatoblastoma, ...): no ICD-10-CM
    code for the bare name; SNOMED CT's *Malignant neoplasm of liver* (a row) is true of any."""
    resource, _ = condition("liver cancer")
    assert [c["code"] for c in resource["code"]["coding"]] == ["93870000"]


def test_terms_search_reads_it_the_same_way() -> None:
    found = reading("condition", "parathyroid carcinoma")
    assert found is not None and found.rest == "malignant neoplasm of parathyroid gland"
    assert reading("condition", "skin carcinoma") is None
