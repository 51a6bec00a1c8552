"""`bvr publish`: the anonymised overview (R-14.2) and the yearly figures (R-14.4) on the
association wiki, as inert wikitext, edited only when the content changes."""
