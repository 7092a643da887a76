// The simulated WMS integrations a sandbox connection can belong to. They differ in what they
// implement, so Packr meets capability gaps (501) the way it would with real WMSs.
import { READ_FUNCTIONS, WRITE_FUNCTIONS, type ReadFunction, type WriteFunction } from '../../trackstar-contract/contract.js';

export type SandboxFunction = ReadFunction | WriteFunction;

export type Integration = {
  name: string;
  displayName: string;
  availableActions: SandboxFunction[];
};

const all: SandboxFunction[] = [...READ_FUNCTIONS, ...WRITE_FUNCTIONS];

export const INTEGRATIONS: Integration[] = [
  { name: 'sandbox', displayName: 'Sandbox', availableActions: all },
  {
    name: 'shiphero-sim',
    displayName: 'ShipHero (simulated)',
    availableActions: all.filter((f) => f !== 'create_return' && f !== 'receive_inbound_shipment'),
  },
  {
    name: 'shipbob-sim',
    displayName: 'ShipBob (simulated)',
    availableActions: all.filter(
      (f) => !['get_returns', 'create_return', 'get_warehouse_locations', 'update_order', 'adjust_inventory'].includes(f),
    ),
  },
];

export function findIntegration(name: string): Integration | undefined {
  return INTEGRATIONS.find((i) => i.name === name);
}
