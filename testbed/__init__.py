"""The test bed: real local services (MediaWiki, MariaDB, SMTP) for tests and development.

Tests reach them through the fixtures in `testbed.pytest_plugin`; developers through
`bvr devwiki up|down|status` (`testbed.cli`). Everything listens on 127.0.0.1 only and uses
Debian's packages (mediawiki, php-*, mariadb-server), which scripts/setup.sh installs.
"""
