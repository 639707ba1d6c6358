// The hall's side of the district link, for managers: where it replicates to and how far behind it is.
import type { DistrictLinkStatus } from '../core/district.ts';
import { route, type RouteDef } from './http.ts';
import { MANAGER } from './routes.ts';

export function districtLinkRoutes(status: () => DistrictLinkStatus | null): RouteDef[] {
  return [
    route({
      method: 'GET',
      path: '/api/v1/district-link',
      roles: MANAGER,
      tag: 'district',
      summary: 'The district link: URLs, acknowledged seq, replication lag in events and seconds (configured:false without HALL_DISTRICT_URL)',
      handler: () => ({
        status: 200,
        body: status() ?? {
          configured: false,
          urls: [],
          activeUrl: null,
          hallId: null,
          ackedSeq: 0,
          headSeq: 0,
          lagEvents: 0,
          lagSeconds: 0,
          connected: false,
          lastSuccessAt: null,
          lastError: null,
        },
      }),
    }),
  ];
}
