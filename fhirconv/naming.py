"""The URIs fhirconv names things with, in one place: business identifiers, extensions, id namespace."""

from __future__ import annotations

import uuid

# Every resource carries identifier <IDENTIFIER_SYSTEM>|<case id>/<item id>: what conditional
# creates and updates match on, so re-uploads never duplicate.
IDENTIFIER_SYSTEM = "https://fhirconv.org/fhir/identifier"
# fhirconv's own extensions (therapy line and intent, ordinal, laterality, condition subtype).
EXTENSION_BASE = "https://fhirconv.org/fhir/StructureDefinition/"
# Resource ids are UUIDv5 of "<case id>/<item id>" in this fixed namespace: stable across runs.
ID_NAMESPACE = uuid.UUID("5b0d7c3e-6a0b-5f7e-9d2c-6f68697263fd")


def stable_id(name: str) -> str:
    """``str(uuid.uuid5(ID_NAMESPACE, name))``, the same bytes, hashed with the SHA-1 CPython carries
    itself: :func:`uuid.uuid5` imports :mod:`hashlib`, whose start-up with OpenSSL was 5 ms of every
    one-case run."""
    try:
        from _sha1 import sha1
    except ImportError:  # another Python implementation
        from hashlib import sha1
    return str(uuid.UUID(bytes=sha1(ID_NAMESPACE.bytes + name.encode("utf-8")).digest()[:16], version=5))
