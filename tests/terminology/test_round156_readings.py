"""Words of round 156's case reports, written by people who had not read the tables: the rows and
readings their review added."""

from __future__ import annotations

import pytest

from fhirconv.terminology.normalize import normalize
from tests.terminology.known import matched as codes


@pytest.mark.parametrize("kind,term,expected", [
    ("observation", "HBeAb", ["13953-5"]),  # the e antibody, beside the e antigen's row
    ("observation", "anti-HBe", ["13953-5"]),
    ("observation", "FEV1 % of reference value", ["20152-5"]),  # FEV1 measured/predicted
    ("observation", "crown-rump length", ["11957-8"]),
    ("observation", "serum globulin", ["10834-0"]),  # total protein less albumin: by calculation
    ("observation", "24-h urinary free cortisol", ["2147-7"]),  # "24-h" as "24-hour"
    ("condition", "sudden death", ["26636000"]),
    ("condition", "thumb polydactyly", ["Q69.1"]),  # *Accessory thumb(s)*
    ("condition", "cryptococcal meningoencephalitis", ["B45.1"]),  # *Cryptococcosis meningocerebralis*
    ("condition", "nasal polyposis", ["J33.9"]),
    ("condition", "B-cell precursor acute lymphoblastic leukaemia", ["277571004", "C91.00"]),
    ("medication", "VP16", ["4179"]),  # etoposide's code name
    ("medication", "fluticasone propionate/salmeterol", ["284635"]),
    ("procedure", "mastectomy", ["69031006"]),  # *Excision of breast tissue*
    ("procedure", "electroretinogram", ["6615001"]),
    ("procedure", "flexible laryngoscopy", ["28760000"]),
])
def test_round156_rows(kind: str, term: str, expected: list[str]) -> None:
    assert codes(kind, term) == sorted(expected)


@pytest.mark.parametrize("written,read", [
    ("24-h urine protein", "24 hour urine protein"),
    ("24h urine", "24 hour urine"),
    ("2-hr glucose", "2 hour glucose"),
])
def test_hours_after_a_number_with_a_hyphen(written: str, read: str) -> None:
    assert normalize(written) == normalize(read)


def test_a_serotype_is_no_hour() -> None:
    assert "hour" not in normalize("E. coli O157:H7")
