"""`bvr footers`: the policy made visible on the association wiki (R-3.2, R-3.3, R-8.2): the
site-wide link, the footer template, the contact-person boxes, the participants' summary."""
