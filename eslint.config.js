// ESLint 9 flat config: the recommended JS and typescript-eslint sets (not type-aware: that costs minutes on the
// shared 2-core machine), and the architecture's folder boundaries (docs/architecture.md, "Folders") as import rules.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_'));

/** Relative imports reaching into one of these top-level folders of the project. */
const folder = (...names) => `^(\\.\\./)+(${names.join('|')})/`;

const io = {
  paths: nodeBuiltins.map((name) => ({ name, message: 'core/ is pure: I/O belongs in db/, server/ or drivers/' })),
  patterns: [
    {
      regex: '^node:(?!crypto$)',
      message: 'core/ is pure: I/O belongs in db/, server/ or drivers/ (node:crypto is allowed)',
    },
    {
      regex: '^(better-sqlite3|ws|serialport|@serialport/.*|electron|react|react-dom|zustand)$',
      message: 'core/ is pure: no database, sockets, devices or UI',
    },
    {
      regex: folder('db', 'server', 'client', 'drivers', 'renderer', 'electron'),
      message: 'core/ imports nothing of the hall but core/',
    },
  ],
};

/** One rule per folder: a file matches exactly one of these, since a later flat-config entry replaces a rule's options. */
const boundaries = [
  { files: ['core/**/*.ts'], ...io },
  {
    files: ['db/**/*.ts'],
    patterns: [{ regex: folder('server', 'client', 'drivers', 'renderer', 'electron'), message: 'db/ imports only core/' }],
  },
  {
    files: ['server/**/*.ts'],
    patterns: [{ regex: folder('client', 'drivers', 'renderer', 'electron'), message: 'server/ imports only core/ and db/' }],
  },
  {
    files: ['client/**/*.ts'],
    paths: nodeBuiltins.map((name) => ({ name, message: 'client/ runs in browsers too: use fetch and WebSocket' })),
    patterns: [
      { regex: '^node:', message: 'client/ runs in browsers too: use fetch and WebSocket' },
      { regex: '^(better-sqlite3|electron|serialport)$', message: 'client/ talks HTTP only' },
      { regex: folder('server', 'db', 'drivers', 'renderer', 'electron'), message: 'client/ imports only core/ types' },
    ],
  },
  {
    files: ['drivers/**/*.ts'],
    patterns: [
      { regex: '^electron$', message: 'drivers/ are plain Node' },
      { regex: folder('server', 'db', 'client', 'renderer', 'electron'), message: 'drivers/ import only core/' },
    ],
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    paths: nodeBuiltins.map((name) => ({ name, message: 'renderer/ runs in the browser: no Node built-ins' })),
    patterns: [
      { regex: '^node:', message: 'renderer/ runs in the browser: no Node built-ins' },
      {
        regex: '^(better-sqlite3|ws|serialport|electron)$',
        message: 'renderer/ runs in the browser: reach the hall through client/',
      },
      {
        regex: folder('server', 'db', 'drivers'),
        message: 'renderer/ imports core/ types and client/, never server/, db/ or drivers/',
      },
    ],
  },
  {
    files: ['electron/agent/**/*.ts', 'electron/counter-bridge/**/*.ts'],
    patterns: [
      { regex: '^electron$', message: 'the agent and the bridge are plain Node: they run outside Electron too' },
      { regex: folder('server', 'renderer'), message: 'the agent and the bridge reach the hall through client/' },
    ],
  },
  {
    files: ['electron/**/*.std.ts'],
    patterns: [
      {
        regex: '^electron$',
        message: '.std.ts modules hold the rules, tested without Electron: pass what they need from the .main.ts file',
      },
      { regex: folder('server', 'db'), message: 'the Electron shell reaches the hall over HTTP' },
    ],
  },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', '.test-results/', 'docs/screens/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  ...boundaries.map(({ files, paths = [], patterns }) => ({
    files,
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths, patterns }] },
  })),
);
