"""Issues inside a location where an earlier layer found an error are dropped: the indexed look-up
gives the same list as the plain rule (``_inside`` against every earlier error), on issue lists
shaped like a large Bundle's, where the plain rule took minutes."""

from __future__ import annotations

import random

from fhirconv.issues import Issue
from fhirconv.validate import LAYERS, _dedupe, _inside


def _plain(issues: list[Issue]) -> list[Issue]:
    order = {layer: i for i, layer in enumerate(LAYERS)}
    kept, errors = [], []
    for issue in issues:
        rank = order.get(issue.layer, len(LAYERS))
        if issue.expression and any(r < rank and _inside(issue.expression, e) for r, e in errors):
            continue
        if issue.is_error and issue.expression:
            errors.append((rank, issue.expression))
        kept.append(issue)
    return kept


def test_same_issues_kept_as_the_plain_rule():
    rng = random.Random(7)
    parts = ["Bundle.entry[0].resource", "Bundle.entry[1].resource", "Bundle.entry[10].resource", "Patient"]
    tails = ["", ".code", ".code.coding[0]", ".code.coding[0].system", ".extension('http://x.org/a.b')",
             ".extension('http://x.org/a.b').value", ".valueQuantity", ".valueQuantity.code", "[0]", ".codeText"]
    for _ in range(200):
        issues = [Issue(rng.choice(["error", "warning", "information"]), "m", layer=rng.choice([*LAYERS, "other"]),
                        expression=rng.choice([None, rng.choice(parts) + rng.choice(tails)]))
                  for _ in range(rng.randint(0, 40))]
        assert _dedupe(issues) == _plain(issues)
