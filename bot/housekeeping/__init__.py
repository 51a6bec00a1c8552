"""The housekeeping jobs (flow 7): `bvr acks`, `bvr remind` and `bvr retention`.

The protocol's side (what is due, what to destroy) is in `bvr.services.housekeeping` and
`bvr.services.retention`; this package adds what needs the outside world: reading the
association wiki's user groups and sending wiki email (`wiki.py`), and the commands (`cli.py`).
"""
