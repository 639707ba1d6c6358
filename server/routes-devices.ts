// Devices for the manager (list, pairing codes, rename, revoke) and the one public door a device pairs through.
import { CreatePairingCodeBody, PairDeviceBody, RenameDeviceBody } from '../core/devices.ts';
import { notFound } from '../core/errors.ts';
import type { Devices } from './devices.ts';
import { route, type RouteDef } from './http.ts';
import { MANAGER, ok, type HallContext } from './routes.ts';

export function deviceRoutes(hall: HallContext, devices: Devices): RouteDef[] {
  return [
    route({
      method: 'GET',
      path: '/api/v1/devices',
      roles: MANAGER,
      tag: 'devices',
      summary: 'List devices: id, name, kind, number (kiosks), lastSeenAt, revoked, createdAt (never a token)',
      handler: () => ok(devices.list()),
    }),
    route({
      method: 'POST',
      path: '/api/v1/devices/pairing-codes',
      roles: MANAGER,
      body: CreatePairingCodeBody,
      tag: 'devices',
      summary: 'Make a one-time pairing code for a new device: {code (8 digits), qr, expiresAt, name, kind}; it works once, for 10 minutes',
      ok: { status: 201, description: '{code, qr, expiresAt, name, kind}: qr is the page address with ?pair= for a display or rating pad, else the code' },
      handler: async ({ actor, body, headers }) => {
        const baseUrl = hall.settings().publicUrl || `http://${headers.host ?? '127.0.0.1'}`;
        return ok(await devices.createCode(actor, body, baseUrl), 201);
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/devices/pair',
      roles: 'public',
      body: PairDeviceBody,
      tag: 'devices',
      summary:
        "Redeem a pairing code for this device's own token: {deviceId, token, kind, name}, shown only now; with kind, a code for another kind is 409 and stays unspent",
      ok: { status: 201, description: '{deviceId, token, kind, name}' },
      errors: [404, 409, 410, 429],
      handler: async ({ body, ip }) => ok(await devices.pair(body.code, body.kind ?? null, ip), 201),
    }),
    route({
      method: 'PATCH',
      path: '/api/v1/devices/:id',
      roles: MANAGER,
      body: RenameDeviceBody,
      tag: 'devices',
      summary: 'Rename a device',
      ok: { status: 200, description: 'the device' },
      errors: [404],
      handler: async ({ actor, params, body }) => ok(await devices.rename(actor, params.id!, body.name)),
    }),
    route({
      method: 'POST',
      path: '/api/v1/devices/:id/revoke',
      roles: MANAGER,
      tag: 'devices',
      summary: 'Revoke a device: its token is 401 from now on and its open event streams close (4401)',
      ok: { status: 200, description: 'the device' },
      errors: [404, 409],
      handler: async ({ actor, params }) => ok(await devices.revoke(actor, params.id!)),
    }),
    route({
      method: 'DELETE',
      path: '/api/v1/devices/:id',
      roles: MANAGER,
      tag: 'devices',
      summary: 'Revoke a device token (v1; POST /devices/:id/revoke answers with the device)',
      errors: [404],
      handler: async ({ actor, params }) => {
        const device = hall.authStore.listDevices().find((d) => d.id === params.id);
        if (!device || device.revoked) throw notFound('device', params.id!);
        await devices.revoke(actor, params.id!);
        return ok({ ok: true });
      },
    }),
  ];
}
