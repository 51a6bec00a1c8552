"""The association wiki as the housekeeping jobs need it: who holds advanced rights (R-4.1).
Reminders go by wiki email (`bot.wikimail`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

#: Groups with advanced rights on a MediaWiki (R-4.1: "holders of advanced rights").
ADVANCED_GROUPS = ("sysop", "bureaucrat", "interface-admin", "suppress", "checkuser")
#: Accounts in these groups are tools run by someone, not people who sign.
EXCLUDED_GROUPS = ("bot",)


def advanced_rights_holders(site: Any, groups: Iterable[str] = ADVANCED_GROUPS,
                            excluded: Iterable[str] = EXCLUDED_GROUPS) -> list[str]:
    """Usernames in any of `groups` (`list=allusers&augroup=...`), minus bot accounts.

    Groups the wiki does not have (no CheckUser extension, say) are left out of the query
    rather than sent: MediaWiki would only warn about them.
    """
    skip = set(excluded)
    known = {str(group["name"]) for group in site.siteinfo.get("usergroups", [])}
    names: set[str] = set()
    for group in (g for g in groups if g in known):
        for user in site.allusers(group=group):
            if not skip.intersection(user.get("groups", ())):
                names.add(str(user["name"]))
    return sorted(names)
