<?php
// Router for PHP's built-in web server (`php -S`) serving Debian's MediaWiki to the test bed.
//
// Which wiki is served is decided by the MW_CONFIG_FILE environment variable (MediaWiki reads
// it in includes/BootstrapHelperFunctions.php), so one shared install tree serves many wikis,
// each with its own LocalSettings.php. This router only lets the web entry points run;
// every other PHP file under the tree (maintenance scripts, includes) is refused, and
// everything else (styles, scripts, images) is served as is by returning false.
$path = parse_url( $_SERVER['REQUEST_URI'] ?? '/', PHP_URL_PATH ) ?: '/';
$entryPoint = '#^/(index|api|rest|load|opensearch_desc)\.php(/|$)#';
if ( preg_match( '#\.php(/|$)#', $path ) && !preg_match( $entryPoint, $path ) ) {
	http_response_code( 403 );
	header( 'Content-Type: text/plain' );
	echo "Forbidden by the test bed's router\n";
	return true;
}
return false;
