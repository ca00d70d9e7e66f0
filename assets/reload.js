/* asyncdoc serve: live reload and the diagnostics overlay. */
(function () {
	'use strict';
	var me = document.currentScript;
	var since = (me && me.getAttribute('data-since')) || '';
	var box = null, retry = 1000;
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
	function connect() {
		var es = new EventSource('/__asyncdoc/events?since=' + encodeURIComponent(since));
		es.addEventListener('open', function () { retry = 1000; });
		es.addEventListener('reload', function () {
			es.close();
			location.reload();
		});
		es.addEventListener('diagnostics', function (ev) {
			var report;
			try { report = JSON.parse(ev.data); } catch (e) { return; }
			show(report);
		});
		es.onerror = function () {
			if (es.readyState !== 2) return;
			setTimeout(connect, retry);
			retry = Math.min(retry * 2, 30000);
		};
	}
	if (typeof EventSource === 'function') connect();
})();
