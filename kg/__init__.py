"""Turn Chinese bank report prose into a knowledge graph of strategies, products and metrics."""

__version__ = "0.1.0"
