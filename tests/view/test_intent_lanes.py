"""Two courses of one drug, one with an intent and one without, are not both shown under the first
one's intent (the summary's lanes are per drug and line/intent)."""

from __future__ import annotations

import subprocess
import sys

CASE = """\
fhirconv: "1"
id: summary-intent
patient: {sex: female}
timeline:
  admission: 2020-01-01
conditions:
  - {id: c, condition: orbital cellulitis, onset: admission}
medications:
  - {id: ab1, drug: antibiotics, intent: empiric, start: admission, route: intravenous}
  - {id: ab2, drug: antibiotics, route: oral, start: 10 days after admission}
"""


def test_each_course_keeps_its_own_intent(tmp_path):
    case = tmp_path / "case.yaml"
    case.write_text(CASE)
    run = subprocess.run([sys.executable, "-m", "fhirconv", "summary", str(case)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    rows = [line for line in run.stdout.splitlines() if "antibiotics" in line]
    assert len(rows) == 2
    assert "empiric" in rows[0] and "intravenous" in rows[0]
    assert "empiric" not in rows[1] and "oral" in rows[1]
