// Many tabs of one `asyncdoc serve` preview in one headless Chromium (TAP).
//
//   node tabs.mjs --chromium PATH --url URL --spec FILE --mode MODE [--tabs N]
//
// URL is the preview of FILE (a copy the test may edit). MODE says what the
// pages have: "shared" (SharedWorker), "leader" (SharedWorker deleted
// before any script runs: the tabs elect a leader with a Web Lock) or
// "alone" (SharedWorker, BroadcastChannel and Web Locks deleted: a stream
// per tab; run it with fewer than six tabs).
//
// The number of event streams is counted by the server: its
// /__asyncdoc/status says how many are open, were opened, and were open
// at most at once. Every wait is for an event, with a generous deadline.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { diag, done, eachArg, ok, stopped } from './tap.mjs';

const DEADLINE = 45000;

function parseArgs(argv) {
  const o = { chromium: '/usr/bin/chromium', url: null, spec: null, mode: 'shared', tabs: 8 };
  eachArg(argv, (a, v) => {
    if (a === '--chromium') o.chromium = v();
    else if (a === '--url') o.url = v();
    else if (a === '--spec') o.spec = v();
    else if (a === '--mode') o.mode = v();
    else if (a === '--tabs') o.tabs = Number(v());
    else return false;
    return true;
  });
  if (!o.url || !o.spec) throw new Error('--url and --spec are needed');
  return o;
}

// The server's own count of event streams.
async function status(url) {
  const r = await fetch(new URL('/__asyncdoc/status', url));
  return r.json();
}

// Polls probe() (async, may throw while a page navigates) until it gives
// a truthy value or the deadline passes; returns the last value.
async function until(probe, ms = DEADLINE) {
  const end = Date.now() + ms;
  let v;
  for (;;) {
    try {
      v = await probe();
    } catch {
      v = undefined;
    }
    if (v || Date.now() >= end) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

// Saves the spec as editors do: a new file renamed over the old one.
function save(spec, text) {
  writeFileSync(`${spec}.tmp`, text);
  renameSync(`${spec}.tmp`, spec);
}

// Sets a mark on every page, then calls change(); resolves when every
// page lost the mark (it reloaded) and its title holds title. Returns the
// pages that did not.
async function allReload(pages, title, change) {
  await Promise.all(pages.map((p) => p.evaluate(() => { window.__asyncdocMark = 1; })));
  change();
  return (
    await Promise.all(
      pages.map(async (p, i) => {
        const done = await until(() => p.evaluate(
          (t) => !window.__asyncdocMark && document.readyState === 'complete' && document.title.includes(t), title));
        return done ? null : i;
      }),
    )
  ).filter((i) => i !== null);
}

// Every page shows the diagnostics overlay; returns those that do not.
async function allShowOverlay(pages) {
  return (
    await Promise.all(
      pages.map(async (p, i) => ((await until(() => p.evaluate(
        () => !!document.getElementById('asyncdoc-overlay')))) ? null : i)),
    )
  ).filter((i) => i !== null);
}

// How many tabs the shared worker serves, asked of the worker over the
// DevTools protocol (its asyncdocTabs()); null when it cannot be asked.
async function workerTabs(browser) {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { targetInfos } = await cdp.send('Target.getTargets');
    const w = targetInfos.find((t) => t.type === 'shared_worker');
    if (!w) return null;
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: w.targetId, flatten: false });
    const reply = new Promise((resolve) => {
      cdp.on('Target.receivedMessageFromTarget', (e) => {
        const m = JSON.parse(e.message);
        if (m.id === 1) resolve(m.result?.result?.value ?? null);
      });
    });
    await cdp.send('Target.sendMessageToTarget', {
      sessionId,
      message: JSON.stringify({ id: 1, method: 'Runtime.evaluate', params: { expression: 'self.asyncdocTabs()', returnByValue: true } }),
    });
    return await Promise.race([reply, new Promise((r) => setTimeout(() => r(null), 10000))]);
  } catch (e) {
    return `error: ${e.message}`;
  } finally {
    await cdp.detach().catch(() => {});
  }
}

