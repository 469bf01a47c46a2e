"""Enrichment stages. Each is one module with one job; their order is `Settings.stages`."""

from ._datelines import DatelineStage, parse_dateline
from ._entities import EntityStage
from ._quotes import QuoteStage
from ._sources import SourcesStage

__all__ = ["DatelineStage", "EntityStage", "QuoteStage", "SourcesStage", "parse_dateline"]
