// Drive the Microsoft 365 Agents Playground page in Debian's Chromium (headless) for a test.
//
// Usage: node browser_driver.js URL SCREENSHOT_DIR PROFILE_DIR
// Reads one JSON step a line on stdin, answers one JSON line on stdout per step:
//   {"say": TEXT}                type TEXT in the compose box and press Enter
//   {"click": TITLE}             click the newest card button titled TITLE
//   {"fill": LABEL, "text": T}   type T into the newest card input labelled LABEL
//   {"check": LABEL}             tick the newest card's checkbox (or radio) labelled LABEL
//   {"expect": TEXT, "shot": N}  wait for a bot message (sent since the last say/click) whose
//                                text contains TEXT, then save screenshot N.png
//   {"updated": TEXT, "shot": N} wait for a bot message shown before the last say/click to
//                                change in place (Action.Execute) to contain TEXT, with no new
//                                bot message since; then save screenshot N.png
// Answer: {"ok": true, "replies": [bot message texts since the last say/click], "shot": PATH}
// or {"ok": false, "error": ..., "replies": [...], "shot": PATH of a failure screenshot}.
// Every request not to 127.0.0.1/localhost is aborted and listed in the final "blocked" line.
'use strict';

const path = require('path');
const readline = require('readline');
const { chromium } = require('playwright-core');

const [url, shotDir, profileDir] = process.argv.slice(2);
const WAIT_MS = Number(process.env.BROWSER_STEP_TIMEOUT_MS || 20000);
const LOCAL = new Set(['127.0.0.1', 'localhost']);
const BOT = '.fai-OutputCard'; // one per bot message; the person's own messages have none
const COMPOSER = '[data-lexical-editor="true"]';

function send(answer) {
  process.stdout.write(JSON.stringify(answer) + '\n');
}

async function botTexts(page) {
  return page.locator(BOT).evaluateAll((nodes) => nodes.map((n) => n.innerText.trim()));
}

async function main() {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 900 },
  });
  const blocked = [];
  const errors = [];
  const page = context.pages()[0] || (await context.newPage());
  await context.route('**/*', (route) => {
    const target = new URL(route.request().url());
    if (LOCAL.has(target.hostname)) return route.continue();
    blocked.push(target.origin);
    return route.abort();
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(url);
  await page.locator(COMPOSER).waitFor({ timeout: WAIT_MS });

  let mark = 0; // bot messages on the page before the last say/click
  let shots = 0;
  const shoot = async (name) => {
    shots += 1;
    const file = path.join(shotDir, `${String(shots).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file });
    return file;
  };
  const act = async (step) => {
    if ('say' in step) {
      mark = await page.locator(BOT).count();
      await page.locator(COMPOSER).click();
      await page.keyboard.type(step.say);
      await page.keyboard.press('Enter');
      return {};
    }
    if ('click' in step) {
      mark = await page.locator(BOT).count();
      const button = page.locator(`${BOT} button[title=${JSON.stringify(step.click)}]`).last();
      await button.click({ timeout: WAIT_MS });
      return {};
    }
    if ('fill' in step) {
      await page.locator(BOT).last().getByLabel(step.fill).fill(step.text, { timeout: WAIT_MS });
      return {};
    }
    if ('check' in step) {
      // Adaptive Cards name a choice by aria-label; its accessible name also has the group label.
      const box = page.locator(BOT).last().locator(`input[aria-label=${JSON.stringify(step.check)}]`);
      await box.check({ timeout: WAIT_MS });
      return {};
    }
    if ('expect' in step) {
      await page.waitForFunction(
        ([selector, from, text]) =>
          Array.from(document.querySelectorAll(selector))
            .slice(from)
            .some((node) => node.innerText.includes(text)),
        [BOT, mark, step.expect],
        { timeout: WAIT_MS },
      );
      await page.waitForTimeout(300); // let the card finish laying out before the screenshot
      return { shot: await shoot(step.shot || 'step') };
    }
    if ('updated' in step) {
      await page.waitForFunction(
        ([selector, before, text]) => {
          const nodes = Array.from(document.querySelectorAll(selector));
          return (
            nodes.length === before &&
            nodes.slice(0, before).some((node) => node.innerText.includes(text))
          );
        },
        [BOT, mark, step.updated],
        { timeout: WAIT_MS },
      );
      await page.waitForTimeout(300);
      const shot = await shoot(step.shot || 'step');
      return { shot, replies: (await botTexts(page)).slice(mark - 1) };
    }
    throw new Error(`unknown step ${JSON.stringify(step)}`);
  };

  const input = readline.createInterface({ input: process.stdin });
  for await (const line of input) {
    if (!line.trim()) continue;
    const step = JSON.parse(line);
    try {
      const done = await act(step);
      send({ ok: true, replies: (await botTexts(page)).slice(mark), ...done });
    } catch (error) {
      const replies = (await botTexts(page)).slice(mark);
      const shot = await shoot('failed');
      send({ ok: false, error: String(error).split('\n')[0], pageErrors: errors, replies, shot });
    }
  }
  send({ ok: true, blocked: [...new Set(blocked)], pageErrors: errors });
  await context.close();
}

main().catch((error) => {
  send({ ok: false, error: String(error), fatal: true });
  process.exit(1);
});
