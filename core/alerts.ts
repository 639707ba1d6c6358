// Device alerts as state: a fault a device reports opens one alert per (device, kind), kept until that device
// reports the part recovered, so a manager who opens the page later still sees it. Pure rules over a storage port.
import { notFound } from './errors.ts';
import type { Actor } from './model.ts';

export const ALERT_KINDS = [
  'printer_paper_out',
  'printer_paper_near_end',
  'printer_cover_open',
  'printer_offline',
  'reader_offline',
  'display_audio_blocked',
  // The kiosk's A4 certificate printer (CUPS): reported under these names with component `document_printer`.
  'document_printer_paper_out',
  'document_printer_jam',
  'document_printer_door_open',
  'document_printer_offline',
  'document_printer_stopped',
  'document_printer_error',
] as const;
/** Not a device's fault: a service's queue past the hall's threshold (core/queue-watch.ts), on a pseudo-device per service. */
export const QUEUE_ALERT_KIND = 'queue_threshold';
/** Not a device's fault either: the day's scheduled backup failed (server/backups.ts), closed by the next good one. */
export const BACKUP_ALERT_KIND = 'backup_failed';
export const BACKUP_ALERT_DEVICE = { id: 'hall:backup', name: '数据备份' } as const;
export type AlertKind = (typeof ALERT_KINDS)[number] | typeof QUEUE_ALERT_KIND | typeof BACKUP_ALERT_KIND;

/** The part of a device an alert is about: a part's newer fault replaces its older one, its recovery closes it. */
export const ALERT_COMPONENTS = ['printer', 'reader', 'display', 'document_printer'] as const;
export type AlertComponent = (typeof ALERT_COMPONENTS)[number];

/** What devices report (POST /devices/alerts, the kiosk outbox's `device.alert` op): a fault, or `recovered`. */
export const REPORTED_ALERTS = [
  'paper_out',
  'paper_near_end',
  'cover_open',
  'printer_offline',
  'reader_offline',
  'display_audio_blocked',
  'document_printer_paper_out',
  'document_printer_jam',
  'document_printer_door_open',
  'document_printer_offline',
  'document_printer_stopped',
  'document_printer_error',
  'recovered',
] as const;
export type ReportedAlert = (typeof REPORTED_ALERTS)[number];

const KIND_OF: Record<Exclude<ReportedAlert, 'recovered'>, AlertKind> = {
  paper_out: 'printer_paper_out',
  paper_near_end: 'printer_paper_near_end',
  cover_open: 'printer_cover_open',
  printer_offline: 'printer_offline',
  reader_offline: 'reader_offline',
  display_audio_blocked: 'display_audio_blocked',
  document_printer_paper_out: 'document_printer_paper_out',
  document_printer_jam: 'document_printer_jam',
  document_printer_door_open: 'document_printer_door_open',
  document_printer_offline: 'document_printer_offline',
  document_printer_stopped: 'document_printer_stopped',
  document_printer_error: 'document_printer_error',
};

export const COMPONENT_OF: Record<AlertKind, AlertComponent | 'queue' | 'hall'> = {
  printer_paper_out: 'printer',
  printer_paper_near_end: 'printer',
  printer_cover_open: 'printer',
  printer_offline: 'printer',
  reader_offline: 'reader',
  display_audio_blocked: 'display',
  document_printer_paper_out: 'document_printer',
  document_printer_jam: 'document_printer',
  document_printer_door_open: 'document_printer',
  document_printer_offline: 'document_printer',
  document_printer_stopped: 'document_printer',
  document_printer_error: 'document_printer',
  queue_threshold: 'queue',
  backup_failed: 'hall',
};

/** The contract's kind for a reported alert; null for `recovered`. */
export function alertKind(reported: ReportedAlert): AlertKind | null {
  return reported === 'recovered' ? null : KIND_OF[reported];
}

export type AlertCloseReason = 'recovered' | 'superseded' | 'device_revoked';

export interface AlertRecord {
  id: string;
  deviceId: string;
  /** The device's name when the alert opened (what the manager saw then). */
  deviceName: string;
  kind: AlertKind;
  message: string | null;
  since: number;
  closedAt: number | null;
  closedReason: AlertCloseReason | null;
  acknowledgedAt: number | null;
  acknowledgedBy: { id: string; name: string } | null;
}

export interface AlertView {
  id: string;
  deviceId: string;
  deviceName: string;
  kind: AlertKind;
  component: AlertComponent | 'queue' | 'hall';
  message: string | null;
  since: string;
  active: boolean;
  acknowledgedAt: string | null;
  acknowledgedBy: { id: string; name: string } | null;
  closedAt: string | null;
  closedReason: AlertCloseReason | null;
}

/** Position in the newest-first list: the last alert of the page before. */
export interface AlertCursor {
  since: number;
  id: string;
}

export interface AlertStore {
  openAlertsOf(deviceId: string): AlertRecord[];
  getAlert(id: string): AlertRecord | undefined;
  insertAlert(alert: AlertRecord): void;
  updateAlert(alert: AlertRecord): void;
  /** Newest first (since, then id); `active` → open alerts only. */
  listAlerts(query: { active: boolean; limit: number; after?: AlertCursor | undefined }): AlertRecord[];
  /** Forgets alerts closed before `ms`; open ones stay however old. */
  pruneClosedBefore(ms: number): number;
}

/** Closed alerts are kept this long for the history, then pruned at the day rollover. */
export const ALERT_RETENTION_MS = 180 * 86_400_000;

