"""Enrichment stages; their order is `Settings.stages`.

Each stage is one module (`_sources`, `_datelines`, `_entities`, `_quotes`); where its rules grew
past one job, they sit in sibling modules named after it (`_entity_people`, `_quote_speakers`,
...), each module's docstring saying which rules it holds. Knowledge the rules load is in
`data/`, each file with its source; the gazetteer of places two stages read is `_gazetteer`.
"""

from ._datelines import DatelineStage, parse_dateline
from ._entities import EntityStage
from ._quotes import QuoteStage
from ._sources import SourcesStage

__all__ = ["DatelineStage", "EntityStage", "QuoteStage", "SourcesStage", "parse_dateline"]
