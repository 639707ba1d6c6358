// The hall's records as the queue engine sees them. Times are epoch milliseconds inside, ISO at the edges.
import type { OpeningPeriod } from './time.ts';

export const TICKET_STATUSES = ['waiting', 'called', 'serving', 'done', 'no_show', 'cancelled'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Which lane a ticket queues in; fixed when it is issued. */
export type TicketClass = 'appointment' | 'priority' | 'normal';

export const PRIORITY_REASONS = ['elderly', 'disabled', 'military', 'pregnant', 'other'] as const;
export type PriorityReason = (typeof PRIORITY_REASONS)[number];

export const PAUSE_REASONS = ['break', 'meeting', 'system_fault', 'other'] as const;
export type PauseReason = (typeof PAUSE_REASONS)[number];

export type CounterState = 'closed' | 'open' | 'paused';
export type Role = 'manager' | 'staff' | 'kiosk' | 'display' | 'integrator' | 'rating_pad';
export type UserRole = Extract<Role, 'manager' | 'staff'>;
export const DEVICE_KINDS = ['kiosk', 'display', 'integrator', 'rating_pad'] as const;
/** A rating pad reads the queue and rates visits at its counter, nothing more (before migration 14 it held a kiosk token). */
export type DeviceKind = (typeof DEVICE_KINDS)[number];

export interface Actor {
  kind: 'user' | 'device';
  id: string;
  role: Role;
  name: string;
  /** Set while a user signs in with a password a manager reset: only a password change, me and logout are open. */
  mustChangePassword?: boolean;
}

/** A user as the API shows it: never the password hash. */
export interface PublicUser {
  id: string;
  username: string;
  role: UserRole;
  displayName: string | null;
}

/** A user as the manager's staff list shows it (GET /api/v1/users): never password data. */
export interface StaffUser extends PublicUser {
  disabled: boolean;
  mustChangePassword: boolean;
  /** ISO-8601. */
  createdAt: string;
  /** In the list only: failed sign-ins the hall still counts, and until when it refuses more (the strongest of the user's throttles). */
  signIn?: SignInState;
}

export interface SignInState {
  failures: number;
  /** ISO-8601; null when the user may try now. */
  throttledUntil: string | null;
}

/** Translations of a name kept in zh-CN (services, categories, the hall); a missing one falls back to zh-CN. */
export type LocalizedNames = Partial<Record<'en' | 'zh-TW' | 'ja', string>>;

export interface ServiceRecord {
  id: string;
  code: string;
  name: string;
  /** Translations of `name`; {} when there are none. */
  names: LocalizedNames;
  prefix: string;
  category: string | null;
  dailyCap: number | null;
  openingHours: OpeningPeriod[] | null;
  /** The wait the hall aims for (service level in reports); null: none set. */
  targetWaitMinutes: number | null;
  /** Used for the wait estimate until the day has real service times. */
  defaultServiceSeconds: number;
  active: boolean;
  createdAt: number;
  /** Place of the tile on the kiosk, lowest first. */
  kioskOrder: number;
  /** No new walk-in ticket this many minutes before each opening period ends; null: up to the end. */
  cutoffMinutes: number | null;
  /** A prefix change waits for the next hall day, so today's numbers keep one prefix. */
  pendingPrefix: { prefix: string; from: string } | null;
}

export interface CounterRecord {
  id: string;
  number: number;
  name: string | null;
  state: CounterState;
  pauseReason: PauseReason | null;
  pauseNote: string | null;
  currentTicketId: string | null;
  staffUserId: string | null;
  /** Interleave memory for the ordering policy. */
  lastClass: 'priority' | 'normal' | null;
  classRun: number;
  serviceIds: string[];
  /** False once retired: kept for its history, never signed into or shown as a window. */
  active: boolean;
}

export interface TicketRecord {
  id: string;
  day: string;
  number: string;
  serviceId: string;
  originalServiceId: string;
  status: TicketStatus;
  ticketClass: TicketClass;
  priorityReason: PriorityReason | null;
  appointmentId: string | null;
  /** From this instant a checked-in appointment is served first. */
  appointmentFrom: number | null;
  lateArrival: boolean;
  issuedAt: number;
  /** Original issue time: transfers keep it, so a transferred visitor keeps their place. */
  sortAt: number;
  /** Insertion order, set by the store: breaks ties between tickets issued in the same millisecond. */
  issueOrder: number;
  calledAt: number | null;
  startedAt: number | null;
  endedAt: number | null;
  counterId: string | null;
  staffUserId: string | null;
  personHash: string | null;
  maskedIdNumber: string | null;
  maskedName: string | null;
  issuedBy: string;
  recallCount: number;
}

export type AppointmentStatus = 'booked' | 'checked_in' | 'cancelled' | 'no_show';

export interface AppointmentRecord {
  id: string;
  code: string;
  serviceId: string;
  day: string;
  windowStart: number;
  windowEnd: number;
  personHash: string | null;
  maskedIdNumber: string | null;
  maskedName: string | null;
  status: AppointmentStatus;
  ticketId: string | null;
  createdBy: string;
  createdAt: number;
}

export const RATING_CHANNELS = ['evaluator', 'rate_page', 'mobile', 'kiosk', 'console', 'api'] as const;
export type RatingChannel = (typeof RATING_CHANNELS)[number];

export interface RatingRecord {
  ticketId: string;
  level: number;
  comment: string | null;
  tags: string[];
  channel: RatingChannel;
  serviceId: string;
  counterId: string | null;
  staffUserId: string | null;
  ratedBy: string;
  at: number;
}

export interface FollowUpRecord {
  id: string;
  ticketId: string;
  number: string;
  level: number;
  tags: string[];
  comment: string | null;
  serviceId: string;
  counterId: string | null;
  staffUserId: string | null;
  openedAt: number;
  dueDay: string;
  status: 'open' | 'resolved';
  resolvedAt: number | null;
  resolvedBy: string | null;
  resolutionNote: string | null;
  /** The ticket's masked name (张*三), where it was issued with an ID card. */
  maskedName: string | null;
  /** The visitor's call-back number, sealed (server/phone-seal.ts) and masked; both dropped on resolve. */
  phoneSealed: string | null;
  phoneMasked: string | null;
}

export type SatisfactionGroup = 'counter' | 'staff' | 'service';

export interface SatisfactionRow {
  key: string | null;
  ratings: number;
  average: number;
  /** Share of 4 and 5 (满意, 非常满意), as GB/T 39735 reports satisfaction. */
  satisfiedRate: number;
  levels: Record<'1' | '2' | '3' | '4' | '5', number>;
}

export interface LeaseRecord {
  id: string;
  deviceId: string;
  day: string;
  prefix: string;
  first: number;
  last: number;
  createdAt: number;
}

export interface EventRecord {
  seq: number;
  type: string;
  at: string;
  data: unknown;
}

/** An event as subscribers receive it: `json` is the whole {seq, type, at, data} text, serialised once. */
export interface EventWire {
  seq: number;
  type: string;
  json: string;
}

export interface HallSettings {
  hallName: string;
  timeZone: string;
  /** Visitors this old or older get priority from their ID number. */
  elderlyAge: number;
  /** Tickets one person may take per service per day. */
  personDailyLimit: number;
  /** Interleave: this many priority calls, then this many normal calls, while both wait. */
  priorityRatio: { priority: number; normal: number };
  /** How early before its window an appointment may check in. */
  appointmentEarlyMinutes: number;
  /** Completed tickets the wait estimate averages over. */
  serviceTimeSample: number;
  /** The scrolling line on the display boards. */
  noticeLine: string;
  /** How many times each call is spoken. */
  announceRepeat: number;
  /** Public holidays and make-up working days (YYYY-MM-DD), for follow-up deadlines. */
  holidays: string[];
  extraWorkdays: string[];
  /** A low rating's follow-up is due this many working days later (GB/T 39734: 15). */
  followUpWorkingDays: number;
  /** Numbers a kiosk holds per prefix for offline issuing, and when it refills. */
  leaseSize: number;
  leaseLowWater: number;
  /** Where visitors' phones reach this hall (mobile ticket QR codes); empty: the address kiosks use. */
  publicUrl: string;
  /** Translations of the hall's name. */
  hallNames: LocalizedNames;
  /** Translations of each service category (keyed by the category as services name it in zh-CN). */
  categoryNames: Record<string, LocalizedNames>;
  /** False: a service no open counter serves refuses new tickets (409 NO_COUNTER_OPEN); appointment check-ins still go through. */
  issueWithoutOpenCounter: boolean;
  /** Names of the calendar's days (YYYY-MM-DD → 国庆节); holidays close the hall for issuing (core/hall-calendar.ts). */
  calendarNames: Record<string, string>;
  /** When a service's queue calls for another window (alert `queue_threshold`): hall-wide limits, per-service overrides; null = no limit. */
  queueAlert: QueueAlertSettings;
  /** The district calendar version last applied to holidays/extraWorkdays (core/district.ts); absent: none yet. */
  districtCalendar?: DistrictCalendar;
}

export interface QueueAlertLimits {
  /** People waiting for the service, at or above which the alert opens. */
  waiting: number | null;
  /** The longest current wait, in minutes, at or above which the alert opens. */
  waitMinutes: number | null;
}

export interface QueueAlertSettings extends QueueAlertLimits {
  /** By service id; a field given here replaces the hall-wide one for that service (null: no limit there). */
  services: Record<string, Partial<QueueAlertLimits>>;
}

/** A calendar the district publishes: public holidays and 调休 make-up working days (YYYY-MM-DD). */
export interface DistrictCalendar {
  version: number;
  holidays: string[];
  extraWorkdays: string[];
}

export const DEFAULT_SETTINGS: HallSettings = {
  hallName: '政务服务大厅',
  timeZone: 'Asia/Shanghai',
  elderlyAge: 70,
  personDailyLimit: 2,
  priorityRatio: { priority: 2, normal: 1 },
  appointmentEarlyMinutes: 60,
  serviceTimeSample: 20,
  noticeLine: '请携带有效身份证件，按号码顺序办理；老年人、残疾人、军人、孕妇可走绿色通道。',
  announceRepeat: 2,
  holidays: [],
  extraWorkdays: [],
  followUpWorkingDays: 15,
  leaseSize: 20,
  leaseLowWater: 5,
  publicUrl: '',
  hallNames: {},
  categoryNames: {},
  issueWithoutOpenCounter: true,
  calendarNames: {},
  queueAlert: { waiting: null, waitMinutes: null, services: {} },
};

/** A completed visit stays rateable on its counter's rating pad this long, unless the counter completes another. */
export const RATING_PAD_WINDOW_MS = 10 * 60_000;
