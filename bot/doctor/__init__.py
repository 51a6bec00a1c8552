"""`bvr doctor`: checks a deployment (the core's checks in `bvr.doctor`, the wiki's here)."""
