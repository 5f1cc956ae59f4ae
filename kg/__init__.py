"""Turn Chinese bank report prose into a knowledge graph of strategies, products and metrics."""

from pathlib import Path

from kg import coldimport

__version__ = "0.1.0"

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
"""The ontology, units and shapes (``ontology/*.ttl``)."""

coldimport.install()  # what libraries import for what kg never calls, left unloaded
