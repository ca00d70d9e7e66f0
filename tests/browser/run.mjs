// Browser tests of built sites in headless Chromium, with TAP output.
//
//   node run.mjs --chromium PATH
//       [--site DIR [--query WORD --expect MESSAGE]]...
//       [--hostile DIR]... [--harness DIR] [--allow-remote PREFIX]...
//
// --site: every page loads from file:// with no console error, no failed
// request and no network access, and axe-core finds no WCAG 2 A/AA
// violation on it (the index in dark mode too; a skip for each of channel,
// operation, message and schema pages the site does not have); searching
// WORD lists the message titled MESSAGE and Enter on it opens it; the last
// sidebar link with an anchor lands on it (in view, not covered).
// --hostile: a site built from a hostile spec: no script of the spec runs
// on any page (window.__pwned, alert, dialogs are trapped), no element has
// an event handler attribute or a javascript: URL, and search results
// stay text. --harness: the page of tests/browser/fixture, which exercises
// every hook of app.js (search, keys, theme, copy, print). --allow-remote
// Each --site is also loaded at 360 px: no page may scroll sideways.
// PREFIX: remote URLs of the spec's own content (a logo) that pages may
// name; they are blocked all the same, but not counted as failures.
import { createRequire } from 'node:module';
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { diag, done, eachArg, ok, skip, stopped } from './tap.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const WAIT = { timeout: 10000 };

// ------------------------------------------------------------------ args
function parseArgs(argv) {
  const o = { chromium: '/usr/bin/chromium', sites: [], hostile: [], harness: null, allow: [] };
  eachArg(argv, (a, v) => {
    if (a === '--chromium') o.chromium = v();
    else if (a === '--site') o.sites.push({ dir: resolve(v()) });
    else if (a === '--query' && o.sites.length) o.sites.at(-1).query = v();
    else if (a === '--expect' && o.sites.length) o.sites.at(-1).expect = v();
    else if (a === '--hostile') o.hostile.push(resolve(v()));
    else if (a === '--harness') o.harness = resolve(v());
    else if (a === '--allow-remote') o.allow.push(v());
    else return false;
    return true;
  });
  return o;
}

// Every *.html under dir, sorted, as paths relative to dir with '/'.
function htmlPages(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      if (name.startsWith('.')) continue;
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.html')) out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  walk(dir);
  return out;
}

const fileUrl = (dir, page) => pathToFileURL(join(dir, page)).href;

// ------------------------------------------------------------------ pages
// URLs of the spec's own content (an x-logo...) that pages may name: they
// are blocked like every remote URL but not counted as failures.
let allowList = [];
const allowed = (url) => allowList.some((p) => url.startsWith(p));

