// The kiosk shell's choice of certificate printer from the OS's printer list, and the agent's environment it yields.
import { describe, expect, it } from 'vitest';
import { agentEnv, chooseCertificatePrinter, parseKioskShellConfig, type OsPrinter } from '../../electron/main/certificate-printer.std.ts';

const A4 = {
  name: 'HP_LaserJet_M404',
  displayName: 'HP LaserJet M404 (大厅)',
  options: { 'printer-uri-supported': 'ipp://localhost/printers/HP_LaserJet_M404' },
};
const PDF = { name: 'PDF', displayName: 'PDF', isDefault: true, options: {} };
const LABEL: OsPrinter = { name: 'Zebra_LP2844', displayName: 'Zebra' };
const choose = (printers: OsPrinter[], env: Record<string, string | undefined> = {}, config = {}, platform = 'linux') =>
  chooseCertificatePrinter({ printers, env, config, platform });

describe('choosing the certificate printer', () => {
  it('takes KIOSK_DOCUMENT_PRINTER when the OS has that printer, over the config and the default', () => {
    const choice = choose([PDF, A4, LABEL], { KIOSK_DOCUMENT_PRINTER: 'HP_LaserJet_M404' }, { certificatePrinter: 'Zebra_LP2844' });
    expect(choice).toMatchObject({ queue: 'HP_LaserJet_M404', source: 'env', warnings: [] });
    expect(choice.reason).toContain('KIOSK_DOCUMENT_PRINTER');
  });

  it('falls through when KIOSK_DOCUMENT_PRINTER names a printer the OS does not list, and says so', () => {
    const choice = choose([PDF, A4], { KIOSK_DOCUMENT_PRINTER: 'Gone' }, { certificatePrinter: 'HP_LaserJet_M404' });
    expect(choice).toMatchObject({ queue: 'HP_LaserJet_M404', source: 'config' });
    expect(choice.warnings).toEqual([expect.stringContaining('KIOSK_DOCUMENT_PRINTER=Gone is not a printer of this machine')]);
  });

  it('keeps KIOSK_DOCUMENT_PRINTER unlisted when it lives on another cupsd (KIOSK_CUPS_URL)', () => {
    const env = { KIOSK_DOCUMENT_PRINTER: 'hall-a4', KIOSK_CUPS_URL: 'http://print.hall.local:631' };
    expect(choose([PDF], env)).toMatchObject({ queue: 'hall-a4', source: 'env', warnings: [] });
    // The local cupsd is what the OS list shows: an unlisted queue there is a mistake.
    expect(choose([PDF], { ...env, KIOSK_CUPS_URL: 'http://127.0.0.1:631/' })).toMatchObject({ queue: 'PDF', source: 'default' });
  });

  it('takes the printer the hall named in kiosk-shell.json, by OS name or display name', () => {
    expect(choose([PDF, A4], {}, { certificatePrinter: 'HP_LaserJet_M404' })).toMatchObject({ queue: 'HP_LaserJet_M404', source: 'config' });
    expect(choose([PDF, A4], {}, { certificatePrinter: 'HP LaserJet M404 (大厅)' })).toMatchObject({ queue: 'HP_LaserJet_M404', source: 'config' });
  });

  it('reports a configured name the OS does not have and falls back to the system default', () => {
    const choice = choose([LABEL, PDF], {}, { certificatePrinter: 'HP_LaserJet_M404' });
    expect(choice).toMatchObject({ queue: 'PDF', source: 'default' });
    expect(choice.warnings[0]).toContain('"HP_LaserJet_M404", which this machine does not have (the OS lists Zebra_LP2844, PDF)');
  });

  it('takes the system default printer when nothing is set', () => {
    expect(choose([A4, PDF])).toMatchObject({ queue: 'PDF', source: 'default', reason: 'certificate printer PDF: the system default printer' });
  });

  it('chooses none when nothing is set and there is no default, or no printer at all', () => {
    expect(choose([A4, LABEL])).toMatchObject({ queue: null, source: 'none' });
    const empty = choose([], {}, { certificatePrinter: 'HP_LaserJet_M404' });
    expect(empty).toMatchObject({ queue: null, source: 'none' });
    expect(empty.reason).toContain('certificates are hidden');
    expect(empty.warnings[0]).toContain('the OS lists no printer');
  });

  it('refuses a Windows printer (no CUPS there) clearly, but not a queue on a CUPS server', () => {
    const choice = choose([A4], { KIOSK_DOCUMENT_PRINTER: 'HP_LaserJet_M404' }, {}, 'win32');
    expect(choice).toMatchObject({ queue: null, source: 'none' });
    expect(choice.warnings[0]).toContain('not a CUPS queue');
    expect(choose([A4], { KIOSK_DOCUMENT_PRINTER: 'hall-a4', KIOSK_CUPS_URL: 'http://print.hall.local:631' }, {}, 'win32')).toMatchObject({ queue: 'hall-a4' });
    expect(choose([PDF], {}, {}, 'darwin')).toMatchObject({ queue: 'PDF', source: 'default' });
  });
});

describe("the agent's environment", () => {
  it('carries the chosen queue, and no KIOSK_DOCUMENT_PRINTER when none was chosen', () => {
    const env = { KIOSK_SERVER_URL: 'http://hall:8080', KIOSK_DOCUMENT_PRINTER: 'Gone', HOME: undefined };
    expect(agentEnv(env, choose([A4], env, { certificatePrinter: 'HP_LaserJet_M404' }))).toEqual({
      KIOSK_SERVER_URL: 'http://hall:8080',
      KIOSK_DOCUMENT_PRINTER: 'HP_LaserJet_M404',
    });
    expect(agentEnv(env, choose([A4], env))).toEqual({ KIOSK_SERVER_URL: 'http://hall:8080' });
  });
});

describe('kiosk-shell.json', () => {
  it('is optional, and a broken one is reported and ignored', () => {
    expect(parseKioskShellConfig(null)).toEqual({ config: {}, problem: null });
    expect(parseKioskShellConfig('{"certificatePrinter":" HP_LaserJet_M404 "}')).toEqual({ config: { certificatePrinter: 'HP_LaserJet_M404' }, problem: null });
    expect(parseKioskShellConfig('{certificatePrinter').problem).toContain('is not JSON');
    expect(parseKioskShellConfig('{"certificatePrinter":42}')).toMatchObject({ config: {}, problem: expect.stringContaining('certificatePrinter') });
  });
});
