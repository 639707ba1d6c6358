// Alert rules: every alert a device may report maps to a contract kind, and what one report does to open alerts.
import { describe, expect, it } from 'vitest';
import { ALERT_KINDS, COMPONENT_OF, alertKind, planReport, type AlertKind, type AlertRecord, type ReportedAlert } from '../../core/alerts.ts';
import { DeviceAlertBody, SyncOpSchema } from '../../core/schemas.ts';

const open = (kind: AlertKind): AlertRecord => ({
  id: kind,
  deviceId: 'k1',
  deviceName: 'K1',
  kind,
  message: null,
  since: 0,
  closedAt: null,
  closedReason: null,
  acknowledgedAt: null,
  acknowledgedBy: null,
});

describe('alert kinds', () => {
  it('maps every alert the API and the kiosk outbox accept to a kind of the contract, or to recovery', () => {
    const outboxAlert = SyncOpSchema.options.find((o) => o.shape.kind.value === 'device.alert')!.shape as { alert: { options: readonly string[] } };
    const reported = new Set<string>([...DeviceAlertBody.shape.alert.options, ...outboxAlert.alert.options]);
    for (const name of reported) {
      const kind = alertKind(name as ReportedAlert);
      if (name === 'recovered') expect(kind).toBeNull();
      else expect(ALERT_KINDS, name).toContain(kind);
    }
    expect(alertKind('display_audio_blocked')).toBe('display_audio_blocked');
    expect(ALERT_KINDS).toEqual(
      expect.arrayContaining(['printer_paper_out', 'printer_cover_open', 'printer_offline', 'reader_offline', 'display_audio_blocked']),
    );
    for (const kind of ALERT_KINDS) expect(['printer', 'reader', 'display', 'document_printer']).toContain(COMPONENT_OF[kind]);
  });

  it('keeps the certificate printer a part of its own: its recovery leaves the ticket printer’s fault open', () => {
    expect(alertKind('document_printer_paper_out')).toBe('document_printer_paper_out');
    const change = planReport([open('printer_paper_out'), open('document_printer_jam')], 'recovered', 'document_printer');
    expect(change.close.map((c) => c.alert.kind)).toEqual(['document_printer_jam']);
    const next = planReport([open('printer_paper_out'), open('document_printer_jam')], 'document_printer_offline', null);
    expect(next).toEqual({
      open: 'document_printer_offline',
      close: [{ alert: expect.objectContaining({ kind: 'document_printer_jam' }), reason: 'superseded' }],
    });
  });
});

describe('planReport', () => {
  it('opens a new fault, ignores a repeated one, replaces the same part’s older fault', () => {
    expect(planReport([], 'paper_out', 'printer')).toEqual({ open: 'printer_paper_out', close: [] });
    expect(planReport([open('printer_paper_out')], 'paper_out', null)).toEqual({ open: null, close: [] });
    const nearEnd = open('printer_paper_near_end');
    const reader = open('reader_offline');
    expect(planReport([nearEnd, reader], 'paper_out', 'printer')).toEqual({ open: 'printer_paper_out', close: [{ alert: nearEnd, reason: 'superseded' }] });
  });

  it("closes the named part's alerts on recovery, or all of the device's when no part is named", () => {
    const paper = open('printer_paper_out');
    const reader = open('reader_offline');
    expect(planReport([paper, reader], 'recovered', 'reader')).toEqual({ open: null, close: [{ alert: reader, reason: 'recovered' }] });
    expect(planReport([paper, reader], 'recovered', null).close.map((c) => c.alert)).toEqual([paper, reader]);
  });
});
