// The hall's booking endpoints (预约, issue 14) for the phone page, the manager, integrators, tests and bench.
import type { AppointmentRules } from '../core/bookings.ts';
import type { HallClient } from './hall-client.ts';

export interface SlotView {
  start: string;
  end: string;
  capacity: number;
  remaining: number;
  bookable: boolean;
}

export interface BookingView {
  id: string;
  code: string;
  serviceId: string;
  slotStart: string;
  slotEnd: string;
  windowStart: string;
  windowEnd: string;
  day: string;
  status: 'booked' | 'checked_in' | 'cancelled' | 'no_show';
  source: 'phone' | 'integrator' | 'import';
  maskedName: string | null;
  maskedIdNumber: string | null;
  phoneMasked: string | null;
  ticketId: string | null;
  cancelReason: string | null;
}

export type PublicBookingView = Omit<BookingView, 'id' | 'source'> & {
  serviceName: string | null;
  serviceNames: Record<string, string>;
  cancelUntil: string;
  checkInFrom: string;
};

export interface BookableService {
  id: string;
  code: string;
  name: string;
  names: Record<string, string>;
  category: string | null;
  days: string[];
}

export interface BookingRequest {
  serviceId: string;
  slotStart: string;
  name: string;
  idCardNumber: string;
  phone: string;
  holdId?: string;
}

export type RulesInput = Pick<AppointmentRules, 'slotMinutes' | 'capacityPerSlot' | 'daysAhead' | 'open'> & Partial<AppointmentRules>;

export const putAppointmentRules = (hall: HallClient, serviceId: string, rules: RulesInput) =>
  hall.request<AppointmentRules>('PUT', `/api/v1/services/${encodeURIComponent(serviceId)}/appointment-rules`, rules);

export const appointmentRules = (hall: HallClient, serviceId: string) =>
  hall.request<AppointmentRules>('GET', `/api/v1/services/${encodeURIComponent(serviceId)}/appointment-rules`);

export const putAppointmentDay = (
  hall: HallClient,
  serviceId: string,
  day: string,
  body: { closed: boolean; reason?: string; capacityPerSlot?: number | null },
) =>
  hall.request<{ serviceId: string; day: string; closed: boolean; reason: string | null; capacityPerSlot: number | null; cancelled: number }>(
    'PUT',
    `/api/v1/services/${encodeURIComponent(serviceId)}/appointment-days/${day}`,
    body,
  );

export const bookableServices = (hall: HallClient) => hall.request<BookableService[]>('GET', '/api/v1/appointment-services');

export const appointmentSlots = (hall: HallClient, serviceId: string, date: string) =>
  hall.request<SlotView[]>('GET', `/api/v1/appointment-slots?serviceId=${encodeURIComponent(serviceId)}&date=${date}`);

export const holdSlot = (hall: HallClient, serviceId: string, slotStart: string) =>
  hall.request<{ holdId: string; serviceId: string; slotStart: string; expiresAt: string }>('POST', '/api/v1/appointment-slots/hold', { serviceId, slotStart });

export const book = (hall: HallClient, body: BookingRequest) => hall.request<PublicBookingView>('POST', '/api/v1/bookings', body);

export const bookingByCode = (hall: HallClient, code: string) => hall.request<PublicBookingView>('GET', `/api/v1/bookings/${encodeURIComponent(code)}`);

export const cancelBooking = (hall: HallClient, code: string, idCardNumber: string) =>
  hall.request<PublicBookingView>('POST', `/api/v1/bookings/${encodeURIComponent(code)}/cancel`, { idCardNumber });

export const bookingsOn = (hall: HallClient, date: string, serviceId?: string) =>
  hall.request<{ items: BookingView[]; nextCursor: null }>(
    'GET',
    `/api/v1/bookings?date=${date}${serviceId ? `&serviceId=${encodeURIComponent(serviceId)}` : ''}`,
  );

export const importBookings = (hall: HallClient, content: string) =>
  hall.request<{ imported: number; codes: string[] }>('POST', '/api/v1/bookings/import', { content });

export const appointmentsOn = (hall: HallClient, date: string, serviceId?: string) =>
  hall.request<{ items: BookingView[]; nextCursor: null }>(
    'GET',
    `/api/v1/appointments?date=${date}${serviceId ? `&serviceId=${encodeURIComponent(serviceId)}` : ''}`,
  );

export const moveAppointment = (hall: HallClient, id: string, windowStart: string, windowEnd: string) =>
  hall.request<BookingView>('PATCH', `/api/v1/appointments/${encodeURIComponent(id)}`, { windowStart, windowEnd });

export const cancelAppointment = (hall: HallClient, id: string, reason?: string) =>
  hall.request<BookingView>('POST', `/api/v1/appointments/${encodeURIComponent(id)}/cancel`, reason ? { reason } : {});
