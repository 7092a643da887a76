// One Redis subscriber connection per API process for alert notices (a channel per 3PL), fanned
// out in-process to alertChanged subscribers (lib/channel-hub.ts, as for attention notices).
import type { Redis } from 'ioredis';
import { ChannelHub, type ChannelHubMessage } from '../lib/channel-hub.js';
import { alertChannel, type AlertNotice } from './alert-log.js';

export type AlertHubMessage = ChannelHubMessage<AlertNotice>;

export class AlertHub extends ChannelHub<AlertNotice> {
  constructor(connect?: () => Redis) {
    super({ channel: alertChannel, label: 'alert notice', connect });
  }
}

/** The process-wide hub used by alertChanged. */
export const alertHub = new AlertHub();
