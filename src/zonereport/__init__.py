"""zonereport: a reproducible economic report on a Chinese development zone.

Loading and validating the data package, the NBS statistical methods, generated bilingual
text, charts, and the build that turns parameterized notebooks into HTML and PDF reports.
"""

__version__ = "0.1.0"
