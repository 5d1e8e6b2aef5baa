// Community in a real browser: a member joins an open group; the demo
// organiser joins the waiting list of the demo event whose one place the
// demo member holds; the member says "I can't go now" and the organiser is
// given the place and emailed: the email is sent by SMTP to a real server
// (aiosmtpd, which scripts/test starts and `kith serve` relays through) and
// read from its maildir, and its link is followed in the browser. Every
// page on the way is audited with axe-core.
//
// Run by scripts/test against `kith serve --demo`; KITH_URL gives the server
// and KITH_MAILDIR the SMTP server's maildir (see helpers.js).
// It puts the demo event back as it found it: the member goes again and
// the organiser gives the place back.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, visit, assertAccessible, newPage, normaliseText, waitForEmail, baseUrl } from './helpers.js';

const TEST_TIMEOUT = 180_000;
const PASSWORD = 'kith demo password';
const ORGANISER = 'organiser@demo.kith.test';
const MEMBER = 'member@demo.kith.test';

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

test('join a group, then the waiting list promotes the next person with an email', { timeout: TEST_TIMEOUT }, async () => {
  const member = await signedIn(MEMBER);
  const organiser = await signedIn(ORGANISER);
  try {
    // The member's events: the one-place demo event.
    await visit(member.page, '/my/events');
    await assertAccessible(member.page, '/my/events');
    const eventLink = member.page.locator('main table a').first();
    const eventPath = await eventLink.getAttribute('href');
    assert.match(eventPath, /^\/events\//);

    // An open group: one press, then it is on "My groups".
    await visit(member.page, '/search?kind=group');
    const groups = await member.page.locator('main a[href^="/groups/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    let joined = null;
    for (const path of groups.slice(0, 10)) {
      await visit(member.page, path);
      const join = member.page.locator('#joining button', { hasText: 'Join this group' });
      if ((await join.count()) === 1) {
        await assertAccessible(member.page, `${path} (not a member)`);
        await join.click();
        assert.match(await mainText(member.page), /You are a member of this group/);
        joined = path;
        break;
      }
    }
    assert.ok(joined, 'an open group among the first results');
    await visit(member.page, '/my/groups');
    await assertAccessible(member.page, '/my/groups');
    assert.ok((await member.page.locator(`main a[href="${joined}"]`).count()) === 1);
    await visit(member.page, joined);
    await member.page.locator('#joining button', { hasText: 'Leave this group' }).click();

    // The event is full: the organiser joins the waiting list.
    await visit(organiser.page, eventPath);
    assert.match(await mainText(organiser.page), /Full/);
    const eventName = normaliseText(await organiser.page.textContent('main h1'));
    await assertAccessible(organiser.page, `${eventPath} (full)`);
    await organiser.page.locator('#going button', { hasText: 'Join the waiting list' }).first().click();
    assert.match(await mainText(organiser.page), /You are number 1 on the waiting list/);

    // The member drops out: the organiser gets the place and an email.
    const since = Date.now() - 1000;
    await visit(member.page, eventPath);
    await member.page.locator('#going button', { hasText: "I can't go now" }).first().click();
    const email = await waitForEmail(ORGANISER, 'A place has come up', since);
    assert.match(email.to, new RegExp(ORGANISER.replace(/[.]/g, '\\.'), 'i'));
    assert.equal(email.subject, `A place has come up: ${eventName} - Kith`);
    // The email's link opens the event, where the place is theirs.
    const link = email.text.match(/https?:\/\/[^\s"<>]+\/events\/[a-z0-9-]+/);
    assert.ok(link, 'the email links to the event');
    assert.equal(new URL(link[0]).origin, new URL(baseUrl).origin, 'the link is to this site');
    assert.equal(new URL(link[0]).pathname, eventPath);
    const opened = await organiser.page.goto(link[0], { waitUntil: 'load' });
    assert.equal(opened.status(), 200);
    assert.match(await mainText(organiser.page), /You are going\./);
    await visit(organiser.page, '/my/events');
    assert.match(await mainText(organiser.page), /Going/);

    // Back as it was: the member waits, the organiser gives the place back.
    await visit(member.page, eventPath);
    await member.page.locator('#going button', { hasText: 'Join the waiting list' }).first().click();
    await visit(organiser.page, eventPath);
    await organiser.page.locator('#going button', { hasText: "I can't go now" }).first().click();
    await visit(member.page, eventPath);
    assert.match(await mainText(member.page), /You are going\./);
  } finally {
    await member.context.close();
    await organiser.context.close();
  }
});
