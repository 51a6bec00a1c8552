"""The wiki adapter: pywikibot jobs around the protocol core (intake, publish, footers,
screening, reminders, retention). It turns wiki edits into calls on `bvr/` and `bvr/` results
into edits. The jobs arrive with issues 3, 5, 6 and 7; the shared pywikibot settings live in
`user-config.py.example`."""
