"""techmarket: the platform of a city's technology market (三库一榜)."""

__version__ = "0.1.0"