// A new page of context whose problems (console errors, page errors,
// failed or network requests, dialogs) are collected in page.problems.
async function newPage(context) {
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (m) => {
    if (m.type() !== 'error' && m.type() !== 'assert') return;
    // The failed load of an allowed remote URL (reported at that URL).
    if (m.text().startsWith('Failed to load resource') && allowed(m.location().url || '')) return;
    page.problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => {
    if (!allowed(r.url())) page.problems.push(`failed request: ${r.url()} (${r.failure()?.errorText})`);
  });
  page.on('dialog', (d) => {
    page.problems.push(`dialog (${d.type()}): ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  return page;
}

async function newContext(browser, opts = {}) {
  const context = await browser.newContext(opts);
  // No network at view time: anything but file: (and data:) is refused.
  await context.route(/^(?!file:|data:)/, (route) => {
    context.networkHits = (context.networkHits || 0) + 1;
    route.abort('blockedbyclient');
  });
  return context;
}

// ------------------------------------------------------------------ checks
// Every page: loads cleanly, and axe-core finds no violation on it.
async function checkPages(browser, dir, pages) {
  const context = await newContext(browser);
  const page = await newPage(context); /* one tab, as a reader goes */
  for (const p of pages) {
    page.problems = [];
    try {
      await page.goto(fileUrl(dir, p), { waitUntil: 'load' });
    } catch (e) {
      page.problems.push(`load: ${e.message}`);
    }
    ok(page.problems.length === 0, `${p} loads with no error or failed request`, page.problems);
    try {
      const lines = await runAxe(page);
      ok(lines.length === 0, `axe: no WCAG 2 A/AA violation on ${p}`, lines);
    } catch (e) {
      ok(false, `axe on ${p}`, [e.message]);
    }
  }
  await context.close();
}

// Phones: at 360 px no page is wider than the viewport (tables scroll in
// their own box, long words wrap). Names the widest elements of a page that
// fails, to say what to fix.
async function checkNarrow(browser, dir, pages, width = 360) {
  const context = await newContext(browser, { viewport: { width, height: 740 } });
  const page = await newPage(context);
  const wide = [];
  for (const p of pages) {
    try {
      await page.goto(fileUrl(dir, p), { waitUntil: 'load' });
      const r = await page.evaluate(() => {
        const inner = window.innerWidth;
        const sw = document.documentElement.scrollWidth;
        const culprits = [];
        if (sw > inner) {
          for (const el of document.querySelectorAll('body *')) {
            const b = el.getBoundingClientRect();
            if (b.right > inner + 1 && culprits.length < 3) {
              culprits.push(`${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).split(' ')[0] : ''} right=${Math.round(b.right)}`);
            }
          }
        }
        return { sw, inner, culprits };
      });
      if (r.sw > r.inner) wide.push(`${p}: scrollWidth ${r.sw} > ${r.inner} (${r.culprits.join(', ')})`);
    } catch (e) {
      wide.push(`${p}: ${e.message}`);
    }
  }
  ok(wide.length === 0, `at ${width} px no page of ${dir} is wider than the viewport`, wide);
  await context.close();
}

async function checkSearch(browser, site) {
  const name = `search for ${site.query} lists message ${site.expect}`;
  if (!site.query || !site.expect) return skip(name, 'no --query/--expect given');
  const context = await newContext(browser);
  const page = await newPage(context);
  try {
    await page.goto(fileUrl(site.dir, 'index.html'));
    if (!(await page.$('#search-input'))) {
      await context.close();
      skip(name, 'index.html has no #search-input yet');
      skip('the selected result is visibly marked', 'no search box');
      return skip('Enter on the result opens the message', 'no search box');
    }
    await page.focus('#search-input');
    await page.keyboard.type(site.query);
    await page.waitForSelector('#search-results [role=option]', WAIT);
    const results = await page.$$eval('#search-results [role=option]', (els) =>
      els.map((a) => ({
        kind: a.querySelector('.search-kind')?.textContent,
        title: a.querySelector('.search-title')?.textContent,
        href: a.getAttribute('href'),
      })),
    );
    const at = results.findIndex((r) => r.kind === 'message' && r.title === site.expect);
    ok(at >= 0, name, results.map((r) => `${r.kind} ${r.title} -> ${r.href}`).concat(page.problems));
    if (at < 0) {
      skip('the selected result is visibly marked', 'not listed');
      return skip('Enter on the result opens the message', 'not listed');
    }
    // Focus stays in the box (aria-activedescendant): the selected result
    // must look different, or a keyboard user cannot see where they are.
    const look = () => page.$eval(`#search-results [role=option]:nth-child(${at + 1})`, (o) => {
      const c = getComputedStyle(o);
      return [c.backgroundColor, c.color, c.outlineStyle, c.outlineColor, c.boxShadow, c.textDecorationLine,
        c.borderColor].join(' ');
    });
    const plain = await look();
    for (let i = 0; i <= at; i++) await page.keyboard.press('ArrowDown');
    const marked = await look();
    ok(marked !== plain, 'the selected result is visibly marked',
      [`style: ${plain}`, 'style #search-results [aria-selected="true"] in the theme']);
    const selected = await page.getAttribute('#search-input', 'aria-activedescendant');
    const target = new URL(results[at].href, page.url());
    const here = new URL(page.url());
    if (target.pathname === here.pathname) {
      // A section of this page (a single-page site): no load, a new hash.
      await page.keyboard.press('Enter');
      await page.waitForFunction((h) => location.hash === h, target.hash, WAIT);
    } else {
      await Promise.all([page.waitForEvent('load', WAIT), page.keyboard.press('Enter')]);
    }
    const url = decodeURI(page.url());
    const want = results[at].href.replace(/^(\.\.\/)+/, '');
    ok(selected !== null && url.endsWith(want) && page.problems.length === 0,
      'Enter on the result opens the message', [`selected ${selected}`, `at ${url}`, `want ${want}`, ...page.problems]);
  } catch (e) {
    ok(false, name, [e.message, ...page.problems]);
  }
  await context.close();
}

