"""Every SNOMED CT code of the tables that the Global Patient Set holds is the concept the GPS names
there: a code copied under another concept's name (the left anterior descending artery was once
coded 33795007, which the GPS names *Structure of inferior mesenteric artery*) fails here.

Displays may differ from the GPS's fully specified name when they are the same concept under an
older or plainer name; those pairs are listed, each checked by hand."""

from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path

from fhirconv.terminology import gps_data

SCT = "http://snomed.info/sct"
DATA = Path(str(resources.files("fhirconv.terminology") / "data"))

# code -> the table's display, where it is the same concept as the GPS's other name
SAME_CONCEPT = {
    "90560007": "Gout",  # GPS: Inflammatory disorder due to increased blood urate level
    "91861009": "Acute myeloid leukemia",  # GPS: Acute myeloid leukemia, disease
    "40956001": "Guillain-Barre syndrome",  # GPS: Guillain-Barré syndrome
    "390951007": "Impaired fasting glycaemia",  # GPS: Impaired fasting glycemia
    "4855003": "Diabetic retinopathy",  # GPS: Retinopathy due to diabetes mellitus
    "267102003": "Sore throat",  # GPS: Sore throat symptom
    "30233002": "Odynophagia",  # GPS: Swallowing painful
    "33367005": "Angiography of coronary artery",  # GPS: Coronary angiography
    "129428001": "Preventive - intent",  # GPS: Preventive - procedure intent
    "161501007": "H/O: hypertension",  # GPS: History of hypertension
    "363654007": "Orbital structure",  # GPS: Structure of orbit proper
    "52734007": "Total hip replacement",  # GPS: Total replacement of hip
    "16310003": "Ultrasonography",  # GPS: Diagnostic ultrasonography
    "24484000": "Severe",  # GPS: Severe (severity modifier); FHIR's condition-severity value set: Severe
    "6736007": "Moderate",  # GPS: Moderate (severity modifier); the same value set: Moderate
    "443165006": "Osteoporotic fracture of bone",  # GPS: Pathological fracture due to osteoporosis (Synthea's name)
}


def test_table_codes_are_the_concepts_the_gps_names():
    index = gps_data.index()
    assert index is not None
    checked, differ = 0, []
    for path in sorted(DATA.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                if row["system"] != SCT:
                    continue
                concept = index.concept(row["code"])
                if concept is None:
                    continue
                checked += 1
                if concept.name.lower() != row["display"].lower() and SAME_CONCEPT.get(row["code"]) != row["display"]:
                    differ.append(f"{path.name}: {row['term']} {row['code']} {row['display']!r}, GPS {concept.name!r}")
    assert checked > 1000
    assert not differ, "\n".join(differ)
