// Hawtio as an operator uses it: log in, open the Camel routes tree, find a route and read its
// exchange counts off the routes table, in Debian's headless Chromium driven by playwright-core.
//
//   node e2e/hawtio.mjs <hub base URL> <screenshot.png> [route id]
//
// Prints one JSON object on stdout (the last line), whatever happens; exits 0 when every step
// ran, 1 otherwise. HawtioBrowserTest runs it and asserts on the JSON. Never waits forever: each
// step has its own timeout and the whole run gives up after HAWTIO_E2E_DEADLINE_MS.
import { chromium } from 'playwright-core';
import { executablePath, chromiumArgs, STEP_MS, run } from './browser.mjs';

const [base, screenshot, routeId = 'ingress-whatsapp'] = process.argv.slice(2);
if (!base || !screenshot) {
  console.error('usage: node e2e/hawtio.mjs <hub base URL> <screenshot.png> [route id]');
  process.exit(2);
}
const username = process.env.HAWTIO_USER || 'ops';
const password = process.env.HAWTIO_PASSWORD || 'sandbox-ops';
const DEADLINE_MS = Number(process.env.HAWTIO_E2E_DEADLINE_MS || 75_000);

const result = {
  ok: false,
  loggedIn: false,
  refused: [],          // console calls the hub refused (401/403), which an operator would see as errors
  contextName: null,    // the Camel context the tree shows
  treeRoutes: [],       // the route nodes under the context's routes folder in the tree
  table: null,          // the routes table's row for routeId, as the page shows it
  attributes: null,     // the route's own Attributes tab: ExchangesTotal / ExchangesCompleted
  screenshot: null,
  steps: [],
  error: null,
};
const { started, step, finish, holding, close } = run(result, DEADLINE_MS);

try {
  // playwright-core gives each launch a fresh, empty --user-data-dir of its own
  const browser = holding(await chromium.launch({ executablePath, headless: true, timeout: STEP_MS, args: chromiumArgs }));
  step(`launched ${executablePath} ${browser.version()}`);

  // the browser's own basic-auth answer, as an operator types it into the browser's login prompt
  const context = await browser.newContext({
    httpCredentials: { username, password, origin: new URL(base).origin },
    viewport: { width: 1280, height: 800 },
  });
  context.setDefaultTimeout(STEP_MS);
  const page = await context.newPage();
  if (process.env.HAWTIO_E2E_DEBUG) {
    page.on('requestfinished', (request) => {
      const t = request.timing();
      console.error(`${Date.now() - started}ms ${request.method()} ${request.url().slice(0, 120)} ${Math.round(t.responseEnd)}ms`);
    });
  }
  page.on('response', (response) => {
    if ([401, 403].includes(response.status()) && response.url().includes('/actuator/')) {
      result.refused.push(`${response.request().method()} ${new URL(response.url()).pathname} ${response.status()}`);
    }
  });

  const answer = await page.goto(`${base}/actuator/hawtio/camel`, { waitUntil: 'domcontentloaded' });
  result.loggedIn = answer.status() === 200;
  step(`GET /actuator/hawtio/camel ${answer.status()}`);
  if (!result.loggedIn) throw new Error(`the console answered ${answer.status()}`);

  // the Camel tree: <context> > routes > <route ids> (Hawtio gives both the tree and its list
  // the id camel-tree-view: take the list, by its role)
  const tree = page.getByRole('tree');
  await tree.waitFor();
  const nodeText = 'button[class*="tree-view__node-text"]';
  const routesFolder = tree.locator(nodeText, { hasText: /^routes$/ }).first();
  await routesFolder.waitFor();
  step('tree rendered');

  // the routes folder's children, as the tree lists them (expanding it if it is not yet)
  const folderItem = routesFolder.locator('xpath=ancestor::li[@role="treeitem"][1]');
  if ((await folderItem.getAttribute('aria-expanded')) !== 'true') {
    await folderItem.locator('button[class*="tree-view__node-toggle"]').first().click();
  }
  const routeNode = folderItem.locator(`li[role="treeitem"] ${nodeText}`, { hasText: new RegExp(`^${routeId}$`) });
  await routeNode.waitFor();
  result.treeRoutes = (await folderItem.locator(`li[role="treeitem"] ${nodeText}`).allTextContents()).map((name) => name.trim());
  result.contextName = (await folderItem.locator('xpath=ancestor::li[@role="treeitem"][1]').locator(nodeText).first()
    .textContent())?.trim() ?? null;
  step(`tree lists ${result.treeRoutes.length} routes of ${result.contextName}`);

  // select the routes folder: the main pane shows the routes table
  await routesFolder.click();
  // its first tab is the route diagram: the table is on the Routes tab
  await page.getByRole('link', { name: 'Routes', exact: true }).click();
  const table = page.locator('#camel-routes-table');
  await table.waitFor();
  step(`routes table at ${new URL(page.url()).pathname}`);

  // the routes table's row for the route: Completed and Total as the page shows them
  const row = table.locator('tbody tr').filter({ has: page.locator('td[data-label="Name"]', { hasText: new RegExp(`^${routeId}$`) }) });
  await row.waitFor();
  const cell = async (label) => (await row.locator(`td[data-label="${label}"]`).textContent())?.trim();
  result.table = {
    name: await cell('Name'),
    state: await cell('State'),
    completed: Number(await cell('Completed')),
    failed: Number(await cell('Failed')),
    total: Number(await cell('Total')),
    inflight: Number(await cell('InFlight')),
  };
  step(`table row ${JSON.stringify(result.table)}`);

  // the route itself in the tree: its Attributes tab lists ExchangesTotal, as a JMX attribute
  await routeNode.click();
  const attributesTab = page.getByRole('link', { name: 'Attributes', exact: true });
  await attributesTab.click();
  const attributes = page.locator('table').filter({ hasText: 'ExchangesTotal' }).first();
  await attributes.waitFor();
  const attribute = async (name) => {
    const tr = attributes.locator('tr').filter({ has: page.locator('td', { hasText: new RegExp(`^${name}$`) }) }).first();
    return Number((await tr.locator('td').nth(1).textContent())?.trim());
  };
  result.attributes = { exchangesTotal: await attribute('ExchangesTotal'), exchangesCompleted: await attribute('ExchangesCompleted') };
  step(`attributes ${JSON.stringify(result.attributes)}`);

  // the picture for docs/operations.md: the route found in the tree, its exchange counts beside it
  const menu = page.getByRole('button', { name: 'Global navigation' });
  if (await menu.count()) await menu.first().click();
  for (const close of await page.locator('[class*="alert__action"] button').all()) await close.click().catch(() => {});
  await routeNode.scrollIntoViewIfNeeded();
  await page.waitForTimeout(500);
  await page.screenshot({ path: screenshot });
  result.screenshot = screenshot;
  step('screenshot');

  result.ok = true;
} catch (e) {
  result.error = String(e?.message ?? e).split('\n').slice(0, 6).join(' | ');
} finally {
  await Promise.race([close(), new Promise((r) => setTimeout(r, 5000))]).catch(() => {});
}
finish(result.ok ? 0 : 1);
