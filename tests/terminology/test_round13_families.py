"""Row families added for the thirteenth unseen round (paediatrics, infectious disease)."""
import pytest

from fhirconv.terminology import lookup


@pytest.mark.parametrize("kind,text,code", [
    ("condition", "bloody stools", "405729008"),
    ("condition", "blood in the stool", "405729008"),
    ("condition", "ileocaecal intussusception", "17186003"),
    ("condition", "ileocolic intussusception", "17186003"),
])
def test_family_rows(kind, text, code):
    assert code in {c.code for c in lookup(kind, text)}
