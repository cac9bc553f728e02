// The insurance sandbox's schema, one versioned step at a time. Never edit a released
// step: add the next one.
import type { Migration } from '../lib/sqlite';

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'channels and channel request log',
    up: `
      CREATE TABLE channels (
        app_id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        app_secret TEXT NOT NULL,
        sm2_user_id TEXT NOT NULL,
        public_key TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE channel_requests (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        app_id TEXT,
        method TEXT,
        outcome TEXT NOT NULL,
        received_at TEXT NOT NULL
      );
      CREATE INDEX channel_requests_app_time ON channel_requests (app_id, received_at);
    `,
  },
];
