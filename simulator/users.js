// The simulated account's users: one API key each, with the role that decides what the key may do, and the
// administrator who approves or rejects requests when a test or the administrator switch asks.

/**
 * @typedef {{ id: number, first_name: string, last_name: string, email: string, role: 'admin' | 'manager' | 'user' | 'view_only' }} User
 * @typedef {{ id: number, first_name: string, last_name: string, email: string }} Person  a user as answers show one
 */

/** The demo account's keys. Made-up values: they work only against this simulator. */
export const DEMO_KEYS = {
  admin: 'SIMULATOR-ADMIN-KEY-0000000000000000000001',
  user: 'SIMULATOR-USER-KEY-00000000000000000000002',
  viewOnly: 'SIMULATOR-VIEW-KEY-00000000000000000000003',
  manager: 'SIMULATOR-MANAGER-KEY-0000000000000000004'
}

/** @type {Record<string, User>} */
const USERS = {
  [DEMO_KEYS.admin]: { id: 14, first_name: 'Ada', last_name: 'Admin', email: 'ada@example.test', role: 'admin' },
  [DEMO_KEYS.user]: { id: 15, first_name: 'Uma', last_name: 'User', email: 'uma@example.test', role: 'user' },
  [DEMO_KEYS.viewOnly]: { id: 16, first_name: 'Vic', last_name: 'Viewer', email: 'vic@example.test', role: 'view_only' },
  [DEMO_KEYS.manager]: { id: 17, first_name: 'Max', last_name: 'Manager', email: 'max@example.test', role: 'manager' }
}

/** Who approves or rejects when a test calls approve()/reject(), or the administrator switch acts. */
export const ADMINISTRATOR = USERS[DEMO_KEYS.admin]

/**
 * The user an API key belongs to; undefined for a missing or unknown key.
 * @param {string} [key]
 * @returns {User | undefined}
 */
export function userFor(key) {
  return key ? USERS[key] : undefined
}

/** @param {User} user */
export const person = ({ id, first_name, last_name, email }) => ({ id, first_name, last_name, email })
