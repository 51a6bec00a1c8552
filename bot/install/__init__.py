"""`bvr wiki install`: the wikitext in `templates_wiki/` onto the association wiki."""
