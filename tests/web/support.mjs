// What the browser tests share: where the binary, Chromium and the
// artifacts are, Chromium's flags, and why a test cannot run here.

import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CHROMIUM = '/usr/bin/chromium';
export const TARGET = process.env.CARGO_TARGET_DIR ? resolve(process.env.CARGO_TARGET_DIR) : join(ROOT, 'target');
export const BIN = process.env.MAPWIRE_BIN || join(TARGET, 'release', 'mapwire');
export const ARTIFACTS = join(TARGET, 'web-test');
export const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Why the test cannot run here, or null. */
export async function missingTool() {
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is missing (apt-get install chromium)`;
  try {
    await import('playwright-core');
  } catch {
    return 'playwright-core is missing (npm ci in tests/web)';
  }
  if (!existsSync(BIN)) return `${BIN} is missing (cargo build --release)`;
  return null;
}
