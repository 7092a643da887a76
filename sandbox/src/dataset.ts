// A connection's records: one Collection per synced resource.
import { RESOURCE_KEYS, type ResourceKey, type ResourceRecord } from '../../trackstar-contract/contract.js';
import { Collection, type Entry } from './collection.js';

export type Dataset = { [K in ResourceKey]: Collection<ResourceRecord[K]> };
export type DatasetJSON = { [K in ResourceKey]: { nextSeq: number; entries: Entry<ResourceRecord[K]>[] } };

export function emptyDataset(): Dataset {
  return Object.fromEntries(RESOURCE_KEYS.map((k) => [k, new Collection()])) as unknown as Dataset;
}

export function datasetFromJSON(json: DatasetJSON): Dataset {
  return Object.fromEntries(RESOURCE_KEYS.map((k) => [k, Collection.fromJSON(json[k] as never)])) as unknown as Dataset;
}