const HIDE = {
  shared: null,
  leader: () => { delete window.SharedWorker; },
  alone: () => {
    delete window.SharedWorker;
    delete window.BroadcastChannel;
    Object.defineProperty(Navigator.prototype, 'locks', { value: undefined });
  },
};

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const original = readFileSync(o.spec, 'utf8');
  console.log('TAP version 13');
  diag(`mode ${o.mode}, ${o.tabs} tabs of ${o.url}`);
  const args = ['--disable-gpu', '--no-first-run', '--disable-dev-shm-usage'];
  if (process.getuid && process.getuid() === 0) args.push('--no-sandbox');
  const browser = await chromium.launch({ executablePath: o.chromium, headless: true, args });
  try {
    const context = await browser.newContext();
    if (HIDE[o.mode]) await context.addInitScript(HIDE[o.mode]);
    const pages = [];
    const errors = [];
    for (let i = 0; i < o.tabs; i++) {
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(`tab ${i}: ${e.message}`));
      pages.push(page);
    }
    // One after the other, as a reader opens them; a stalled load fails.
    const loaded = [];
    for (let i = 0; i < o.tabs; i++) {
      try {
        await pages[i].goto(o.url, { waitUntil: 'load', timeout: 30000 });
        if (await pages[i].evaluate(() => document.readyState === 'complete' && !!document.querySelector('main, body')))
          loaded.push(i);
      } catch (e) {
        errors.push(`tab ${i}: ${e.message.split('\n')[0]}`);
      }
    }
    ok(loaded.length === o.tabs, `${o.mode}: all ${o.tabs} tabs loaded (${loaded.length})`, errors);

    const one = o.mode !== 'alone';
    const want = one ? 1 : o.tabs;
    let st = await until(async () => {
      const s = await status(o.url);
      return s.streams >= want ? s : null;
    });
    st = st || (await status(o.url));
    ok(st.streams === want && st.streams_max === want,
      `${o.mode}: the server sees ${want} event stream${want > 1 ? 's' : ''} (${JSON.stringify(st)})`);

    if (o.mode === 'leader') {
      // The leader (the first tab, the first to ask for the lock) closes:
      // another tab takes the stream over.
      const before = (await status(o.url)).streams_opened;
      await pages.shift().close({ runBeforeUnload: false });
      const after = await until(async () => {
        const s = await status(o.url);
        return s.streams_opened > before ? s : null;
      });
      ok(!!after, `leader: a closed leader hands over (${JSON.stringify(after || (await status(o.url)))})`);
    }
    // A broken save: every tab shows the diagnostics, over the same stream.
    save(o.spec, `${original}\n  : [unclosed\n`);
    let missed = await allShowOverlay(pages);
    ok(missed.length === 0, `${o.mode}: a broken save shows the diagnostics in every tab`, `tabs without: ${missed}`);
    // A tab opened now is told of them by the relay (or its own stream).
    const late = await context.newPage();
    late.on('pageerror', (e) => errors.push(`late tab: ${e.message}`));
    await late.goto(o.url, { waitUntil: 'load', timeout: 30000 });
    pages.push(late);
    missed = await allShowOverlay([late]);
    ok(missed.length === 0, `${o.mode}: a tab opened while the spec is broken shows the diagnostics`);

    // A fixed save: every tab reloads and shows the change.
    const title = `ParkWise Edited ${Date.now()}`;
    const edited = original.replace(/^(  title: ).*$/m, `$1${title}`);
    ok(edited !== original, `${o.mode}: the spec has an info title to edit`);
    let saved = 0;
    missed = await allReload(pages, title, () => {
      saved = Date.now();
      save(o.spec, edited);
    });
    diag(`every tab reloaded within ${Date.now() - saved} ms of the save (wall clock, polled every 100 ms)`);
    ok(missed.length === 0, `${o.mode}: every tab reloads on a save and shows the change`, `tabs that did not: ${missed}`);

    if (one) {
      // The streams of the pages that went away count until the server's
      // next heartbeat (15 s) finds them closed: then one is left.
      st = await until(async () => {
        const s = await status(o.url);
        return s.streams === 1 ? s : null;
      });
      ok(!!st, `${o.mode}: one event stream again after every tab reloaded (${JSON.stringify(st || (await status(o.url)))})`);
    }

    if (o.mode === 'shared') {
      // Closed tabs leave the worker; the others still reload.
      const closing = pages.splice(0, 3);
      await Promise.all(closing.map((p) => p.close({ runBeforeUnload: false })));
      const n = await until(async () => ((await workerTabs(browser)) === pages.length ? pages.length : null), 15000);
      ok(n === pages.length, `shared: the worker serves the ${pages.length} tabs left after 3 closed (${n === null ? await workerTabs(browser) : n})`);
    }
    if (o.mode !== 'alone') {
      const again = `ParkWise Again ${Date.now()}`;
      missed = await allReload(pages, again, () => save(o.spec, original.replace(/^(  title: ).*$/m, `$1${again}`)));
      ok(missed.length === 0, `${o.mode}: the ${pages.length} tabs left all reload on the next save`, `tabs that did not: ${missed}`);
    }
    ok(errors.length === 0, `${o.mode}: no script error in any tab`, errors);
  } finally {
    writeFileSync(o.spec, original);
    await browser.close();
  }
  done();
}

main().catch((e) => stopped('tabs test stopped', e));
