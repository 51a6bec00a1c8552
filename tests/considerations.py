"""R-11.5 considerations for tests that decide a sanction: all four asked for, answered."""

from __future__ import annotations

from bvr.rules.considerations import Considerations


def weighed(nature: str, history: str = "None known.", *,
            role: str = "A volunteer without a role here.",
            personal: str = "None known.") -> Considerations:
    """Every consideration R-11.5 asks for, with `nature` (and `history`) as given."""
    return Considerations(nature, history=history, role_of_respondent=role,
                          personal_factors=personal)