export interface AlertChange {
  open: AlertKind | null;
  close: { alert: AlertRecord; reason: AlertCloseReason }[];
}

/**
 * What one report does to a device's open alerts. A repeated fault changes nothing; a part's new fault replaces its
 * older one (a printer is out of paper or offline, not both); `recovered` closes that part's alerts, or all of the
 * device's when the report names no part (devices that predate parts, and the contract's "device reports recovery").
 */
export function planReport(open: readonly AlertRecord[], reported: ReportedAlert, component: AlertComponent | null): AlertChange {
  const kind = alertKind(reported);
  if (kind === null) {
    return { open: null, close: open.filter((a) => component === null || COMPONENT_OF[a.kind] === component).map((alert) => ({ alert, reason: 'recovered' })) };
  }
  if (open.some((a) => a.kind === kind)) return { open: null, close: [] };
  return { open: kind, close: open.filter((a) => COMPONENT_OF[a.kind] === COMPONENT_OF[kind]).map((alert) => ({ alert, reason: 'superseded' })) };
}

export function alertView(a: AlertRecord, iso: (ms: number) => string): AlertView {
  return {
    id: a.id,
    deviceId: a.deviceId,
    deviceName: a.deviceName,
    kind: a.kind,
    component: COMPONENT_OF[a.kind],
    message: a.message,
    since: iso(a.since),
    active: a.closedAt === null,
    acknowledgedAt: a.acknowledgedAt === null ? null : iso(a.acknowledgedAt),
    acknowledgedBy: a.acknowledgedBy,
    closedAt: a.closedAt === null ? null : iso(a.closedAt),
    closedReason: a.closedReason,
  };
}

export interface AlertReport {
  alert: ReportedAlert;
  message: string | null;
  component: AlertComponent | null;
  /** When the device saw it (a kiosk's outbox may deliver it later). */
  at: number;
}

/** Opens, closes and acknowledges alerts inside the writer's transaction, with the events that tell open pages. */
export class DeviceAlerts {
  constructor(
    private readonly store: AlertStore,
    private readonly hall: { iso(ms: number): string; emit(type: string, now: number, data: unknown): void },
    private readonly newId: () => string,
  ) {}

  report(device: { id: string; name: string }, report: AlertReport, now: number): void {
    // A kiosk clock ahead of the server cannot date an alert in the future.
    const at = Math.min(report.at, now);
    const change = planReport(this.store.openAlertsOf(device.id), report.alert, report.component);
    for (const { alert, reason } of change.close) this.close(alert, reason, at, now);
    if (change.open === null) return;
    const opened: AlertRecord = {
      id: this.newId(),
      deviceId: device.id,
      deviceName: device.name,
      kind: change.open,
      message: report.message,
      since: at,
      closedAt: null,
      closedReason: null,
      acknowledgedAt: null,
      acknowledgedBy: null,
    };
    this.store.insertAlert(opened);
    this.hall.emit('alert.opened', now, { alert: this.view(opened) });
  }

  /** Opens a (pseudo-)device's alert of this kind unless one is open already; says whether it opened one. */
  raise(device: { id: string; name: string }, kind: AlertKind, message: string | null, now: number): boolean {
    if (this.store.openAlertsOf(device.id).some((a) => a.kind === kind)) return false;
    const opened: AlertRecord = {
      id: this.newId(),
      deviceId: device.id,
      deviceName: device.name,
      kind,
      message,
      since: now,
      closedAt: null,
      closedReason: null,
      acknowledgedAt: null,
      acknowledgedBy: null,
    };
    this.store.insertAlert(opened);
    this.hall.emit('alert.opened', now, { alert: this.view(opened) });
    return true;
  }

  /** Closes a (pseudo-)device's open alert of this kind, if any, as recovered; says whether it closed one. */
  resolve(deviceId: string, kind: AlertKind, now: number): boolean {
    const open = this.store.openAlertsOf(deviceId).filter((alert) => alert.kind === kind);
    for (const alert of open) this.close(alert, 'recovered', now, now);
    return open.length > 0;
  }

  deviceRevoked(deviceId: string, now: number): void {
    for (const alert of this.store.openAlertsOf(deviceId)) this.close(alert, 'device_revoked', now, now);
  }

  private close(alert: AlertRecord, reason: AlertCloseReason, at: number, now: number): void {
    const closed: AlertRecord = { ...alert, closedAt: Math.max(at, alert.since), closedReason: reason };
    this.store.updateAlert(closed);
    this.hall.emit('alert.closed', now, { alert: this.view(closed) });
  }

  /** Idempotent: an alert acknowledged before keeps who did it first and when. */
  acknowledge(actor: Actor, id: string, now: number): AlertView {
    const alert = this.store.getAlert(id);
    if (!alert) throw notFound('alert', id);
    if (alert.acknowledgedAt !== null) return this.view(alert);
    const acknowledged: AlertRecord = { ...alert, acknowledgedAt: now, acknowledgedBy: { id: actor.id, name: actor.name } };
    this.store.updateAlert(acknowledged);
    const view = this.view(acknowledged);
    this.hall.emit('alert.acknowledged', now, { alert: view });
    return view;
  }

  prune(now: number): number {
    return this.store.pruneClosedBefore(now - ALERT_RETENTION_MS);
  }

  view(a: AlertRecord): AlertView {
    return alertView(a, (ms) => this.hall.iso(ms));
  }
}
