"""Generate N varied cases from the samples: new ids, shifted dates, other drugs and doses.

Deterministic for a given N and seed, so runs are comparable. Used by bench/run.py and usable on
its own: ``python bench/generate.py 10000 /tmp/cases`` (one YAML file per case) or
``python bench/generate.py 10000 /tmp/cases.jsonl`` (JSON Lines).
"""

from __future__ import annotations

import copy
import json
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATE = re.compile(r"^(\d{4})(-\d{2})?(-\d{2})?$")
DRUGS = ["bortezomib", "dexamethasone", "lenalidomide", "thalidomide", "melphalan", "prednisone",
         "cyclophosphamide", "pomalidomide"]
DOSE_FACTORS = [0.5, 0.75, 1, 1.5, 2]


def load_samples() -> list[dict[str, Any]]:
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe")
    out = []
    for path in sorted((ROOT / "samples").glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"))
        out.append(json.loads(json.dumps(data, default=str)))
    return out


def _shift(node: Any, years: int) -> Any:
    if isinstance(node, dict):
        return {k: _shift(v, years) for k, v in node.items()}
    if isinstance(node, list):
        return [_shift(v, years) for v in node]
    if isinstance(node, str):
        m = DATE.match(node)
        if m:
            year = int(m.group(1)) + years
            rest = (m.group(2) or "") + (m.group(3) or "")
            if rest == "-02-29":
                rest = "-02-28"
            return f"{year:04d}{rest}"
    if isinstance(node, int) and not isinstance(node, bool) and 1900 <= node <= 2100:
        return node  # plain numbers (ages, values) stay; years written as ints are rare in samples
    return node


def vary(sample: dict[str, Any], i: int, rng: random.Random) -> dict[str, Any]:
    case = _shift(copy.deepcopy(sample), -rng.randint(0, 8))
    case["id"] = f"{sample['id'][:40]}-{i:06d}"
    for med in case.get("medications", []):
        if "drug" in med and isinstance(med["drug"], str) and rng.random() < 0.5:
            med["drug"] = rng.choice(DRUGS)
        if "dose" in med:
            med["dose"]["value"] = round(med["dose"]["value"] * rng.choice(DOSE_FACTORS), 3)
    if "years" in case.get("patient", {}).get("age", {}):  # ages in months or days stay as written
        case["patient"]["age"]["years"] = max(18, case["patient"]["age"]["years"] + rng.randint(-10, 10))
    return case


def generate(n: int, seed: int = 7) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    samples = load_samples()
    for i in range(n):
        yield vary(samples[i % len(samples)], i, rng)


def write(n: int, target: Path, seed: int = 7) -> Path:
    """Write N cases as one JSON Lines file (``*.jsonl``) or as a directory of JSON case files."""
    if target.suffix == ".jsonl":
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("w", encoding="utf-8") as fh:
            for case in generate(n, seed):
                fh.write(json.dumps(case, separators=(",", ":")) + "\n")
        return target
    target.mkdir(parents=True, exist_ok=True)
    for case in generate(n, seed):
        (target / f"{case['id']}.json").write_text(json.dumps(case), encoding="utf-8")
    return target


if __name__ == "__main__":
    write(int(sys.argv[1]), Path(sys.argv[2]))
