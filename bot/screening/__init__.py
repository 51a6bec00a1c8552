"""Pre-event screening of participant lists (R-6.1, R-6.2, flow 6 of ARCHITECTURE.md).

One module per job: `names` (usernames as MediaWiki stores them), `wikitext`, `campaignevents`
and `csvsource` (where participants come from), `wikiapi` (counted, cached API requests),
`blocks`, `centralauth` and `globalblocks` (R-6.1(d)), `history` and `noticeboards`
(R-6.1(c)), `bans` (R-6.1(a), WMF global bans), `identity` (renamed accounts), `run` (the whole
screening with the fewest requests), `output`, `recheck` and `alerts` (scheduled re-checks),
`cli` (`bvr screen`). The association's own records (sanctions in force, notes of R-6.1(b),
stored runs, the cache) are reached only through `bvr.services.screening`.
"""
