// Carriers, their services, and tracking numbers/URLs in each carrier's real format.
import type { Random } from '../random.js';

export type Carrier = { id: string; name: string; scac: string; track: (rng: Random) => string; url: (n: string) => string };

export const CARRIERS: Carrier[] = [
  {
    id: 'ups', name: 'UPS', scac: 'UPSN',
    track: (r) => `1Z${r.hex(6).toUpperCase()}${r.digits(10)}`,
    url: (n) => `https://www.ups.com/track?tracknum=${n}`,
  },
  {
    id: 'fedex', name: 'FedEx', scac: 'FDEG',
    track: (r) => r.digits(12),
    url: (n) => `https://www.fedex.com/fedextrack/?trknbr=${n}`,
  },
  {
    id: 'usps', name: 'USPS', scac: 'USPS',
    track: (r) => `9400${r.digits(18)}`,
    url: (n) => `https://tools.usps.com/go/TrackConfirmAction?tLabels=${n}`,
  },
  {
    id: 'dhl', name: 'DHL', scac: 'DHLC',
    track: (r) => r.digits(10),
    url: (n) => `https://www.dhl.com/en/express/tracking.html?AWB=${n}`,
  },
];

/** [carrier id, service name, service level] */
export const SERVICES: [string, string, string][] = [
  ['ups', 'UPS Ground', 'Standard'],
  ['ups', 'UPS 2nd Day Air', 'Expedited'],
  ['ups', 'UPS Next Day Air', 'Overnight'],
  ['fedex', 'FedEx Ground', 'Standard'],
  ['fedex', 'FedEx Home Delivery', 'Standard'],
  ['fedex', 'FedEx 2Day', 'Expedited'],
  ['usps', 'USPS Ground Advantage', 'Economy'],
  ['usps', 'USPS Priority Mail', 'Standard'],
  ['dhl', 'DHL Express Worldwide', 'International'],
];

export function carrierById(id: string | null | undefined): Carrier {
  return CARRIERS.find((c) => c.id === id) ?? CARRIERS[0];
}
