// The kiosk agent (plain Node, never imports electron): the Electron utility process and the localhost HTTP transport wrap the same object.
export { createKioskAgent } from './kiosk-agent.ts';
export type { KioskAgent, KioskAgentOptions } from './kiosk-agent.ts';
export { startLocalHttp } from './local-http.ts';
export type { LocalHttpOptions, LocalHttpServer } from './local-http.ts';
