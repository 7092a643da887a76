// One Redis subscriber connection per API process for attention notices (a channel per 3PL),
// fanned out in-process to attentionChanged subscribers (lib/channel-hub.ts, as for change notices).
import type { Redis } from 'ioredis';
import { ChannelHub, type ChannelHubMessage } from '../lib/channel-hub.js';
import { attentionChannel, type AttentionNotice } from './attention-log.js';

export type AttentionHubMessage = ChannelHubMessage<AttentionNotice>;

export class AttentionHub extends ChannelHub<AttentionNotice> {
  constructor(connect?: () => Redis) {
    super({ channel: attentionChannel, label: 'attention notice', connect });
  }
}

/** The process-wide hub used by attentionChanged. */
export const attentionHub = new AttentionHub();
