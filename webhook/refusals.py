"""A refusal as a page shows it: the sentence in the reader's language, then, when a rule of
the protocol refused, a small "why?" link to that requirement (`/desk/why/<ID>`).

An R-ID is never part of the sentence (issue 13: R-IDs are links, not labels). Every place that
turns a `BvrError` or a `RuleRefused` into words for a page goes through `shown`, so a flash,
an error page and a hint on the case page all read the same. The public pages get the sentence
alone: the protocol's requirements are behind the desk's login.
"""

from __future__ import annotations

from flask import g, render_template
from markupsafe import Markup

from bvr.errors import BvrError
from bvr.rules.verdict import RuleRefused, Verdict
from webhook.i18n import t


def sentence(error: BvrError | RuleRefused | Verdict) -> str:
    """The refusal in the reader's language, without its requirement's ID."""
    message = error.verdict.message if isinstance(error, RuleRefused) else error.message
    return t(message.key, **message.params)


def rule(error: BvrError | RuleRefused | Verdict) -> str:
    """The requirement that refused ('' for a `BvrError`: a bad value, not a rule)."""
    if isinstance(error, RuleRefused):
        return error.verdict.rule
    return error.rule if isinstance(error, Verdict) else ""


def shown(error: BvrError | RuleRefused | Verdict) -> Markup:
    """The refusal for a page (a flash keeps it as it is: Flask's session stores Markup)."""
    # An autoescaped template's output: the sentence is escaped there, so it is safe markup.
    return Markup(render_template(  # noqa: S704
        "_refusal.html", text=sentence(error), rule=rule(error) if g.get("desk") else "")).strip()

