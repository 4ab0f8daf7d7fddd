// Run Lighthouse on several URLs and form factors with ONE shared Chrome.
//
//   node tests/browser/lighthouse_multi.mjs [--form-factor desktop|mobile]... \
//        [--chrome-path /usr/bin/chromium] [--report-dir DIR] URL...
//
// --form-factor may be given more than once (default: desktop); every URL is
// audited in every form factor, serially (parallel runs on 2 cores distort
// the performance score). Prints one JSON document on stdout:
//   {"lighthouseVersion": "...", "results": [{"url", "formFactor", "scores":
//    {category: score}, "failing": [{"id", "category", "score", "weight",
//    "title", "displayValue"}], "runtimeError", "seconds"}]}
// and, with --report-dir, writes <slug>-<formFactor>.report.{html,json} there.
// Exit code: 0 when every run produced a report (scores are judged by the
// caller), 2 on bad arguments, 1 when a run failed outright.
import fs from 'node:fs';
import path from 'node:path';
import {parseArgs} from 'node:util';

import * as chromeLauncher from 'chrome-launcher'; // a dependency of lighthouse
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';

const CHROME_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
  '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync'];
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const SCORED_MODES = new Set(['binary', 'numeric', 'metricSavings']);

let args;
try {
  args = parseArgs({
    allowPositionals: true,
    options: {
      'form-factor': {type: 'string', multiple: true, default: ['desktop']},
      'chrome-path': {type: 'string',
        default: process.env.CHROME_PATH || '/usr/bin/chromium'},
      'report-dir': {type: 'string'},
    },
  });
} catch (err) {
  console.error(String(err));
  process.exit(2);
}
const formFactors = args.values['form-factor'];
const urls = args.positionals;
for (const ff of formFactors) {
  if (ff !== 'desktop' && ff !== 'mobile') {
    console.error(`--form-factor must be desktop or mobile, not ${ff}`);
    process.exit(2);
  }
}
if (urls.length === 0) {
  console.error('give at least one URL');
  process.exit(2);
}
const reportDir = args.values['report-dir'];
if (reportDir) fs.mkdirSync(reportDir, {recursive: true});

/** The audits that cost points: scored, with a score below 1. */
function failingAudits(lhr) {
  const out = [];
  for (const [catId, cat] of Object.entries(lhr.categories)) {
    for (const ref of cat.auditRefs) {
      const audit = lhr.audits[ref.id];
      if (!audit || !SCORED_MODES.has(audit.scoreDisplayMode)) continue;
      if (audit.score === null || audit.score >= 1) continue;
      out.push({id: ref.id, category: catId, score: audit.score, weight: ref.weight,
        title: audit.title, displayValue: audit.displayValue ?? null});
    }
  }
  return out;
}

function slug(url) {
  const p = new URL(url).pathname.replace(/^\/+|\/+$/g, '').replace(/\.html$/, '');
  return p.replace(/[^A-Za-z0-9_-]+/g, '-') || 'index';
}

const chrome = await chromeLauncher.launch({
  chromePath: args.values['chrome-path'],
  chromeFlags: CHROME_FLAGS,
});
const results = [];
let version = null;
let failed = false;
try {
  for (const formFactor of formFactors) {
    const config = formFactor === 'desktop' ? desktopConfig : undefined; // default = mobile
    for (const url of urls) {
      const t0 = Date.now();
      const entry = {url, formFactor, scores: {}, failing: [], runtimeError: null, seconds: 0};
      try {
        const r = await lighthouse(url, {
          port: chrome.port,
          logLevel: 'error',
          output: reportDir ? ['json', 'html'] : 'json',
          onlyCategories: CATEGORIES,
          // Both only feed unweighted output (report thumbnails, the 'bf-cache'
          // diagnostic); dropping them saves ~1.5 s per run and changes no score.
          disableFullPageScreenshot: true,
          skipAudits: ['bf-cache'],
        }, config);
        if (!r) throw new Error('lighthouse returned no result');
        const lhr = r.lhr;
        version = lhr.lighthouseVersion;
        entry.scores = Object.fromEntries(
          Object.entries(lhr.categories).map(([k, v]) => [k, v.score]));
        entry.failing = failingAudits(lhr);
        entry.runtimeError = lhr.runtimeError ? lhr.runtimeError.message : null;
        if (reportDir) {
          const base = path.join(reportDir, `${slug(url)}-${formFactor}.report`);
          fs.writeFileSync(`${base}.json`, r.report[0]);
          fs.writeFileSync(`${base}.html`, r.report[1]);
        }
      } catch (err) {
        failed = true;
        entry.runtimeError = String(err && err.stack || err);
      }
      entry.seconds = (Date.now() - t0) / 1000;
      results.push(entry);
    }
  }
} finally {
  await chrome.kill();
}
process.stdout.write(JSON.stringify({lighthouseVersion: version, results}, null, 1) + '\n');
process.exit(failed ? 1 : 0);
