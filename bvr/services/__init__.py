"""What the adapters call: each function is one unit of work on the core.

Services load facts from storage, ask the rules, use the vault, write, and log to the audit
log, all in one transaction: either everything is written or nothing is.
"""
