/*
 * BVR sealed report: the report form of the Friendly Space Policy, sealed on the reader's device.
 *
 * Installed by 'bvr wiki install' as the default gadget 'bvr-sealed-report' (ADR 0005). Written
 * in ECMAScript 5 on purpose: MediaWiki 1.39 checks every gadget script with an ES5 parser and
 * has no 'requiresES6' flag. The HPKE code (modern JavaScript) is a separate page that this
 * script loads with its hash checked (Subresource Integrity), so only the bundle that
 * 'bvr wiki install' published can run.
 *
 * Where it acts: on the report form page it replaces the InputBox whose prefix is the report
 * prefix; on the edit page of a new report page it replaces the edit form. Its own fields are
 * not inside any <form>, so nothing the reader types can be submitted, previewed or stored as
 * a draft by MediaWiki: the only request that carries the report is the API edit, and that
 * holds ciphertext. Without JavaScript, WebCrypto or X25519 nothing is replaced and the plain
 * form works as before.
 */
( function () {
	'use strict';

	var data = require( './bvr-sealed-report.json' );
	var FIELDS = [ 'what', 'when', 'where', 'who', 'contact' ];

	function language() {
		var wanted = [ mw.config.get( 'wgUserLanguage' ), mw.config.get( 'wgContentLanguage' ), 'en' ];
		for ( var i = 0; i < wanted.length; i++ ) {
			var base = String( wanted[ i ] || '' ).split( '-' )[ 0 ];
			if ( data.messages[ base ] ) {
				return base;
			}
		}
		return 'en';
	}

	var lang = language();

	// MediaWiki message syntax (ADR 0012): $1, $2 ... are the parameters named, in that order,
	// by data.variables[ key ]; the gadget's messages hold no PLURAL or GENDER.
	function msg( key, params ) {
		var text = data.messages[ lang ][ key ] || data.messages.en[ key ] || key;
		var names = ( data.variables || {} )[ key ] || [];
		return text.replace( /\$([1-9][0-9]*)/g, function ( all, number ) {
			var name = names[ Number( number ) - 1 ];
			return params && name && params[ name ] !== undefined ? String( params[ name ] ) : all;
		} );
	}

	function element( tag, attributes, children ) {
		var node = document.createElement( tag );
		var name;
		for ( name in ( attributes || {} ) ) {
			node.setAttribute( name, attributes[ name ] );
		}
		( children || [] ).forEach( function ( child ) {
			node.appendChild( typeof child === 'string' ? document.createTextNode( child ) : child );
		} );
		return node;
	}

	function prefixTitle() {
		return String( data.prefix ).replace( / /g, '_' );
	}

	/** Where to put the form: the InputBox of the report form page, or the edit form of a
	 * new page under the prefix. Null when this page has neither. */
	function findPlace() {
		var action = mw.config.get( 'wgAction' );
		var page = String( mw.config.get( 'wgPageName' ) || '' );
		if ( ( action === 'edit' || action === 'submit' ) && mw.config.get( 'wgArticleId' ) === 0 &&
				page.indexOf( prefixTitle() ) === 0 && document.getElementById( 'editform' ) ) {
			return { node: document.getElementById( 'editform' ), title: page.replace( /_/g, ' ' ) };
		}
		var boxes = document.querySelectorAll( 'form.createbox' );
		for ( var i = 0; i < boxes.length; i++ ) {
			var prefix = boxes[ i ].querySelector( 'input[name="prefix"]' );
			if ( prefix && prefix.value.replace( / /g, '_' ) === prefixTitle() ) {
				return { node: boxes[ i ], title: null };
			}
		}
		return null;
	}

	function loadCore() {
		return new Promise( function ( resolve, reject ) {
			if ( window.bvrSealedCore ) {
				resolve( window.bvrSealedCore );
				return;
			}
			var script = document.createElement( 'script' );
			script.src = mw.util.getUrl( data.core.title, {
				action: 'raw', ctype: 'text/javascript', v: data.core.integrity.slice( 7, 19 )
			} );
			script.integrity = data.core.integrity;
			script.crossOrigin = 'anonymous';
			script.onload = function () {
				if ( window.bvrSealedCore ) {
					resolve( window.bvrSealedCore );
				} else {
					reject( new Error( 'core' ) );
				}
			};
			script.onerror = function () {
				reject( new Error( 'core' ) );
			};
			document.head.appendChild( script );
		} );
	}

	function newTitle() {
		var now = new Date().toISOString().replace( /[^0-9]/g, '' ).slice( 0, 14 );
		var random = new Uint8Array( 4 );
		window.crypto.getRandomValues( random );
		var hex = Array.prototype.map.call( random, function ( b ) {
			return ( b + 256 ).toString( 16 ).slice( 1 );
		} ).join( '' );
		return data.prefix + now + '-' + hex;
	}

	function field( name, input ) {
		input.id = 'bvr-sealed-' + name;
		input.name = 'bvr-sealed-' + name;
		input.setAttribute( 'autocomplete', 'off' );
		return element( 'p', { 'class': 'bvr-sealed-field' }, [
			element( 'label', { 'for': input.id }, [ msg( 'sealed-gadget-' + name ) ] ),
			element( 'br' ), input
		] );
	}

	function buildForm() {
		var role = element( 'select', {}, [
			element( 'option', { value: '' }, [ msg( 'sealed-gadget-role-none' ) ] ),
			element( 'option', { value: 'victim' }, [ msg( 'sealed-gadget-role-victim' ) ] ),
			element( 'option', { value: 'witness' }, [ msg( 'sealed-gadget-role-witness' ) ] )
		] );
		var answer = element( 'select', {}, data.languages.map( function ( code ) {
			var option = element( 'option', { value: code }, [ msg( 'sealed-gadget-language-' + code ) ] );
			option.selected = code === lang;
			return option;
		} ) );
		var emergency = element( 'input', { type: 'checkbox' } );
		var inputs = {
			what: element( 'textarea', { rows: '10', dir: 'auto', style: 'width:100%;box-sizing:border-box' } ),
			when: element( 'input', { type: 'date' } ),
			where: element( 'input', { type: 'text', dir: 'auto', size: '50' } ),
			who: element( 'input', { type: 'text', dir: 'auto', size: '50' } ),
			contact: element( 'input', { type: 'text', dir: 'auto', size: '50' } ),
			role: role,
			language: answer,
			emergency: emergency
		};
		emergency.id = 'bvr-sealed-emergency';
		var button = element( 'button', { type: 'button', 'class': 'mw-ui-button mw-ui-progressive' },
			[ msg( 'sealed-gadget-submit' ) ] );
		var status = element( 'p', { 'class': 'bvr-sealed-status', role: 'status', 'aria-live': 'polite' } );
		var box = element( 'div', {
			'class': 'bvr-sealed-form', lang: lang,
			style: 'text-align:left;border:1px solid #a2a9b1;background:#f8f9fa;padding:0.5em 1em;margin:1em 0;max-width:50em'
		}, [
			element( 'p', {}, [ element( 'strong', {}, [ msg( 'sealed-gadget-title' ) ] ) ] ),
			element( 'p', {}, [ msg( 'sealed-gadget-intro' ) ] ),
			field( 'what', inputs.what ), field( 'when', inputs.when ), field( 'where', inputs.where ),
			field( 'who', inputs.who ), field( 'role', role ), field( 'contact', inputs.contact ),
			element( 'p', {}, [ emergency, ' ', element( 'label', { 'for': emergency.id },
				[ msg( 'sealed-gadget-emergency' ) ] ) ] ),
			field( 'language', answer ),
			element( 'p', {}, [ button ] ), status
		] );
		return { box: box, inputs: inputs, button: button, status: status };
	}

	function values( inputs ) {
		var fields = {};
		FIELDS.forEach( function ( name ) {
			fields[ name ] = inputs[ name ].value;
		} );
		fields.role = inputs.role.value;
		fields.emergency = inputs.emergency.checked;
		fields.language = inputs.language.value;
		return fields;
	}

	function sealedText( kid, fields, sealed ) {
		// Only base64url text and fixed words: nothing here can break the template.
		return '{{' + data.template + '\n| v = 1\n| kid = ' + kid +
			'\n| emergency = ' + ( fields.emergency ? 'yes' : 'no' ) +
			'\n| language = ' + fields.language +
			'\n| enc = ' + sealed.enc + '\n| ciphertext = ' + sealed.ciphertext + '\n}}';
	}

	function save( title, text, fixedTitle ) {
		return new mw.Api().postWithEditToken( {
			action: 'edit', title: title, text: text, summary: data.summary,
			createonly: 1, watchlist: 'nochange', formatversion: 2
		} ).then( null, function ( code, result ) {
			if ( code === 'articleexists' && !fixedTitle ) {
				return save( newTitle(), text, false );
			}
			return $.Deferred().reject( code, result ).promise();
		} );
	}

	function mount( core, place ) {
		var form = buildForm();
		place.node.parentNode.insertBefore( form.box, place.node );
		place.node.style.display = 'none';
		form.button.addEventListener( 'click', function () {
			var fields = values( form.inputs );
			var size = new TextEncoder().encode( JSON.stringify( fields ) ).length;
			var blank = FIELDS.every( function ( name ) {
				return !fields[ name ].trim();
			} );
			if ( blank ) {
				form.status.textContent = msg( 'sealed-gadget-empty' );
				return;
			}
			if ( size > data.maxBytes ) {
				form.status.textContent = msg( 'sealed-gadget-too-long', {
					size: Math.ceil( size / 1024 ), max: Math.floor( data.maxBytes / 1024 ) } );
				return;
			}
			form.button.disabled = true;
			form.status.textContent = msg( 'sealed-gadget-sending' );
			var user = mw.config.get( 'wgUserName' ) || '';
			core.seal( data.key.public, data.key.kid, user, fields ).then( function ( sealed ) {
				var title = place.title || newTitle();
				return save( title, sealedText( data.key.kid, fields, sealed ), !!place.title );
			} ).then( function () {
				// The typed text leaves the page as well: only the confirmation stays.
				while ( form.box.firstChild ) {
					form.box.removeChild( form.box.firstChild );
				}
				form.box.appendChild( element( 'p', { 'class': 'bvr-sealed-done', role: 'status' },
					[ msg( 'sealed-gadget-done' ) ] ) );
			}, function ( code ) {
				form.button.disabled = false;
				form.status.textContent = msg( 'sealed-gadget-failed', {
					code: typeof code === 'string' ? code : 'seal' } );
			} );
		} );
	}

	var place = findPlace();
	if ( !place || !window.Promise || !window.TextEncoder || !window.crypto || !window.crypto.subtle ) {
		return; // the plain form stays
	}
	loadCore().then( function ( core ) {
		return core.supported().then( function ( ok ) {
			if ( ok ) {
				mount( core, place );
			}
		} );
	} ).then( null, function () {
		mw.log.warn( 'bvr-sealed-report: the sealing code did not load; the plain form stays' );
	} );
}() );
