// One Redis subscriber connection per API process for change notices (a channel per brand);
// GraphQL subscribers register here and are fanned out in-process (lib/channel-hub.ts).
import type { Redis } from 'ioredis';
import { ChannelHub, type ChannelHubMessage } from '../lib/channel-hub.js';
import { markNoticeArrived } from '../lib/metrics.js';
import { changeChannel, type ChangeNotice } from './change-log.js';

/** `resync`: the subscriber connection came back; notices may have been lost in the gap. */
export type HubMessage = ChannelHubMessage<ChangeNotice>;

export class ChangeHub extends ChannelHub<ChangeNotice> {
  constructor(connect?: () => Redis) {
    super({ channel: changeChannel, label: 'change notice', onNotice: markNoticeArrived, connect });
  }
}

/** The process-wide hub used by the GraphQL subscriptions. */
export const changeHub = new ChangeHub();
