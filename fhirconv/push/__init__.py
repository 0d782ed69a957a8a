"""Load converted cases into a FHIR server, safely and repeatably (``fhirconv push``).

The pieces, in the order a push runs them:

* :mod:`.inputs`     - case files, Bundles and NDJSON files become *units* of resources;
* :mod:`.graph`      - references between resources, their dependency order, rewriting;
* :mod:`.client`     - one HTTP client (httpx) with retries (tenacity), auth and redaction;
* :mod:`.capability` - the server's CapabilityStatement is checked before anything is sent;
* :mod:`.send`       - transaction, batch or per-resource requests, conditional on identifiers;
* :mod:`.verify`     - read everything back and compare;
* :mod:`.report`     - what was created, matched or updated, as text or JSON.

Nothing heavy is imported here, so ``fhirconv --help`` stays fast.
"""
