// Which OS printer the kiosk shell gives the agent for certificates, without Electron: the rule, the shell's config
// file that may name one, and the environment the agent's utility process gets.
import { z } from 'zod';

/**
 * What the shell reads of `webContents.getPrintersAsync()`: Electron's PrinterInfo (name, displayName, options).
 * Electron's typings no longer list `isDefault`, but its PrinterBasicInfo converter still sets it at run time.
 */
export interface OsPrinter {
  name: string;
  displayName?: string;
  isDefault?: boolean;
  options?: Record<string, string> | object;
}

/** `kiosk-shell.json` in the shell's userData directory: the hall's choice of printer for this kiosk. */
export const KioskShellConfig = z.object({
  /** The certificate printer by its OS name (CUPS queue) or display name. */
  certificatePrinter: z.string().trim().min(1).max(200).optional(),
});
export type KioskShellConfig = z.infer<typeof KioskShellConfig>;

export const KIOSK_SHELL_CONFIG_FILE = 'kiosk-shell.json';

/** A missing file is no configuration; a broken one is reported and ignored, so the kiosk still starts. */
export function parseKioskShellConfig(text: string | null): { config: KioskShellConfig; problem: string | null } {
  if (text === null) return { config: {}, problem: null };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { config: {}, problem: `${KIOSK_SHELL_CONFIG_FILE} is not JSON (${error instanceof Error ? error.message : String(error)}): ignored` };
  }
  const parsed = KioskShellConfig.safeParse(json);
  if (parsed.success) return { config: parsed.data, problem: null };
  return { config: {}, problem: `${KIOSK_SHELL_CONFIG_FILE}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}: ignored` };
}

export type PrinterSource = 'env' | 'config' | 'default' | 'none';

export interface PrinterChoice {
  /** The queue name for the agent's KIOSK_DOCUMENT_PRINTER; null: no certificates on this kiosk. */
  queue: string | null;
  source: PrinterSource;
  /** One log line: which printer and why. */
  reason: string;
  /** What the hall should fix: a configured printer not found, a platform without CUPS. */
  warnings: string[];
}

export interface ChoiceInput {
  printers: readonly OsPrinter[];
  env: Record<string, string | undefined>;
  config: KioskShellConfig;
  /** process.platform: the agent prints over IPP to CUPS, which Linux and macOS have and Windows has not. */
  platform: string;
}

const DEFAULT_CUPS_URL = 'http://127.0.0.1:631';

function find(printers: readonly OsPrinter[], wanted: string): OsPrinter | undefined {
  return printers.find((p) => p.name === wanted) ?? printers.find((p) => p.displayName === wanted);
}

/**
 * KIOSK_DOCUMENT_PRINTER if set and present (or on another cupsd, KIOSK_CUPS_URL, whose queues the OS list does not
 * show); else the printer the hall named in kiosk-shell.json; else the system default; else none.
 */
export function chooseCertificatePrinter({ printers, env, config, platform }: ChoiceInput): PrinterChoice {
  const warnings: string[] = [];
  const listed = printers.length === 0 ? 'the OS lists no printer' : `the OS lists ${printers.map((p) => p.name).join(', ')}`;
  let picked: { queue: string; source: PrinterSource; why: string; remoteCups?: true } | null = null;

  const fromEnv = env.KIOSK_DOCUMENT_PRINTER?.trim();
  const cupsUrl = env.KIOSK_CUPS_URL?.trim();
  if (fromEnv) {
    const found = find(printers, fromEnv);
    if (found) picked = { queue: found.name, source: 'env', why: 'KIOSK_DOCUMENT_PRINTER' };
    else if (cupsUrl && cupsUrl.replace(/\/$/, '') !== DEFAULT_CUPS_URL)
      picked = { queue: fromEnv, source: 'env', why: `KIOSK_DOCUMENT_PRINTER on ${cupsUrl}`, remoteCups: true };
    else warnings.push(`KIOSK_DOCUMENT_PRINTER=${fromEnv} is not a printer of this machine (${listed}): set it to one of them`);
  }
  if (!picked && config.certificatePrinter) {
    const found = find(printers, config.certificatePrinter);
    if (found) picked = { queue: found.name, source: 'config', why: `${KIOSK_SHELL_CONFIG_FILE} certificatePrinter` };
    else warnings.push(`${KIOSK_SHELL_CONFIG_FILE} names the printer "${config.certificatePrinter}", which this machine does not have (${listed})`);
  }
  if (!picked) {
    const systemDefault = printers.find((p) => p.isDefault === true);
    if (systemDefault) picked = { queue: systemDefault.name, source: 'default', why: 'the system default printer' };
  }
  if (!picked) {
    return {
      queue: null,
      source: 'none',
      reason: `no certificate printer (${listed}, none chosen or default): certificates are hidden on this kiosk`,
      warnings,
    };
  }
  if (platform === 'win32' && !picked.remoteCups) {
    // The agent drives CUPS over IPP; a Windows spooler queue is out of its reach.
    warnings.push(`${picked.queue} is a Windows printer, not a CUPS queue: the agent prints over IPP to CUPS only, so certificates are hidden on this kiosk`);
    return { queue: null, source: 'none', reason: `no certificate printer: ${picked.queue} (${picked.why}) is not reachable over IPP on Windows`, warnings };
  }
  return { queue: picked.queue, source: picked.source, reason: `certificate printer ${picked.queue}: ${picked.why}`, warnings };
}

/** The agent's environment: the shell's own, with the chosen queue as KIOSK_DOCUMENT_PRINTER (absent: none). */
export function agentEnv(env: Record<string, string | undefined>, choice: PrinterChoice): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined && key !== 'KIOSK_DOCUMENT_PRINTER') out[key] = value;
  if (choice.queue) out.KIOSK_DOCUMENT_PRINTER = choice.queue;
  return out;
}
