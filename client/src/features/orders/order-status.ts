import type { Tone } from '../../app/ui';

const TONES: Record<string, Tone> = {
  OPEN: 'neutral',
  CONFIRMED: 'info',
  PROCESSING: 'info',
  PICKED: 'info',
  PACKED: 'info',
  PARTIALLY_FULFILLED: 'warn',
  FULFILLED: 'ok',
  SHIPPED: 'ok',
  RECEIVED: 'ok',
  RECEIVING: 'info',
  IN_TRANSIT: 'info',
  BACKORDERED: 'warn',
  EXCEPTION: 'bad',
  CANCELLED: 'neutral',
  OTHER: 'neutral',
};

export const statusTone = (status: string): Tone => TONES[status] ?? 'neutral';
