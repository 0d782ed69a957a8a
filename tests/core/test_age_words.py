"""An age reads as people say it: "12 months" where the source says 12-month-old, "1 year" not "1 years"."""

from __future__ import annotations

from ruamel.yaml import YAML

from fhirconv.api import convert_file
from tests.conftest import SAMPLES

INFANT = SAMPLES / "infant-dka-type1-diabetes.yaml"


def age_of(conv):
    return next(r for r in conv.resources if r["resourceType"] == "Observation"
                and r["identifier"][0]["value"].endswith("/patient/age"))


def test_infant_age_in_months_as_the_source_says():
    value = age_of(convert_file(INFANT))["valueQuantity"]
    assert value == {"value": 12, "unit": "months", "system": "http://unitsofmeasure.org", "code": "mo"}


def test_one_year_is_singular(tmp_path):
    yaml = YAML()
    case = yaml.load(INFANT.read_text(encoding="utf-8"))
    case["patient"]["age"] = {"years": 1, "at": "ed-visit"}
    path = tmp_path / "one-year.yaml"
    with path.open("w", encoding="utf-8") as f:
        yaml.dump(case, f)
    conv = convert_file(path)
    assert age_of(conv)["valueQuantity"]["unit"] == "year"
    assert "Age 1 year" in age_of(conv)["text"]["div"]
