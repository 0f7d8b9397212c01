// What the browser tests share: how Debian's Chromium is started here, and how a run reports.
// Each script prints one JSON object as its last line of stdout, whatever happens, exits 0 when
// every step ran and 1 otherwise, and never waits for ever: each step has its own timeout and the
// whole run gives up at its deadline.

export const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';

// as root, on a machine whose network is closed: without the background-networking flags Chromium
// opens connections that are refused, many at a time
export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const STEP_MS = 30_000;

/**
 * A run's report: result.steps gets a timed line per step(); finish(code) prints the result and
 * exits; past deadlineMs the run closes its browser (waiting 3 s at most) and finishes with 1.
 * cleanup() runs before the result is printed.
 */
export function run(result, deadlineMs, cleanup = () => {}) {
  const started = Date.now();
  let browser;
  const step = (name) => result.steps.push(`${Date.now() - started}ms ${name}`);
  const finish = (code) => {
    try { cleanup(); } catch { /* best effort */ }
    process.stdout.write('\n' + JSON.stringify(result) + '\n');
    process.exit(code);
  };
  const deadline = setTimeout(() => {
    result.error = `gave up after ${deadlineMs} ms`;
    // closing the browser may itself hang; exit anyway (the test kills what is left)
    Promise.race([browser?.close(), new Promise((r) => setTimeout(r, 3000))]).finally(() => finish(1));
  }, deadlineMs);
  return {
    started,
    step,
    finish,
    deadline,
    holding: (opened) => { browser = opened; return opened; },
    close: async () => { clearTimeout(deadline); await browser?.close(); },
  };
}
