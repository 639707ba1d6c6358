// How a hall page reaches its server: the page's own origin, a token from ?token= kept in localStorage.
import { useEffect, useRef, useState } from 'react';
import { HallClient } from '../../client/hall-client.ts';
import { HallEventStream, type EventStreamHandlers } from '../../client/event-stream.ts';

export type LinkStatus = 'connecting' | 'live' | 'offline';

export function hallClient(token?: string): HallClient {
  return new HallClient(location.origin, { token });
}

/** A device token given once in the URL (?token=…) is kept in localStorage and dropped from the address bar. */
export function deviceToken(storageKey: string): string | undefined {
  const url = new URL(location.href);
  const given = url.searchParams.get('token');
  try {
    if (given) {
      localStorage.setItem(storageKey, given);
      url.searchParams.delete('token');
      history.replaceState(null, '', url.toString());
      return given;
    }
    return localStorage.getItem(storageKey) ?? undefined;
  } catch {
    return given ?? undefined;
  }
}

/** Runs the hall's event stream (snapshot, then replay since the last seq) while the component is mounted. */
export function useHallStream(client: HallClient | null, handlers: EventStreamHandlers): LinkStatus {
  const [status, setStatus] = useState<LinkStatus>('connecting');
  // The latest handlers, without restarting the stream when the component re-renders.
  const current = useRef(handlers);
  current.current = handlers;
  useEffect(() => {
    if (!client) return;
    const stream = new HallEventStream(client, {
      onSnapshot: (s) => current.current.onSnapshot(s),
      onEvent: (e) => current.current.onEvent(e),
      onStatus: (s) => {
        setStatus(s);
        current.current.onStatus?.(s);
      },
    });
    stream.start();
    return () => stream.stop();
  }, [client]);
  return status;
}