async function checkSidebar(browser, dir) {
  const name = 'the last sidebar link with an anchor lands on it';
  const context = await newContext(browser);
  const page = await newPage(context);
  try {
    await page.goto(fileUrl(dir, 'index.html'));
    const links = await page.$$('nav a[href*="#"]');
    if (links.length === 0) {
      await context.close();
      return skip(name, 'no nav link with an anchor');
    }
    const link = links[links.length - 1];
    const href = await link.getAttribute('href');
    const frag = decodeURIComponent(href.slice(href.indexOf('#') + 1));
    // As a keyboard user does it (a click would wait on anything above it).
    await link.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction((f) => decodeURIComponent(location.hash.slice(1)) === f, frag, WAIT);
    const where = await page.evaluate((f) => {
      const t = document.getElementById(f);
      if (!t) return { found: false };
      const r = t.getBoundingClientRect();
      const x = Math.min(Math.max(r.left + 8, 0), innerWidth - 1);
      const y = Math.min(Math.max(r.top + 4, 0), innerHeight - 1);
      const hit = document.elementFromPoint(x, y);
      return {
        found: true, top: r.top, bottom: r.bottom, height: innerHeight,
        covered: !(hit && (t.contains(hit) || hit.contains(t))),
        hit: hit ? hit.tagName + (hit.className ? '.' + hit.className : '') : null,
      };
    }, frag);
    ok(where.found && where.top >= -1 && where.top < where.height && !where.covered, `${name} (${href})`,
      [JSON.stringify(where), ...page.problems]);
  } catch (e) {
    ok(false, name, [e.message, ...page.problems]);
  }
  await context.close();
}

// The WCAG 2 A/AA violations axe-core finds on a loaded page, as lines.
async function runAxe(p) {
  await p.addScriptTag({ path: AXE });
  const res = await p.evaluate(async (tags) => {
    // No preload: its XHRs of the style sheets are refused on file://.
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'], preload: false });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`),
    }));
  }, AXE_TAGS);
  const lines = [];
  for (const v of res) {
    lines.push(`${v.id} (${v.impact}): ${v.help} [${v.nodes.length} nodes]`);
    for (const n of v.nodes.slice(0, 3)) lines.push(`  ${n}`);
  }
  return lines;
}

// The index in dark mode; a skip for each kind of page the site lacks.
async function checkAxe(browser, dir, pages) {
  const context = await newContext(browser, { colorScheme: 'dark' });
  const p = await newPage(context);
  try {
    await p.goto(fileUrl(dir, 'index.html'));
    const lines = await runAxe(p);
    ok(lines.length === 0, 'axe: no WCAG 2 A/AA violation on index.html in dark mode', lines);
  } catch (e) {
    ok(false, 'axe on index.html in dark mode', [e.message]);
  }
  // An operation page: its snippets' tabs in dark mode.
  const op = pages.find((x) => x.startsWith('operations/'));
  if (op) {
    try {
      await p.goto(fileUrl(dir, op));
      const lines = await runAxe(p);
      ok(lines.length === 0, `axe: no WCAG 2 A/AA violation on ${op} (snippets) in dark mode`, lines);
    } catch (e) {
      ok(false, `axe on ${op} in dark mode`, [e.message]);
    }
  }
  await context.close();
  for (const kind of ['channels', 'operations', 'messages', 'schemas']) {
    const label = `${kind === 'operations' ? 'an' : 'a'} ${kind.slice(0, -1)} page`;
    if (!pages.some((x) => x.startsWith(`${kind}/`))) skip(`axe on ${label}`, `a single-page site: its ${kind} are on index.html, checked above`);
  }
}

// ------------------------------------------------------------------ hostile
// Traps every way the hostile spec tries to run code.
function trap() {
  const hits = [];
  Object.defineProperty(window, '__hits', { value: hits });
  Object.defineProperty(window, '__pwned', {
    get() { return undefined; },
    set(v) { hits.push(`window.__pwned = ${v}`); },
  });
  for (const f of ['alert', 'confirm', 'prompt', 'print']) {
    window[f] = (m) => { hits.push(`${f}(${m})`); };
  }
}

// Elements that could run code: event handler attributes, javascript:
// URLs, scripts that are not the theme's.
function audit() {
  const bad = [];
  for (const e of document.querySelectorAll('*')) {
    for (const a of e.attributes) {
      const v = a.value.replace(/[\s\u0000-\u001f]+/g, '').toLowerCase();
      if (a.name.startsWith('on')) bad.push(`<${e.localName} ${a.name}="${a.value}">`);
      if (/^(href|src|action|formaction|xlink:href|data|poster|srcdoc)$/.test(a.name) &&
          (v.startsWith('javascript:') || v.startsWith('vbscript:') || v.startsWith('data:text/html'))) {
        bad.push(`<${e.localName} ${a.name}="${a.value}">`);
      }
    }
    if (/^(script|iframe|object|embed|frame|base|meta)$/.test(e.localName)) {
      const t = (e.getAttribute('src') || '') + e.textContent + (e.getAttribute('content') || '');
      if (/pwned|alert|<|javascript/i.test(t)) bad.push(`<${e.localName}> ${t.slice(0, 80)}`);
    }
  }
  return bad;
}

