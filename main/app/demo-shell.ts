/**
 * The one door for the demo into the Electron shell: main/demo/electron-demo.ts (the entry of
 * `npm start -- --demo`) sets the demo seeder here before it loads the shell. The production entry
 * never sets it, so a production start has no seeder; a packaged build refuses one.
 */
import type { Seeder } from '../services/app-services';

let demoSeeder: Seeder | null = null;

export function setDemoSeeder(seeder: Seeder): void {
  demoSeeder = seeder;
}

export function demoShellSeeder(): Seeder | null {
  return demoSeeder;
}
