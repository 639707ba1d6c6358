// Kiosk endpoints: sync configuration, number leases, the outbox push, and device alerts for the manager.
import { DeviceAlertBody, LeaseBody, SyncPushBody } from '../core/schemas.ts';
import { route, type RouteDef } from './http.ts';
import { ok, type HallContext } from './routes.ts';

export function kioskRoutes(hall: HallContext): RouteDef[] {
  const { engine, run, now } = hall;
  return [
    route({
      method: 'GET',
      path: '/api/v1/sync/config',
      roles: ['kiosk'],
      tag: 'kiosk',
      summary: 'What a kiosk needs to issue tickets offline: its number, settings, services, and the public key to seal ID numbers to',
      handler: ({ actor }) => {
        const s = hall.settings();
        const device = hall.authStore.listDevices().find((d) => d.id === actor.id);
        return ok({
          device: { id: actor.id, name: actor.name, number: device?.number ?? null },
          // Kiosks seal ID numbers of offline tickets to this key; the person-hash key never leaves the server.
          sealingKey: hall.sealingKey,
          settings: {
            hallName: s.hallName,
            hallNames: s.hallNames,
            categoryNames: s.categoryNames,
            timeZone: s.timeZone,
            elderlyAge: s.elderlyAge,
            personDailyLimit: s.personDailyLimit,
            leaseSize: s.leaseSize,
            leaseLowWater: s.leaseLowWater,
            holidays: s.holidays,
            extraWorkdays: s.extraWorkdays,
            calendarNames: s.calendarNames,
          },
          /** Printed as the QR code of each ticket, {id} replaced by the ticket id. */
          mobileTicketUrl: s.publicUrl ? `${s.publicUrl.replace(/\/$/, '')}/m/?t={id}` : null,
          day: engine.today(now()),
          services: hall.store.listServices().map((x) => engine.serviceView(x)),
        });
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/sync/leases',
      roles: ['kiosk'],
      body: LeaseBody,
      tag: 'kiosk',
      summary: "Reserve a block of today's numbers of a service's prefix for offline issuing",
      ok: { status: 201, description: '{id, day, prefix, first, last, firstNumber, lastNumber}' },
      errors: [404],
      handler: async ({ actor, body }) => ok(await run('grantLease', actor, body.serviceId, body.count ?? hall.settings().leaseSize), 201),
    }),
    route({
      method: 'POST',
      path: '/api/v1/sync/push',
      roles: ['kiosk'],
      body: SyncPushBody,
      // 500 ticket operations with masked names fill about 200 KB.
      bodyLimit: 1024 * 1024,
      tag: 'kiosk',
      summary: "Apply a kiosk's outbox operations, each exactly once per (device, seq)",
      ok: { status: 200, description: '{results: [{seq, status: applied|rejected, ticketId?, number?, renumberedFrom?, flags?, error?}]}' },
      handler: async ({ actor, body }) => {
        hall.kioskSync?.seen(actor.id, now(), body.ops.length);
        const results = await run('syncPush', actor, body.ops);
        return ok({ results });
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/devices/alerts',
      roles: ['kiosk', 'display'],
      body: DeviceAlertBody,
      tag: 'kiosk',
      summary: 'Tell the manager a device needs attention (paper out, cover open …)',
      ok: { status: 201, description: '{ok: true}' },
      handler: async ({ actor, body }) => {
        await run('deviceAlert', actor, body.alert, body.message ?? null, body.component ?? null);
        return ok({ ok: true }, 201);
      },
    }),
  ];
}
