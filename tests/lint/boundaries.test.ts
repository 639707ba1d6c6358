// The architecture's folder boundaries (docs/architecture.md, "Folders") are lint rules: a planted import across one fails.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

/** The boundary problems ESLint finds in `code` as if it were the file at `filePath` (nothing is written). */
async function boundaryProblems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it.each([
    ['core/planted.ts', "import { openDatabase } from '../db/database.ts';\nexport const x = openDatabase;\n", /core\/ imports nothing/],
    ['core/planted.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", /core\/ is pure/],
    ['core/planted.ts', "import Database from 'better-sqlite3';\nexport const x = Database;\n", /core\/ is pure/],
    ['core/planted.ts', "import { WebSocket } from 'ws';\nexport const x = WebSocket;\n", /core\/ is pure/],
    ['renderer/kiosk/planted.tsx', "import { Auth } from '../../server/auth.ts';\nexport const x = Auth;\n", /never server\//],
    ['renderer/manager/planted.ts', "import type { Db } from '../../db/database.ts';\nexport type X = Db;\n", /never server\/, db\//],
    ['renderer/display/planted.ts', "import { join } from 'node:path';\nexport const x = join;\n", /no Node built-ins/],
    ['electron/main/planted.std.ts', "import { app } from 'electron';\nexport const x = app;\n", /\.std\.ts modules/],
    ['client/planted.ts', "import { Auth } from '../server/auth.ts';\nexport const x = Auth;\n", /client\/ imports only core/],
    ['drivers/planted.ts', "import { AuthStore } from '../db/auth-store.ts';\nexport const x = AuthStore;\n", /drivers\/ import only core/],
    ['db/planted.ts', "import { Auth } from '../server/auth.ts';\nexport const x = Auth;\n", /db\/ imports only core/],
    ['electron/agent/planted.ts', "import { app } from 'electron';\nexport const x = app;\n", /plain Node/],
  ])('%s: %s fails', async (filePath, code, message) => {
    const problems = await boundaryProblems(filePath, code);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it.each([
    ['core/planted.ts', "import { createHash } from 'node:crypto';\nimport { z } from 'zod';\nexport const x = [createHash, z];\n"],
    [
      'renderer/kiosk/planted.tsx',
      "import { HallClient } from '../../client/hall-client.ts';\nimport type { TicketView } from '../../core/engine.ts';\nexport const x: [unknown, TicketView?] = [HallClient];\n",
    ],
    [
      'server/planted.ts',
      "import { readFileSync } from 'node:fs';\nimport { AuthStore } from '../db/auth-store.ts';\nexport const x = [readFileSync, AuthStore];\n",
    ],
    ['electron/main/kiosk-planted.main.ts', "import { app } from 'electron';\nexport const x = app;\n"],
  ])('%s: imports its folder may make pass', async (filePath, code) => {
    expect(await boundaryProblems(filePath, code)).toEqual([]);
  });
});
