/* asyncdoc default theme: search, theme toggle, copy buttons, print.
 * No library, no network; pages work without it. Hooks: <html data-root>
 * (way to the site root), #search-input + #search-results (listbox),
 * button.theme-toggle, pre.code, [data-js-only][hidden] (shown). The index
 * is <root>search-index.js (format: src/searchidx.h). */
(() => {
  'use strict';
  const doc = document, html = doc.documentElement, KEY = 'asyncdoc-theme';
  const src = (doc.currentScript && doc.currentScript.getAttribute('src')) || '';
  const store = (value) => {
    try {
      if (value === undefined) return localStorage.getItem(KEY);
      localStorage.setItem(KEY, value);
    } catch (e) { /* file:// or private mode */ }
    return null;
  };
  const saved = store();
  if (saved === 'dark' || saved === 'light') html.setAttribute('data-theme', saved);

  const root = () => {
    const r = html.getAttribute('data-root');
    return r !== null ? r : src.replace(/assets\/app\.js(\?.*)?$/, '');
  };
  const el = (tag, cls, text) => {
    const e = doc.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  };
  let status;
  const announce = (text) => {
    if (!status) {
      status = el('div');
      status.setAttribute('role', 'status');
      status.style.cssText = 'position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)';
      doc.body.appendChild(status);
    }
    status.textContent = text;
  };

  const setupTheme = () => {
    const btn = doc.querySelector('.theme-toggle');
    const dark = window.matchMedia && matchMedia('(prefers-color-scheme: dark)');
    if (!btn) return;
    const next = () => {
      const now = html.getAttribute('data-theme') || (dark && dark.matches ? 'dark' : 'light');
      return now === 'dark' ? 'light' : 'dark';
    };
    const label = () => {
      btn.setAttribute('aria-label', `Switch to ${next()} theme`);
      btn.title = btn.getAttribute('aria-label');
    };
    btn.addEventListener('click', () => {
      const t = next();
      html.setAttribute('data-theme', t);
      store(t);
      label();
    });
    if (dark && dark.addEventListener) dark.addEventListener('change', label);
    label();
  };

  const copyText = (text) => {
    const fallback = () => {
      const ta = el('textarea');
      let ok = false;
      ta.value = text;
      ta.style.cssText = 'position:fixed;top:0;opacity:0';
      doc.body.appendChild(ta);
      ta.select();
      try { ok = doc.execCommand('copy'); } catch (e) { /* refused */ }
      ta.remove();
      return ok ? Promise.resolve() : Promise.reject(new Error('copy'));
    };
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text).catch(fallback);
    return fallback();
  };
  const setupCopy = () => doc.querySelectorAll('pre.code').forEach((pre) => {
    const btn = el('button', 'copy-button');
    let timer;
    const say = (msg, label) => {
      btn.textContent = msg;
      btn.setAttribute('aria-label', label || msg);
    };
    btn.type = 'button';
    say('Copy', 'Copy code');
    btn.addEventListener('click', () => {
      let code = pre.querySelector('code');
      if (!code) {
        code = pre.cloneNode(true);
        code.firstChild.remove(); /* the button */
      }
      copyText(code.textContent).then(() => 'Copied', () => 'Copy failed').then((msg) => {
        say(msg);
        announce(msg);
        clearTimeout(timer);
        timer = setTimeout(() => say('Copy', 'Copy code'), 2000);
      });
    });
    pre.insertBefore(btn, pre.firstChild);
  });

  const setupPrint = () => {
    let opened = [];
    addEventListener('beforeprint', () => {
      opened = [...doc.querySelectorAll('details:not([open])')];
      opened.forEach((d) => { d.open = true; });
    });
    addEventListener('afterprint', () => opened.forEach((d) => { d.open = false; }));
  };

  /* Search: ranked title prefix > title substring > every word in the
   * title > every word anywhere; then shortest title, then index order. */
  let input, box, entries, loading, active = -1;

  const prepare = () => {
    const specs = (window.ASYNCDOC_INDEX || {}).specs || [];
    entries = [];
    specs.forEach((spec) => {
      const prefix = String(spec.prefix || '');
      (spec.entries || []).forEach((e) => {
        const [kind, title, url, summary, terms] = [0, 1, 2, 3, 4].map((i) => String(e[i] || ''));
        if (/^[a-z][a-z0-9+.-]*:/i.test(prefix + url)) return; /* no javascript: */
        entries.push({
          kind, title, url: prefix + url,
          summary: (specs.length > 1 ? `${spec.title}: ` : '') + summary,
          t: title.toLowerCase(), s: summary.toLowerCase(), x: terms.toLowerCase(),
        });
      });
    });
  };
  const loadIndex = () => {
    if (entries || loading) return;
    if (window.ASYNCDOC_INDEX) return prepare();
    loading = el('script');
    loading.src = `${root()}search-index.js`;
    loading.onload = () => { prepare(); update(); };
    loading.onerror = () => announce('The search index is missing');
    doc.head.appendChild(loading);
  };
  const rank = (q) => {
    const words = q.split(/\s+/);
    const all = (e, fields) => words.every((w) => fields.some((f) => e[f].includes(w)));
    const out = [];
    entries.forEach((e, i) => {
      const at = e.t.indexOf(q);
      const score = at === 0 ? 4 : at > 0 ? 3 : all(e, ['t']) ? 2 : all(e, ['t', 's', 'x']) ? 1 : 0;
      if (score) out.push({ e, score, i });
    });
    out.sort((a, b) => b.score - a.score || a.e.t.length - b.e.t.length || a.i - b.i);
    return out.slice(0, 20).map((r) => r.e);
  };
  const close = () => {
    box.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const update = () => {
    const q = input.value.trim().toLowerCase();
    close();
    box.textContent = '';
    if (!q) return;
    loadIndex();
    if (!entries) return;
    const found = rank(q);
    found.forEach((e, i) => {
      const a = el('a', 'search-result');
      a.href = root() + e.url;
      a.id = `search-result-${i}`;
      a.tabIndex = -1;
      a.setAttribute('role', 'option');
      a.setAttribute('aria-selected', 'false');
      a.append(el('span', `search-kind kind-${e.kind.replace(/[^a-z]/g, '')}`, e.kind), el('span', 'search-title', e.title));
      if (e.summary) a.append(el('span', 'search-summary', e.summary));
      box.append(a);
    });
    if (!found.length) {
      const none = el('div', 'search-empty', 'No results');
      none.setAttribute('role', 'option');
      none.setAttribute('aria-disabled', 'true');
      box.append(none);
    }
    box.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    announce(found.length ? `${found.length} results` : 'No results');
  };
  const results = () => box.querySelectorAll('a[role=option]');
  const move = (step) => {
    const opts = results();
    if (!opts.length) return;
    if (active >= 0) opts[active].setAttribute('aria-selected', 'false');
    active = (active + step + opts.length) % opts.length;
    opts[active].setAttribute('aria-selected', 'true');
    opts[active].scrollIntoView({ block: 'nearest' });
    input.setAttribute('aria-activedescendant', opts[active].id);
  };
  const setupSearch = () => {
    input = doc.getElementById('search-input');
    box = doc.getElementById('search-results');
    if (!input || !box) return;
    const attrs = { role: 'combobox', 'aria-controls': box.id, 'aria-autocomplete': 'list', autocomplete: 'off' };
    Object.keys(attrs).forEach((k) => input.setAttribute(k, attrs[k]));
    if (!input.labels.length && !input.getAttribute('aria-label')) input.setAttribute('aria-label', 'Search');
    if (!box.getAttribute('aria-label')) box.setAttribute('aria-label', 'Search results');
    close();
    input.addEventListener('focus', loadIndex);
    input.addEventListener('input', update);
    input.addEventListener('keydown', (ev) => {
      if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
        ev.preventDefault();
        if (box.hidden) update();
        move(ev.key === 'ArrowDown' ? 1 : -1);
      } else if (ev.key === 'Enter') {
        ev.preventDefault();
        const pick = results()[Math.max(active, 0)];
        if (pick && !box.hidden) location.href = pick.href;
      } else if (ev.key === 'Escape') {
        if (box.hidden) input.blur();
        close();
      }
    });
    if (input.form) input.form.addEventListener('submit', (ev) => ev.preventDefault());
    doc.addEventListener('click', (ev) => {
      if (ev.target !== input && !box.contains(ev.target)) close();
    });
    doc.addEventListener('keydown', (ev) => {
      const t = ev.target, typing = t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName);
      const ctrlK = String(ev.key).toLowerCase() === 'k' && (ev.ctrlKey || ev.metaKey) && !ev.altKey;
      if (ctrlK || (ev.key === '/' && !typing && !ev.ctrlKey && !ev.metaKey && !ev.altKey)) {
        ev.preventDefault();
        input.focus();
        input.select();
      }
    });
  };

  const init = () => {
    html.classList.add('js');
    doc.querySelectorAll('[data-js-only][hidden]').forEach((e) => { e.hidden = false; });
    setupTheme();
    setupCopy();
    setupPrint();
    setupSearch();
  };
  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', init);
  else init();
})();
