"""The protocol's rules: pure functions, no storage, no clock of their own.

Each module holds the rules of one part of the protocol and cites its requirement IDs;
every refusal says why (see `verdict.py`). Callers pass in everything a rule needs, including
"now", so the rules are trivially testable.
"""
