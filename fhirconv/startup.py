"""What every run of the command sets in its process before anything else (and before the spare
worker of fhirconv.spare is forked, so that it has the same)."""

import os


def prepare() -> None:
    from fhirconv import classcache, recache

    classcache.install()
    recache.install()
    # The structure layer's pydantic models are fhirconv's own business: without this, pydantic looks
    # for plugins among every installed distribution's entry points when it builds the first model
    # (tens of milliseconds of every run that validates). A value the user set is kept.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
