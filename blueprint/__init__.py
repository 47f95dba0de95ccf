"""blueprint: service blueprints with FMEA, as code."""

__version__ = "0.1.0"
