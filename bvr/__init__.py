"""The protocol core of the Friendly Space Policy (BVR) tooling.

Knows nothing of HTTP or of pywikibot: `bot/` and `webhook/` are adapters around it.
"""

__version__ = "0.1.0"
