// A group's discussions in a real browser, audited with axe-core: the list,
// a thread with replies, the "Start a discussion" form showing its errors,
// and, after the demo member edits their reply, the edit history the
// organiser can read.
//
// Run by scripts/test against `kith serve --demo`, whose demo organiser and
// member talk in one of the organiser's open groups; KITH_URL gives the
// server.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, visit, assertAccessible, newPage, normaliseText } from './helpers.js';

const TEST_TIMEOUT = 180_000;
const PASSWORD = 'kith demo password';
const ORGANISER = 'organiser@demo.kith.test';
const MEMBER = 'member@demo.kith.test';
const THREAD = 'First time next week';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

async function signedIn(email) {
  const { context, page } = await newPage(browser);
  await visit(page, '/sign-in');
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await page.click('main button[type=submit]');
  assert.notEqual(new URL(page.url()).pathname, '/sign-in', `${email} could not sign in`);
  return { context, page };
}

async function mainText(page) {
  return normaliseText(await page.textContent('main'));
}

/** The discussions of the demo member's group that has the demo conversation. */
async function demoDiscussions(page) {
  await visit(page, '/my/groups');
  const groups = await page
    .locator('main a[href^="/groups/"]')
    .evaluateAll((as) => [...new Set(as.map((a) => new URL(a.href).pathname))]);
  for (const group of groups) {
    const path = `${group.replace(/\/$/, '')}/discussions`;
    const response = await page.goto(new URL(path, page.url()).toString(), { waitUntil: 'load' });
    if (response?.status() === 200 && (await mainText(page)).includes(THREAD)) return path;
  }
  throw new Error(`none of the demo member's groups has the discussion "${THREAD}"`);
}

test('discussions: list, thread, form errors and edit history have no axe violations', { timeout: TEST_TIMEOUT }, async () => {
  const member = await signedIn(MEMBER);
  const organiser = await signedIn(ORGANISER);
  try {
    const list = await demoDiscussions(member.page);
    await assertAccessible(member.page, `${list} (member)`);
    assert.match(await mainText(member.page), /Welcome: start here Pinned/);

    // The start form with its errors: a summary, messages by the fields,
    // and what was typed kept.
    await member.page.fill('#title', 'x'.repeat(300));
    await member.page.click('#start ~ form button[type=submit]');
    await member.page.waitForSelector('.kith-error-summary');
    assert.equal(await member.page.inputValue('#title'), 'x'.repeat(300), 'what was typed is kept');
    assert.ok((await member.page.locator('.kith-error-message').count()) >= 2, 'a message by each field');
    await assertAccessible(member.page, `${list} (start form with errors)`);

    // A thread with replies.
    await visit(member.page, list);
    await member.page.locator('main a', { hasText: THREAD }).click();
    const thread = new URL(member.page.url()).pathname;
    assert.match(await mainText(member.page), /2 replies/);
    await assertAccessible(member.page, `${thread} (member)`);

    // The member edits their reply; the organiser reads what it said before.
    const mine = member.page.locator('article.kith-post', { hasText: 'Thank you, see you then!' });
    await mine.locator('a', { hasText: 'Edit' }).click();
    await assertAccessible(member.page, 'edit a post');
    await member.page.fill('#body', 'Thank you, see you then! I will bring biscuits.');
    await member.page.click('main form button[type=submit]');
    assert.match(await mainText(member.page), /I will bring biscuits\./);

    await visit(organiser.page, thread);
    await assertAccessible(organiser.page, `${thread} (organiser)`);
    await organiser.page.locator('main a[href$="/history"]').first().click();
    assert.match(new URL(organiser.page.url()).pathname, /\/discussions\/posts\/\d+\/history$/);
    const history = await mainText(organiser.page);
    assert.match(history, /Thank you, see you then!/);
    assert.match(history, /I will bring biscuits\./);
    await assertAccessible(organiser.page, 'edit history');
  } finally {
    await member.context.close();
    await organiser.context.close();
  }
});
