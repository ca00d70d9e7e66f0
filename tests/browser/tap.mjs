// TAP output and argument reading shared by the browser tests (run.mjs,
// tabs.mjs).

let count = 0;
let failures = 0;

// One line; a '#' that would read as a SKIP/TODO directive is escaped.
export const clean = (s) => String(s).replace(/\s+/g, ' ').replace(/#(?=\s*(skip|todo))/gi, '\\#');

export function diag(lines) {
  for (const l of [].concat(lines)) {
    // eslint-disable-next-line no-control-regex
    for (const part of String(l).replace(/\x1b\[[0-9;]*m/g, '').split('\n')) console.log(`# ${part}`);
  }
}

export function ok(cond, desc, details = []) {
  count++;
  console.log(`${cond ? 'ok' : 'not ok'} ${count} - ${clean(desc)}`);
  if (!cond) {
    failures++;
    diag(details);
  }
  return cond;
}

export function skip(desc, why) {
  count++;
  console.log(`ok ${count} - ${clean(desc)} # SKIP ${clean(why)}`);
}

// The plan line, last; the exit code says whether anything failed.
export function done() {
  console.log(`1..${count}`);
  process.exitCode = failures > 0 ? 1 : 0;
}

// A failure that stops the tests: one more "not ok", then the plan.
export function stopped(what, e) {
  failures++;
  console.log(`not ok ${++count} - ${clean(what)}: ${clean(e && e.message ? e.message : e)}`);
  done();
}

// Walks argv: flag(name, value) for each argument, where value() takes
// the next one; flag returns false for an unknown name.
export function eachArg(argv, flag) {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (!flag(a, value)) throw new Error(`unknown argument ${a}`);
  }
}
