// Page weight and time to first render on a slow 3G profile, per page type, in headless
// Chromium. A measurement, not a test:  SANWU_SITE=target/ci-site node tests/browser/bench-pages.mjs
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';

const repo = path.resolve(import.meta.dirname, '../..');
const site = path.resolve(repo, process.env.SANWU_SITE || 'target/ci-site');
const { server, url: base } = await serve(site);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const firstDir = (rel) => fs.readdirSync(path.join(site, rel)).filter((n) => fs.statSync(path.join(site, rel, n)).isDirectory()).sort()[0];
const town = firstDir('towns');
const village = firstDir(`towns/${town}`);
const v = `towns/${town}/${village}`;
const statement = fs.readdirSync(path.join(site, v, 'finance')).sort().find((d) => d.includes('statement'));
const rev = firstDir(`${v}/finance/${statement}/history`);
const pages = {
  home: '', town: `towns/${town}/`, village: `${v}/`, statement: `${v}/finance/${statement}/`,
  revision: `${v}/finance/${statement}/history/${rev}/`, enforcement: 'enforcement/',
  'enforcement item': `enforcement/${firstDir('enforcement')}/`, search: 'search/', changes: 'changes/',
};
// Chrome DevTools' "Slow 3G": 400 ms latency, 400 kbit/s down and up.
const slow3g = { offline: false, latency: 400, downloadThroughput: (400 * 1024) / 8, uploadThroughput: (400 * 1024) / 8 };
console.log('| page | HTML bytes | total bytes loaded | first contentful paint, slow 3G |');
console.log('|---|---:|---:|---:|');
for (const [name, rel] of Object.entries(pages)) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', slow3g);
  let total = 0;
  cdp.on('Network.loadingFinished', (e) => { total += e.encodedDataLength; });
  await page.goto(base + rel, { waitUntil: 'load', timeout: 120000 });
  const fcp = await page.evaluate(() => new Promise((resolve) => {
    new PerformanceObserver((list) => {
      const e = list.getEntriesByName('first-contentful-paint')[0];
      if (e) resolve(e.startTime);
    }).observe({ type: 'paint', buffered: true });
    setTimeout(() => resolve(NaN), 5000);
  }));
  const html = fs.statSync(path.join(site, rel, 'index.html')).size;
  console.log(`| ${name} | ${html.toLocaleString('en')} | ${total.toLocaleString('en')} | ${Math.round(fcp)} ms |`);
  await ctx.close();
}
await browser.close();
server.close();