async function checkHostile(browser, dir) {
  const pages = htmlPages(dir);
  const context = await newContext(browser);
  await context.addInitScript(trap);
  ok(pages.length > 0, `hostile site ${dir} has pages`);
  for (const p of pages) {
    const page = await newPage(context);
    let bad = [];
    let hits = [];
    try {
      await page.goto(fileUrl(dir, p), { waitUntil: 'load' });
      // Let timers and image errors of anything injected fire.
      await page.evaluate(() => new Promise((r) => setTimeout(r, 50)));
      bad = await page.evaluate(audit);
      if (await page.$('#search-input')) {
        await page.focus('#search-input');
        await page.keyboard.type('script');
        await page.waitForSelector('#search-results [role=option]', WAIT).catch(() => {});
        await page.evaluate(() => new Promise((r) => setTimeout(r, 50)));
        bad = bad.concat(await page.evaluate(audit));
      }
      hits = await page.evaluate(() => window.__hits.slice());
    } catch (e) {
      page.problems.push(`load: ${e.message}`);
    }
    ok(hits.length === 0 && bad.length === 0 && page.problems.length === 0,
      `hostile ${p}: no script of the spec runs`, [...hits, ...bad, ...page.problems]);
    await page.close();
  }
  await context.close();
}

// ------------------------------------------------------------------ harness
async function checkHarness(browser, dir) {
  const context = await newContext(browser);
  await context.addInitScript(trap);
  await context.addInitScript(() => {
    if (navigator.clipboard) {
      navigator.clipboard.writeText = (text) => {
        window.__copied = text;
        return Promise.resolve();
      };
    }
  });
  const page = await newPage(context);
  const url = fileUrl(dir, 'index.html');
  const t = async (desc, fn) => {
    try {
      const r = await fn();
      ok(r === true, desc, typeof r === 'string' ? [r, ...page.problems] : page.problems);
    } catch (e) {
      ok(false, desc, [e.message, ...page.problems]);
    }
  };
  await page.goto(url);

  await t('harness: "/" focuses the search box', async () => {
    await page.click('main');
    await page.keyboard.press('/');
    return page.evaluate(() => document.activeElement.id === 'search-input' || `focus on ${document.activeElement.tagName}`);
  });
  const titles = () => page.$$eval('#search-results .search-title', (e) => e.map((x) => x.textContent).join(','));
  await t('harness: the index loads; title prefix > title substring > terms', async () => {
    await page.keyboard.type('gate');
    await page.waitForSelector('#search-results [role=option]', WAIT);
    const got = await titles();
    return got === 'GateAck,gateCommand,lotGates,openBarrier' || got;
  });
  await t('harness: a match in the terms only is listed', async () => {
    await page.fill('#search-input', 'barrierState');
    await page.waitForFunction(() => document.querySelectorAll('#search-results [role=option]').length === 2, null, WAIT);
    const got = await titles();
    return got === 'barrierStateSchema,GateAck' || got;
  });
  await t('harness: Escape closes the results', async () => {
    await page.keyboard.press('Escape');
    return page.evaluate(() => document.getElementById('search-results').hidden &&
      document.getElementById('search-input').getAttribute('aria-expanded') === 'false');
  });
  await t('harness: index text is shown as text, never markup', async () => {
    await page.fill('#search-input', 'img');
    await page.waitForSelector('#search-results [role=option]', WAIT);
    const r = await page.evaluate(() => ({
      html: document.getElementById('search-results').querySelectorAll('img, script').length,
      title: document.querySelector('#search-results .search-title').textContent,
      hits: window.__hits.length,
    }));
    return (r.html === 0 && r.hits === 0 && r.title.startsWith('<img')) || JSON.stringify(r);
  });
  await t('harness: javascript: URLs in an index are dropped', async () => {
    await page.fill('#search-input', 'evilurl');
    await page.waitForSelector('#search-results .search-empty', WAIT);
    return true;
  });
  await t('harness: a second spec gets its prefix', async () => {
    await page.fill('#search-input', 'portalThing');
    await page.waitForSelector('#search-results [role=option]', WAIT);
    const href = await page.getAttribute('#search-results a', 'href');
    return href === 'other/messages/portal-thing.html' || href;
  });
  await t('harness: arrows and Enter open a result', async () => {
    await page.fill('#search-input', 'gatecommand');
    await page.waitForSelector('#search-results [role=option]', WAIT);
    await page.keyboard.press('ArrowDown');
    await Promise.all([page.waitForEvent('load', WAIT), page.keyboard.press('Enter')]);
    return page.url().endsWith('/messages/gate-command.html') || page.url();
  });
  await t('harness: a sub-page resolves results from data-root', async () => {
    await page.goto(fileUrl(dir, 'messages/gate-command.html'));
    await page.keyboard.press('Control+k');
    await page.keyboard.type('gateAck');
    await page.waitForSelector('#search-results [role=option]', WAIT);
    const href = await page.getAttribute('#search-results a', 'href');
    return href === '../messages/gate-ack.html' || href;
  });
  await page.goto(url);
  await t('harness: the theme toggle switches and is remembered', async () => {
    const before = await page.evaluate(() => document.documentElement.getAttribute('data-theme'));
    await page.click('.theme-toggle');
    const after = await page.evaluate(() => document.documentElement.getAttribute('data-theme'));
    await page.reload();
    const kept = await page.evaluate(() => document.documentElement.getAttribute('data-theme'));
    const label = await page.getAttribute('.theme-toggle', 'aria-label');
    await page.click('.theme-toggle');
    const back = await page.evaluate(() => document.documentElement.getAttribute('data-theme'));
    return (before === null && after === 'dark' && kept === 'dark' && back === 'light' &&
      label === 'Switch to light theme') || JSON.stringify({ before, after, kept, back, label });
  });
  await t('harness: every pre.code gets a labelled Copy button', async () => {
    const r = await page.evaluate(() => ({
      pres: document.querySelectorAll('pre.code').length,
      buttons: [...document.querySelectorAll('pre.code > button.copy-button')].map((b) => `${b.textContent}|${b.getAttribute('aria-label')}|${b.type}`),
    }));
    return (r.pres === 2 && r.buttons.every((b) => b === 'Copy|Copy code|button')) || JSON.stringify(r);
  });
  await t('harness: Copy copies the code and says Copied', async () => {
    await page.click('pre.code >> nth=0 >> button');
    await page.waitForFunction(() => document.querySelector('pre.code button').textContent === 'Copied', null, WAIT);
    const copied = await page.evaluate(() => window.__copied);
    return copied === '{"gate": "open"}' || String(copied);
  });
  await t('harness: printing opens every details and restores them', async () => {
    const r = await page.evaluate(() => {
      const open = () => [...document.querySelectorAll('details')].map((d) => d.open);
      const before = open();
      window.dispatchEvent(new Event('beforeprint'));
      const during = open();
      window.dispatchEvent(new Event('afterprint'));
      return { before, during, after: open() };
    });
    return (r.during.every(Boolean) && JSON.stringify(r.after) === JSON.stringify(r.before) && r.before.includes(false)) || JSON.stringify(r);
  });
  await t('harness: js-only controls are shown', async () =>
    page.evaluate(() => !document.querySelector('[data-js-only]').hidden && document.documentElement.classList.contains('js')));
  await t('harness: no error and nothing trapped', async () => {
    const hits = await page.evaluate(() => window.__hits.slice());
    return (hits.length === 0 && page.problems.length === 0) || hits.join(', ');
  });
  await context.close();

  // Without JavaScript the page still shows and nothing breaks.
  const nojs = await newContext(browser, { javaScriptEnabled: false });
  const p2 = await newPage(nojs);
  await p2.goto(url);
  ok(p2.problems.length === 0 && (await p2.$$('details')).length > 0, 'harness: the page works without JavaScript', p2.problems);
  await nojs.close();
}

// ------------------------------------------------------------------ main
async function main() {
  const o = parseArgs(process.argv.slice(2));
  allowList = o.allow;
  console.log('TAP version 13');
  const args = ['--disable-gpu', '--no-first-run', '--disable-dev-shm-usage'];
  if (process.getuid && process.getuid() === 0) args.push('--no-sandbox');
  const browser = await chromium.launch({ executablePath: o.chromium, headless: true, args });
  try {
    for (const site of o.sites) {
      diag(`site ${site.dir}`);
      const pages = htmlPages(site.dir);
      ok(pages.includes('index.html'), `${site.dir} has index.html`, pages);
      await checkPages(browser, site.dir, pages);
      await checkNarrow(browser, site.dir, pages);
      await checkSearch(browser, site);
      await checkSidebar(browser, site.dir);
      await checkAxe(browser, site.dir, pages);
    }
    for (const dir of o.hostile) {
      diag(`hostile site ${dir}`);
      await checkHostile(browser, dir);
    }
    if (o.harness) {
      diag(`harness ${o.harness}`);
      await checkHarness(browser, o.harness);
    }
  } finally {
    await browser.close();
  }
  done();
}

main().catch((e) => stopped('browser tests stopped', e));
