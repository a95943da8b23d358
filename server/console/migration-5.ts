import type { ServerMigration } from '../migrations';

/** Conflict cases closed from the console, each with its note (who and when); a case is closed once. */
export const consoleNotesMigration: ServerMigration = {
  version: 5,
  name: '0005_console_notes',
  sql: `
    CREATE TABLE console_conflict_notes (
      case_id text PRIMARY KEY REFERENCES conflict_cases(id),
      closed_at bigint NOT NULL,
      closed_by text NOT NULL,
      note text NOT NULL
    );
  `,
};
