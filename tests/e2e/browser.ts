/**
 * Debian's Chromium for the browser-mode end-to-end tests. No browser is downloaded:
 * `/usr/bin/chromium` must exist (`.ci/run` installs it with apt), or RVA_CHROMIUM names another.
 */
import { existsSync } from 'node:fs';

export const chromiumPath = process.env.RVA_CHROMIUM ?? '/usr/bin/chromium';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

/** Chromium's fake camera playing a Y4M file, with the permission prompt answered yes. */
export function fakeCameraArgs(video: string): string[] {
  return ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`];
}

export function assertChromium(): void {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium not found at ${chromiumPath}. Install it with "sudo apt-get install chromium" ` +
        '(or set RVA_CHROMIUM to its path); the end-to-end tests drive the system Chromium and never download one.',
    );
  }
}

/** The desk's usual screen. */
export const desktopViewport = { width: 1280, height: 800 } as const;

/** Every page of the tests: the post's locale and time zone, one CSS pixel per device pixel. */
export const contextOptions = {
  viewport: desktopViewport,
  deviceScaleFactor: 1,
  locale: 'fr-MA',
  timezoneId: 'Africa/Casablanca',
} as const;
