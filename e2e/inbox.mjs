// The human agent's inbox as a person uses it, in Debian's headless Chromium driven by
// playwright-core: log in as an agent, open /inbox, wait (without reloading) for the customer's
// escalation to appear, read its context, claim it, reply, resolve it.
//
//   node e2e/inbox.mjs <hub base URL> <customer id> <reply text> <resolution> <screenshot.png>
//
// Prints "READY" once the page is open and polling (AgentInboxBrowserTest then has the customer
// ask for a person), and one JSON object on stdout as its last line, whatever happens; exits 0
// when every step ran, 1 otherwise. Never waits forever: each step has its own timeout and the
// whole run gives up after INBOX_E2E_DEADLINE_MS.
import { chromium } from 'playwright-core';
import { executablePath, chromiumArgs, STEP_MS, run } from './browser.mjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [base, customerId, replyText, resolution, screenshot] = process.argv.slice(2);
if (!base || !customerId || !replyText || !resolution || !screenshot) {
  console.error('usage: node e2e/inbox.mjs <hub base URL> <customer id> <reply text> <resolution> <screenshot.png>');
  process.exit(2);
}
const username = process.env.INBOX_USER || 'agent';
const password = process.env.INBOX_PASSWORD || 'sandbox-agent';
const DEADLINE_MS = Number(process.env.INBOX_E2E_DEADLINE_MS || 110_000);

const result = {
  ok: false,
  loggedIn: false,
  reloads: 0,            // navigations of the page after the first: the case must appear without one
  escalationId: null,
  card: null,            // the case's card in the queue, as the page shows it
  context: null,         // what the detail shows: customer, facts, confirmations, messages
  sequenceDrawn: false,  // mermaid drew the session's diagram (an <svg>)
  injected: null,        // did markup in the customer's text run or become elements?
  claimed: null,
  replied: null,
  resolved: null,
  leftTheQueue: false,
  refused: [],           // calls the hub refused or failed, which the agent would see as errors
  consoleErrors: [],
  screenshot: null,
  steps: [],
  error: null,
};
const profile = mkdtempSync(join(tmpdir(), 'inbox-chromium-'));
const { step, finish, holding, close } = run(result, DEADLINE_MS, () => rmSync(profile, { recursive: true, force: true }));

try {
  // a fresh profile of its own (launchPersistentContext takes the --user-data-dir)
  const context = holding(await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    timeout: STEP_MS,
    args: chromiumArgs,
    // the browser's own basic-auth answer, as an agent types it into the browser's login prompt
    httpCredentials: { username, password, origin: new URL(base).origin },
    viewport: { width: 1360, height: 1000 },
  }));
  context.setDefaultTimeout(STEP_MS);
  step(`launched ${executablePath}`);
  const page = context.pages()[0] ?? await context.newPage();
  page.on('response', (response) => {
    if (response.status() >= 400) {
      result.refused.push(`${response.request().method()} ${new URL(response.url()).pathname} ${response.status()}`);
    }
  });
  page.on('console', (message) => { if (message.type() === 'error') result.consoleErrors.push(message.text().slice(0, 300)); });
  page.on('pageerror', (error) => result.consoleErrors.push(String(error).slice(0, 300)));
  let navigations = 0;
  page.on('framenavigated', (frame) => { if (frame === page.mainFrame()) navigations++; });

  const answer = await page.goto(`${base}/inbox`, { waitUntil: 'domcontentloaded' });
  result.loggedIn = answer.status() === 200;
  step(`GET /inbox ${answer.status()}`);
  if (!result.loggedIn) throw new Error(`the inbox answered ${answer.status()}`);
  await page.locator('#live', { hasText: 'live' }).waitFor();
  step('polling');
  // canaries: markup in the customer's text must not run
  await page.evaluate(() => { window.__inboxInjected = 0; });
  process.stdout.write('READY\n');

  // the case appears in the queue by itself: no reload
  const card = page.locator(`#cases button.case[data-customer-id="${customerId}"]`).first();
  await card.waitFor({ timeout: 60_000 });
  result.reloads = navigations - 1;
  result.escalationId = await card.getAttribute('data-escalation-id');
  result.card = (await card.innerText()).replace(/\s+/g, ' ').trim();
  step(`case appeared: ${result.escalationId}`);

  // its context at a glance
  await card.click();
  await page.locator('#customer-name').waitFor();
  const messages = page.locator('#messages li[data-type="customer_message"]');
  await messages.first().waitFor();
  await page.locator('#confirmed li.confirmed').first().waitFor();
  await page.locator('#sequence svg').waitFor({ timeout: 45_000 }).then(() => { result.sequenceDrawn = true; }, () => {});
  const facts = {};
  for (const dd of await page.locator('#facts dd').all()) facts[await dd.getAttribute('data-fact')] = (await dd.textContent()).trim();
  result.context = {
    customer: (await page.locator('#customer-name').textContent()).trim(),
    reason: (await page.locator('#reason').textContent()).trim(),
    facts,
    confirmed: (await page.locator('#confirmed li.confirmed').allTextContents()).map((t) => t.trim()),
    messages: (await page.locator('#messages li').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim()),
    customerTexts: (await page.locator('#messages li[data-type="customer_message"] .text').allTextContents()),
  };
  result.injected = await page.evaluate(() => ({
    ran: window.__inboxInjected !== 0,
    elements: document.querySelectorAll('#detail img, #detail script, #cases img, #cases script, #detail [onerror]').length,
  }));
  step(`context read; sequence drawn: ${result.sequenceDrawn}`);

  // claim
  await page.locator('#claim').click();
  await page.locator('#reply-text').waitFor();
  result.claimed = (await page.locator(`#cases button.case[data-escalation-id="${result.escalationId}"] .badge`).textContent()).trim();
  step(`claimed: ${result.claimed}`);

  // reply on the customer's channel
  await page.locator('#reply-text').fill(replyText);
  await page.locator('#send-reply').click();
  const myReply = page.locator('#messages li[data-type="human_reply"] .text', { hasText: replyText });
  await myReply.waitFor();
  result.replied = {
    shown: (await myReply.textContent()).trim(),
    notice: (await page.locator('#notice').textContent()).trim(),
    channel: (await page.locator('label[for="reply-text"]').textContent()).trim(),
  };
  step('reply shown in the conversation');

  // the picture for docs/operations.md: a claimed case with its context, the reply in the conversation
  await page.locator('#sequence').scrollIntoViewIfNeeded().catch(() => {});
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(300);
  await page.screenshot({ path: screenshot, fullPage: true });
  result.screenshot = screenshot;
  step('screenshot');

  // resolve and hand back
  await page.locator('#resolution').fill(resolution);
  await page.locator('#resolve').click();
  await page.locator('#resolved').waitFor();
  result.resolved = (await page.locator('#resolved').textContent()).trim();
  await page.locator(`#cases button.case[data-escalation-id="${result.escalationId}"]`).waitFor({ state: 'detached' });
  result.leftTheQueue = true;
  result.reloads = navigations - 1;
  step('resolved; the case left the queue');

  result.ok = true;
} catch (e) {
  result.error = String(e?.message ?? e).split('\n').slice(0, 6).join(' | ');
} finally {
  await Promise.race([close(), new Promise((r) => setTimeout(r, 5000))]).catch(() => {});
}
finish(result.ok ? 0 : 1);
