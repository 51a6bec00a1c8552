"""The intake job (flow 1, R-7.2): reports saved on the association wiki become case files
within seconds, and their text disappears from the wiki.

Modules, one job each: `form` reads a saved report (mwparserfromhell), `wiki` speaks to the
wiki (the few API calls, with per-item error checks), `watch` finds new report pages
(RecentChanges polling or EventStreams), `job` holds the order of work that survives a crash
at any point, `cli` is the `bvr intake` command.
"""
