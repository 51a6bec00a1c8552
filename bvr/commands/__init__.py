"""The operator's commands for the core (`bvr db`, `bvr people`, `bvr report`, ...).

Each module is one command group; `bvr/cli.py` assembles them with the adapters' commands.
"""
