/*
 * asyncdoc serve: live reload and the diagnostics overlay.
 *
 * Browsers open at most six HTTP/1.1 connections to one host, and an event
 * stream holds one for as long as the page is open: with a stream per tab,
 * a sixth tab of the preview would stall. So the tabs of one browser share
 * one stream. This same file is also the SharedWorker that holds it and
 * relays its events to every tab; without SharedWorker, the tabs elect a
 * leader with a Web Lock that holds the stream and relays over a
 * BroadcastChannel; without those, each tab opens its own stream.
 *
 * Tabs hear two messages: {t: 'site', token} names the current site (a tab
 * served from an older one reloads) and {t: 'diag', data} carries the
 * diagnostics of a failed build (shown over the page).
 */
(function () {
	'use strict';
	var EVENTS = '/__asyncdoc/events';
	/* Bumped when the messages change: an older worker is not reused. */
	var NAME = 'asyncdoc-reload-1';

	/*
	 * The one event stream: (re)connects, remembers the current site and
	 * the last diagnostics, and hands every event to send(message).
	 */
	function hub(since, send) {
		var es = null, timer = 0, cur = null, diag = null, retry = 1000;
		function site(ev) {
			cur = ev.data;
			diag = null;
			send({t: 'site', token: cur});
		}
		function open() {
			timer = 0;
			es = new EventSource(EVENTS + '?since=' + encodeURIComponent(cur || since));
			es.addEventListener('open', function () { retry = 1000; });
			/* 'site' opens every stream; 'reload' follows a change. */
			es.addEventListener('site', site);
			es.addEventListener('reload', site);
			es.addEventListener('diagnostics', function (ev) {
				diag = ev.data;
				send({t: 'diag', data: diag});
			});
			es.onerror = function () {
				if (es.readyState !== 2) return; /* the browser retries */
				es = null;
				timer = setTimeout(open, retry);
				retry = Math.min(retry * 2, 30000);
			};
		}
		return {
			start: function () { if (!es && !timer) open(); },
			stop: function () {
				if (es) es.close();
				clearTimeout(timer);
				es = null;
				timer = 0;
			},
			/* What a tab that just came needs to know. */
			state: function (post) {
				if (cur !== null) post({t: 'site', token: cur});
				if (diag !== null) post({t: 'diag', data: diag});
			}
		};
	}

	/* ------------------------------------------------ the shared worker */

	function worker() {
		var tabs = [], h = null, idle = 0;
		function find(port) {
			for (var i = 0; i < tabs.length; i++)
				if (tabs[i].port === port) return i;
			return -1;
		}
		function send(m) {
			for (var i = 0; i < tabs.length; i++) tabs[i].port.postMessage(m);
		}
		/*
		 * A tab that left. Its port stays listened to: a tab back from
		 * the back/forward cache says hello again.
		 */
		function drop(port) {
			var i = find(port);
			if (i >= 0) tabs.splice(i, 1);
			/*
			 * The stream outlives the last tab a little: a tab that
			 * reloads comes back at once.
			 */
			if (tabs.length === 0 && h && !idle)
				idle = setTimeout(function () {
					idle = 0;
					if (tabs.length === 0) h.stop();
				}, 5000);
		}
		function hello(port, since) {
			var i = find(port);
			if (typeof EventSource !== 'function') {
				port.postMessage({t: 'alone'});
				return;
			}
			if (i < 0) tabs.push({port: port, alive: true});
			else tabs[i].alive = true;
			if (!h) h = hub(since, send);
			h.start();
			h.state(function (m) { port.postMessage(m); });
		}
		self.addEventListener('connect', function (e) {
			var port = e.ports[0];
			port.onmessage = function (ev) {
				var m = ev.data || {}, i;
				if (m.t === 'hello') hello(port, String(m.since || ''));
				else if (m.t === 'bye') drop(port);
				else if (m.t === 'pong' && (i = find(port)) >= 0) tabs[i].alive = true;
				/* A tab that was frozen, dropped, and answers again. */
				else if (m.t === 'pong') hello(port, '');
			};
			/* Where the browser tells of a closed port (Chromium). */
			port.addEventListener('close', function () { drop(port); });
		});
		/* A tab that closed without a word misses two pings. */
		setInterval(function () {
			for (var i = tabs.length - 1; i >= 0; i--) {
				if (!tabs[i].alive) drop(tabs[i].port);
				else tabs[i].alive = false;
			}
			send({t: 'ping'});
		}, 10000);
		/* Kept where a debugger sees it: the tabs the worker serves. */
		self.asyncdocTabs = function () { return tabs.length; };
	}

	if (typeof document === 'undefined') {
		if (typeof self !== 'undefined' && 'onconnect' in self) worker();
		return;
	}

	/* ------------------------------------------------------- the page */

	var me = document.currentScript;
	var since = (me && me.getAttribute('data-since')) || '';
	var src = (me && me.src) || '/__asyncdoc/reload.js';
	var box = null, leaving = false, fell = false;

	function el(tag, text, css) {
		var e = document.createElement(tag);
		if (text !== undefined) e.textContent = text;
		if (css) e.style.cssText = css;
		return e;
	}
	function where(d) {
		var s = d.file || '(no file)';
		if (d.line) s += ':' + d.line + (d.column ? ':' + d.column : '');
		return s;
	}
	function clear() {
		if (box && box.parentNode) box.parentNode.removeChild(box);
		box = null;
	}
	function show(report) {
		var list = report.diagnostics || [], ol, i, d, li, head, close, n;
		clear();
		box = el('div', undefined, 'position:fixed;inset:0 0 auto 0;max-height:70vh;overflow:auto;z-index:2147483647;background:#fff5f5;color:#1a1a1a;border-bottom:4px solid #c62828;padding:1em 1.5em;font:14px/1.5 system-ui,sans-serif;box-shadow:0 4px 16px rgba(0,0,0,.3)');
		box.id = 'asyncdoc-overlay';
		box.setAttribute('role', 'alert');
		head = el('div', undefined, 'display:flex;gap:1em;align-items:baseline');
		n = report.errors || list.length;
		head.appendChild(el('strong', 'The spec has ' + n + (n === 1 ? ' error' : ' errors') + (report.built === false ? ': no page could be built yet' : ': this page shows the last good build'), 'flex:1;color:#b71c1c'));
		close = el('button', 'Hide');
		close.type = 'button';
		close.addEventListener('click', clear);
		head.appendChild(close);
		box.appendChild(head);
		ol = el('ol', undefined, 'margin:.5em 0;padding-left:1.5em');
		for (i = 0; i < list.length; i++) {
			d = list[i];
			li = el('li', undefined, 'margin:.25em 0');
			li.appendChild(el('code', where(d), 'font-weight:bold'));
			li.appendChild(document.createTextNode(': ' + (d.severity || 'error') + ': ' + (d.message || '') + (d.rule ? ' [' + d.rule + ']' : '')));
			if (d.via) li.appendChild(el('div', 'via ' + d.via, 'color:#555'));
			if (d.hint) li.appendChild(el('div', d.hint, 'color:#555'));
			ol.appendChild(li);
		}
		box.appendChild(ol);
		if (report.total > list.length) box.appendChild(el('p', (report.total - list.length) + ' more in the terminal.'));
		box.appendChild(el('p', 'Save a fix and the page reloads.', 'margin:0;color:#555'));
		(document.body || document.documentElement).appendChild(box);
	}

	/*
	 * Whether token (the current site, "<instance>-<generation>") is not
	 * this page's. A relay may lag: a page of the same server and a later
	 * generation is the newer one, and waits for the event.
	 */
	function stale(token) {
		var a = since.lastIndexOf('-'), b = token.lastIndexOf('-');
		if (token === since) return false;
		return !(a > 0 && b > 0 && since.slice(0, a) === token.slice(0, b) &&
			Number(since.slice(a + 1)) > Number(token.slice(b + 1)));
	}
	function handle(m) {
		var report;
		if (leaving || !m) return;
		if (m.t === 'site' && typeof m.token === 'string' && stale(m.token)) {
			leaving = true;
			location.reload();
		} else if (m.t === 'diag') {
			try { report = JSON.parse(m.data); } catch (e) { return; }
			show(report);
		}
	}

	/* Each tab its own stream (five tabs at most before one stalls). */
	function alone() {
		hub(since, handle).start();
	}

	/* One tab holds the stream, by a Web Lock, and relays it. */
	function elect() {
		var bc = new BroadcastChannel(NAME), h = null;
		var id = String(Math.random()).slice(2);
		bc.onmessage = function (ev) {
			var m = ev.data || {};
			if (m.t === 'hello') {
				/* The state goes to the tab that asked only. */
				if (h) h.state(function (x) { x.to = m.id; bc.postMessage(x); });
			} else if (m.to === undefined || m.to === id) {
				handle(m);
			}
		};
		/* Granted to one tab at a time; released when it closes. */
		navigator.locks.request(NAME, function () {
			h = hub(since, function (m) {
				bc.postMessage(m); /* first: handle() may reload */
				handle(m);
			});
			h.start();
			return new Promise(function () {});
		});
		bc.postMessage({t: 'hello', id: id});
	}

	function share() {
		var w = new SharedWorker(src, {name: NAME}), port = w.port;
		var hello = function () { port.postMessage({t: 'hello', since: since}); };
		var give_up = function () { port.close(); fallback(); };
		port.onmessage = function (ev) {
			var t = ev.data && ev.data.t;
			if (t === 'ping') port.postMessage({t: 'pong'});
			else if (t === 'alone') give_up(); /* no EventSource there */
			else handle(ev.data);
		};
		w.addEventListener('error', give_up);
		addEventListener('pagehide', function () { port.postMessage({t: 'bye'}); });
		addEventListener('pageshow', function (e) { if (e.persisted) hello(); });
		hello();
	}

	function fallback() {
		if (fell || typeof EventSource !== 'function') return;
		fell = true;
		if (typeof BroadcastChannel === 'function' && navigator.locks &&
			typeof navigator.locks.request === 'function') elect();
		else alone();
	}

	if (typeof SharedWorker === 'function') {
		try { share(); } catch (e) { fallback(); }
	} else {
		fallback();
	}
})();
