"""Write ``fhirconv/terminology/data/organisms-open.tsv``: the SNOMED CT organisms of an openly licensed
value set that neither the Global Patient Set nor the tables name.

Why: culture results name organisms by the thousand, and the GPS holds some five thousand of them;
the microorganism value set of the Portuguese clinical patient summary (hl7-pt/terminologias,
``input/fsh/valueSets/cpal-microorganism.fsh``, CC0-1.0) lists 3,542 SNOMED CT organisms with their
fully specified names, among them many the GPS lacks (*Trichosporon asahii*, *Scedosporium
apiospermum*, *Leishmania infantum*). Each row keeps its name's look-up key (what
``fhirconv.terminology.normalize`` makes of it, which a test checks) so a run reads the file without
normalising anything; only a name written whole finds its organism.

Usage (after ``tools/terminology/extract.sh`` has written ``tools/terminology/candidates.tsv``)::

    python tools/terminology/open_organisms.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

SOURCE = "hl7-pt/terminologias (CC0-1.0) input/fsh/valueSets/cpal-microorganism.fsh"
OUT = ROOT / "fhirconv" / "terminology" / "data" / "organisms-open.tsv"
TAG = " (organism)"


def main() -> None:
    from fhirconv.terminology import gps_data
    from fhirconv.terminology.normalize import normalize
    from fhirconv.terminology.tables import builtin_table

    gps, table = gps_data.index(), builtin_table()
    assert gps is not None, "the GPS index is stale: python -m fhirconv.terminology.gps_data"
    rows: dict[str, tuple[str, str]] = {}
    clash: set[str] = set()
    for line in (ROOT / "tools" / "terminology" / "candidates.tsv").open(encoding="utf-8"):
        system, code, display, _unit, source = (line.rstrip("\n").split("\t") + [""] * 5)[:5]
        if source != SOURCE or system != "http://snomed.info/sct" or not display.endswith(TAG):
            continue
        name = display[: -len(TAG)]
        key = normalize(name)
        known = gps.concept(code) is not None or table.with_code(system, code)
        # a name the tables or the GPS already give another meaning is left to them
        taken = table.find("finding", key) or gps.find(name, ("organism",))[1]
        if known or taken or len(key) <= 3:  # "Loa" is LOA too (a level of activity, a loss of appetite)
            continue
        if key in rows and rows[key][0] != code:
            clash.add(key)  # two organisms under one name: neither
        rows[key] = (code, name)
    lines = [f"# SNOMED CT organisms of {SOURCE} that the Global Patient Set and the tables lack;",
             "# key: fhirconv.terminology.normalize of the name (tools/terminology/open_organisms.py)",
             "key\tcode\tname"]
    lines += [f"{k}\t{c}\t{n}" for k, (c, n) in sorted(rows.items()) if k not in clash]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines) - 3} organisms -> {OUT} ({len(clash)} names shared by two codes left out)", file=sys.stderr)


if __name__ == "__main__":
    main()
